"""Money moving on an account: payments, late fees, and what a borrower can spare.

:func:`apply_payment` is the one place where balances, arrears, days past
due and the ledger move together, whoever pays (the borrower, an agency's
client, a court).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from collectsim.engine.state import ACTIVE, AGENCY, CLOSED, CURRENT, MONTH
from collectsim.engine.teams import credit_collectors

if TYPE_CHECKING:
    from collectsim.engine.context import Context


def able_to_pay(ctx: Context, idx: np.ndarray) -> np.ndarray:
    """Cash a borrower can spare for this debt (cents): cash above the living reserve they
    keep back. A borrower who has talked with the lender gives the debt priority and keeps
    back less (``1 - exp(-commitment)`` of the reserve is released)."""
    b = ctx.b
    keep = ctx.behaviour.reserve_share * np.exp(-b.commitment[idx].astype(np.float64))
    reserve = (b.expenses[idx] * keep).astype(np.int64)
    return np.maximum(b.cash[idx] - reserve, 0)


def last_due_day(ctx: Context, idx: np.ndarray, day: int) -> np.ndarray:
    """The latest due date on or before ``day`` of each account."""
    return day - ((day - ctx.b.cycle_day[idx].astype(np.int64)) % MONTH)


def apply_payment(
    ctx: Context, idx: np.ndarray, amount: np.ndarray, route: str = "borrower"
) -> None:
    """Take ``amount`` cents from each borrower's cash (unless a court took it) and credit
    the loan; ``idx`` holds each account once."""
    keep = amount > 0
    if not keep.all():
        idx, amount = idx[keep], amount[keep]
    if idx.size == 0:
        return
    b = ctx.b
    balance = b.balance[idx]
    amount = np.minimum(amount, balance)
    if route not in ("court", "refinance"):  # paid by a court's seizure, or another lender
        cash = b.cash[idx]
        b.cash[idx] = cash - np.minimum(amount, cash)
    since, status = b.delinquent_since[idx], b.status[idx]
    past_due = (since > CURRENT) | (status != ACTIVE)
    balance -= amount
    b.balance[idx] = balance
    fees = b.fees[idx]
    fees -= np.minimum(fees, amount)
    b.fees[idx] = fees
    arrears = b.arrears[idx]
    arrears -= np.minimum(arrears, amount)
    b.arrears[idx] = arrears
    ctx.ledger.post("payment", amount)
    b.answered_unpaid[idx] = 0
    ctx.tally.counts["collected"] += int(amount[past_due].sum())
    credit_collectors(ctx, idx[past_due], amount[past_due])  # engine/teams.py
    ctx.events.record(ctx.day, idx, "payment", amount)
    if route == "borrower":
        agency = status == AGENCY
        if agency.any():
            rate = ctx.lender.strategy.agency.commission
            ctx.ledger.post("agency_commission", np.rint(amount[agency] * rate).astype(np.int64))
    _age(ctx, idx, since, balance, fees, arrears)


def _age(
    ctx: Context,
    idx: np.ndarray,
    since: np.ndarray,
    balance: np.ndarray,
    fees: np.ndarray,
    arrears: np.ndarray,
) -> None:
    """After a payment: cured, still behind by the oldest unpaid instalment, or paid off."""
    b = ctx.b
    cured = arrears == 0
    fixed = idx[cured]
    was_late = since[cured] > CURRENT
    if was_late.any():
        counts = ctx.tally.counts
        counts["cures"] += int(np.count_nonzero(was_late))
        counts["cured_balance"] += int(balance[cured][was_late].sum())
        counts["days_to_cure"] += int((ctx.day - since[cured][was_late]).sum())
    b.delinquent_since[fixed] = CURRENT
    b.promise_due[fixed] = -1
    b.unanswered[fixed] = 0
    b.escalated[fixed] = False
    part_mask = ~cured & (since > CURRENT)
    if part_mask.any():
        part = idx[part_mask]
        inst = np.maximum(b.instalment[part], 1)
        # contractual delinquency counts unpaid instalments, not fees still owed
        owed = arrears[part_mask]
        unpaid = owed - np.minimum(fees[part_mask], owed)
        behind = np.maximum(1, -(-unpaid // inst))
        anchor = last_due_day(ctx, part, ctx.day) - MONTH * (behind - 1)
        b.delinquent_since[part] = np.maximum(since[part_mask], anchor).astype(np.int32)
    done_mask = balance == 0
    if done_mask.any():
        done = idx[done_mask]
        b.status[done] = CLOSED
        b.delinquent_since[done] = CURRENT
        b.arrears[done] = 0
        arrears[done_mask] = 0
    # a payment excites further payments (self-exciting repayment) until the account is cured
    b.salience[idx[arrears > 0]] += np.float32(ctx.behaviour.payment_excitation)
    b.salience[idx[arrears == 0]] = 0.0


def charge_fee(ctx: Context, idx: np.ndarray) -> None:
    """A late fee on each account in ``idx`` (it is part of the balance and the arrears)."""
    b = ctx.b
    fee = b.late_fee[idx]
    b.balance[idx] += fee
    b.fees[idx] += fee
    b.arrears[idx] += fee
    ctx.ledger.post("fee", fee)
