"""Collectors are Mesa agents over arrays: visible to a DataCollector, the reference kind by
default (a strategy without teams runs as before), their traits turned into multipliers."""

from __future__ import annotations

import mesa
import pytest

from collectsim.config import load_portfolio, load_scenario, load_strategy
from collectsim.engine.collectors import Collector, team_effects
from collectsim.model import CollectionModel
from collectsim.simulation import simulate
from people_fixtures import call_heavy


def test_collectors_are_visible_to_a_datacollector_agent_reporter():
    team = {"name": "early", "collectors": 4, "incentive": "commission"}
    m = CollectionModel(strategy=call_heavy([team]), borrowers=800, horizon_days=20, seed=2)
    m.run_model()
    dc = mesa.DataCollector(
        agenttype_reporters={
            Collector: {"team": "team", "contacts": "contacts", "pay": "pay", "reached": "reached"}
        }
    )
    dc.collect(m)
    frame = dc.get_agenttype_vars_dataframe(Collector)
    assert len(frame) == 4 and set(frame["team"]) == {"early"}
    assert frame["contacts"].sum() == sum(c.contacts for c in m.lender.collectors) > 0
    assert (frame["reached"] <= frame["contacts"]).all()
    assert frame["pay"].sum() > 0  # commission on what they collected
    assert len(m.lender.people) == 4 + 1  # the collectors and the agency


def test_a_strategy_without_teams_has_its_head_count_of_reference_collectors():
    m = CollectionModel(borrowers=300, horizon_days=5, seed=1)
    assert len(m.lender.collectors) == load_strategy("standard").capacity.collectors
    assert m.lender.crew.neutral
    assert m.ctx.lender.crew.tally.sum(axis=1)[0] >= 0  # contacts counted


def test_a_team_of_reference_collectors_changes_nothing():
    standard = load_strategy("standard")
    reference = standard.model_copy(
        update={
            "workforce": standard.workforce.model_copy(
                update={"teams": [standard.workforce.teams.__class__()]}
            )
        }
    )
    team = {"name": "reference", "collectors": 20, "calls_per_collector_per_day": 110}
    reference = load_strategy("standard", overrides={"workforce.teams": [team]})
    args = {"borrowers": 1500, "horizon_days": 90, "seed": 6}
    portfolio, scenario = load_portfolio("mixed"), load_scenario("baseline")
    before = simulate(portfolio, scenario, standard, **args).metrics
    after = simulate(portfolio, scenario, reference, **args).metrics
    assert after == before


@pytest.mark.parametrize(
    "team, effect, direction",
    [
        ({"skill": {"reaching": 0.9}}, "reach", 1),
        ({"skill": {"negotiating": 0.2}}, "promise", -1),
        ({"experience_years": 10.0}, "promise", 1),
        ({"legal_training_hours": 40.0}, "misconduct", 0),  # fixed pay: no misconduct at all
        ({"emotion_training_hours": 40.0}, "stress", -1),
        ({"emotion_training_hours": 40.0}, "trust", 1),
        ({"incentive": "commission"}, "complaint", 1),
        ({"incentive": "commission"}, "plan", -1),
        ({"incentive": "balanced_scorecard"}, "complaint", -1),
    ],
)
def test_each_trait_moves_its_outcome_from_the_reference(team, effect, direction):
    strategy = load_strategy("standard")
    from collectsim.config.workforce import Team

    reference = team_effects(strategy, Team(name="r", collectors=1))
    changed = team_effects(strategy, Team.model_validate({"name": "c", "collectors": 1, **team}))
    assert reference == {**reference, "trust": 0.0, "misconduct": 0.0}
    assert all(reference[k] == 1.0 for k in reference if k not in ("trust", "misconduct"))
    diff = changed[effect] - reference[effect]
    assert (diff > 0) - (diff < 0) == direction


def test_a_scenario_requiring_a_scorecard_turns_commission_into_one():
    team = {"name": "a", "collectors": 3, "incentive": "commission"}
    rule = load_scenario("baseline").model_copy(deep=True)
    regulation = rule.regulation.model_copy(update={"balanced_scorecard_required": True})
    rule = rule.model_copy(update={"regulation": regulation})
    m = CollectionModel(scenario=rule, strategy=call_heavy([team]), borrowers=300, horizon_days=3)
    assert {c.incentive for c in m.lender.collectors} == {"balanced_scorecard"}
    assert m.lender.crew.scorecard.all()
    lawless = call_heavy([team], **{"compliance.respects_rules": False})
    m = CollectionModel(scenario=rule, strategy=lawless, borrowers=300, horizon_days=31, seed=1)
    m.run_model()
    assert {c.incentive for c in m.lender.collectors} == {"commission"}
    assert m.ctx.tally.counts["violations"] >= 3 * 2  # each collector, each month begun
