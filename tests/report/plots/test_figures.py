"""Plots: every figure draws, saves at its declared size, and agrees on colours."""

from __future__ import annotations

from pathlib import Path

import matplotlib.image
import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from collectsim.report import plots
from collectsim.report.style import DPI, strategy_colors
from report_fixtures import FixtureResults, inside, make_results_folder

FIGURES = {
    "frontier": lambda r: plots.frontier(r),
    "tradeoff": lambda r: plots.tradeoff(r),
    "differences": lambda r: plots.differences(r),
    "bucket_grid": lambda r: plots.bucket_grid(r),
    "buckets": lambda r: plots.buckets(r, "gentle", "recession"),
    "collected": lambda r: plots.series(r, "collected_to_date"),
    "reputation": lambda r: plots.series(r, "reputation"),
}


def _distinct_colours(png: np.ndarray) -> int:
    rgb = (png[..., :3] * 255).astype(np.uint32).reshape(-1, 3)
    return len(np.unique(rgb @ np.array([1 << 16, 1 << 8, 1], np.uint32)))


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_figure_saves_as_png_of_declared_size(results, tmp_path: Path, name: str) -> None:
    fig = FIGURES[name](results)
    assert isinstance(fig, Figure)
    path = plots.save_figure(fig, tmp_path / f"{name}.png")
    assert path.stat().st_size > 10_000
    png = matplotlib.image.imread(path)
    width, height = (fig.get_size_inches() * DPI).round().astype(int)
    assert png.shape[:2] == (height, width)
    assert _distinct_colours(png) > 100, "a figure with so few colours is blank or nearly"
    assert fig._suptitle is not None and fig._suptitle.get_text().strip()


def test_results_methods_delegate_to_plots(results) -> None:
    assert isinstance(results.plot_frontier(), Figure)
    assert isinstance(results.plot_tradeoff(), Figure)
    assert isinstance(results.plot_differences(), Figure)
    assert isinstance(results.plot_buckets("standard", "baseline"), Figure)
    assert isinstance(results.plot_series("cost_to_date"), Figure)


def _line_colours(fig: Figure) -> set[str]:
    from matplotlib.colors import to_hex

    return {
        to_hex(line.get_color())
        for ax in fig.axes
        for line in ax.get_lines()
        if isinstance(line, Line2D) and len(line.get_xdata()) > 1
    }


def test_each_strategy_has_one_colour_across_plots(results) -> None:
    palette = strategy_colors(results.strategies)
    assert len(set(palette.values())) == len(results.strategies)
    series_colours = _line_colours(plots.series(results, "collected_to_date"))
    assert series_colours == {c.lower() for c in palette.values()}
    legend = plots.frontier(results).legends[0]
    pairs = zip(legend.texts, legend.legend_handles, strict=True)
    labelled = {t.get_text(): h.get_color() for t, h in pairs}
    assert labelled["gentle"] == palette["gentle"]
    assert labelled["standard (champion)"] == palette["standard"]


def test_axis_labels_carry_the_portfolio_currency(results) -> None:
    ax = plots.frontier(results).axes[0]
    assert ax.get_xlabel() == "loss rate (%)"
    assert ax.get_ylabel() == "economic value (CNY)"
    ax = plots.frontier(results, x_metric="cost", y_metric="collected").axes[0]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("cost (CNY)", "collected (CNY)")
    assert "CNY" in plots.series(results, "cost_to_date").axes[0].get_ylabel()


def test_titles_state_a_conclusion(results) -> None:
    summary = results.summary
    value = summary[summary.metric == "economic_value"]
    best = value.loc[value.groupby("scenario")["mean"].idxmax(), "strategy"].unique()
    title = plots.frontier(results)._suptitle.get_text()
    assert title.startswith("Highest economic value:")
    assert all(b in title for b in best)


def test_unknown_names_are_clear_errors(results) -> None:
    with pytest.raises(KeyError, match="no daily results for strategy 'nope'"):
        plots.buckets(results, "nope", "baseline")
    with pytest.raises(KeyError, match="unknown daily series"):
        plots.series(results, "collected")


def test_names_with_dollar_signs_do_not_become_mathtext(tmp_path: Path) -> None:
    folder = make_results_folder(tmp_path / "money", strategies=("a$b$", "plain"))
    fig = plots.frontier(FixtureResults.load(folder))
    plots.save_figure(fig, tmp_path / "f.png")  # mathtext would fail or mangle on draw
    texts = [t.get_text() for t in fig.legends[0].texts]
    assert r"a\$b\$" in texts


LONG_NAMES = (
    "gentle reminders then instalment plans v2",
    "standard_sms_calls_notice_legal_at_day_90",
    "aggressive daily calls visits and lawsuits",
)


@pytest.fixture(scope="module")
def long_named(tmp_path_factory: pytest.TempPathFactory) -> FixtureResults:
    assert all(len(n) >= 40 for n in LONG_NAMES)
    folder = make_results_folder(
        tmp_path_factory.mktemp("long") / "long",
        strategies=LONG_NAMES,
        scenarios=("baseline", "recession after an interest rate shock"),
    )
    return FixtureResults.load(folder)


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_legends_and_labels_fit_inside_the_figure_with_long_names(long_named, name) -> None:
    builders = {**FIGURES, "buckets": lambda r: plots.buckets(r, LONG_NAMES[0], "baseline")}
    fig = builders[name](long_named)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    assert fig.legends, "every figure has a legend"
    for legend in fig.legends:
        extent = legend.get_window_extent(renderer)
        assert inside(extent, fig.bbox), (name, extent, fig.bbox)
    texts = [fig._suptitle, *fig.texts]
    texts += [t for ax in fig.axes if ax.get_visible() for t in ax.texts]
    for t in texts:
        if t is not None and t.get_text():
            extent = t.get_window_extent(renderer)
            assert inside(extent, fig.bbox), (name, t.get_text(), extent, fig.bbox)


def test_single_strategy_experiment_still_plots(tmp_path: Path) -> None:
    folder = make_results_folder(tmp_path / "one", strategies=("only",), complaint_limit=None)
    res = FixtureResults.load(folder)
    for build in FIGURES.values():
        if build is FIGURES["buckets"]:
            continue
        plots.save_figure(build(res), tmp_path / "x.png")
    fig = plots.differences(res)
    assert "No challengers" in fig.texts[0].get_text()
