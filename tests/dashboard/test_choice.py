"""A live set-up resolves to configs with the levers applied; bad input is a message per problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from collectsim.dashboard.choice import LiveSetup, choices, preset_values, resolve
from collectsim.errors import ConfigErrors


def test_levers_apply_to_the_scenario_and_to_each_strategy_alone() -> None:
    r = resolve(
        LiveSetup(
            scenario_levers={"contact_cap": 2},
            levers_b={"collectors": 45, "score_auc": 0.9},
        )
    )
    assert r.scenario.regulation.max_calls_and_visits_per_week == 2
    assert r.strategy_b.capacity.collectors == 45 and r.strategy_b.risk_score.auc == 0.9
    assert r.strategy_a.capacity.collectors != 45
    assert r.b.overrides == {"capacity.collectors": 45, "risk_score.auc": 0.9}
    assert len(r.changes) == 3 and r.changes[1].startswith("Strategy B:")


def test_the_same_preset_twice_gets_two_names() -> None:
    r = resolve(LiveSetup(strategy_a="standard", strategy_b="standard"))
    assert r.strategy_a.name != r.strategy_b.name


def test_every_problem_is_reported_at_once() -> None:
    bad = LiveSetup(
        scenario="no_such_scenario",
        strategy_b="gentle",
        levers_b={"collectors": -3},
        borrowers=0,
    )
    with pytest.raises(ConfigErrors) as caught:
        resolve(bad)
    text = str(caught.value)
    assert "borrowers" in text and "no_such_scenario" in text and "collectors" in text
    assert len(caught.value.errors) == 3


def test_choices_include_the_projects_own_files(tmp_path: Path) -> None:
    (tmp_path / "strategies").mkdir()
    (tmp_path / "strategies" / "mine.toml").write_text("", "utf-8")
    names = choices("strategy", tmp_path)
    assert "mine" in names and "standard" in names


def test_preset_values_are_what_the_controls_start_from() -> None:
    values = preset_values("scenario", "strict_contact_cap")
    assert values["contact_cap"] == 3 and values["forbearance"] is None
