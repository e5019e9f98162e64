"""Plots: every figure draws, saves at its declared size, and agrees on colours."""

from __future__ import annotations

from pathlib import Path

import matplotlib.image
import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from collectsim import plots
from collectsim.plot_style import DPI, strategy_colors
from collectsim.results import load_results
from report_fixtures import FixtureResults, make_results_folder


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory):
    folder = make_results_folder(tmp_path_factory.mktemp("plots") / "demo")
    return load_results(folder)


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
    assert ax.get_xlabel() == "cost (CNY)"
    assert ax.get_ylabel() == "collected (CNY)"
    assert "CNY" in plots.series(results, "cost_to_date").axes[0].get_ylabel()


def test_titles_state_a_conclusion(results) -> None:
    summary = results.summary
    net = summary[summary.metric == "net_recovery"]
    best = net.loc[net.groupby("scenario")["mean"].idxmax(), "strategy"].unique()
    title = plots.frontier(results)._suptitle.get_text()
    assert title.startswith("Highest net recovery:")
    assert all(b in title for b in best)


def test_tradeoff_draws_the_complaint_budget(results) -> None:
    limit = float(results.budget["limit"].iloc[0])
    fig = plots.tradeoff(results)
    ys = [
        line.get_ydata()[0]
        for line in fig.axes[0].get_lines()
        if line.get_linestyle() == "--" and len(set(line.get_ydata())) == 1
    ]
    assert limit in ys
    assert "complaint budget" in fig._suptitle.get_text()


def test_efficient_points_drop_dominated_strategies() -> None:
    pts = [("cheap", 1.0, 5.0), ("dominated", 2.0, 4.0), ("rich", 3.0, 9.0), ("same", 3.0, 1.0)]
    assert [p[0] for p in plots.efficient_points(pts)] == ["cheap", "rich"]


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


def test_single_strategy_experiment_still_plots(tmp_path: Path) -> None:
    folder = make_results_folder(tmp_path / "one", strategies=("only",), complaint_limit=None)
    res = FixtureResults.load(folder)
    for build in FIGURES.values():
        if build is FIGURES["buckets"]:
            continue
        plots.save_figure(build(res), tmp_path / "x.png")
    fig = plots.differences(res)
    assert "No challengers" in fig.texts[0].get_text()


def test_sweep_point_view_narrows_every_table(results) -> None:
    import pandas as pd

    swept = FixtureResults(
        results.folder,
        results.manifest,
        *[
            pd.concat([f.assign(point=0), f.assign(point=1)], ignore_index=True)
            for f in (results.runs, results.daily, results.summary, results.comparison)
        ],
        results.budget.assign(point=0),
    )
    view = plots.at_point(swept, 1)
    assert len(view.summary) == len(results.summary)
    assert set(view.daily["point"]) == {1}
    plots.frontier(swept)  # duplicate (strategy, scenario) rows would break without the view
    with pytest.raises(KeyError, match="no sweep point"):
        plots.at_point(swept, 5)


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


def _inside(extent, figure) -> bool:
    return (
        extent.x0 >= figure.x0 - 0.5
        and extent.y0 >= figure.y0 - 0.5
        and extent.x1 <= figure.x1 + 0.5
        and extent.y1 <= figure.y1 + 0.5
    )


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_legends_and_labels_fit_inside_the_figure_with_long_names(long_named, name) -> None:
    builders = {**FIGURES, "buckets": lambda r: plots.buckets(r, LONG_NAMES[0], "baseline")}
    fig = builders[name](long_named)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    assert fig.legends, "every figure has a legend"
    for legend in fig.legends:
        extent = legend.get_window_extent(renderer)
        assert _inside(extent, fig.bbox), (name, extent, fig.bbox)
    texts = [fig._suptitle, *fig.texts]
    texts += [t for ax in fig.axes if ax.get_visible() for t in ax.texts]
    for t in texts:
        if t is not None and t.get_text():
            extent = t.get_window_extent(renderer)
            assert _inside(extent, fig.bbox), (name, t.get_text(), extent, fig.bbox)


def _cost_budget_lines(fig: Figure) -> list[Line2D]:
    return [line for ax in fig.axes for line in ax.get_lines() if "cost budget" in line.get_label()]


def test_frontier_draws_the_cost_budget_only_when_set(results, tmp_path: Path) -> None:
    assert not _cost_budget_lines(plots.frontier(results))
    assert not any("cost budget" in t.get_text() for t in plots.frontier(results).legends[0].texts)
    folder = make_results_folder(tmp_path / "cost", cost_ratio=0.2)
    with_budget = FixtureResults.load(folder)
    fig = plots.frontier(with_budget)
    lines = _cost_budget_lines(fig)
    assert len(lines) == len(with_budget.scenarios)  # one per scenario panel
    for line in lines:
        assert "cost ≤ 0.2 × collected" in line.get_label()
        x, y = np.asarray(line.get_xdata()), np.asarray(line.get_ydata())
        np.testing.assert_allclose(y, x / 0.2)  # collected = cost / limit
    assert any("cost budget" in t.get_text() for t in fig.legends[0].texts)
    # the budget is drawn on recovery against cost only, not on other axes
    assert not _cost_budget_lines(plots.frontier(with_budget, y_metric="net_recovery"))


@pytest.mark.parametrize("metric", ["reputation", "unemployment_rate", "cost_to_date"])
def test_series_titles_read_as_sentences(results, metric: str) -> None:
    fig = plots.series(results, metric)
    title = fig._suptitle.get_text()
    assert "the lender's" not in title and "the scenario's" not in title
    assert title.split(":")[0] in {
        "Highest reputation at the horizon",
        "Highest unemployment rate at the horizon",
        "Lowest cumulative cost at the horizon",
    }
    labels = [ax.get_ylabel() for ax in fig.axes if ax.get_visible()]
    assert labels[0] and not any(labels[1:])  # one label for the shared y axis


def _close_pair(tmp_path: Path) -> FixtureResults:
    """Two strategies a little apart on both axes, a third far off: names used to collide."""
    folder = make_results_folder(tmp_path / "close", strategies=("gentle", "standard", "loud"))
    res = FixtureResults.load(folder)
    s = res.summary
    for metric, values in {"cost": (1.0e6, 2.0e6, 24e6), "collected": (38e6, 44e6, 93e6)}.items():
        for strategy, value in zip(res.strategies, values, strict=True):
            row = (s.metric == metric) & (s.strategy == strategy)
            s.loc[row, ["mean", "ci_low", "ci_high"]] = [value, value * 0.97, value * 1.03]
    return res


@pytest.mark.parametrize("build", [plots.frontier, plots.tradeoff])
def test_point_labels_neither_collide_nor_leave_their_panel(tmp_path: Path, build) -> None:
    for res in (_close_pair(tmp_path), FixtureResults.load(make_results_folder(tmp_path / "d"))):
        fig = build(res)
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        for ax in fig.axes:
            boxes = [t.get_window_extent(renderer) for t in ax.texts]
            assert len(boxes) == len(res.strategies)
            for i, box in enumerate(boxes):
                assert _inside(box, ax.bbox), (ax.get_title(loc="left"), ax.texts[i].get_text())
                for other in boxes[i + 1 :]:
                    assert not box.overlaps(other), [t.get_text() for t in ax.texts]
