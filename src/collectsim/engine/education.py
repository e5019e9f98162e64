"""Customer education: lessons in credit and repayment awareness, once a month per borrower.

On each borrower's cycle day the lender sends the strategy's audience (every
active account, new loans in their first months, or accounts behind) a
lesson, until each has received ``lessons`` of them. A lesson costs
``cost_per_lesson`` whether or not it is read; it is read with the reach of
its channel (the portfolio's ``behaviour.channels``). A lesson read moves the
borrower ``education_willingness_gain`` of the way to full willingness
(willingness rises over time) and removes ``education_dispute_reduction`` of
their propensity to dispute (:mod:`collectsim.engine.reporting`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from collectsim.engine.state import ACTIVE, CURRENT

if TYPE_CHECKING:
    from collectsim.engine.context import Context


def educate(ctx: Context) -> None:
    """Today's lessons: sent to the audience whose cycle day it is, read by those reached."""
    course = ctx.lender.strategy.education
    if not course.enabled:
        return
    b, day = ctx.b, ctx.day
    acc = ctx.today.cycle
    ok = (b.status[acc] == ACTIVE) & (b.balance[acc] > 0) & (b.lessons[acc] < course.lessons)
    if course.audience == "new_loans":
        ok &= (b.generation[acc] > 0) & (b.dues_seen[acc] <= course.lessons)
    elif course.audience == "behind":
        ok &= b.delinquent_since[acc] > CURRENT
    acc = acc[ok]
    if acc.size == 0:
        return
    cost = round(course.cost_per_lesson * 100) * int(acc.size)
    ctx.ledger.post("programme_cost", cost)
    counts = ctx.tally.counts
    counts["education_cost"] += cost
    reach = ctx.responses.channel(course.channel).reach
    read = acc[ctx.streams.uniform("lesson", day, acc) < reach]
    b.lessons[read] += 1
    counts["lessons"] += int(read.size)
    w = b.willingness[read]
    gain = ctx.behaviour.levers.education_willingness_gain
    b.willingness[read] = w + np.float32(gain) * (1 - w)


def dispute_factor(ctx: Context, idx: np.ndarray) -> np.ndarray:
    """What remains of each borrower's propensity to dispute after the lessons they read."""
    cut = ctx.behaviour.levers.education_dispute_reduction
    return (1.0 - cut) ** ctx.b.lessons[idx].astype(np.float64)
