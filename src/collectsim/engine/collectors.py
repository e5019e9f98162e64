"""The lender's collectors: Mesa agents, with their traits compiled to arrays the day reads.

Collectors are few (tens to thousands) and act on arrays of accounts, so a
:class:`Crew` holds one array per trait and per tally, indexed by collector,
and each :class:`Collector` (a Mesa agent, in the lender's ``people``
``AgentSet``) is a view of its row: ``collector.contacts``,
``collector.skill_negotiating`` and the rest read the arrays, so a
``DataCollector`` agent reporter sees them. What each trait does to a call or
visit is computed once here, as a multiplier per collector, from
:class:`~collectsim.config.collector_effects.CollectorEffects`; the reference
collector (every one of a strategy without teams) has every multiplier 1.
The lender's legal advisers and its outside agency are Mesa agents here too
(what they do in a day is :mod:`collectsim.engine.conduct`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import mesa
import numpy as np

from collectsim.config.strategy import Strategy
from collectsim.config.workforce import Team
from collectsim.engine.agents import EngineAgent

#: per-collector tallies (the rows of collectors.csv): count, except money in cents
TALLIES: tuple[str, ...] = (
    "contacts",
    "reached",
    "collected",
    "complaints",
    "violations",
    "pay",
    "training",
)
#: the columns of collectors.csv after the run's identifiers (money in currency)
COLLECTOR_COLUMNS: tuple[str, ...] = (
    "team",
    "collector",
    "incentive",
    "contacts",
    "reached",
    "collected",
    "complaints",
    "violations",
    "pay",
    "training_cost",
)
#: per-collector traits a call or visit reads (multipliers, 1 for the reference)
EFFECTS: tuple[str, ...] = (
    "reach",
    "promise",
    "plan",
    "stress",
    "complaint",
    "trust",
    "misconduct",
)
_PRESSURE = {"fixed": 0.0, "commission": 1.0}


def default_team(strategy: Strategy) -> Team:
    """A strategy without teams: ``capacity.collectors`` reference collectors, paid through
    the per-attempt cost of their calls (no wage of their own), as before teams existed."""
    cap = strategy.capacity
    return Team(
        name="collectors",
        collectors=max(cap.collectors, 1),
        calls_per_collector_per_day=cap.calls_per_collector_per_day,
        monthly_wage=0.0,
        commission_rate=0.0,
    )


def _learned(x: np.ndarray | float, scale: float) -> np.ndarray:
    return 1.0 - np.exp(-np.asarray(x, dtype=np.float64) / scale)


@dataclass(eq=False)
class Crew:
    """Every collector of one lender as arrays (one row each)."""

    teams: list[Team]
    team: np.ndarray
    """team index per collector"""
    explicit: bool
    """the strategy declared its teams (else one team of reference collectors)"""
    calls: np.ndarray
    """agent call attempts a day per collector, training hours taken off (unscaled)"""
    does: dict[str, np.ndarray]
    """per channel ('agent_call', 'field_visit'): which collectors work it"""
    effect: dict[str, np.ndarray]
    """per :data:`EFFECTS` name, the collector's multiplier (trust: a shift, in steps)"""
    pressure: np.ndarray
    """pressure for recovery: fixed 0, commission 1, scorecard effects.scorecard_pressure"""
    commission_rate: np.ndarray
    scorecard: np.ndarray
    wage_day: np.ndarray
    """fixed pay a day per collector (cents, scaled to the simulated book)"""
    training_day: np.ndarray
    """training cost a day per collector (cents, scaled)"""
    tally: np.ndarray
    """(len(TALLIES), collectors) int64"""
    month: np.ndarray
    """complaints and violations of each collector this month (scorecard bonus)"""
    last: np.ndarray | None = None
    """per account: the collector who last talked with the borrower (-1: none)"""
    unlawful: int = 0
    """collectors paid by commission where the rules require a balanced scorecard"""

    @property
    def size(self) -> int:
        return int(self.team.size)

    @property
    def neutral(self) -> bool:
        """Every collector is the reference: calls and visits go as before teams existed."""
        return not self.explicit

    def count(self, name: str, who: np.ndarray, weights: np.ndarray | None = None) -> None:
        """Add to a tally per collector (``who``: collector per event, -1 ignored)."""
        ok = who >= 0
        if not ok.all():
            who = who[ok]
            weights = None if weights is None else weights[ok]
        if who.size:
            add = np.bincount(who, weights=weights, minlength=self.size)
            self.tally[TALLIES.index(name)] += np.rint(add).astype(np.int64)


