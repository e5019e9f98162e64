"""The lender's daily decisions: segment, choose treatments, apply rules and capacity.

Each day, for every past-due account the lender still works itself:

1. **segment**: the first segment whose filters match (compiled to lookup
   tables, so matching is a few array operations per segment);
2. **request**: each treatment of the segment whose interval has passed since
   the channel was last used on the account;
3. **rules**: a request that would break a rule in force (forbearance, a ban
   on visits, the weekly contact cap, the daily call cap, third-party contact)
   is blocked if the strategy respects rules, else carried out and counted as
   a violation; the lender's own tighter cap always blocks;
4. **capacity and budget**: collectors' calls, field visits and monthly legal
   cases are finite, so requests are ranked (expected recovery = score x
   balance, or as the strategy says) and the rest counted as unmet;
5. the survivors go to :mod:`collectsim.engine.contacts` or, for litigation
   and agency placement, to :mod:`collectsim.engine.legal`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from collectsim.channels import CHANNEL_INDEX, CHANNELS, EXECUTION_ORDER
from collectsim.engine.conduct import advisers_day, agency_day, review
from collectsim.engine.contacts import Attempts, resolve_contacts
from collectsim.engine.legal import file_lawsuits, place_with_agency
from collectsim.engine.scoring import predicted_repayment
from collectsim.engine.segments import Columns
from collectsim.engine.state import ACTIVE, CURRENT, Borrowers
from collectsim.engine.teams import assign, pay_day

if TYPE_CHECKING:
    from collectsim.engine.context import Context
    from collectsim.engine.lender import Lender


def assign_segments(
    lender: Lender,
    b: Borrowers,
    idx: np.ndarray,
    dpd: np.ndarray,
    score: np.ndarray,
    day: int = 0,
) -> np.ndarray:
    """Segment index per account (-1: no segment matches); ``day``: of the horizon."""
    seg = np.full(idx.size, -1, dtype=np.int16)
    segs = lender.segments
    cols = Columns(
        b,
        idx,
        any(s.escalated is not None for s in segs),
        any(not s.learned_ok.all() for s in segs),
        history=any(s.uses_history for s in segs),
        day=day,
    )
    free = np.ones(idx.size, dtype=bool)
    for k, s in enumerate(lender.segments):
        hit = free & s.matches_columns(cols, dpd, score)
        seg[hit] = k
        free &= ~hit
        if not free.any():
            break
    return seg


def priority(
    lender: Lender, b: Borrowers, idx: np.ndarray, dpd: np.ndarray, score: np.ndarray
) -> np.ndarray:
    """Rank for scarce capacity: higher first."""
    how = lender.strategy.priority
    balance = b.balance[idx].astype(np.float64)
    if how == "balance":
        return balance
    if how == "days_past_due":
        return dpd.astype(np.float64)
    if how == "expected_loss":
        return (1.0 - score) * balance
    if how == "swing":
        return score * (1.0 - score) * balance
    return score * balance


def requests(
    lender: Lender, b: Borrowers, idx: np.ndarray, seg: np.ndarray, day: int
) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    """Channel -> (accounts, tones) the strategy wants contacted today."""
    wanted: dict[int, list[tuple[np.ndarray, int]]] = {}
    last = b.last_contact
    for k, s in enumerate(lender.segments):
        acc = idx[seg == k]
        if acc.size == 0:
            continue
        for ch, every, tone in s.treatments:
            due = acc[last[ch][acc] <= day - every]  # a row, then a 1-D gather: cheaper
            if due.size:
                wanted.setdefault(ch, []).append((due, tone))
    out = {}
    for ch, parts in wanted.items():
        if len(parts) == 1:
            due, tone = parts[0]
            out[ch] = (due, np.full(due.size, tone, dtype=np.int8))
        else:
            accs = [a for a, _ in parts]
            tones = np.array([t for _, t in parts], dtype=np.int8)
            out[ch] = (np.concatenate(accs), np.repeat(tones, [a.size for a in accs]))
    return out


def ration(
    lender: Lender,
    counts: dict[str, int],
    pool: str | None,
    rank: np.ndarray,
    unit_cost: int,
) -> np.ndarray:
    """Positions of the highest-ranked requests that capacity and budget allow."""
    n = rank.size
    limit = n
    if pool is not None:
        limit = min(limit, lender.capacity_left[pool])
    if lender.budget_left is not None and unit_cost > 0:
        limit = min(limit, int(lender.budget_left // unit_cost))
    order = np.arange(n) if limit >= n else top_ranked(rank, limit)
    counts["unmet_contacts"] += int(n - order.size)
    if pool is not None:
        lender.capacity_left[pool] -= order.size
    if lender.budget_left is not None:
        lender.budget_left -= order.size * unit_cost
    return order


def top_ranked(rank: np.ndarray, limit: int) -> np.ndarray:
    """Positions of the ``limit`` highest ranks, ties to the lower position, ascending.

    The same set as ``np.argsort(-rank, kind="stable")[:limit]`` (then sorted),
    found by a linear-time partition instead of a full sort.
    """
    if limit <= 0:
        return np.empty(0, dtype=np.intp)
    neg = -rank
    kth = np.partition(neg, limit - 1)[limit - 1]
    if np.isnan(kth):  # fewer than `limit` real ranks: keep the sort's NaN order
        order = np.argsort(neg, kind="stable")[:limit]
        order.sort()
        return order
    above = np.flatnonzero(neg < kth)
    ties = np.flatnonzero(neg == kth)[: limit - above.size]
    return np.sort(np.concatenate([above, ties]))


_CALL_ROWS = np.array([[CHANNEL_INDEX[c]] for c in ("agent_call", "automated_call")])


def rule_breaks(ctx: Context, ch_name: str, acc: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(breaks a rule in force, breaks only the lender's own cap) per account."""
    ch, reg, b, day = CHANNELS[ch_name], ctx.scenario.regulation, ctx.b, ctx.day
    breaks = np.zeros(acc.size, dtype=bool)
    own = np.zeros(acc.size, dtype=bool)
    if ctx.economy.forbearance[day]:  # a mandated holiday stops all collection, legal included
        breaks[:] = True
    if ch_name == "field_visit" and not reg.field_visits_allowed:
        breaks[:] = True
    if ch.counts_toward_cap:  # calls and field visits
        week = b.week_contacts[:, acc].sum(axis=0, dtype=np.int32)
        breaks |= week >= reg.max_calls_and_visits_per_week
        cap = ctx.lender.strategy.compliance.max_calls_and_visits_per_week
        if cap is not None:
            own |= week >= cap
    if ch_name in reg.contact_cap_channels:  # every contact the rule counts, written ones too
        capped = b.week_capped[:, acc].sum(axis=0, dtype=np.int32)
        if reg.max_contacts_per_week is not None:
            breaks |= capped >= reg.max_contacts_per_week
        own_cap = ctx.lender.strategy.compliance.max_contacts_per_week
        if own_cap is not None:
            own |= capped >= own_cap
    if ch.is_call:
        calls = (b.last_contact[_CALL_ROWS, acc] == day).sum(axis=0, dtype=np.int32)
        breaks |= calls >= reg.max_calls_per_day
        if reg.quiet_days_after_conversation > 0:  # Regulation F: no call soon after a talk
            breaks |= day - b.last_conversation[acc] < reg.quiet_days_after_conversation
    return breaks, own & ~breaks


