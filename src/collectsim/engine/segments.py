"""The strategy's segments compiled to lookup tables, so matching is a few array operations.

A segment matches on days past due, a (product x borrower type x grade)
table indexed by :func:`kind_code`, the score band, the balance range and
escalation. Compiled once per run, by the :class:`~collectsim.engine.lender.Lender`.

>>> from collectsim.config import load_strategy
>>> segs = compile_strategy(load_strategy("standard"))
>>> segs[0].name, segs[0].dpd_lo, segs[0].dpd_hi
('early', 1, 14)
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from collectsim.channels import CHANNEL_INDEX, TONE_NAMES
from collectsim.config.levers import HISTORY_FIELDS, MAX_EVENTS
from collectsim.config.portfolio import GRADES, PRODUCT_KINDS
from collectsim.config.strategy import Offers, Strategy
from collectsim.engine.state import KNOWN_REASONS, Borrowers

#: the borrower state that holds each history count
HISTORY_STATES = {
    "answered_without_payment": "answered_unpaid",
    "broken_promises": "broken_promises",
    "broken_plans": "broken_plans",
    "past_plans": "past_plans",
    "complaints": "complaints_made",
}
_NO_HISTORY = (np.zeros(len(HISTORY_FIELDS), np.int64), np.full(len(HISTORY_FIELDS), MAX_EVENTS))


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
    learned_ok: np.ndarray
    """per KNOWN_REASONS code: does the segment match what the lender learned"""
    treatments: tuple[tuple[int, int, int], ...]
    """(channel index, every_days, tone index)"""
    offers: Offers
    escalate_after_unanswered: int
    escalate_on_broken_promise: bool

    kind_ok: np.ndarray
    """product x borrower type x grade filters as one table, indexed by :func:`kind_code`"""
    history_lo: np.ndarray = field(default_factory=lambda: _NO_HISTORY[0])
    """per HISTORY_FIELDS: the least count the segment matches"""
    history_hi: np.ndarray = field(default_factory=lambda: _NO_HISTORY[1])
    """per HISTORY_FIELDS: the most"""
    campaign: tuple[int, int] | None = None
    """horizon days [from, to] the segment works (none: always)"""
    days_to_due: tuple[int, int] | None = None
    """a pre-due segment: days to the next due date [from, to] (its dpd range is [0, 0]: it
    matches current accounts only, never one past due)"""

    @property
    def uses_history(self) -> bool:
        return bool((self.history_lo > 0).any() or (self.history_hi < MAX_EVENTS).any())

    def matches(
        self, b: Borrowers, idx: np.ndarray, dpd: np.ndarray, score: np.ndarray, day: int = 0
    ) -> np.ndarray:
        cols = Columns(b, idx, self.escalated is not None, history=self.uses_history, day=day)
        return self.matches_columns(cols, dpd, score)

    def matches_columns(self, cols: Columns, dpd: np.ndarray, score: np.ndarray) -> np.ndarray:
        """:meth:`matches` on columns gathered once for all segments."""
        ok = (dpd >= self.dpd_lo) & (dpd <= self.dpd_hi)
        ok &= self.kind_ok[cols.kind]
        if self.score_lo > 0 or self.score_hi < 1:
            ok &= (score >= self.score_lo) & (score <= self.score_hi)
        bal = cols.balance
        ok &= (bal >= self.balance_lo) & (bal <= self.balance_hi)
        if self.escalated is not None:
            ok &= cols.escalated == self.escalated
        if not self.learned_ok.all():
            ok &= self.learned_ok[cols.learned]
        if self.campaign is not None and not self.campaign[0] <= cols.day <= self.campaign[1]:
            ok[:] = False
        if cols.history is not None and self.uses_history:
            within = (cols.history >= self.history_lo[:, None]) & (
                cols.history <= self.history_hi[:, None]
            )
            ok &= within.all(axis=0)
        return ok


class Columns:
    """The columns segment matching reads, gathered once a day for all segments."""

    def __init__(
        self,
        b: Borrowers,
        idx: np.ndarray,
        escalated: bool,
        learned: bool = True,
        history: bool = False,
        day: int = 0,
    ):
        self.kind = kind_code(b, idx)
        self.balance = b.balance[idx]
        self.escalated = b.escalated[idx] if escalated else None
        self.learned = b.known_reason[idx] if learned else np.zeros(idx.size, dtype=np.int8)
        #: (HISTORY_FIELDS x accounts) counts, if a segment filters on them
        self.history = history_columns(b, idx) if history else None
        #: the day of the horizon (campaign windows)
        self.day = day


def history_columns(b: Borrowers, idx: np.ndarray) -> np.ndarray:
    """What the lender's records show of each account, in HISTORY_FIELDS order."""
    return np.stack([getattr(b, HISTORY_STATES[name])[idx] for name in HISTORY_FIELDS])


def kind_code(b: Borrowers, idx: np.ndarray) -> np.ndarray:
    """One code per account for (product, borrower type, grade): ``(p * 2 + sme) * 5 + g``."""
    code = b.product[idx].astype(np.intp)
    code *= 2
    code += b.is_sme[idx]
    code *= len(GRADES)
    code += b.grade[idx]
    return code


def _pair(values: list[int] | None) -> tuple[int, int] | None:
    return (values[0], values[1]) if values else None


def compile_strategy(strategy: Strategy) -> tuple[CompiledSegment, ...]:
    out = []
    for s in strategy.segments:
        lo, hi = s.history.bounds()
        product_ok = np.array([k in s.products for k in PRODUCT_KINDS])
        type_ok = np.array(["person" in s.borrowers, "sme" in s.borrowers])
        grade_ok = np.array([g in s.grades for g in GRADES])
        kind_ok = product_ok[:, None, None] & type_ok[None, :, None] & grade_ok[None, None, :]
        out.append(
            CompiledSegment(
                name=s.name,
                dpd_lo=s.days_past_due[0] if s.days_past_due else 0,  # pre-due: current (0)
                dpd_hi=s.days_past_due[1] if s.days_past_due else 0,
                product_ok=product_ok,
                type_ok=type_ok,
                grade_ok=grade_ok,
                score_lo=s.score_band[0],
                score_hi=s.score_band[1],
                balance_lo=round(s.balance[0] * 100),
                balance_hi=min(round(s.balance[1] * 100), np.iinfo(np.int64).max),
                escalated=s.escalated,
                learned_ok=np.array([k in s.learned for k in KNOWN_REASONS]),
                treatments=tuple(
                    (CHANNEL_INDEX[t.channel], t.every_days, TONE_NAMES.index(t.tone))
                    for t in s.treatments
                ),
                offers=s.offers,
                escalate_after_unanswered=s.escalate_after_unanswered,
                escalate_on_broken_promise=s.escalate_on_broken_promise,
                kind_ok=kind_ok.ravel(),
                history_lo=np.array(lo, dtype=np.int64),
                history_hi=np.array(hi, dtype=np.int64),
                campaign=_pair(s.campaign_days),
                days_to_due=_pair(s.days_to_due),
            )
        )
    return tuple(out)