def build_crew(strategy: Strategy, scale: float) -> Crew:
    """The strategy's collectors as arrays; ``scale``: simulated / served accounts."""
    wf, cap = strategy.workforce, strategy.capacity
    teams = list(wf.teams) or [default_team(strategy)]
    sizes = np.array([t.collectors for t in teams])
    if not wf.teams and cap.collectors == 0:
        sizes[0] = 0  # a strategy with no collectors has no one to call
    team = np.repeat(np.arange(len(teams)), sizes)

    def per(values: list[float]) -> np.ndarray:
        return np.repeat(np.asarray(values, dtype=np.float64), sizes)

    hours = per([t.legal_training_hours + t.emotion_training_hours for t in teams])
    rate = per(
        [
            t.calls_per_collector_per_day
            if t.calls_per_collector_per_day is not None
            else cap.calls_per_collector_per_day
            for t in teams
        ]
    )
    calls = rate * np.maximum(0.0, 1.0 - hours / wf.working_hours_per_year)
    crew = Crew(
        teams=teams,
        team=team,
        explicit=bool(wf.teams),
        calls=calls,
        does={
            ch: per([ch in t.channels for t in teams]) > 0 for ch in ("agent_call", "field_visit")
        },
        effect=_effects(strategy, teams, per),
        pressure=per([_pressure(strategy, t) for t in teams]),
        commission_rate=per([0.0 if t.incentive == "fixed" else t.commission_rate for t in teams]),
        scorecard=per([t.incentive == "balanced_scorecard" for t in teams]) > 0,
        wage_day=np.rint(per([t.monthly_wage * 100 * scale / 30 for t in teams])).astype(np.int64),
        training_day=np.rint(hours * wf.training_cost_per_hour * 100 * scale / 365).astype(
            np.int64
        ),
        tally=np.zeros((len(TALLIES), team.size), dtype=np.int64),
        month=np.zeros(team.size, dtype=np.int64),
    )
    return crew


def _pressure(strategy: Strategy, team: Team) -> float:
    if team.incentive == "balanced_scorecard":
        return strategy.workforce.effects.scorecard_pressure
    return _PRESSURE[team.incentive]


def _effects(
    strategy: Strategy, teams: list[Team], per: Callable[[list[float]], np.ndarray]
) -> dict[str, np.ndarray]:
    """Each collector's multipliers (see CollectorEffects for each equation)."""
    rows = [team_effects(strategy, t) for t in teams]
    return {name: per([r[name] for r in rows]) for name in EFFECTS}


def team_effects(strategy: Strategy, t: Team) -> dict[str, float]:
    """What a team's collector does to a call or visit, relative to the reference."""
    fx = strategy.workforce.effects
    gain = fx.experience_skill * float(
        _learned(t.experience_years, fx.experience_years_scale)
        - _learned(fx.reference_experience_years, fx.experience_years_scale)
    )
    reach_skill = min(max(t.skill.reaching + gain, 0.0), 1.0)
    talk_skill = min(max(t.skill.negotiating + gain, 0.0), 1.0)
    legal = float(_learned(t.legal_training_hours, fx.training_hours_scale))
    emotion = float(_learned(t.emotion_training_hours, fx.training_hours_scale))
    p = _pressure(strategy, t)
    checks = 1.0 - (fx.scorecard_quality_cut if t.incentive == "balanced_scorecard" else 0.0)
    return {
        "reach": (1 + fx.reach_skill * (reach_skill - 0.5)) * (1 + fx.commission_effort * p),
        "promise": (1 + fx.promise_skill * (talk_skill - 0.5))
        * (1 + fx.commission_promise_gain * p),
        "plan": (1 + fx.plan_skill * (talk_skill - 0.5))
        * (1 + fx.legal_plan_gain * legal)
        * (1 + fx.emotion_plan_gain * emotion)
        * (1 - fx.commission_plan_cut * p),
        "stress": (1 + fx.commission_stress * p) * (1 - fx.emotion_stress_cut * emotion),
        "complaint": (1 + fx.commission_complaints * p)
        * (1 - fx.legal_complaint_cut * legal)
        * (1 - fx.emotion_complaint_cut * emotion)
        * checks,
        "trust": fx.emotion_trust_gain * emotion - fx.commission_trust_loss * p,
        "misconduct": fx.misconduct_per_conversation
        * p
        * (1 - fx.legal_violation_cut * legal)
        * (1 - fx.emotion_violation_cut * emotion)
        * checks,
    }


