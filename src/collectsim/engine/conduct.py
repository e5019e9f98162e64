"""Legal advisers' review of notices and escalations, and the outside agency's conduct.

Legal advisers (Mesa agents) review, each day, up to their capacity of the
notices and escalations going out (formal notices, lawyer's letters,
lawsuits, agency placements), first come first served: a reviewed step that
would break a rule is stopped (blocked, not a violation), and a reviewed
notice draws fewer disputes (complaints x ``1 - dispute_cut``). Their
salaries are wages in the ledger.

The outside agency (a Mesa agent) draws complaints and commits violations on
the accounts it holds, at the rates of ``workforce.agency``; the regulator
and the public count them against the lender. An audit prevents a share of
them at a monthly cost; after a month with ``drop_after_violations`` of its
violations the lender stops placing accounts with it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa
import numpy as np

from collectsim.config.strategy import Strategy
from collectsim.engine.agents import EngineAgent
from collectsim.engine.reputation import record_complaints
from collectsim.engine.state import AGENCY, MONTH

if TYPE_CHECKING:
    from collectsim.engine.context import Context

#: the steps advisers review
REVIEWED = ("formal_notice", "lawyer_letter", "litigation", "agency_placement")
#: complaint_kind draws of the agency's complaints (apart from every channel's subs)
AGENCY_SUB = 1_000


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

    def day(self, ctx: Context) -> None:
        """A new day of reviews, and the day's salaries."""
        self.left = self.per_day
        if self.salary_day:
            ctx.ledger.post("wages", self.salary_day)


def review(
    ctx: Context, channel: str, breaks: np.ndarray
) -> tuple[np.ndarray | None, np.ndarray | None]:
    """(attempts to stop, complaint scale) for a channel's attempts; (None, None) unless
    advisers review this channel today."""
    desk = ctx.lender.desk
    if channel not in REVIEWED or desk.left <= 0 or breaks.size == 0:
        return None, None
    n = min(desk.left, breaks.size)
    desk.left -= n
    desk.reviewed += n
    ctx.tally.counts["reviewed"] += n
    seen = np.zeros(breaks.size, dtype=bool)
    seen[:n] = True
    return seen & breaks, np.where(seen, desk.keep, 1.0)


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
        self._month_violations = 0

    def day(self, ctx: Context, late: np.ndarray) -> None:
        """The agency's day with the accounts it holds (``late``: today's past-due set)."""
        c = self.conduct
        if ctx.day % MONTH == 0:
            if c.audited:
                ctx.ledger.post(
                    "agency_audit", round(c.audit_cost_per_month * 100 * ctx.lender.scale)
                )
            drop = c.drop_after_violations
            if drop and self._month_violations >= drop:
                self.dropped = True
            self._month_violations = 0
        rate_c, rate_v = c.complaints_per_account_month, c.violations_per_account_month
        if rate_c == 0 and rate_v == 0:
            return
        held = late[ctx.b.status[late] == AGENCY]
        if held.size == 0:
            return
        keep = 1.0 - (c.audit_effect if c.audited else 0.0)
        u = ctx.streams.uniforms(("agency_conduct", "agency_conduct"), ctx.day, held, subs=(0, 1))
        broke = u[0] < rate_v * keep / MONTH
        n = int(np.count_nonzero(broke))
        self.violations += n
        self._month_violations += n
        ctx.tally.counts["violations"] += n
        ctx.tally.counts["agency_violations"] += n
        complains = u[1] < rate_c * keep / MONTH
        if complains.any():
            who = held[complains]
            self.complaints += int(who.size)
            record_complaints(ctx, who, ctx.b.stress[who], broke[complains], sub=AGENCY_SUB)
