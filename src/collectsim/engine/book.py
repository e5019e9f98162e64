"""The book in steady state: accounts that leave are replaced, cards revolve.

On each account's cycle day, after its dues:

- a current account may be repaid early: cards closed, loans prepaid
  (:func:`leave_early`), so that every type of borrower leaves in time;
- a slot whose account has left the book (paid off, settled, charged off or
  sold) takes a new borrower with a new loan, drawn from the portfolio's mix
  (:func:`collectsim.engine.population.new_borrowers`), if the portfolio
  replaces exits; the departing account's outcome is tallied first;
- a current card in good standing is used again: purchases bring its balance
  back to the revolving balance its holder keeps (``principal``), as a
  revolving book's balances stay level while they are paid down.

Both are money lent (the ledger's ``lent`` flow), so the value a strategy
creates counts what the lender pays out as well as what comes back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from collectsim.engine.payments import apply_payment
from collectsim.engine.population import new_borrowers
from collectsim.engine.state import ACTIVE, CARD, CLOSED, CURRENT, SOLD, WRITTEN_OFF

if TYPE_CHECKING:
    from collectsim.engine.context import Context


def book_stage(ctx: Context) -> None:
    """Some current accounts leave early; replace the accounts of today's cycle that left the
    book; let current cards revolve."""
    cycle = ctx.today.cycle
    leave_early(ctx, cycle)
    if ctx.portfolio.book.replace_exits:
        st = ctx.b.status[cycle]
        left = cycle[(st == WRITTEN_OFF) | (st == CLOSED) | (st == SOLD)]
        if left.size:
            replace(ctx, left)
    revolve(ctx, cycle)


def leave_early(ctx: Context, cycle: np.ndarray) -> None:
    """Current accounts in good standing repaid in full before their time: cards closed
    (``card_attrition``), loans prepaid (``loan_prepayment``), a month's chance on the cycle
    day. The money comes from elsewhere (another lender, a sale), not from the borrower's
    savings. Without these exits a revolving book would never turn over."""
    b, book = ctx.b, ctx.portfolio.book
    if book.card_attrition == 0 and book.loan_prepayment == 0:
        return
    acc = cycle[(b.status[cycle] == ACTIVE) & (b.delinquent_since[cycle] == CURRENT)]
    acc = acc[(b.plan_until[acc] < 0) & (b.holiday_until[acc] < ctx.day) & (b.balance[acc] > 0)]
    yearly = np.where(b.product[acc] == CARD, book.card_attrition, book.loan_prepayment)
    leave = ctx.streams.uniform("attrition", ctx.day, acc) < -np.expm1(-yearly / 12.0)
    if leave.any():
        gone = acc[leave]
        ctx.tally.counts["paid_early"] += int(gone.size)
        apply_payment(ctx, gone, b.balance[gone].copy(), route="refinance")


def replace(ctx: Context, slots: np.ndarray) -> None:
    """Tally how the departing accounts ended, then hand their slots to new borrowers."""
    b, counts = ctx.b, ctx.tally.counts
    ever = b.ever_delinquent[slots]
    cured = ever & (b.status[slots] == CLOSED) & ~b.settled[slots]
    counts["departed_delinquent"] += int(np.count_nonzero(ever))
    counts["departed_cured"] += int(np.count_nonzero(cured))
    trusting = b.trust[slots] >= ctx.portfolio.relationship.retention_trust
    counts["departed_retained"] += int(np.count_nonzero(cured & trusting))
    counts["departed_stressed"] += int(np.count_nonzero(b.stressed[slots]))
    counts["new_accounts"] += int(slots.size)
    new_borrowers(b, slots, ctx.portfolio, ctx.streams)
    ctx.ledger.post("lent", b.balance[slots])
    ctx.events.record(ctx.day, slots, "new_account", b.balance[slots])


def revolve(ctx: Context, cycle: np.ndarray) -> None:
    """Current cards in good standing draw their balance back up to what their holder keeps."""
    b = ctx.b
    cards = cycle[(b.product[cycle] == CARD) & (b.status[cycle] == ACTIVE)]
    ok = (b.delinquent_since[cards] == CURRENT) & (b.plan_until[cards] < 0)
    ok &= b.holiday_until[cards] < ctx.day
    cards = cards[ok]
    draw = np.maximum(b.principal[cards] - b.balance[cards], 0)
    spend = cards[draw > 0]
    if spend.size == 0:
        return
    amount = draw[draw > 0]
    b.balance[spend] += amount
    ctx.ledger.post("lent", amount)
    ctx.events.record(ctx.day, spend, "card_purchases", amount)
