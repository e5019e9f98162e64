"""The book in steady state: accounts that leave are replaced, cards revolve.

On each account's cycle day, after its dues:

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

from collectsim.engine.population import new_borrowers
from collectsim.engine.state import ACTIVE, CARD, CLOSED, CURRENT, SOLD, WRITTEN_OFF

if TYPE_CHECKING:
    from collectsim.engine.context import Context


def book_stage(ctx: Context) -> None:
    """Replace the accounts of today's cycle that left the book; let current cards revolve."""
    cycle = ctx.today.cycle
    if ctx.portfolio.book.replace_exits:
        st = ctx.b.status[cycle]
        left = cycle[(st == WRITTEN_OFF) | (st == CLOSED) | (st == SOLD)]
        if left.size:
            replace(ctx, left)
    revolve(ctx, cycle)


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
