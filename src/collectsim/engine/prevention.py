"""Early warning and prevention: current accounts worked before their due date.

A strategy's pre-due segments (``days_to_due`` instead of ``days_past_due``)
match current accounts whose next due date is a few days away, with every
other filter a segment has: above all ``score_band``, the accounts the score
flags as likely to miss. Each matched account is *flagged* for that due date
(:func:`collectsim.engine.outcomes.tally_dues` counts whether flagged due
dates are kept), and the segment's treatments are carried out as the lender's
collection contacts are: within the rules of conduct, the lender's own caps,
and the capacity and budget collection left today (the stage runs after the
lender's collection work). A reached borrower is reminded (no overlooked due
date), a conversation builds commitment and tells the lender whether the
coming instalment is affordable, and the segment's offers (a plan before the
miss) are made as to a borrower behind.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from collectsim.channels import CHANNEL_INDEX, EXECUTION_ORDER
from collectsim.engine.contacts import Attempts, resolve_contacts
from collectsim.engine.scoring import predicted_repayment
from collectsim.engine.segments import Columns, CompiledSegment
from collectsim.engine.state import ACTIVE, CURRENT, MONTH
from collectsim.engine.treatment import permitted, priority, requests

if TYPE_CHECKING:
    from collectsim.engine.context import Context


def prevention_stage(ctx: Context) -> None:
    """Flag the current accounts the pre-due segments match and carry out their treatments."""
    pre = [(k, s) for k, s in enumerate(ctx.lender.segments) if s.days_to_due is not None]
    if not pre or ctx.economy.forbearance[ctx.day]:
        return
    acc, seg, score = flagged(ctx, pre)
    if acc.size == 0:
        return
    lender, b = ctx.lender, ctx.b
    b.segment[acc] = seg
    wanted = requests(lender, b, acc, seg, ctx.day)
    if not wanted:
        return
    rank = priority(lender, b, acc, np.zeros(acc.size, dtype=np.int64), score)
    where = lender.positions(acc, b.n)
    for ch_name in EXECUTION_ORDER:
        ch = CHANNEL_INDEX[ch_name]
        if ch in wanted:
            targets, tones = wanted[ch]
            _contact(ctx, ch_name, targets, tones, seg, rank, where)


def days_to_due(ctx: Context, idx: np.ndarray) -> np.ndarray:
    """Days from today to each account's next due date (1..30: today's has passed)."""
    left = (ctx.b.cycle_day[idx].astype(np.int64) - ctx.day) % MONTH
    return np.where(left == 0, MONTH, left)


def flagged(
    ctx: Context, pre: list[tuple[int, CompiledSegment]]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(accounts, their pre-due segment, their score) of the current accounts a pre-due
    segment matches today; each is flagged for its coming due date."""
    b, day = ctx.b, ctx.day
    spans = [s.days_to_due for _, s in pre if s.days_to_due is not None]
    lo, hi = min(a for a, _ in spans), max(z for _, z in spans)
    groups = [ctx.cycle_groups[(day + d) % MONTH] for d in range(lo, hi + 1)]
    cand = np.sort(np.concatenate(groups))
    ok = (b.status[cand] == ACTIVE) & (b.delinquent_since[cand] == CURRENT)
    ok &= (b.balance[cand] > 0) & (b.holiday_until[cand] < day)
    cand = cand[ok]
    to_due = days_to_due(ctx, cand)
    segs = [s for _, s in pre]
    banded = any(s.score_lo > 0 or s.score_hi < 1 for s in segs)
    score = predicted_repayment(ctx, cand) if banded else np.zeros(cand.size)
    cols = Columns(
        b,
        cand,
        any(s.escalated is not None for s in segs),
        any(not s.learned_ok.all() for s in segs),
        history=any(s.uses_history for s in segs),
        day=day - ctx.start,
    )
    current = np.zeros(cand.size, dtype=np.int64)
    seg = np.full(cand.size, -1, dtype=np.int16)
    free = np.ones(cand.size, dtype=bool)
    for k, s in pre:
        assert s.days_to_due is not None
        near = (to_due >= s.days_to_due[0]) & (to_due <= s.days_to_due[1])
        hit = free & near & s.matches_columns(cols, current, score)
        seg[hit] = k
        free &= ~hit
    chosen = seg >= 0
    acc = cand[chosen]
    b.flagged_due[acc] = day + to_due[chosen]
    return acc, seg[chosen], score[chosen]


def _contact(
    ctx: Context,
    ch_name: str,
    acc: np.ndarray,
    tones: np.ndarray,
    seg: np.ndarray,
    rank_all: np.ndarray,
    where: np.ndarray,
) -> None:
    """One channel's pre-due attempts: within the rules and what capacity is left, then made."""
    counts = ctx.tally.counts
    acc, tones, breaks, loc = permitted(ctx, ch_name, acc, tones, rank_all, where)
    if acc.size == 0:
        return
    counts["violations"] += int(np.count_nonzero(breaks))
    counts["pre_due_contacts"] += int(acc.size)
    resolve_contacts(ctx, Attempts(ch_name, acc, tones, breaks, seg[loc]))
