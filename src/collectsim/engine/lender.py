"""The lender: its strategy compiled for the engine, its capacity and budget, its score.

The :class:`Lender` is a Mesa agent (it is one of the few actors), and it owns
what is the lender's: the strategy as lookup tables the daily stages read
(:mod:`collectsim.engine.treatment` decides, :mod:`collectsim.engine.contacts`
and :mod:`collectsim.engine.offers` carry out), what is left of today's
collector calls and visits and of the month's legal cases and budget, and
the noise of its repayment score (set once by
:func:`collectsim.engine.scoring.calibrate_score`).
"""

from __future__ import annotations

import mesa
import numpy as np
from mesa.agent import AgentSet

from collectsim.channels import channel_costs_cents
from collectsim.config.scenario import Regulation
from collectsim.config.strategy import Strategy
from collectsim.engine.agents import EngineAgent
from collectsim.engine.collectors import (
    Collector,
    Crew,
    Desk,
    LegalAdviser,
    OutsideAgency,
    build_crew,
)
from collectsim.engine.segments import compile_strategy
from collectsim.engine.state import MONTH


class Lender(EngineAgent):
    """The lender and its collector teams."""

    def __init__(self, model: mesa.Model, strategy: Strategy):
        super().__init__(model)
        self.strategy = strategy
        self.segments = compile_strategy(strategy)
        segs = self.segments
        #: cost of one attempt per channel (cents)
        self.unit_cost = channel_costs_cents({str(k): v for k, v in strategy.costs.items()})
        #: per segment: unanswered attempts in a row that escalate (0: never)
        self.escalate_after = np.array([g.escalate_after_unanswered for g in segs])
        #: per segment: a broken promise escalates
        self.escalate_on_broken = np.array([g.escalate_on_broken_promise for g in segs])
        #: per segment: the offers (months, months, fraction, flag)
        self.plan_months = np.array([g.offers.instalment_months for g in segs])
        self.holiday_months = np.array([g.offers.payment_holiday_months for g in segs])
        self.settlement_discount = np.array([g.offers.settlement_discount for g in segs])
        self.fee_waiver = np.array([g.offers.fee_waiver for g in segs])
        #: whether a segment offers anything at all (contacts skip the offer step if none)
        self.offers_any = (
            (self.plan_months > 0)
            | (self.holiday_months > 0)
            | (self.settlement_discount > 0)
            | self.fee_waiver.astype(bool)
        )
        #: what is left today (calls, visits) and this month (legal cases)
        self.capacity_left: dict[str, int] = {"calls": 0, "visits": 0, "legal": 0}
        #: contact budget left this month (cents; None: unlimited)
        self.budget_left: int | None = None
        #: noise scale of the repayment score (log-odds per unit of the borrower's noise)
        self.score_sigma = 0.0
        #: simulated accounts / accounts the team serves (capacity scales by it)
        self.scale = 1.0
        self._positions: np.ndarray | None = None
        self._hire(model)

    @property
    def uses_score(self) -> bool:
        """Whether the strategy needs the risk score (a score band, or a rank built on it)."""
        bands = any(s.score_lo > 0 or s.score_hi < 1 for s in self.segments)
        return bands or self.strategy.priority in ("expected_recovery", "expected_loss", "swing")

    def scale_to(self, accounts: int) -> None:
        """Capacity stated for the book the team serves, scaled to the simulated one."""
        served = self.strategy.capacity.accounts_served
        self.scale = accounts / served if served else 1.0
        self._staff(self.scale)

    def refresh_capacity(self, day: int) -> None:
        """Collectors' calls and visits each day; legal cases and budget each month."""
        cap, k = self.strategy.capacity, self.scale
        calls: float = cap.collectors * cap.calls_per_collector_per_day
        if self.crew.explicit:  # the teams' calls, less the hours they train
            calls = float(self.crew.calls[self.crew.does["agent_call"]].sum())
        self.capacity_left["calls"] = round(calls * k)
        self.capacity_left["visits"] = round(cap.field_visits_per_day * k)
        if day % MONTH == 0:
            self.capacity_left["legal"] = round(cap.legal_cases_per_month * k)
            if cap.monthly_budget > 0:
                self.budget_left = round(cap.monthly_budget * 100 * k)

    def escalates_on_broken_promise(self, segment: np.ndarray) -> np.ndarray:
        """Per account (by its last segment, -1: none): does a broken promise escalate it?"""
        return (segment >= 0) & self.escalate_on_broken[np.maximum(segment, 0)]

    def positions(self, idx: np.ndarray, n: int) -> np.ndarray:
        """A lookup table: ``positions(idx, n)[a]`` is where account ``a`` sits in ``idx``.

        Valid only for accounts in ``idx`` (unique) and until the next call; one
        table per lender, reused, so a day costs a scatter instead of a sort.
        """
        table = self._positions
        if table is None or table.size != n:
            table = self._positions = np.empty(n, dtype=np.int32)
        table[idx] = np.arange(idx.size, dtype=np.int32)
        return table

    # -- the lender's people (engine/collectors.py, engine/conduct.py) --------------------
    def _hire(self, model: mesa.Model) -> None:
        """Collectors, legal advisers and the agency, as Mesa agents in ``people``."""
        self._staff(self.scale)
        self.collectors = [Collector(model, self.crew, i) for i in range(self.crew.size)]
        advisers = self.strategy.workforce.legal_advisers.advisers
        self.advisers = [LegalAdviser(model, self.desk) for _ in range(advisers)]
        self.agency = OutsideAgency(model, self.strategy)
        agents: list[mesa.Agent] = [*self.collectors, *self.advisers, self.agency]
        self.people = AgentSet(agents, random=model.random)

    def _staff(self, scale: float) -> None:
        """The crew's arrays and the advisers' desk at this scale (the agents read them)."""
        self.crew: Crew = build_crew(self.strategy, scale)
        self.desk = Desk(self.strategy, scale)
        for agent in getattr(self, "collectors", []):
            agent.crew = self.crew
        for adviser in getattr(self, "advisers", []):
            adviser.desk = self.desk

    def follow_pay_rule(self, regulation: Regulation) -> None:
        """Where the rules require a balanced scorecard, commission teams are paid by one
        (or, for a lender that ignores rules, each commission-paid collector is a violation
        a month, engine/teams.py)."""
        teams = self.strategy.workforce.teams
        if not regulation.balanced_scorecard_required or not teams:
            return
        if not self.strategy.compliance.respects_rules:
            self.crew.unlawful = int(
                sum(t.collectors for t in teams if t.incentive == "commission")
            )
            return
        fixed = [
            t.model_copy(update={"incentive": "balanced_scorecard"})
            if t.incentive == "commission"
            else t
            for t in teams
        ]
        workforce = self.strategy.workforce.model_copy(update={"teams": fixed})
        self.strategy = self.strategy.model_copy(update={"workforce": workforce})
        self._staff(self.scale)
        for agent in self.collectors:
            agent.incentive = fixed[int(self.crew.team[agent.index])].incentive

    def remove(self) -> None:
        """Leave the model, with every collector, adviser and the agency."""
        for agent in list(self.people):
            agent.remove()
        super().remove()
