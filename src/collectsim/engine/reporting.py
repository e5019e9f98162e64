"""Credit-bureau reporting of delinquency (the large state bank's blacklist).

Some borrowers value their credit record (they mean to borrow again): a share
by grade (``record_valuers``), fixed per borrower by a draw of their own. For
a lender that reports:

- *the warning*: once any contact of the lender has reached a borrower behind
  (``reporting.warn``), one who values the record gains ``reporting_deterrence``
  log-odds of willingness to pay while the record is at stake;
- *the report*: at ``reporting.days_past_due`` the account is reported; the
  deterrence falls to ``reported_deterrence_share`` of itself (paying still marks
  the record settled); the borrower disputes the report with a chance that falls
  with trust and with the lessons read (:mod:`collectsim.engine.education`), each
  dispute costing ``reporting.dispute_cost`` and becoming a complaint with
  ``dispute_complaint_share``;
- *the record* stays after the horizon: its cost to the borrower is reported
  (``relationship.record_cost`` per account reported), not part of the lender's value.

Once current again a borrower has no record at stake.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from collectsim.channels import CHANNEL_NAMES
from collectsim.engine.education import dispute_factor
from collectsim.engine.reputation import record_complaints
from collectsim.engine.state import ACTIVE, AGENCY, CURRENT, LEGAL

if TYPE_CHECKING:
    from collectsim.engine.context import Context

#: the complaint-routing draws' sub-key of disputes, after every channel's and third parties'
DISPUTE_SUB = 2 * len(CHANNEL_NAMES) + 1


def values_record(ctx: Context, idx: np.ndarray) -> np.ndarray:
    """Whether each borrower values their credit record: a draw of their own, fixed for the
    borrower (slot and generation) whatever the strategy."""
    b = ctx.b
    key = idx.astype(np.uint64) | (b.generation[idx].astype(np.uint64) << np.uint64(40))
    share = np.array(ctx.behaviour.levers.record_valuers)[b.grade[idx]]
    return ctx.streams.uniform("record", 0, key) < share


def report(ctx: Context) -> None:
    """Warnings, reports and disputes of the day, for a lender that reports."""
    rep = ctx.lender.strategy.reporting
    if not rep.enabled:
        return
    b, day, lev = ctx.b, ctx.day, ctx.behaviour.levers
    stale = np.flatnonzero(b.record_stake > 0)
    b.record_stake[stale[b.delinquent_since[stale] == CURRENT]] = 0.0
    late = ctx.today.late
    st = b.status[late]
    late = late[
        (b.delinquent_since[late] > CURRENT) & ((st == ACTIVE) | (st == AGENCY) | (st == LEGAL))
    ]
    if late.size == 0:
        return
    open_ = b.reported_day[late] < 0
    if rep.warn:
        warned = late[open_ & (b.reminded_day[late] == day)]
        b.record_stake[warned[values_record(ctx, warned)]] = np.float32(lev.reporting_deterrence)
    dpd = day - b.delinquent_since[late].astype(np.int64)
    new = late[open_ & (dpd >= rep.days_past_due)]
    if new.size == 0:
        return
    b.reported_day[new] = day
    ctx.tally.counts["reported"] += int(new.size)
    kept = lev.reporting_deterrence * lev.reported_deterrence_share
    b.record_stake[new[values_record(ctx, new)]] = np.float32(kept)
    ctx.events.record(day, new, "credit_report", dpd[open_ & (dpd >= rep.days_past_due)])
    _disputes(ctx, new)


def _disputes(ctx: Context, new: np.ndarray) -> None:
    """Reported borrowers who contest the report: a cost to handle, often a complaint."""
    b, day, lev = ctx.b, ctx.day, ctx.behaviour.levers
    distrust = 2.0 * (1.0 - b.trust[new].astype(np.float64))
    p = np.minimum(1.0, lev.dispute_probability * distrust * dispute_factor(ctx, new))
    u = ctx.streams.uniforms(("dispute", "dispute"), day, new, subs=(0, 1))
    who = new[u[0] < p]
    if who.size == 0:
        return
    cost = round(ctx.lender.strategy.reporting.dispute_cost * 100) * int(who.size)
    ctx.ledger.post("programme_cost", cost)
    counts = ctx.tally.counts
    counts["dispute_cost"] += cost
    counts["disputes"] += int(who.size)
    ctx.events.record(day, who, "dispute", np.zeros(who.size, dtype=np.int64))
    complains = who[u[1][u[0] < p] < lev.dispute_complaint_share]
    if complains.size:
        violation = np.zeros(complains.size, dtype=bool)
        record_complaints(ctx, complains, b.stress[complains], violation, sub=DISPUTE_SUB)
