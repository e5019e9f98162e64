"""The HTML report: complete, equal to the CSVs at the shown precision, escaped, self-contained."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from collectsim.metrics import METRICS
from collectsim.report.html import PLOTS, write_report
from collectsim.report.results import load_results
from collectsim.report.tables import question
from quick_book import write_quick_portfolio
from report_fixtures import make_results_folder, parse_shown

EVIL = "<script>alert(1)</script>"

#: each test renders a whole report (seconds)
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    folder = make_results_folder(
        tmp_path_factory.mktemp("report") / "demo", strategies=("gentle", "standard", EVIL)
    )
    path = write_report(folder)
    return folder, path.read_text(encoding="utf-8")


class Cells(HTMLParser):
    """Table cells that carry data-* keys, with their visible text (value, CI)."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: list[tuple[dict[str, str], list[str]]] = []
        self._keys: dict[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        data = {k[5:]: v for k, v in attrs if k.startswith("data-")}
        if tag == "td" and "metric" in data:
            self._keys = data
            self.cells.append((data, []))

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self._keys = None

    def handle_data(self, data: str) -> None:
        if self._keys is not None and data.strip():
            self.cells[-1][1].append(data.strip())


def _assert_shown(shown: str, value: float) -> None:
    """``shown`` is ``value`` rounded to the precision it shows."""
    number, step = parse_shown(shown)
    scale = 100.0 if shown.endswith(("%", "pp")) else 1.0
    assert abs(number - value * scale) <= 0.5 * step + 1e-9, (shown, value)


def test_report_and_every_plot_are_written(report) -> None:
    folder, html = report
    for name, *_ in PLOTS:
        png = folder / "plots" / f"{name}.png"
        assert png.stat().st_size > 10_000, png
    assert html.count('src="data:image/png;base64,') == len(PLOTS)


def test_every_strategy_and_scenario_appears(report) -> None:
    folder, html = report
    manifest = json.loads((folder / "manifest.json").read_text())
    for name in ["gentle", "standard", "&lt;script&gt;alert(1)&lt;/script&gt;"]:
        assert name in html
    for scenario in manifest["scenarios"]:
        assert f'data-scenario="{scenario}"' in html
    assert "Steady economy." in html and "Unemployment 5% -&gt; 9% over six months." in html


def test_names_from_configs_are_escaped(report) -> None:
    _, html = report
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Cards, loans &amp; SME &lt;mix&gt;." in html


def test_summary_cells_equal_summary_csv(report) -> None:
    folder, html = report
    summary = pd.read_csv(folder / "summary.csv", keep_default_na=False).set_index(
        ["strategy", "scenario", "metric"]
    )
    parser = Cells()
    parser.feed(html)
    cells = [(k, t) for k, t in parser.cells if "strategy" in k]
    assert len(cells) >= len(summary)  # every row at least once (headline rows twice)
    seen = set()
    for keys, shown in cells:
        row = summary.loc[(keys["strategy"], keys["scenario"], keys["metric"])]
        low, high = shown[1].strip("[]").split(", ")
        _assert_shown(shown[0], row["mean"])
        _assert_shown(low, row["ci_low"])
        _assert_shown(high, row["ci_high"])
        seen.add((keys["strategy"], keys["scenario"], keys["metric"]))
    assert seen == set(summary.index)


def test_comparison_cells_equal_comparison_csv(report) -> None:
    folder, html = report
    comparison = pd.read_csv(folder / "comparison.csv", keep_default_na=False).set_index(
        ["challenger", "scenario", "metric"]
    )
    parser = Cells()
    parser.feed(html)
    cells = [(k, t) for k, t in parser.cells if "challenger" in k]
    seen = set()
    for keys, shown in cells:
        key = (keys["challenger"], keys["scenario"], keys["metric"])
        row = comparison.loc[key]
        _assert_shown(shown[0], row["mean_difference"])
        assert shown[2].startswith("p ")
        seen.add(key)
    assert seen == set(comparison.index)


def test_headline_names_the_best_strategy_within_budget(report) -> None:
    folder, html = report
    summary = pd.read_csv(folder / "summary.csv", keep_default_na=False)
    budget = pd.read_csv(folder / "budget.csv", keep_default_na=False)
    ok = budget[budget["within"]].set_index(["strategy", "scenario"]).index
    net = summary[summary.metric == "net_recovery"].set_index(["strategy", "scenario"])
    net = net[net.index.isin(ok)]
    for scenario, rows in net.groupby(level="scenario"):
        best = rows["mean"].idxmax()[0]
        row = re.search(rf'<tr data-scenario="{scenario}">(.*?)</tr>', html, re.S).group(1)
        assert f'<td class="best">{best}</td>' in row
    assert METRICS["net_recovery"].unit == "currency"


def test_question_comes_from_the_description(tmp_path: Path) -> None:
    folder = make_results_folder(tmp_path / "q", description="Does calling less cost us?")
    assert question(load_results(folder)) == "Does calling less cost us?"


def test_question_is_generated_without_a_description(report) -> None:
    _, html = report
    assert "Which of gentle, standard and &lt;script&gt;" in html
    assert "in the baseline and recession scenarios?" in html


def test_end_to_end_on_a_real_small_experiment(tmp_path: Path) -> None:
    """Engine -> runner -> report: the report reads what the runner really writes."""
    from collectsim import run_experiment

    toml = tmp_path / "tiny.toml"
    write_quick_portfolio(tmp_path)
    toml.write_text(
        'name = "tiny"\nseed = 5\nreplications = 2\nborrowers = 300\nhorizon_days = 60\n'
        'portfolio = "quick.toml"\nscenarios = ["baseline", "recession"]\n'
        'strategies = ["gentle", "standard", { name = "x<b>loud", base = "aggressive" }]\n'
        'champion = "standard"\nbackend = "serial"\nbudget = { complaints_per_10k = 50 }\n'
    )
    results = run_experiment(toml, out=tmp_path / "tiny", backend="serial")
    path = write_report(results.folder)
    html = path.read_text(encoding="utf-8")
    assert "x&lt;b&gt;loud" in html and "<b>loud" not in html
    assert html.count('src="data:image/png;base64,') == len(PLOTS)
    loaded = load_results(results.folder)
    parser = Cells()
    parser.feed(html)
    summary = loaded.summary.set_index(["strategy", "scenario", "metric"])
    checked = 0
    for keys, shown in parser.cells:
        if "strategy" in keys:
            key = (keys["strategy"], keys["scenario"], keys["metric"])
            _assert_shown(shown[0], summary.loc[key, "mean"])
            checked += 1
    assert checked >= len(summary)


SWEEP_TOML = """\
name = "tiny_sweep"
seed = 11
replications = 2
borrowers = 300
horizon_days = 30
portfolio = "quick.toml"
scenarios = ["baseline", "recession"]
strategies = ["gentle", "standard"]
champion = "standard"
backend = "serial"

[budget]
cost_ratio = 0.5

[[sweep]]
field = "strategy.capacity.collectors"
values = [1, 3, 9]
"""


@pytest.fixture(scope="module")
def swept(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A real three-point sweep, run and reported (outputs must lie under ./results/)."""
    from collectsim import run_experiment

    root = tmp_path_factory.mktemp("sweep")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        write_quick_portfolio(root)
        (root / "tiny_sweep.toml").write_text(SWEEP_TOML)
        results = run_experiment(root / "tiny_sweep.toml", backend="serial")
        folder = Path(results.folder).resolve()
        html = write_report(folder).read_text(encoding="utf-8")
    return folder, html


def test_sweep_section_plots_every_point_of_runs_csv(swept) -> None:
    from collectsim.report import plots
    from collectsim.report.plots.sweep import SWEEP_METRICS

    folder, html = swept
    field = "strategy.capacity.collectors"
    assert '<section id="sweep">' in html and 'href="#sweep"' in html
    assert (folder / "plots" / "sweep_strategy_capacity_collectors.png").stat().st_size > 10_000
    assert html.count('src="data:image/png;base64,') == len(PLOTS) + 1
    assert f"{field}: 1, 3, 9" in html  # the setup lists the swept values
    assert f"show point 0 ({field} = 1)" in html

    results = load_results(folder)
    runs = results.runs
    fig = plots.sweep(results, field)
    metrics = SWEEP_METRICS
    assert len([ax for ax in fig.axes if ax.get_visible()]) == len(metrics) * 2  # x scenarios
    for i, metric in enumerate(metrics):
        ax = fig.axes[i * 2 + 1]  # the recession column, titled on the top row
        assert fig.axes[1].get_title(loc="left") == "recession"
        lines = [line for line in ax.get_lines() if line.get_linestyle() == "-"]
        assert len(lines) == len(results.strategies)  # one line per strategy, a point per value
        cell = runs[(runs.strategy == "gentle") & (runs.scenario == "recession")]
        expected = cell.groupby(field)[metric].mean().to_numpy()
        gentle = lines[0]  # strategies in experiment order, coloured as everywhere
        assert gentle.get_color() == "#0072B2"
        np.testing.assert_allclose(gentle.get_ydata(), expected)
        # x at the swept values (dodged by a few percent so CIs do not hide each other)
        np.testing.assert_allclose(gentle.get_xdata(), [1, 3, 9], rtol=0.1)


def test_report_of_an_unswept_experiment_has_no_sweep_section(report) -> None:
    _, html = report
    assert '<section id="sweep">' not in html and 'href="#sweep"' not in html
