"""The report's words and tables: numbers formatted by unit, direction read from the metrics."""

from __future__ import annotations

import math

import pytest

from collectsim.report import tables
from collectsim.report.results import load_results
from report_fixtures import make_results_folder, parse_shown


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory):
    folder = make_results_folder(tmp_path_factory.mktemp("tables") / "demo", cost_ratio=0.3)
    return load_results(folder)


@pytest.mark.parametrize(
    ("value", "unit", "difference", "shown"),
    [
        (1234.5, "currency", False, "1,234.50"),
        (0.12345, "fraction", False, "12.3%"),
        (-0.012, "fraction", True, "-1.20 pp"),
        (3.25, "count", False, "3.2"),
        (0.81234, "index", False, "0.812"),
        (math.nan, "currency", False, "–"),
        ("n/a", "count", False, "–"),
    ],
)
def test_numbers_are_shown_by_unit(value, unit, difference, shown) -> None:
    assert tables.fmt(value, unit, difference) == shown


@pytest.mark.parametrize(
    ("mean", "low", "high", "unit", "value", "ci"),
    [
        (32_889_091.783, 30_889_091.0, 34_889_091.0, "currency", "32.9M", "[30.9M, 34.9M]"),
        (484_337.747, 474_337.0, 494_337.0, "currency", "484k", "[474k, 494k]"),
        (1234.567, 1234.0, 1235.1, "currency", "1,234.57", "[1,234.00, 1,235.10]"),
        (4.6667, 1.8, 7.5, "count", "4.7", "[1.8, 7.5]"),  # no third decimal for a count
        (1454.0, 1154.0, 1754.0, "index", "1,450", "[1,150, 1,750]"),
        (0.30612, 0.29, 0.32, "fraction", "30.6%", "[29.0%, 32.0%]"),
    ],
)
def test_a_mean_is_rounded_to_what_its_interval_supports(mean, low, high, unit, value, ci):
    assert tables._mean_ci({"mean": mean, "ci_low": low, "ci_high": high}, unit) == (value, ci)


def test_no_cell_shows_more_digits_than_its_interval_supports(results) -> None:
    """Two significant digits of the half-width: never money to the cent beside a wide CI."""
    for table in tables.summary_tables(results) + tables.comparison_tables(results):
        for metric, _, cells in table.rows:
            for cell in cells:
                if not cell.ci or cell.value == "–":
                    continue
                low, high = (parse_shown(x)[0] for x in cell.ci.strip("[]").split(", "))
                if high > low:  # the shown step is at least 1/100 of the half-width
                    assert parse_shown(cell.value)[1] >= (high - low) / 200 * 0.99, (metric, cell)


def test_p_values_read_as_a_reader_expects() -> None:
    assert [tables.fmt_p(p) for p in (0.0149, 0.0004, None)] == ["p = 0.015", "p < 0.001", "–"]


def test_a_budget_on_a_metric_to_maximize_is_a_floor_else_a_cap(results) -> None:
    results.manifest["config"]["experiment"]["budget"] = {
        "recovery_rate": 0.2,
        "complaints_per_10k": 120.0,
        "cost_ratio": 0.3,
    }
    rules = {r["name"]: r["rule"] for r in tables.budget_rules(results)}
    assert rules == {
        "recovery_rate": "at least 0.2",
        "complaints_per_10k": "at most 120",
        "cost_ratio": "at most 0.3",
    }


def test_a_clear_difference_is_good_or_bad_by_the_metrics_direction() -> None:
    assert tables._tone("net_recovery", 1.0, 2.0) == "good"
    assert tables._tone("cost", 1.0, 2.0) == "bad"
    assert tables._tone("cost", -1.0, 2.0) == ""  # the interval spans zero
    assert tables._tone("contacts", 1.0, 2.0) == ""  # information only: no direction


def test_head_tables_list_the_headline_metrics_first_with_units(results) -> None:
    from collectsim.metrics import HEADLINE

    head = tables.summary_tables(results, list(HEADLINE))
    assert [t.scenario for t in head] == results.scenarios
    assert [row[0] for row in head[0].rows] == list(HEADLINE)
    units = {metric: unit for metric, unit, _ in head[0].rows}
    assert units["economic_value"] == "CNY" and units["loss_rate"] == "%"
    every = tables.summary_tables(results)
    assert [row[0] for row in every[0].rows][: len(HEADLINE)] == list(HEADLINE)


def test_the_headline_picks_the_highest_value_within_budget(results) -> None:
    budget, summary = results.budget, results.summary
    value = summary["metric"] == "economic_value"
    net = summary[value].set_index(["strategy", "scenario"])["mean"]
    for row in tables.headline(results):
        rows = budget[budget["scenario"] == row["scenario"]]
        ok = rows.groupby("strategy")["within"].all()
        eligible = [s for s in results.strategies if ok.get(s, False)]
        if not eligible:
            assert row["best"] is None and "no strategy is within budget" in row["note"]
        else:
            assert row["best"] == max(eligible, key=lambda s: net[(s, row["scenario"])])
            assert row["budget"] == f"{len(eligible)} of {len(results.strategies)}"


def test_the_question_names_strategies_and_scenarios(results) -> None:
    question = tables.question(results)
    assert question.startswith("Which of gentle, standard and aggressive recovers most")
    assert question.endswith("in the baseline and recession scenarios?")


def test_zero_is_written_as_zero_not_as_zero_thousands() -> None:
    from collectsim.report.numbers import shown

    assert shown(54_000.0, 0.0, 204_000.0, "currency") == ("54k", "[0, 204k]")
