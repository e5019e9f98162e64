"""The look shared by every collectsim figure: colours, markers, units, number formats.

One palette function gives each strategy the same colour in every plot of
an experiment (by its position in the experiment, colour-blind-safe
Okabe-Ito colours first); scenarios get marker shapes; axis labels carry
units, with money in the portfolio's currency. Figures are built with
``matplotlib.figure.Figure`` rather than ``pyplot`` so a report that draws
dozens of them keeps no global state and leaks no memory, and they are saved
through the Agg canvas explicitly, so no display is ever needed.

>>> strategy_colors(["gentle", "standard"])["standard"]
'#E69F00'
>>> money(1_234_567)
'1.23M'
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import matplotlib
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.ticker import FuncFormatter, PercentFormatter

from collectsim.metrics import METRICS, Direction
from collectsim.report.fonts import one_glyph_warning, register_cjk_fonts

if TYPE_CHECKING:
    from matplotlib.typing import LegendLocType

#: resolution of saved PNGs; a figure of w x h inches is w*DPI x h*DPI pixels
DPI = 100

register_cjk_fonts()  # Chinese names draw on a fresh install (report/fonts.py)

#: Okabe & Ito (2008) colour-blind-safe palette, then tab20 for larger experiments
_OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#7F7F7F")
_TAB20 = (
    "#1f77b4", "#aec7e8", "#ff7f0e", "#ffbb78", "#2ca02c", "#98df8a", "#d62728", "#ff9896",
    "#9467bd", "#c5b0d5", "#8c564b", "#c49c94", "#e377c2", "#f7b6d2", "#bcbd22", "#dbdb8d",
    "#17becf", "#9edae5",
)  # fmt: skip
_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "<", ">", "h")

#: accounts by state: good (green/blue) through late (yellow to red) to lost (purple, grey)
BUCKET_COLORS: dict[str, str] = {
    "current": "#a6d96a",
    "dpd_1_29": "#fee08b",
    "dpd_30_59": "#fdae61",
    "dpd_60_89": "#f46d43",
    "dpd_90_plus": "#d73027",
    "legal": "#762a83",
    "agency": "#c2a5cf",
    "written_off": "#4d4d4d",
    "closed": "#abd9e9",
}
BUCKET_LABELS: dict[str, str] = {
    "current": "current",
    "dpd_1_29": "1–29 days past due",
    "dpd_30_59": "30–59 days",
    "dpd_60_89": "60–89 days",
    "dpd_90_plus": "90+ days",
    "legal": "in legal action",
    "agency": "with an agency",
    "written_off": "written off",
    "closed": "closed (paid off or sold)",
}

UNIT_WORDS = {"fraction": "%", "count": "count", "index": "index"}

#: axis labels that read better than 'name (unit)'
LABELS = {"complaints_per_10k": "complaints per 10k borrowers"}


def strategy_colors(strategies: Sequence[str]) -> dict[str, str]:
    """A colour per strategy by its position, so every plot of one experiment agrees."""
    palette = _OKABE_ITO if len(strategies) <= len(_OKABE_ITO) else _TAB20
    return {s: palette[i % len(palette)] for i, s in enumerate(strategies)}


def scenario_markers(scenarios: Sequence[str]) -> dict[str, str]:
    """A marker shape per scenario, for plots that put several scenarios on one axes."""
    return {s: _MARKERS[i % len(_MARKERS)] for i, s in enumerate(scenarios)}


def text(name: Any) -> str:
    """A config name safe for matplotlib: a '$' would otherwise start mathtext."""
    return str(name).replace("$", r"\$")


def currency_of(results: Any) -> str:
    """The portfolio's currency code from the manifest, for axis labels."""
    config = results.manifest.get("config") or {}
    portfolio = config.get("portfolio") if isinstance(config, dict) else None
    if isinstance(portfolio, dict) and portfolio.get("currency"):
        return str(portfolio["currency"])
    return "currency units"


def metric_label(metric: str, currency: str, *, difference: bool = False) -> str:
    """'net_recovery (CNY)': the metric with its unit, for axis labels and titles; a
    difference of shares is in percentage points, as the report's tables say."""
    if metric in LABELS:
        return LABELS[metric]
    unit = METRICS[metric].unit if metric in METRICS else ""
    word = currency if unit == "currency" else UNIT_WORDS.get(unit, unit)
    if difference and unit == "fraction":
        word = "pp"
    name = metric.replace("_", " ")
    return f"{name} ({word})" if word else name


def direction(metric: str) -> str:
    """A short hint for readers: which way is better for this metric."""
    better = METRICS[metric].direction if metric in METRICS else Direction.INFO
    return {Direction.MAXIMIZE: "higher is better", Direction.MINIMIZE: "lower is better"}.get(
        better, ""
    )


def money(value: float, _pos: Any = None) -> str:
    """Short money for ticks: 950, 12.3k, 1.23M, 4.5B."""
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= size:
            return f"{value / size:.3g}{suffix}"
    return f"{value:.0f}" if value == int(value) else f"{value:.3g}"


