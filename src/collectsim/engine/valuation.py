"""What the book is worth: each open balance at one minus the loss expected in its state.

The value a strategy creates over a horizon is the cash the book returned
(payments, recoveries, sale proceeds, less costs and money lent) plus the
change in this value: a strategy that cures accounts leaves a book worth
more, one that lets them slide leaves one worth less, whether or not the
loss has been written off yet. The expected-loss rates per state are the
portfolio's (``[expected_loss]``).

>>> from collectsim.config.portfolio import ExpectedLoss
>>> float(loss_rates(ExpectedLoss())[STATE_NAMES.index("dpd_30_59")])
0.45
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from collectsim.config.portfolio import ExpectedLoss
from collectsim.engine.state import ACTIVE, AGENCY, CURRENT, LEGAL, MONTH

if TYPE_CHECKING:
    from collectsim.engine.context import Context

#: valuation states, in the order of ``ExpectedLoss``'s fields
STATE_NAMES: tuple[str, ...] = tuple(ExpectedLoss.model_fields)


def loss_rates(el: ExpectedLoss) -> np.ndarray:
    """The expected-loss rate of each valuation state, in :data:`STATE_NAMES` order."""
    return np.array([getattr(el, name) for name in STATE_NAMES])


def _loss_cents(ctx: Context, day: int) -> tuple[int, int]:
    """(open balance, loss expected on it), in cents, on ``day``.

    Everything open is charged the performing rate; only the few accounts in
    another state (past due, restructured, in court, placed) are gathered to
    add the difference, so a day's valuation costs a few passes over bytes.
    """
    b = ctx.b
    rates = loss_rates(ctx.portfolio.expected_loss)
    cur = rates[0]
    st = b.status
    legal, agency = np.flatnonzero(st == LEGAL), np.flatnonzero(st == AGENCY)
    total = ctx.ledger.closing_receivables()  # = the sum of all balances, to the cent
    loss = total * cur
    late = ctx.late[(b.delinquent_since[ctx.late] > CURRENT) & (st[ctx.late] == ACTIVE)]
    dpd = day - b.delinquent_since[late].astype(np.int64)
    late_rate = rates[STATE_NAMES.index("dpd_1_29") + np.minimum(dpd // MONTH, 3)]
    loss += float((b.balance[late] * (late_rate - cur)).sum())
    plan = np.flatnonzero((b.plan_until >= day) | (b.holiday_until >= day))
    plan = plan[(st[plan] == ACTIVE) & (b.delinquent_since[plan] == CURRENT)]
    loss += float(b.balance[plan].sum()) * (rates[STATE_NAMES.index("restructured")] - cur)
    for idx, name in ((legal, "legal"), (agency, "agency")):
        loss += float(b.balance[idx].sum()) * (rates[STATE_NAMES.index(name)] - cur)
    return total, int(np.rint(loss))


def book_value(ctx: Context, day: int) -> int:
    """Open balances net of expected loss (cents), on ``day``."""
    total, loss = _loss_cents(ctx, day)
    return total - loss


def expected_loss(ctx: Context, day: int) -> int:
    """Loss expected on the open book (cents), on ``day``."""
    return _loss_cents(ctx, day)[1]
