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

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from collectsim.channels import CHANNEL_INDEX, CHANNELS, EXECUTION_ORDER, TONE_NAMES
from collectsim.config.portfolio import GRADES, PRODUCT_KINDS
from collectsim.config.strategy import Offers, Strategy
from collectsim.engine.state import ACTIVE, CURRENT

if TYPE_CHECKING:  # the model passes itself in; importing it here would be circular
    from collectsim.model import CollectionModel


@dataclass(frozen=True)
class CompiledSegment:
    name: str
    dpd_lo: int
    dpd_hi: int
    product_ok: np.ndarray
    type_ok: np.ndarray
    grade_ok: np.ndarray
    score_lo: float
    score_hi: float
    balance_lo: int
    balance_hi: int
    escalated: bool | None
    treatments: tuple[tuple[int, int, int], ...]
    """(channel index, every_days, tone index)"""
    offers: Offers
    escalate_after_unanswered: int
    escalate_on_broken_promise: bool

    kind_ok: np.ndarray
    """product x borrower type x grade filters as one table, indexed by :func:`kind_code`"""

    def matches(self, b, idx: np.ndarray, dpd: np.ndarray, score: np.ndarray) -> np.ndarray:
        return self.matches_columns(_Columns(b, idx, self.escalated is not None), dpd, score)

    def matches_columns(self, cols: _Columns, dpd: np.ndarray, score: np.ndarray) -> np.ndarray:
        """:meth:`matches` on columns gathered once for all segments."""
        ok = (dpd >= self.dpd_lo) & (dpd <= self.dpd_hi)
        ok &= self.kind_ok[cols.kind]
        if self.score_lo > 0 or self.score_hi < 1:
            ok &= (score >= self.score_lo) & (score <= self.score_hi)
        bal = cols.balance
        ok &= (bal >= self.balance_lo) & (bal <= self.balance_hi)
        if self.escalated is not None:
            ok &= cols.escalated == self.escalated
        return ok


class _Columns:
    """The columns segment matching reads, gathered once a day for all segments."""

    def __init__(self, b, idx: np.ndarray, escalated: bool):
        self.kind = kind_code(b, idx)
        self.balance = b.balance[idx]
        self.escalated = b.escalated[idx] if escalated else None


def kind_code(b, idx: np.ndarray) -> np.ndarray:
    """One code per account for (product, borrower type, grade): ``(p * 2 + sme) * 5 + g``."""
    code = b.product[idx].astype(np.intp)
    code *= 2
    code += b.is_sme[idx]
    code *= len(GRADES)
    code += b.grade[idx]
    return code


def compile_strategy(strategy: Strategy) -> tuple[CompiledSegment, ...]:
    out = []
    for s in strategy.segments:
        product_ok = np.array([k in s.products for k in PRODUCT_KINDS])
        type_ok = np.array(["person" in s.borrowers, "sme" in s.borrowers])
        grade_ok = np.array([g in s.grades for g in GRADES])
        kind_ok = product_ok[:, None, None] & type_ok[None, :, None] & grade_ok[None, None, :]
        out.append(
            CompiledSegment(
                name=s.name,
                dpd_lo=s.days_past_due[0],
                dpd_hi=s.days_past_due[1],
                product_ok=product_ok,
                type_ok=type_ok,
                grade_ok=grade_ok,
                score_lo=s.score_band[0],
                score_hi=s.score_band[1],
                balance_lo=round(s.balance[0] * 100),
                balance_hi=min(round(s.balance[1] * 100), np.iinfo(np.int64).max),
                escalated=s.escalated,
                treatments=tuple(
                    (CHANNEL_INDEX[t.channel], t.every_days, TONE_NAMES.index(t.tone))
                    for t in s.treatments
                ),
                offers=s.offers,
                escalate_after_unanswered=s.escalate_after_unanswered,
                escalate_on_broken_promise=s.escalate_on_broken_promise,
                kind_ok=kind_ok.ravel(),
            )
        )
    return tuple(out)


def uses_score(m: CollectionModel) -> bool:
    """Whether today's work needs the risk score (a score band or expected-recovery rank)."""
    bands = any(s.score_lo > 0 or s.score_hi < 1 for s in m.segments)
    return bands or m.strategy.priority == "expected_recovery"


def assign_segments(
    m: CollectionModel, idx: np.ndarray, dpd: np.ndarray, score: np.ndarray | None = None
) -> np.ndarray:
    """Segment index per account (-1: no segment matches)."""
    seg = np.full(idx.size, -1, dtype=np.int16)
    if score is None:
        score = m.score(idx)
    cols = _Columns(m.b, idx, any(s.escalated is not None for s in m.segments))
    free = np.ones(idx.size, dtype=bool)
    for k, s in enumerate(m.segments):
        hit = free & s.matches_columns(cols, dpd, score)
        seg[hit] = k
        free &= ~hit
        if not free.any():
            break
    return seg


def priority(
    m: CollectionModel, idx: np.ndarray, dpd: np.ndarray, score: np.ndarray | None = None
) -> np.ndarray:
    how = m.strategy.priority
    if how == "balance":
        return m.b.balance[idx].astype(np.float64)
    if how == "days_past_due":
        return dpd.astype(np.float64)
    return (m.score(idx) if score is None else score) * m.b.balance[idx]


