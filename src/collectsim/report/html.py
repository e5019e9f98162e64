"""Plots and one self-contained ``report.html`` for a results folder.

``write_report`` checks the folder is a complete results folder, loads it,
draws every figure to ``plots/*.png`` and renders the jinja2 template
``templates/report.html.j2`` (autoescaped, so any name from a config file is
shown as text, never run as markup) with the images embedded as base64 data
URIs: the file opens anywhere, offline, and can be mailed on its own.

    from collectsim.report.html import write_report
    write_report("results/quickstart")   # -> results/quickstart/report.html

On the command line: ``collectsim report results/quickstart``; a folder that
is not a results folder, or is incomplete, ends with one message and exit 2.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

import jinja2
from matplotlib.figure import Figure

from collectsim import __version__
from collectsim.analysis.results import check_results_folder
from collectsim.analysis.variants import inert_variants
from collectsim.errors import ConfigError
from collectsim.metrics import HEADLINE, METRICS
from collectsim.report import plots
from collectsim.report import tables as report_tables
from collectsim.report.fonts import one_glyph_warning
from collectsim.report.results import Results, load_results
from collectsim.report.style import DPI, metric_label, save_figure
from collectsim.runner.atomic import atomic_write_text


@dataclass
class Plot:
    """One figure of the report: its file, heading, how to read it, and the embedded image."""

    name: str
    heading: str
    caption: str
    path: Path
    data_uri: str = ""


#: (file stem, heading, how to read it, figure builder), in the report's order
PLOTS: list[tuple[str, str, str, Callable[[Any], Figure]]] = [
    ("frontier", "Value against losses",
     "Each point is a strategy's mean over replications with its 95% confidence interval in both "
     "directions: the value it created (cash in less cost and money lent, plus the change in "
     "the book's value) against the losses it took (written off, conceded, and expected on the "
     "book left). Upper left is better; the dashed line joins the efficient strategies.",
     plots.frontier),
    ("tradeoff", "Complaints against value",
     "The trade-off a policy reviewer weighs: complaints against the value a strategy creates. "
     "The dashed red line is the complaint budget, where the experiment sets one.",
     plots.tradeoff),
    ("differences", "Paired differences against the champion",
     "Challenger minus champion on the same borrowers and shocks (common random numbers), "
     "mean and 95% CI; a filled marker means the interval excludes zero.",
     plots.differences),
    ("buckets", "Delinquency over time",
     "Share of accounts in each state by day, mean over replications, a panel per strategy "
     "and scenario.",
     plots.bucket_grid),
    ("value", "Value created over time",
     "Economic value to date: cash in less cost and money lent, plus the change in the book's "
     "value net of expected loss; bands are 95% CIs over replications.",
     partial(plots.series, metric="economic_value_to_date")),
    ("losses", "Losses over time",
     "Balances written off and conceded to date; bands are 95% CIs over replications.",
     partial(plots.series, metric="losses_to_date")),
    ("collected", "Cumulative collected",
     "Money collected on past-due accounts to date; bands are 95% CIs over replications.",
     partial(plots.series, metric="collected_to_date")),
    ("cost", "Cumulative cost",
     "Contact, legal and agency cost to date; bands are 95% CIs over replications.",
     partial(plots.series, metric="cost_to_date")),
    ("complaints", "Complaints over time",
     "Complaints to date, to the lender, the regulator and in public.",
     partial(plots.series, metric="complaints_to_date")),
    ("reputation", "Reputation over time",
     "The lender's reputation index (0 to 1), which public complaints erode.",
     partial(plots.series, metric="reputation")),
]  # fmt: skip


def load(folder: Path) -> Results:
    """Check then load a results folder: it must be finished and have rows to draw."""
    check_results_folder(folder, rows=True)
    try:
        return load_results(folder)
    except (ValueError, KeyError, OSError) as exc:  # a damaged CSV: bad input, not a crash
        raise ConfigError(str(folder), None, f"readable results files ({exc})") from exc


@dataclass(frozen=True)
class Output:
    """How the figures are saved: the PNGs' resolution and any other formats beside them."""

    dpi: int = DPI
    formats: tuple[str, ...] = ()
    """'svg' or 'pdf' (vector, for papers): written next to each PNG"""


def _embed(fig: Figure, path: Path, output: Output = Output()) -> str:
    """Save ``fig`` to ``path`` (and in the other formats asked for); the PNG as a data URI."""
    save_figure(fig, path, dpi=output.dpi)
    for fmt in output.formats:
        if fmt != "png":
            save_figure(fig, path.with_suffix(f".{fmt}"), dpi=output.dpi)
    return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii")


embed = _embed  # public: other sections (an optimisation's) embed their figures the same way


def draw_plots(results: Any, out: Path, output: Output = Output()) -> list[Plot]:
    """Every figure of the report as a PNG in ``out`` and as a data URI for embedding."""
    drawn = []
    for name, heading, caption, build in PLOTS:
        path = out / f"{name}.png"
        drawn.append(Plot(name, heading, caption, path, _embed(build(results), path, output)))
    return drawn