def _tallied(name: str, doc: str, per: int = 1) -> property:
    """A collector's tally as an attribute (money: ``per`` = 100 cents)."""
    row = TALLIES.index(name)

    def get(self: Collector) -> float:
        value = int(self.crew.tally[row, self.index])
        return value / per if per != 1 else value

    return property(get, doc=doc)


class Collector(EngineAgent):
    """One collector: a Mesa agent whose traits and tallies are a row of the crew's arrays."""

    def __init__(self, model: mesa.Model, crew: Crew, index: int):
        super().__init__(model)
        self.crew = crew
        self.index = index
        team = crew.teams[int(crew.team[index])]
        self.team = team.name
        self.incentive = team.incentive
        self.skill_reaching = team.skill.reaching
        self.skill_negotiating = team.skill.negotiating
        self.legal_training_hours = team.legal_training_hours
        self.emotion_training_hours = team.emotion_training_hours
        self.experience_years = team.experience_years

    contacts = _tallied("contacts", "calls and visits made (attempts)")
    reached = _tallied("reached", "calls and visits that reached the borrower (attempts)")
    collected = _tallied(
        "collected", "paid after a conversation with them, within the window (currency)", 100
    )
    complaints = _tallied("complaints", "complaints about their calls and visits")
    violations = _tallied("violations", "rules broken on their calls and visits")
    pay = _tallied("pay", "wage, commission and bonus paid (currency)", 100)
    training_cost = _tallied("training", "their training's cost (currency)", 100)


def collector_rows(
    collectors: list[Collector],
) -> list[tuple[str, int, str, int, int, float, int, int, float, float]]:
    """One row per collector (:data:`COLLECTOR_COLUMNS`): what they did and were paid."""
    return [
        (
            c.team,
            c.index,
            c.incentive,
            c.contacts,
            c.reached,
            c.collected,
            c.complaints,
            c.violations,
            c.pay,
            c.training_cost,
        )
        for c in collectors
    ]


class LegalAdviser(EngineAgent):
    """A legal adviser beside the collectors; ``reviewed`` counts the documents they checked
    (the advisers share the day's reviews equally)."""

    def __init__(self, model: mesa.Model, desk: Desk):
        super().__init__(model)
        self.desk = desk

    @property
    def reviewed(self) -> float:
        return self.desk.reviewed / max(self.desk.advisers, 1)


class Desk:
    """The advisers' review capacity and pay, in the simulated book's scale."""

    def __init__(self, strategy: Strategy, scale: float):
        cfg = strategy.workforce.legal_advisers
        self.advisers = cfg.advisers
        self.keep = 1.0 - cfg.dispute_cut
        self.per_day = round(cfg.advisers * cfg.reviews_per_adviser_per_day * scale)
        self.salary_day = round(cfg.advisers * cfg.monthly_salary * 100 * scale / 30)
        self.left = 0
        self.reviewed = 0


class OutsideAgency(EngineAgent):
    """The collection agency the lender places accounts with: its own conduct, the lender's
    reputation."""

    def __init__(self, model: mesa.Model, strategy: Strategy):
        super().__init__(model)
        self.conduct = strategy.workforce.agency
        self.commission = strategy.agency.commission
        self.dropped = False
        """the lender no longer places accounts with it"""
        self.complaints = 0
        self.violations = 0
        self.month_violations = 0
        """its violations this month (the lender may drop it)"""