def lender_works(ctx: Context) -> None:
    """The lender's day: capacity refreshed, then its treatments for the past-due accounts
    it still works itself (active, not in court or with an agency)."""
    lender, b = ctx.lender, ctx.b
    lender.refresh_capacity(ctx.day)
    # the lender's people: pay, the advisers' day, the agency's conduct (engine/teams.py,
    # engine/conduct.py)
    pay_day(ctx)
    advisers_day(ctx)
    agency_day(ctx, ctx.today.late)
    idx, dpd = ctx.today.late, ctx.today.days_past_due
    active = b.status[idx] == ACTIVE
    if active.any():
        collect(ctx, idx[active], dpd[active])


def collect(ctx: Context, idx: np.ndarray, dpd: np.ndarray) -> None:
    """Run the lender's treatments for the accounts in ``idx`` (active, past due)."""
    lender, b = ctx.lender, ctx.b
    # the score is pure, so compute it once for segments and ranking alike
    score = predicted_repayment(ctx, idx) if lender.uses_score else np.zeros(idx.size)
    seg = assign_segments(lender, b, idx, dpd, score, ctx.day - ctx.start)
    b.segment[idx] = seg
    wanted = requests(lender, b, idx, seg, ctx.day)
    if not wanted:
        return
    rank_all = priority(lender, b, idx, dpd, score)
    where = lender.positions(idx, b.n)
    for ch_name in EXECUTION_ORDER:
        ch = CHANNEL_INDEX[ch_name]
        if ch in wanted:
            acc, tones = wanted[ch]
            _carry_out(ctx, ch_name, acc, tones, seg, rank_all, where)


