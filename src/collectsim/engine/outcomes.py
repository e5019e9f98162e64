"""The outcomes the practices claim, counted as the day goes: due dates kept by current
accounts, spells behind and how they ended, how soon the lender answered, when it sued.

- On each due date (:func:`tally_dues`, called by the dues stage): due dates that fell on
  current accounts and those missed (roll from current), the first due dates of new loans
  (first-payment default), and the due dates an early-warning segment flagged.
- At the end of each day (:func:`outcomes_stage`), against the day before
  (:class:`~collectsim.engine.snapshot.Snapshot`): spells behind that ended (cured, a plan,
  settled, charged off; a slot handed to a new borrower is a loan paid off) with their days
  past due (collection cycle time) and whether a person of the lender had talked with the
  borrower (a cure without such a talk is a self-cure); the first day the lender answered
  a borrower behind, by a talk or a self-service session (response time); lawsuits filed,
  with their days past due.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from collectsim.engine.snapshot import Snapshot
from collectsim.engine.state import CLOSED, CURRENT, LEGAL, SOLD, WRITTEN_OFF

if TYPE_CHECKING:
    from collectsim.engine.context import Context


def tally_dues(ctx: Context, idx: np.ndarray, was_current: np.ndarray) -> None:
    """After today's dues of ``idx``: count those that fell on current accounts, the first
    of new loans and the flagged, and which were missed (the account is behind since today)."""
    b, day, c = ctx.b, ctx.day, ctx.tally.counts
    cur = idx[was_current]
    missed = b.delinquent_since[cur] == day
    c["current_dues"] += int(cur.size)
    c["current_missed"] += int(np.count_nonzero(missed))
    first = (b.dues_seen[cur] == 0) & (b.generation[cur] > 0)
    c["first_dues"] += int(np.count_nonzero(first))
    c["first_missed"] += int(np.count_nonzero(first & missed))
    flagged = b.flagged_due[cur] == day
    c["flagged_dues"] += int(np.count_nonzero(flagged))
    c["flagged_missed"] += int(np.count_nonzero(flagged & missed))
    b.dues_seen[idx] += 1


def outcomes_stage(ctx: Context) -> None:
    """Spells that ended today, first answers, lawsuits filed; then today's snapshot."""
    b, snap = ctx.b, ctx.snapshot
    if snap.idx.size:
        _ended(ctx, snap)
    late = ctx.late[b.delinquent_since[ctx.late] > CURRENT]
    if late.size:
        _answered(ctx, late)
        _filed(ctx, late, snap)
    since = b.delinquent_since[late].astype(np.int64)
    ctx.snapshot = Snapshot(
        idx=late,
        since=since,
        generation=b.generation[late].copy(),
        status=b.status[late].copy(),
        talked=b.last_talk[late] >= since,
    )


def _ended(ctx: Context, snap: Snapshot) -> None:
    """Spells behind at the end of yesterday that are over now, and how each ended."""
    b, day, c = ctx.b, ctx.day, ctx.tally.counts
    idx = snap.idx
    handed_on = b.generation[idx] != snap.generation  # paid off, a new borrower holds it
    over = handed_on | (b.delinquent_since[idx] == CURRENT)
    if not over.any():
        return
    st = b.status[idx]
    lost = (st == WRITTEN_OFF) | (st == SOLD)
    settled = (st == CLOSED) & b.settled[idx]
    plan = b.restructured_day[idx] == day
    cured = over & (handed_on | ~(lost | settled | plan))
    c["resolutions"] += int(np.count_nonzero(over))
    c["resolution_days"] += int((day - snap.since[over]).sum())
    c["self_cures"] += int(np.count_nonzero(cured & ~snap.talked))
    b.answered[idx[over & ~handed_on]] = False


def _answered(ctx: Context, late: np.ndarray) -> None:
    """Borrowers behind whom the lender answered today for the first time in the spell."""
    b, day, c = ctx.b, ctx.day, ctx.tally.counts
    now = ((b.last_talk[late] == day) | (b.last_session[late] == day)) & ~b.answered[late]
    first = late[now]
    if first.size:
        b.answered[first] = True
        c["responses"] += int(first.size)
        c["response_days"] += int((day - b.delinquent_since[first].astype(np.int64)).sum())


def _filed(ctx: Context, late: np.ndarray, snap: Snapshot) -> None:
    """Lawsuits filed today: accounts in court now that were not yesterday."""
    b, day = ctx.b, ctx.day
    court = late[b.status[late] == LEGAL]
    if court.size == 0:
        return
    pos = np.minimum(np.searchsorted(snap.idx, court), max(snap.idx.size - 1, 0))
    before = (
        (snap.idx[pos] == court) & (snap.status[pos] == LEGAL)
        if snap.idx.size
        else np.zeros(court.size, dtype=bool)
    )
    new = court[~before]
    ctx.tally.counts["legal_days"] += int((day - b.delinquent_since[new].astype(np.int64)).sum())
