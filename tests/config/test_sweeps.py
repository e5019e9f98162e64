"""Sweeps: field paths, designs, validation, and a grid run with one run per point x replication."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from collectsim import run_experiment
from collectsim.config import load_scenario, load_strategy
from collectsim.config.experiment import load_experiment
from collectsim.config.sweeps import (
    FieldError,
    apply_point,
    design_points,
    parse_field,
    sample_values,
)
from collectsim.errors import ConfigErrors

BASE = """
name = "sw"
seed = 9
replications = 2
borrowers = 300
horizon_days = 30
portfolio = "mixed"
scenarios = ["baseline"]
strategies = ["standard", "gentle"]
"""


def sweep(field, values=None, range=None, samples=None, method=None):
    return SimpleNamespace(field=field, values=values, range=range, samples=samples, method=method)


def test_parse_field_knows_the_schemas():
    assert parse_field("strategy.capacity.collectors").numeric == "int"
    assert parse_field("scenario.economy.income_factor").numeric == "float"  # a path: a constant
    assert parse_field("portfolio.products.credit_card.share").numeric == "float"
    assert parse_field("strategy.segments.early.treatments.0.every_days").numeric == "int"
    assert parse_field("strategy.priority").numeric is None
    for bad in ("strategy.capacity.colectors", "capacity.collectors", "strategy.capacity",
                "strategy.legal.duration_days"):  # fmt: skip
        with pytest.raises(FieldError):
            parse_field(bad)


def test_apply_point_sets_values_and_validates():
    standard = load_strategy("standard")
    fields = [parse_field("strategy.capacity.collectors"), parse_field("strategy.legal.lawyer_fee")]
    point = {"strategy.capacity.collectors": 3, "strategy.legal.lawyer_fee": 100.0}
    out = apply_point(standard, "strategy", point, fields)
    assert (out.capacity.collectors, out.legal.lawyer_fee) == (3, 100.0)
    assert standard.capacity.collectors != 3  # the original is untouched
    assert apply_point(standard, "scenario", point, fields) is standard
    scen = apply_point(
        load_scenario("baseline"),
        "scenario",
        {"scenario.economy.income_factor": 0.9},
        [parse_field("scenario.economy.income_factor")],
    )
    assert scen.economy.income_factor.at(100) == 0.9
    with pytest.raises(ConfigErrors):
        apply_point(standard, "strategy", {"strategy.capacity.collectors": -1}, fields[:1])


def test_grid_design_crosses_sweeps_first_slowest():
    sweeps = [
        sweep("strategy.capacity.collectors", [1, 2]),
        sweep("strategy.legal.lawyer_fee", [5, 6, 7]),
    ]
    fields = [parse_field(s.field) for s in sweeps]
    points = design_points(sweeps, fields, seed=0)
    assert [tuple(p.values()) for p in points] == [
        (1, 5.0), (1, 6.0), (1, 7.0), (2, 5.0), (2, 6.0), (2, 7.0),
    ]  # fmt: skip


def test_grid_values_of_an_integer_field_are_never_rounded():
    field = parse_field("strategy.capacity.collectors")
    points = design_points([sweep(field.text, [2.0, 3])], [field], seed=0)
    assert [p[field.text] for p in points] == [2, 3]  # a zero fraction is dropped
    assert all(type(p[field.text]) is int for p in points)


def test_latin_hypercube_is_seeded_stratified_and_rounds_integers():
    sweeps = [
        sweep("strategy.capacity.collectors", range=[1, 50], samples=10, method="lhs"),
        sweep("strategy.legal.lawyer_fee", range=[100, 200], samples=10, method="lhs"),
    ]
    fields = [parse_field(s.field) for s in sweeps]
    points = design_points(sweeps, fields, seed=4)
    assert points == design_points(sweeps, fields, seed=4)
    assert points != design_points(sweeps, fields, seed=5)
    fees = sorted(p["strategy.legal.lawyer_fee"] for p in points)
    assert all(100 + 10 * i <= fee < 100 + 10 * (i + 1) for i, fee in enumerate(fees))  # strata
    assert all(isinstance(p["strategy.capacity.collectors"], int) for p in points)


def test_sobol_design_has_saltelli_size():
    sweeps = [
        sweep("strategy.legal.lawyer_fee", range=[0, 1], samples=8, method="sobol"),
        sweep("strategy.legal.recovery_share", range=[0, 1], samples=8, method="sobol"),
    ]
    assert len(sample_values(sweeps, seed=1)) == 8 * (2 + 2)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ('[[sweep]]\nfield = "strategy.capacity.colectors"\nvalues = [1]', "known: "),
        ('[[sweep]]\nfield = "strategy.capacity.collectors"\nvalues = []', "grid is empty"),
        ('[[sweep]]\nfield = "strategy.capacity.collectors"\nvalues = [-1]', "a number >= 0"),
        (
            '[[sweep]]\nfield = "strategy.capacity.collectors"\nvalues = [2.5, 3.5]',
            "whole numbers for the integer field strategy.capacity.collectors, got 2.5",
        ),
        ('[[sweep]]\nfield = "strategy.segments.nope.offers.fee_waiver"\nvalues = [true]', "nope"),
        ('[[sweep]]\nfield = "strategy.priority"\nrange = [0, 1]\nsamples = 4', "numeric"),
        (
            '[[sweep]]\nfield = "strategy.legal.lawyer_fee"\nrange = [2, 1]\nsamples = 4',
            "low < high",
        ),
        ('[[sweep]]\nfield = "strategy.legal.lawyer_fee"\nrange = [1, 2]', "samples"),
        (
            '[[sweep]]\nfield = "strategy.legal.lawyer_fee"\nrange = [1, 2]\nsamples = 6\n'
            'method = "sobol"',
            "power of 2",
        ),
        (
            '[[sweep]]\nfield = "strategy.legal.lawyer_fee"\nrange = [1, 2]\nsamples = 4\n'
            '[[sweep]]\nfield = "strategy.legal.recovery_share"\nrange = [0, 1]\nsamples = 8',
            "same 'samples'",
        ),
    ],
)
def test_bad_sweeps_name_the_file_and_field(tmp_path, extra, message):
    path = tmp_path / "sw.toml"
    path.write_text(BASE + extra + "\n")
    with pytest.raises(ConfigErrors) as info:
        load_experiment(path)
    assert message in str(info.value)
    assert "sw.toml" in str(info.value)


def test_values_valid_alone_but_not_together_are_refused_before_any_run(tmp_path):
    path = tmp_path / "sw.toml"
    path.write_text(
        BASE + '[[sweep]]\nfield = "strategy.legal.duration_days.0"\nvalues = [10, 150]\n'
        '[[sweep]]\nfield = "strategy.legal.duration_days.1"\nvalues = [100, 170]\n'
        '[[sweep]]\nfield = "strategy.capacity.collectors"\nvalues = [5, 6]\n'
    )
    with pytest.raises(ConfigErrors) as info:
        load_experiment(path)
    first = info.value.errors[0]
    assert first.file == str(path)
    assert first.field == "strategy.legal.duration_days.0, strategy.legal.duration_days.1"
    assert "strategy 'standard' at sweep point 4" in first.expected  # 150 with 100
    assert "strategy.legal.duration_days.0 = 150, strategy.legal.duration_days.1 = 100" in str(
        first
    )
    assert "duration_days" in first.expected


@pytest.mark.slow
def test_grid_sweep_runs_once_per_point_and_replication(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "sw.toml"
    path.write_text(
        BASE + '[[sweep]]\nfield = "strategy.capacity.collectors"\nvalues = [0, 40]\n'
        '[[sweep]]\nfield = "scenario.economy.income_factor"\nvalues = [0.8, 1.0]\n'
    )
    res = run_experiment(path, backend="serial")
    runs = res.runs
    assert len(runs) == 2 * 4 * 2  # strategies x points x replications
    assert list(runs.columns[7:10]) == [
        "strategy.capacity.collectors",
        "scenario.economy.income_factor",
        "point",
    ]
    cells = runs.groupby(["strategy", "point"]).size()
    assert (cells == 2).all() and len(cells) == 8
    assert runs.groupby("replication")["seed"].nunique().eq(1).all()  # common random numbers
    # the swept value reaches the model: without collectors no agent call is made
    standard = runs[runs["strategy"] == "standard"]
    none = standard[standard["strategy.capacity.collectors"] == 0]["cost_agent_call"]
    some = standard[standard["strategy.capacity.collectors"] == 40]["cost_agent_call"]
    assert (none == 0).all() and (some > 0).all()
    assert "point" in res.summary.columns and "point" in res.comparison.columns
    assert list(res.daily.columns[:6]) == [
        "experiment", "strategy", "scenario", "replication", "point", "day",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("extra", "match"),
    [
        (
            "".join(
                f'[[sweep]]\nfield = "strategy.capacity.{f}"\nvalues = {list(range(1, 11))}\n'
                for f in (
                    "collectors",
                    "calls_per_collector_per_day",
                    "field_visits_per_day",
                    "legal_cases_per_month",
                )
            )
            + '[[sweep]]\nfield = "strategy.segments.0.treatments.0.every_days"\n'
            "values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n",
            "at most 20,000 sweep points",
        ),
        (
            '[[sweep]]\nfield = "scenario.economy.income_factor"\nrange = [0, inf]\nsamples = 4\n',
            "finite",
        ),
        ('[[sweep]]\nfield = "strategy.capacity.collectors"\nvalues = [nan]\n', "finite"),
        ("[budget]\ncomplaints_per_10k = nan\n", "finite"),
    ],
)
def test_sweeps_too_large_or_not_finite_are_refused_at_once(tmp_path, extra, match):
    path = tmp_path / "sw.toml"
    path.write_text(BASE + extra)
    with pytest.raises(ConfigErrors, match=match):
        load_experiment(path)


def test_sobol_without_salib_is_a_clear_message(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "SALib", None)
    monkeypatch.setitem(sys.modules, "SALib.sample", None)
    spec = [sweep("scenario.economy.income_factor", range=[0.5, 1.0], samples=4, method="sobol")]
    with pytest.raises(Exception, match=r"SALib installed.*collectsim\[sensitivity\]"):
        sample_values(spec, 1)