def requests(
    m: CollectionModel, idx: np.ndarray, seg: np.ndarray, day: int
) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    """Channel -> (accounts, tones) the strategy wants contacted today."""
    wanted: dict[int, list[tuple[np.ndarray, int]]] = {}
    last = m.b.last_contact
    for k, s in enumerate(m.segments):
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


def rule_breaks(
    m: CollectionModel, ch_name: str, acc: np.ndarray, day: int
) -> tuple[np.ndarray, np.ndarray]:
    """(breaks a rule in force, breaks only the lender's own cap) per account."""
    ch, reg = CHANNELS[ch_name], m.scenario.regulation
    breaks = np.zeros(acc.size, dtype=bool)
    own = np.zeros(acc.size, dtype=bool)
    if m.economy.forbearance[day]:  # a mandated holiday stops all collection, legal included
        breaks[:] = True
    if ch_name == "field_visit" and not reg.field_visits_allowed:
        breaks[:] = True
    if ch.counts_toward_cap:
        week = m.b.week_contacts[:, acc].sum(axis=0, dtype=np.int32)
        breaks |= week >= reg.max_contacts_per_week
        cap = m.strategy.compliance.max_contacts_per_week
        if cap is not None:
            own |= week >= cap
    if ch.is_call:
        calls = (m.b.last_contact[_CALL_ROWS, acc] == day).sum(axis=0, dtype=np.int32)
        breaks |= calls >= reg.max_calls_per_day
        if reg.quiet_days_after_conversation > 0:  # Regulation F: no call soon after a talk
            breaks |= day - m.b.last_conversation[acc] < reg.quiet_days_after_conversation
    return breaks, own & ~breaks


_CALL_ROWS = np.array([[CHANNEL_INDEX[c]] for c in ("agent_call", "automated_call")])


def ration(m: CollectionModel, pool: str | None, acc: np.ndarray, rank: np.ndarray, unit_cost: int):
    """Keep the highest-ranked accounts that capacity and budget allow."""
    limit = acc.size
    if pool is not None:
        limit = min(limit, m.capacity_left[pool])
    if m.budget_left is not None and unit_cost > 0:
        limit = min(limit, int(m.budget_left // unit_cost))
    order = np.arange(acc.size) if limit >= acc.size else top_ranked(rank, limit)
    m.counters["unmet_contacts"] += int(acc.size - order.size)
    if pool is not None:
        m.capacity_left[pool] -= order.size
    if m.budget_left is not None:
        m.budget_left -= order.size * unit_cost
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


def positions(m: CollectionModel, idx: np.ndarray) -> np.ndarray:
    """A lookup table: ``positions(m, idx)[a]`` is where account ``a`` sits in ``idx``.

    Valid only for accounts in ``idx`` (unique) and until the next call; one
    table per model, reused, so a day costs a scatter instead of a sort.
    """
    table = getattr(m, "_positions", None)
    if table is None or table.size != m.b.n:
        table = m._positions = np.empty(m.b.n, dtype=np.int32)
    table[idx] = np.arange(idx.size, dtype=np.int32)
    return table


def collect(m: CollectionModel, idx: np.ndarray, dpd: np.ndarray, day: int) -> None:
    """Run the lender's treatments for the accounts in ``idx`` (active, past due)."""
    from collectsim.engine.contacts import resolve_contacts
    from collectsim.engine.legal import file_lawsuits, place_with_agency

    # the score is pure, so compute it once for segments and ranking alike
    score = m.score(idx) if uses_score(m) else np.zeros(idx.size)
    seg = assign_segments(m, idx, dpd, score)
    m.b.segment[idx] = seg
    wanted = requests(m, idx, seg, day)
    if not wanted:
        return
    rank_all = priority(m, idx, dpd, score)
    where = positions(m, idx)
    respects = m.strategy.compliance.respects_rules
    for ch_name in EXECUTION_ORDER:
        ch = CHANNEL_INDEX[ch_name]
        if ch not in wanted:
            continue
        acc, tones = wanted[ch]
        # drop accounts an earlier channel today cured, re-aged or moved out of active work
        # (each filter is skipped when it keeps everyone: most days, most channels)
        live = (m.b.status[acc] == ACTIVE) & (m.b.delinquent_since[acc] > CURRENT)
        if not live.all():
            acc, tones = acc[live], tones[live]
            if acc.size == 0:
                continue
        breaks, own = rule_breaks(m, ch_name, acc, day)
        n_own, n_breaks = int(np.count_nonzero(own)), int(np.count_nonzero(breaks))
        m.counters["blocked_contacts"] += n_own
        if respects:
            m.counters["blocked_contacts"] += n_breaks
            dropped, keep = n_own + n_breaks, ~(breaks | own)
        else:
            dropped, keep = n_own, ~own
        if dropped:
            acc, tones, breaks = acc[keep], tones[keep], breaks[keep]
            if acc.size == 0:
                continue
        loc = where[acc]
        chosen = ration(m, CHANNELS[ch_name].capacity, acc, rank_all[loc], m.unit_cost[ch])
        if chosen.size < acc.size:
            acc, tones, breaks, loc = acc[chosen], tones[chosen], breaks[chosen], loc[chosen]
            if acc.size == 0:
                continue
        m.count_violations(int(np.count_nonzero(breaks)))
        if ch_name == "litigation":
            file_lawsuits(m, acc, day)
        elif ch_name == "agency_placement":
            place_with_agency(m, acc, day)
        else:
            resolve_contacts(m, ch_name, acc, tones, breaks, seg[loc], day)
