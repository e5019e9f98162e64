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

from dataclasses import dataclass

import numpy as np

from collectsim.channels import CHANNEL_INDEX, TONE_NAMES
from collectsim.config.portfolio import GRADES, PRODUCT_KINDS
from collectsim.config.strategy import Offers, Strategy
from collectsim.engine.state import KNOWN_REASONS, Borrowers


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

    def matches(
        self, b: Borrowers, idx: np.ndarray, dpd: np.ndarray, score: np.ndarray
    ) -> np.ndarray:
        cols = Columns(b, idx, self.escalated is not None)
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
        return ok


class Columns:
    """The columns segment matching reads, gathered once a day for all segments."""

    def __init__(self, b: Borrowers, idx: np.ndarray, escalated: bool, learned: bool = True):
        self.kind = kind_code(b, idx)
        self.balance = b.balance[idx]
        self.escalated = b.escalated[idx] if escalated else None
        self.learned = b.known_reason[idx] if learned else np.zeros(idx.size, dtype=np.int8)


def kind_code(b: Borrowers, idx: np.ndarray) -> np.ndarray:
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
                learned_ok=np.array([k in s.learned for k in KNOWN_REASONS]),
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
