"""The end of the road: lawsuits, agencies, charge-off and debt sale.

A lawsuit costs court fees on China's sliding scale (诉讼费用交纳办法, 2007)
plus a lawyer's fee, and ends after a random duration in a judgment that
succeeds with a set probability; a judgment recovers a share of the
borrower's cash and seizable assets (twice the share with asset
preservation), and what it cannot recover is charged off. An agency works a
placed account for a set time with a multiplied repayment intensity, for a
commission. An account still past due at the write-off threshold is charged
off and, if the strategy sells debt, sold at a fraction of face value.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from collectsim.engine.repayment import apply_payment
from collectsim.engine.state import ACTIVE, AGENCY, CURRENT, LEGAL, SOLD, WRITTEN_OFF

if TYPE_CHECKING:  # the model passes itself in; importing it here would be circular
    from collectsim.model import CollectionModel

#: (upper bound of the band in yuan, marginal rate); first 10,000 yuan: flat 50 yuan
_COURT_BANDS = ((100_000, 0.025), (200_000, 0.02), (500_000, 0.015), (1_000_000, 0.01))
_TOP_RATE = 0.009


def court_fee_cents(balance_cents: np.ndarray) -> np.ndarray:
    """Court acceptance fee for a money claim of ``balance`` (cents), sliding scale."""
    claim = balance_cents / 100.0
    fee = np.full(claim.shape, 50.0)
    lower = 10_000.0
    for upper, rate in _COURT_BANDS:
        # np.minimum/np.maximum: np.clip's Python wrapper costs more than the work here
        fee += np.minimum(np.maximum(claim - lower, 0), upper - lower) * rate
        lower = upper
    fee += np.maximum(claim - lower, 0) * _TOP_RATE
    return np.rint(fee * 100).astype(np.int64)


def file_lawsuits(m: CollectionModel, acc: np.ndarray, day: int) -> None:
    b, legal = m.b, m.strategy.legal
    cost = court_fee_cents(b.balance[acc]) + round(legal.lawyer_fee * 100)
    m.ledger.post("legal_cost", cost)
    m.counters["legal_cases"] += int(acc.size)
    lo, hi = legal.duration_days
    u = m.streams.uniform("legal", day, acc)
    until = day + lo + np.floor(u * (hi - lo + 1)).astype(np.int64)
    b.status[acc] = LEGAL
    b.legal_until[acc] = until
    b.promise_due[acc] = -1
    for d in np.unique(until):
        m.docket.setdefault(int(d), []).append(acc[until == d])
    m.events.record(day, acc, "lawsuit_filed", cost)


def judgments(m: CollectionModel, day: int) -> None:
    parts = m.docket.pop(day, None)
    if not parts:
        return
    b, legal = m.b, m.strategy.legal
    acc = np.concatenate(parts)
    acc = acc[(b.status[acc] == LEGAL) & (b.legal_until[acc] == day)]
    if acc.size == 0:
        return
    b.legal_until[acc] = -1
    won = m.streams.uniform("legal", day, acc) < legal.success_probability
    boost = legal.preservation_multiplier if legal.asset_preservation else 1.0
    share = min(1.0, legal.recovery_share * boost)
    reach = (b.cash[acc] + b.assets[acc]).astype(np.float64) * share
    recovered = np.where(won, np.minimum(b.balance[acc], np.floor(reach)), 0).astype(np.int64)
    from_cash = np.minimum(b.cash[acc], recovered)
    b.cash[acc] -= from_cash
    b.assets[acc] -= recovered - from_cash
    apply_payment(m, acc, recovered, day, route="court")
    m.events.record(day, acc, "judgment", recovered)
    rest = acc[b.balance[acc] > 0]
    write_off(m, rest, day)


def place_with_agency(m: CollectionModel, acc: np.ndarray, day: int) -> None:
    b = m.b
    b.status[acc] = AGENCY
    until = day + m.strategy.agency.placement_days
    b.agency_until[acc] = until
    m.recalls.setdefault(until, []).append(acc)
    m.events.record(day, acc, "agency_placement", b.balance[acc])


def agency_recalls(m: CollectionModel, day: int) -> None:
    parts = m.recalls.pop(day, None)
    if not parts:
        return
    acc = np.concatenate(parts)
    acc = acc[(m.b.status[acc] == AGENCY) & (m.b.agency_until[acc] == day)]
    m.b.status[acc] = ACTIVE
    m.b.agency_until[acc] = -1
    m.events.record(day, acc, "agency_recall", m.b.balance[acc])


def write_off_due(m: CollectionModel, idx: np.ndarray, dpd: np.ndarray, day: int) -> None:
    """Charge off active or placed accounts at the write-off threshold."""
    st = m.b.status[idx]
    threshold = m.strategy.write_off.days_past_due
    limit = np.full(idx.size, threshold) if threshold > 0 else m.b.write_off_days[idx]
    due = idx[((st == ACTIVE) | (st == AGENCY)) & (dpd >= limit)]
    write_off(m, due, day)


def write_off(m: CollectionModel, acc: np.ndarray, day: int) -> None:
    if acc.size == 0:
        return
    b = m.b
    amount = b.balance[acc].copy()
    m.ledger.post("write_off", amount)
    b.balance[acc] = 0
    b.arrears[acc] = 0
    b.fees[acc] = 0
    b.delinquent_since[acc] = CURRENT
    b.promise_due[acc] = -1
    b.status[acc] = WRITTEN_OFF
    m.events.record(day, acc, "write_off", amount)
    sale = m.strategy.debt_sale
    if sale.enabled:
        proceeds = np.rint(amount * sale.price_fraction).astype(np.int64)
        m.ledger.post("debt_sale", proceeds)
        b.status[acc] = SOLD
        m.events.record(day, acc, "debt_sale", proceeds)
