"""The book in steady state: early exits, replacement, revolving cards."""

from __future__ import annotations

import numpy as np

from collectsim.config.books import load_book
from collectsim.engine.book import leave_early
from collectsim.engine.state import ACTIVE, CARD, CLOSED, CURRENT
from collectsim.model import CollectionModel

QUICK = {"book.burn_in_days": 0, "book.stationary_pilot_borrowers": 0}


def _model(**book: float) -> CollectionModel:
    over = {**QUICK, **{f"book.{k}": v for k, v in book.items()}}
    return CollectionModel(
        load_book("mixed", overrides=over), borrowers=6000, horizon_days=1, seed=5
    )


def test_current_accounts_leave_early_at_their_product_s_rate_paid_from_elsewhere():
    m = _model(card_attrition=1.2, loan_prepayment=0.0)
    ctx, b = m.ctx, m.b
    cycle = np.flatnonzero((b.status == ACTIVE) & (b.delinquent_since == CURRENT))
    cash, balance = b.cash.copy(), b.balance.copy()
    leave_early(ctx, cycle)
    gone = np.flatnonzero(b.status == CLOSED)
    assert gone.size and (b.product[gone] == CARD).all()  # loans do not prepay at rate 0
    cards = np.count_nonzero(b.product[cycle] == CARD)
    assert abs(gone.size / cards - (1 - np.exp(-0.1))) < 0.02  # a month at 1.2 a year
    assert (b.balance[gone] == 0).all()
    assert np.array_equal(b.cash[gone], cash[gone])  # another lender paid, not savings
    assert ctx.ledger.totals["payment"] == balance[gone].sum()
    assert ctx.tally.counts["paid_early"] == gone.size
    assert ctx.tally.counts["collected"] == 0  # none of it was past due


def test_no_early_exits_at_rate_zero_and_none_for_accounts_behind():
    m = _model(card_attrition=0.0, loan_prepayment=0.0)
    leave_early(m.ctx, np.arange(m.b.n))
    assert not (m.b.status == CLOSED).any()
    m = _model(card_attrition=2.0, loan_prepayment=2.0)
    behind = np.flatnonzero(m.b.delinquent_since != CURRENT)
    leave_early(m.ctx, behind)
    assert not (m.b.status[behind] == CLOSED).any()


def test_an_early_exit_is_replaced_by_a_new_borrower_and_the_books_balance():
    m = _model(card_attrition=0.6, loan_prepayment=0.3)
    m2 = CollectionModel(m.ctx.portfolio, borrowers=6000, horizon_days=90, seed=5)
    m2.run_model()
    c = m2.ctx.tally.counts
    assert c["paid_early"] > 0 and c["new_accounts"] >= c["paid_early"]
    m2.ctx.ledger.check(m2.b.balance)
