"""The results page: open a results folder, pick metrics, scenarios and strategies, and read
the report's charts with their intervals on hover; sweeps, sensitivity and other tables too."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, cast

import solara

from collectsim.analysis.results import Results
from collectsim.dashboard.results_charts import daily_series, differences, metric_by_cell, tradeoff
from collectsim.dashboard.results_data import (
    extra_tables,
    open_results,
    read_extra,
    results_folders,
    sensitivity_table,
)
from collectsim.dashboard.results_extra import (
    numeric_columns,
    sensitivity_chart,
    sweep_chart,
    table_scatter,
)
from collectsim.dashboard.ui_common import Chart, Heading, Messages, guarded, messages_of
from collectsim.metrics import DAILY_SERIES, HEADLINE, METRICS
from collectsim.report.plots.common import at_point, sweep_points
from collectsim.report.plots.sweep import sweep_fields
from collectsim.report.style import currency_of


@solara.component
def FolderPicker(on_open: Callable[[Results], None]) -> None:
    """Pick a folder under results/ or type any path; a wrong one gets a message."""
    folders = solara.use_memo(results_folders, [])
    path, set_path = solara.use_state(folders[0] if folders else "")
    problems, set_problems = solara.use_state(cast(list[str], []))

    def open_it() -> None:
        on_open(open_results(path))

    with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
        if folders:
            solara.Select(
                "Results folders",
                folders,
                path if path in folders else folders[0],
                lambda v: set_path(str(v)),
                classes=["cs-folders"],
            )
        solara.InputText("or a folder's path", path, set_path, classes=["cs-folder-path"])
        solara.Button(
            "Open", on_click=guarded(open_it, set_problems), color="primary", classes=["cs-open"]
        )
    Messages(problems)
    if not folders:
        solara.Text("No results under results/ yet: run an experiment, or type a folder's path.")


@solara.component
def ResultsPage() -> None:
    results, set_results = solara.use_state(cast(Results | None, None))
    FolderPicker(set_results)
    if results is not None:
        ResultsView(results).key(str(results.folder))


def _pick(label: str, options: list[str], value: str, on_value: Any, css: str = "") -> None:
    solara.Select(
        label,
        options,
        value if value in options else options[0],
        on_value,
        classes=[css] if css else [],
        style={"min-width": "220px"},
    )


@solara.component
def ResultsView(full: Results) -> None:
    """The charts for one folder (one sweep point at a time, like the report)."""
    points = sweep_points(full)
    point, set_point = solara.use_state(points[0] if points else None)
    results = solara.use_memo(lambda: at_point(full, point), [full, point])
    metrics = [m for m in METRICS if m in set(full.summary["metric"].astype(str))]
    metric, set_metric = solara.use_state(next((m for m in HEADLINE if m in metrics), ""))
    strategies, set_strategies = solara.use_state(list(full.strategies))
    scenarios, set_scenarios = solara.use_state(list(full.scenarios))
    Heading(f"{full.name}: {len(full.runs)} runs", 3)
    if full.manifest.get("config", {}).get("experiment", {}).get("description"):
        solara.Text(full.manifest["config"]["experiment"]["description"])
    if len(full.failures):
        Messages([f"{len(full.failures)} runs failed: see failures.csv"], "warning")
    if not metrics:
        Messages([f"{full.folder}: summary.csv has no metric this version knows"])
        return
    with solara.Row(style={"flex-wrap": "wrap", "align-items": "center"}):
        _pick("Metric", metrics, metric, set_metric, "cs-metric")
        solara.SelectMultiple("Strategies", strategies, list(full.strategies), set_strategies)
        solara.SelectMultiple("Scenarios", scenarios, list(full.scenarios), set_scenarios)
        if points:
            solara.Select("Sweep point", points, point, set_point)
    chosen = metric if metric in metrics else metrics[0]
    Charts(results, full, chosen, metrics, strategies, scenarios)


@solara.component
def Charts(
    results: Any,
    full: Results,
    metric: str,
    metrics: list[str],
    strategies: list[str],
    scenarios: list[str],
) -> None:
    """The report's charts for the choices, each guarded: a table that does not fit gets a
    message in its place, the others still draw."""
    currency = currency_of(full)
    x, set_x = solara.use_state("cost" if "cost" in metrics else metrics[0])
    y, set_y = solara.use_state("collected" if "collected" in metrics else metrics[-1])
    daily = [n for n in DAILY_SERIES if n in full.daily.columns] if len(full.daily) else []
    first = next((n for n in daily if not n.startswith("accounts_")), daily[0] if daily else "")
    series, set_series = solara.use_state(first)
    _guard(
        lambda: Chart(
            metric_by_cell(results, metric, strategies, scenarios, currency), 380, "metric"
        )
    )
    _guard(
        lambda: Chart(
            differences(results, metric, strategies, scenarios, currency),
            max(220, 60 * len(scenarios) + 100),
            "differences",
        )
    )
    with solara.Row():
        _pick("Trade-off: x", metrics, x, set_x)
        _pick("y", metrics, y, set_y)
    _guard(lambda: Chart(tradeoff(results, x, y, strategies, scenarios, currency), 420, "tradeoff"))
    if daily:
        _pick("Daily series", daily, series, set_series, "cs-series")
        name = series if series in daily else daily[0]
        _guard(
            lambda: Chart(
                daily_series(results, name, strategies, scenarios, currency), 380, "daily"
            )
        )
    SweepPart(full, metric, strategies, scenarios, currency)
    ExtraTables(full)


def _guard(draw: Callable[[], object]) -> None:
    try:
        draw()
    except Exception as exc:
        Messages(messages_of(exc))


@solara.component
def SweepPart(
    full: Results, metric: str, strategies: list[str], scenarios: list[str], currency: str
) -> None:
    """Swept inputs and the sensitivity indices, when the folder has them."""
    fields = sweep_fields(full)
    table = solara.use_memo(lambda: sensitivity_table(full), [full])
    field, set_field = solara.use_state(fields[0] if fields else "")
    scenario, set_scenario = solara.use_state(scenarios[0] if scenarios else "")
    if not fields and not len(table):
        return
    Heading("Sweep", 3)
    with solara.Row():
        if fields:
            _pick("Swept input", fields, field, set_field)
        _pick("Scenario", list(full.scenarios), scenario, set_scenario)
    sc = scenario if scenario in full.scenarios else full.scenarios[0]
    if fields:
        f = field if field in fields else fields[0]
        _guard(lambda: Chart(sweep_chart(full, f, metric, strategies, sc, currency), 380, "sweep"))
    if len(table):
        for strategy in strategies:
            _guard(partial(_sensitivity, table, metric, strategy, sc))


def _sensitivity(table: Any, metric: str, strategy: str, scenario: str) -> None:
    Chart(sensitivity_chart(table, metric, strategy, scenario), 320, "sensitivity")


@solara.component
def ExtraTables(full: Results) -> None:
    """Other tables in the folder (an optimiser's trials, a front): rows and a scatter."""
    names = solara.use_memo(lambda: extra_tables(full), [full])
    name, set_name = solara.use_state(names[0] if names else "")
    x, set_x = solara.use_state("")
    y, set_y = solara.use_state("")
    chosen = name if name in names else (names[0] if names else "")
    frame = solara.use_memo(lambda: read_extra(full, chosen) if chosen else None, [full, chosen])
    if frame is None:
        return
    Heading("Other tables in this folder", 3)
    _pick("Table", names, chosen, set_name)
    columns = numeric_columns(frame)
    if len(columns) >= 2:
        xs = x if x in columns else columns[0]
        ys = y if y in columns else columns[1]
        with solara.Row():
            _pick("x", columns, xs, set_x)
            _pick("y", columns, ys, set_y)
        _guard(lambda: Chart(table_scatter(frame, xs, ys, None), 360, "table"))
    solara.DataFrame(frame, items_per_page=20)
