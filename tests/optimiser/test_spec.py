"""The optimisation file: bad input is one message naming the file and field, exit 2,
nothing written; good input loads with the metric's own direction."""

from __future__ import annotations

import pytest

from collectsim.cli import main
from collectsim.metrics import METRICS, Direction
from collectsim.optimiser import goals
from collectsim.optimiser.spec import load_optimisation

COLLECTORS = '[[variable]]\naddress = "capacity.collectors"\nrange = [5, 60]\n'

BAD = {
    "unknown address": (
        '[[variable]]\naddress = "capacity.colectors"\nrange = [5, 60]\n',
        "variable[0].address",
    ),
    "unknown segment": (
        '[[variable]]\naddress = "segments.nope.treatments.0.every_days"\nrange = [1, 9]\n',
        "variable[0].address",
    ),
    "reversed range": (
        '[[variable]]\naddress = "capacity.collectors"\nrange = [60, 5]\n',
        "variable[0]",
    ),
    "empty range": (
        '[[variable]]\naddress = "capacity.collectors"\nrange = [5, 5]\n',
        "variable[0]",
    ),
    "range below the field's minimum": (
        '[[variable]]\naddress = "capacity.collectors"\nrange = [-5, 5]\n',
        "variable[0].range",
    ),
    "text choices for a number": (
        '[[variable]]\naddress = "capacity.collectors"\nchoices = ["a", "b"]\n',
        "variable[0].choices",
    ),
    "fractional choices for an integer": (
        '[[variable]]\naddress = "capacity.collectors"\nchoices = [1.5, 3]\n',
        "variable[0].choices",
    ),
    "an unknown tone": (
        '[[variable]]\naddress = "segments.calls.treatments.1.tone"\nchoices = ["rude"]\n',
        "variable[0].choices",
    ),
    "a range on text": (
        '[[variable]]\naddress = "segments.calls.treatments.1.tone"\nrange = [1, 2]\n',
        "variable[0].range",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD), ids=str)
def test_bad_variable_is_exit_2_naming_the_field_and_writes_nothing(write, workdir, capsys, case):
    variables, field = BAD[case]
    path = write(variables)
    assert main(["optimise", str(path)]) == 2
    err = capsys.readouterr().err
    assert str(path.name) in err and field in err
    assert "Traceback" not in err
    assert not (workdir / "results").exists()


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ('constraints = ["complaint_rate <= 5"]', "constraints[0]"),
        ('constraints = ["complaints_per_10k < 5"]', "constraints[0]"),
        ('objective = "nonsense"', "objective"),
        ('objective = "contacts"', "objective"),
        ("weights = [1, 2]", "weights"),
    ],
)
def test_bad_goal_is_exit_2_naming_the_field(write, workdir, capsys, extra, field):
    path = write(COLLECTORS, extra=extra)
    assert main(["optimise", str(path)]) == 2
    err = capsys.readouterr().err
    assert path.name in err and f"'{field}'" in err
    assert not (workdir / "results").exists()


def test_directions_come_from_the_metrics(write):
    path = write(COLLECTORS, extra='objective = "cost"\nsecond_objective = "recovery_rate"')
    opt = load_optimisation(path)
    assert [g.direction for g in opt.objectives] == [Direction.MINIMIZE, Direction.MAXIMIZE]


def test_a_linked_boundary_moves_both_segments(write):
    variables = (
        '[[variable]]\naddress = "segments.calls.days_past_due.0"\nrange = [8, 22]\n'
        'linked = { "segments.early.days_past_due.1" = -1 }\n'
    )
    opt = load_optimisation(write(variables))
    from collectsim.optimiser.variables import apply_strategy

    s = apply_strategy(opt.base, opt.variables, {"segments.calls.days_past_due.0": 10})
    assert s.segments[0].days_past_due == [1, 9] and s.segments[1].days_past_due == [10, 29]


def test_the_default_objective_is_economic_value_once_the_metric_exists():
    if "economic_value" not in METRICS:
        pytest.skip("metrics.py has no economic_value yet: the default is net_recovery")
    assert goals.default_objective() == "economic_value"


def test_the_default_objective_falls_back_to_net_recovery(monkeypatch):
    monkeypatch.delitem(goals.METRICS, "economic_value", raising=False)
    assert goals.default_objective() == "net_recovery"