SWEEP_CAPTION = (
    "Economic value, loss rate and complaints per 10,000 borrowers at each value of {field}: "
    "mean and 95% CI over replications per strategy, a column per scenario (from runs.csv)."
)


def draw_sweep_plots(results: Any, out: Path, output: Output = Output()) -> list[Plot]:
    """For a swept experiment, a figure per swept input (``plots/sweep_<field>.png``)."""
    drawn = []
    for field in plots.sweep_fields(results):
        name = "sweep_" + re.sub(r"[^A-Za-z0-9]+", "_", field).strip("_")
        path = out / f"{name}.png"
        uri = _embed(plots.sweep(results, field), path, output)
        drawn.append(Plot(name, field, SWEEP_CAPTION.format(field=field), path, uri))
    return drawn


def _environment() -> jinja2.Environment:
    # autoescape=True, not select_autoescape: the template ends in .j2, not .html
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("collectsim", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["label"] = lambda name: str(name).replace("_", " ")
    return env


def context(
    results: Any,
    figures: list[Plot],
    sweep_figures: list[Plot] | None = None,
    notes: list[str] | None = None,
) -> dict[str, Any]:
    """Everything the template shows, as plain data; ``notes`` are warnings for the reader
    (variants that changed nothing in the run)."""
    t = report_tables
    headline = set(HEADLINE)
    return {
        "name": t.experiment_config(results).get("name", results.folder.name),
        "question": t.question(results),
        "setup": t.setup(results),
        "headline": t.headline(results),
        "headline_columns": [
            (m, metric_label(m, t.setup(results)["portfolio"]["currency"]))
            for m in t.HEADLINE_COLUMNS
        ],
        "value_label": metric_label(t.VALUE, t.setup(results)["portfolio"]["currency"]),
        "value_formula": METRICS[t.VALUE].formula,
        "currency": t.setup(results)["portfolio"]["currency"],
        "champion": str(results.champion),
        "summary_head": t.summary_tables(results, list(HEADLINE)),
        "summary_all": t.summary_tables(results),
        "comparison_head": t.comparison_tables(results, list(HEADLINE)),
        "comparison_all": t.comparison_tables(results),
        "n_other": len([m for m in set(results.summary["metric"]) if m not in headline]),
        "budget": t.budget_table(results),
        "plots": figures,
        "manifest": t.manifest_text(results),
        "generated": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "version": __version__,
        "sweep_note": _sweep_note(results),
        "sweep_plots": sweep_figures or [],
        "shown_point": getattr(results, "point", 0),
        "shown_values": t.point_values(results, getattr(results, "point", 0)),
        "notes": list(notes or []),
    }


def _sweep_note(results: Any) -> str:
    """For a swept experiment: which point the report shows and where to see the rest."""
    sweep = results.manifest.get("sweep") or {}
    points = int(sweep.get("points", 0)) if isinstance(sweep, dict) else 0
    if points <= 1:
        return ""
    shown = getattr(results, "point", 0)
    values = report_tables.point_values(results, shown)
    at = f" ({values})" if values else ""
    return (
        f"This experiment sweeps {points} design points. The Sweep section shows the headline "
        f"metrics across all of them; the other plots and the tables show point {shown}{at}. "
        f"`collectsim sensitivity {results.folder}` ranks the swept inputs."
    )


def render_report(
    results: Any,
    output: Output = Output(),
    *,
    out: Path | None = None,
    extra: dict[str, Any] | None = None,
) -> Path:
    """Draw the plots and write ``report.html`` into the results folder (or ``out``); its path.

    ``extra`` adds to (or overrides) what the template shows, e.g. an optimisation's section.
    Characters no font has are reported once (one warning), not per glyph and figure.
    """
    folder = Path(out or results.folder)
    with one_glyph_warning():
        sweep_figures = draw_sweep_plots(results, folder / "plots", output)
        shown = plots.at_point(results)
        figures = draw_plots(shown, folder / "plots", output)
        page = context(shown, figures, sweep_figures, inert_variants(results)) | (extra or {})
    html = _environment().get_template("report.html.j2").render(**page)
    path = folder / "report.html"
    atomic_write_text(path, html)  # a reader never sees half a report
    return path


def write_report(
    folder: str | Path, *, dpi: int | None = None, formats: tuple[str, ...] = ()
) -> Path:
    """Plots and ``report.html`` for a results folder; ConfigError if it is incomplete.

    ``dpi`` sets the PNGs' resolution (default 100); ``formats`` ('svg', 'pdf') also
    writes every figure as a vector file next to its PNG, for a paper.
    """
    if dpi is not None and not 10 <= dpi <= 1200:
        raise ConfigError(None, "--dpi", "an integer from 10 to 1200 (dots per inch)", dpi)
    return render_report(load(Path(folder)), Output(dpi or DPI, tuple(formats)))
