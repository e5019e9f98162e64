"""Levers read what a preset does and write new values as the dotted overrides variants use."""

from __future__ import annotations

import pytest

from collectsim.config import load_scenario, load_strategy
from collectsim.config.paths import apply_set
from collectsim.config.scenario import Scenario
from collectsim.config.strategy import Strategy
from collectsim.dashboard.levers import (
    CALL_CHANNELS,
    SCENARIO_LEVERS,
    STRATEGY_LEVERS,
    changed,
    describe,
    overrides_for,
)


def test_every_call_treatment_moves_with_the_call_lever() -> None:
    standard = load_strategy("standard")
    overrides = overrides_for(STRATEGY_LEVERS, standard, {"call_every_days": 9})
    data = apply_set(Strategy, standard.model_dump(mode="python"), overrides, "x", "strategy")
    moved = Strategy.model_validate(data)
    calls = [t for s in moved.segments for t in s.treatments if t.channel in CALL_CHANNELS]
    others = [t for s in moved.segments for t in s.treatments if t.channel not in CALL_CHANNELS]
    assert calls and all(t.every_days == 9 for t in calls)
    assert any(t.every_days != 9 for t in others)  # SMS and notices keep their rhythm


def test_plan_months_only_where_plans_are_offered() -> None:
    standard = load_strategy("standard")
    overrides = overrides_for(STRATEGY_LEVERS, standard, {"plan_months": 12})
    offering = [s.name for s in standard.segments if s.offers.instalment_months]
    assert overrides == {f"segments.{n}.offers.instalment_months": 12 for n in offering}


def test_a_lever_that_does_not_apply_reads_none_and_writes_nothing() -> None:
    no_plans = next(
        load_strategy(n)
        for n in ("aggressive", "standard")
        if STRATEGY_LEVERS["plan_months"].read(load_strategy(n)) is None
    )
    assert overrides_for(STRATEGY_LEVERS, no_plans, {"plan_months": 6}) == {}


def test_unchanged_values_make_no_overrides() -> None:
    baseline = load_scenario("baseline")
    presets = {k: lever.read(baseline) for k, lever in SCENARIO_LEVERS.items()}
    assert changed(SCENARIO_LEVERS, baseline, presets) == {}
    assert describe(SCENARIO_LEVERS, baseline, presets) == []


@pytest.mark.parametrize(
    ("key", "value", "check"),
    [
        ("contact_cap", 2, lambda s: s.regulation.max_calls_and_visits_per_week == 2),
        ("field_visits", False, lambda s: s.regulation.field_visits_allowed is False),
        ("hardship_plan", True, lambda s: s.regulation.mandated_hardship_plan is True),
        ("forbearance", (10, 40), lambda s: s.in_forbearance(10) and not s.in_forbearance(41)),
    ],
)
def test_scenario_levers_reach_the_rules(key: str, value: object, check) -> None:
    baseline = load_scenario("baseline")
    overrides = overrides_for(SCENARIO_LEVERS, baseline, {key: value})
    data = apply_set(Scenario, baseline.model_dump(mode="python"), overrides, "x", "scenario")
    assert check(Scenario.model_validate(data))


def test_forbearance_can_be_lifted_from_a_preset_that_has_it() -> None:
    pandemic = load_scenario("pandemic")
    assert SCENARIO_LEVERS["forbearance"].read(pandemic) is not None
    assert overrides_for(SCENARIO_LEVERS, pandemic, {"forbearance": ()}) == {
        "regulation.forbearance": []
    }


def test_changes_are_said_in_words_with_the_presets_value() -> None:
    baseline = load_scenario("baseline")
    (line,) = describe(SCENARIO_LEVERS, baseline, {"contact_cap": 3})
    assert "3 a week" in line and "instead of 7 a week" in line and "'baseline'" in line