def permitted(
    ctx: Context,
    ch_name: str,
    acc: np.ndarray,
    tones: np.ndarray,
    rank_all: np.ndarray,
    where: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The attempts the rules allow (or that break them, counted, if the strategy ignores
    them) and capacity and budget leave, best ranked first: accounts, tones, rule breaks and
    positions in the day's ranking; blocked and unmet attempts are counted."""
    lender, counts = ctx.lender, ctx.tally.counts
    breaks, own = rule_breaks(ctx, ch_name, acc)
    n_own, n_breaks = int(np.count_nonzero(own)), int(np.count_nonzero(breaks))
    counts["blocked_contacts"] += n_own
    if lender.strategy.compliance.respects_rules:
        counts["blocked_contacts"] += n_breaks
        dropped, keep = n_own + n_breaks, ~(breaks | own)
    else:
        dropped, keep = n_own, ~own
    if dropped:
        acc, tones, breaks = acc[keep], tones[keep], breaks[keep]
    loc = where[acc]
    if acc.size == 0:
        return acc, tones, breaks, loc
    k = CHANNEL_INDEX[ch_name]
    chosen = ration(lender, counts, CHANNELS[ch_name].capacity, rank_all[loc], lender.unit_cost[k])
    if chosen.size < acc.size:
        acc, tones, breaks, loc = acc[chosen], tones[chosen], breaks[chosen], loc[chosen]
    return acc, tones, breaks, loc


def _carry_out(
    ctx: Context,
    ch_name: str,
    acc: np.ndarray,
    tones: np.ndarray,
    seg: np.ndarray,
    rank_all: np.ndarray,
    where: np.ndarray,
) -> None:
    """One channel's requests: still live, within the rules, within capacity, then done."""
    lender, b, counts = ctx.lender, ctx.b, ctx.tally.counts
    # drop accounts an earlier channel today cured, re-aged or moved out of active work
    # (each filter is skipped when it keeps everyone: most days, most channels)
    live = (b.status[acc] == ACTIVE) & (b.delinquent_since[acc] > CURRENT)
    if not live.all():
        acc, tones = acc[live], tones[live]
        if acc.size == 0:
            return
    acc, tones, breaks, loc = permitted(ctx, ch_name, acc, tones, rank_all, where)
    if acc.size == 0:
        return
    k = CHANNEL_INDEX[ch_name]
    scale = None
    checked = review(ctx, ch_name, breaks)  # legal advisers' review (engine/conduct.py)
    if checked is not None:
        keep, scale = checked
        acc, tones, breaks, loc, scale = (
            acc[keep],
            tones[keep],
            breaks[keep],
            loc[keep],
            scale[keep],
        )
    counts["violations"] += int(np.count_nonzero(breaks))
    if ch_name == "litigation":
        file_lawsuits(ctx, acc)
    elif ch_name == "agency_placement":
        if lender.agency.dropped:  # the lender dropped its agency (engine/conduct.py)
            counts["blocked_contacts"] += int(acc.size)
            return
        place_with_agency(ctx, acc)
    else:
        att = Attempts(ch_name, acc, tones, breaks, seg[loc], complaint_scale=scale)
        att.crew = assign(ctx, ch_name, k, acc)  # who makes each call or visit
        resolve_contacts(ctx, att)
