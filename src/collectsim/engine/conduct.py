"""Legal advisers' review of notices and escalations, and the outside agency's conduct.

Legal advisers (Mesa agents, :mod:`collectsim.engine.collectors`) review,
each day, up to their capacity of the notices and escalations going out
(formal notices, lawyer's letters, lawsuits, agency placements), first come
first served: a reviewed step that
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

import numpy as np

from collectsim.engine.reputation import record_complaints
from collectsim.engine.state import AGENCY, MONTH

if TYPE_CHECKING:
    from collectsim.engine.context import Context

#: the steps advisers review
REVIEWED = ("formal_notice", "lawyer_letter", "litigation", "agency_placement")
#: complaint_kind draws of the agency's complaints (apart from every channel's subs)
AGENCY_SUB = 1_000


def advisers_day(ctx: Context) -> None:
    """A new day of reviews, and the advisers' salaries (wages)."""
    desk = ctx.lender.desk
    desk.left = desk.per_day
    if desk.salary_day:
        ctx.ledger.post("wages", desk.salary_day)


def review(ctx: Context, channel: str, breaks: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """(attempts that go out, complaint scale of each attempt) of a channel's attempts
    (``breaks``: which would break a rule); None unless advisers review it today. A
    reviewed attempt that would break a rule is stopped (a blocked contact)."""
    desk = ctx.lender.desk
    if channel not in REVIEWED or desk.left <= 0 or breaks.size == 0:
        return None
    n = min(desk.left, breaks.size)
    desk.left -= n
    desk.reviewed += n
    ctx.tally.counts["reviewed"] += n
    seen = np.zeros(breaks.size, dtype=bool)
    seen[:n] = True
    stop = seen & breaks
    ctx.tally.counts["blocked_contacts"] += int(np.count_nonzero(stop))
    return ~stop, np.where(seen, desk.keep, 1.0)


def agency_day(ctx: Context, late: np.ndarray) -> None:
    """The agency's day with the accounts it holds (``late``: today's past-due set)."""
    agency = ctx.lender.agency
    c = agency.conduct
    if ctx.day % MONTH == 0:
        if c.audited:
            ctx.ledger.post("agency_audit", round(c.audit_cost_per_month * 100 * ctx.lender.scale))
        drop = c.drop_after_violations
        if drop and agency.month_violations >= drop:
            agency.dropped = True
        agency.month_violations = 0
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
    agency.violations += n
    agency.month_violations += n
    ctx.tally.counts["violations"] += n
    ctx.tally.counts["agency_violations"] += n
    complains = u[1] < rate_c * keep / MONTH
    if complains.any():
        who = held[complains]
        agency.complaints += int(who.size)
        record_complaints(ctx, who, ctx.b.stress[who], broke[complains], sub=AGENCY_SUB)