def points(value: float, _pos: Any = None) -> str:
    """A difference of shares as percentage points: 0.012 -> '1.2 pp'."""
    return f"{value * 100:.3g} pp".replace("-0 pp", "0 pp")


def format_axis(axis: Any, metric: str, *, difference: bool = False) -> None:
    """Ticks in the metric's unit: short money, percent for shares, percentage points
    for a difference of shares."""
    unit = METRICS[metric].unit if metric in METRICS else ""
    if unit == "currency":
        axis.set_major_formatter(FuncFormatter(money))
    elif unit == "fraction" and difference:
        axis.set_major_formatter(FuncFormatter(points))
    elif unit == "fraction":
        axis.set_major_formatter(PercentFormatter(xmax=1.0, decimals=None))


def new_figure(width: float, height: float) -> Figure:
    """A pyplot-free figure with constrained layout, so labels never overlap or clip.

    It has an Agg canvas from the start, so text can be measured
    (``fig.canvas.get_renderer()``) before the figure is saved.
    """
    fig = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    fig.set_facecolor("white")
    return fig


def renderer_of(fig: Figure) -> RendererAgg:
    """The renderer of a figure made by :func:`new_figure` (its canvas is Agg's)."""
    return cast(FigureCanvasAgg, fig.canvas).get_renderer()


def text_width(fig: Figure, s: str, fontsize: float) -> float:
    """Width in pixels of ``s`` drawn at ``fontsize`` points in ``fig``'s font."""
    renderer = renderer_of(fig)
    prop = font_manager.FontProperties(size=fontsize)
    width, _, _ = renderer.get_text_width_height_descent(s, prop, ismath=False)
    return float(width)


def wrap_to_width(fig: Figure, s: str, fontsize: float, max_px: float) -> str:
    """``s`` with line breaks at spaces (long words split) so no line is wider than ``max_px``."""
    lines: list[str] = []
    for paragraph in s.split("\n"):
        if text_width(fig, paragraph, fontsize) <= max_px:
            lines.append(paragraph)
            continue
        chars = max(8, len(paragraph))
        while chars > 8:
            wrapped = textwrap.wrap(paragraph, chars)
            if all(text_width(fig, line, fontsize) <= max_px for line in wrapped):
                break
            chars -= max(1, chars // 20)
        lines.extend(textwrap.wrap(paragraph, chars))
    return "\n".join(lines)


def fit_legend(
    fig: Figure,
    handles: Sequence[Any],
    *,
    loc: LegendLocType = "outside lower center",
    max_cols: int = 6,
    **kw: Any,
) -> Legend:
    """A figure legend as wide as fits: as many columns (up to ``max_cols``) as the figure's
    width holds, wrapping into more rows rather than running off the edge.

    Labels wider than the figure are broken into lines; each extra row of a
    legend below the panels adds its height to the figure, so panels keep theirs.
    """
    fontsize = kw.pop("fontsize", matplotlib.rcParams["legend.fontsize"])
    size = font_manager.FontProperties(size=fontsize).get_size_in_points()
    room = fig.bbox.width * 0.96
    for handle in handles:
        label = str(handle.get_label())
        handle.set_label(wrap_to_width(fig, label, size, room - 6 * size))
    below = isinstance(loc, str) and ("lower" in loc or "upper" in loc)
    ncols = max(1, min(len(handles), max_cols)) if below else 1
    legend = fig.legend(
        handles=list(handles), loc=loc, ncols=ncols, frameon=False, fontsize=size, **kw
    )
    renderer = renderer_of(fig)
    while ncols > 1 and legend.get_window_extent(renderer).width > room:
        legend.remove()
        ncols -= 1
        legend = fig.legend(
            handles=list(handles), loc=loc, ncols=ncols, frameon=False, fontsize=size, **kw
        )
    rows = -(-len(handles) // ncols)
    if below and rows > 1:
        extra = legend.get_window_extent(renderer).height * (rows - 1) / rows
        fig.set_figheight(fig.get_figheight() + extra / fig.dpi)
    return legend


#: file formats a figure can be saved in: PNG (raster, at a dpi), SVG and PDF (vector)
FORMATS = ("png", "svg", "pdf")


def save_figure(fig: Figure, path: Path, *, dpi: int | None = None) -> Path:
    """Write a figure through the Agg canvas in the format its suffix names (PNG at ``dpi``,
    default :data:`DPI`: size = inches x dpi; SVG or PDF as vectors, for papers)."""
    fmt = path.suffix.lstrip(".").lower() or "png"
    if fmt not in FORMATS:
        raise ValueError(f"a figure is saved as {', '.join(FORMATS)}, not {fmt!r}")
    FigureCanvasAgg(fig)
    path.parent.mkdir(parents=True, exist_ok=True)
    with one_glyph_warning():
        fig.savefig(path, dpi=dpi or DPI, format=fmt, facecolor="white")
    return path


def join_names(names: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c': names in a sentence."""
    names = [str(n) for n in names]
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"
