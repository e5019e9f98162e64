"""The end of the road: lawsuits, agencies, charge-off and debt sale.

A lawsuit costs court fees on the sliding scale of the book's jurisdiction
(the portfolio's ``[court_fees]``; by default China's, 诉讼费用交纳办法 2007)
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

from collectsim.config.portfolio import CourtFees
from collectsim.engine.payments import apply_payment
from collectsim.engine.state import ACTIVE, AGENCY, CURRENT, LEGAL, SOLD, WRITTEN_OFF

if TYPE_CHECKING:
    from collectsim.engine.context import Context


def court_fee_cents(balance_cents: np.ndarray, scale: CourtFees) -> np.ndarray:
    """Court acceptance fee for a money claim of ``balance`` (cents), on the sliding scale
    of the book's jurisdiction (in its currency)."""
    claim = balance_cents / 100.0
    fee = np.full(claim.shape, scale.flat_fee)
    lower = scale.flat_up_to
    for upper, rate in scale.bands:
        # np.minimum/np.maximum: np.clip's Python wrapper costs more than the work here
        fee += np.minimum(np.maximum(claim - lower, 0), upper - lower) * rate
        lower = upper
    fee += np.maximum(claim - lower, 0) * scale.top_rate
    return np.rint(fee * 100).astype(np.int64)


def file_lawsuits(ctx: Context, acc: np.ndarray) -> None:
    """Sue: court and lawyer's fees now, a judgment day drawn within the usual duration."""
    b, legal, day = ctx.b, ctx.lender.strategy.legal, ctx.day
    cost = court_fee_cents(b.balance[acc], ctx.portfolio.court_fees) + round(legal.lawyer_fee * 100)
    ctx.ledger.post("legal_cost", cost)
    ctx.tally.counts["legal_cases"] += int(acc.size)
    lo, hi = legal.duration_days
    u = ctx.streams.uniform("legal", day, acc)
    until = day + lo + np.floor(u * (hi - lo + 1)).astype(np.int64)
    b.status[acc] = LEGAL
    b.legal_until[acc] = until
    b.promise_due[acc] = -1
    docket = ctx.pipeline.docket
    for d in np.unique(until):
        docket.setdefault(int(d), []).append(acc[until == d])
    ctx.events.record(day, acc, "lawsuit_filed", cost)


def judgments(ctx: Context) -> None:
    """Today's judgments: won cases recover from cash and assets; the rest is charged off."""
    day = ctx.day
    parts = ctx.pipeline.docket.pop(day, None)
    if not parts:
        return
    b, legal = ctx.b, ctx.lender.strategy.legal
    acc = np.concatenate(parts)
    acc = acc[(b.status[acc] == LEGAL) & (b.legal_until[acc] == day)]
    if acc.size == 0:
        return
    b.legal_until[acc] = -1
    won = ctx.streams.uniform("legal", day, acc) < legal.success_probability
    boost = legal.preservation_multiplier if legal.asset_preservation else 1.0
    share = min(1.0, legal.recovery_share * boost)
    reach = (b.cash[acc] + b.assets[acc]).astype(np.float64) * share
    recovered = np.where(won, np.minimum(b.balance[acc], np.floor(reach)), 0).astype(np.int64)
    from_cash = np.minimum(b.cash[acc], recovered)
    b.cash[acc] -= from_cash
    b.assets[acc] -= recovered - from_cash
    apply_payment(ctx, acc, recovered, route="court")
    ctx.tally.counts["court_recovered"] += int(recovered.sum())
    ctx.events.record(day, acc, "judgment", recovered)
    rest = acc[b.balance[acc] > 0]
    write_off(ctx, rest)


def place_with_agency(ctx: Context, acc: np.ndarray) -> None:
    """Hand accounts to an outside agency for its placement period."""
    b, day = ctx.b, ctx.day
    b.status[acc] = AGENCY
    until = day + ctx.lender.strategy.agency.placement_days
    b.agency_until[acc] = until
    ctx.pipeline.recalls.setdefault(until, []).append(acc)
    ctx.events.record(day, acc, "agency_placement", b.balance[acc])


def agency_recalls(ctx: Context) -> None:
    """Placements that end today come back to the lender's own work."""
    parts = ctx.pipeline.recalls.pop(ctx.day, None)
    if not parts:
        return
    b = ctx.b
    acc = np.concatenate(parts)
    acc = acc[(b.status[acc] == AGENCY) & (b.agency_until[acc] == ctx.day)]
    b.status[acc] = ACTIVE
    b.agency_until[acc] = -1
    ctx.events.record(ctx.day, acc, "agency_recall", b.balance[acc])


def write_off_due(ctx: Context, idx: np.ndarray, dpd: np.ndarray) -> None:
    """Charge off active or placed accounts at the write-off threshold."""
    b = ctx.b
    st = b.status[idx]
    threshold = ctx.lender.strategy.write_off.days_past_due
    limit = np.full(idx.size, threshold) if threshold > 0 else b.write_off_days[idx]
    due = idx[((st == ACTIVE) | (st == AGENCY)) & (dpd >= limit)]
    write_off(ctx, due)


def write_off(ctx: Context, acc: np.ndarray) -> None:
    """Charge off (and sell, if the strategy sells debt) what is left on ``acc``."""
    if acc.size == 0:
        return
    b, day = ctx.b, ctx.day
    amount = b.balance[acc].copy()
    ctx.ledger.post("write_off", amount)
    b.balance[acc] = 0
    b.arrears[acc] = 0
    b.fees[acc] = 0
    b.delinquent_since[acc] = CURRENT
    b.promise_due[acc] = -1
    b.status[acc] = WRITTEN_OFF
    ctx.events.record(day, acc, "write_off", amount)
    sale = ctx.lender.strategy.debt_sale
    if sale.enabled:
        proceeds = np.rint(amount * sale.price_fraction).astype(np.int64)
        ctx.ledger.post("debt_sale", proceeds)
        b.status[acc] = SOLD
        ctx.events.record(day, acc, "debt_sale", proceeds)
