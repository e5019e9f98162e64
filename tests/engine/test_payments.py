"""Payments move balance, arrears, days past due and the ledger together."""

import numpy as np

from collectsim.engine.payments import able_to_pay, apply_payment, charge_fee
from collectsim.engine.state import CLOSED, CURRENT


def test_part_payment_ages_by_the_oldest_unpaid_instalment(late_account):
    ctx, acc = late_account()
    apply_payment(ctx, acc, np.array([21_000]))  # the fee and two instalments
    b = ctx.b
    assert b.arrears[0] == 10_000 and b.fees[0] == 0
    assert 100 - b.delinquent_since[0] < 30  # one instalment behind: 1-29 days past due
    assert ctx.tally.counts["collected"] == 21_000
    ctx.ledger.check(b.balance)


def test_full_payment_cures_and_closes_promises(late_account):
    ctx, acc = late_account()
    b = ctx.b
    b.promise_due[acc] = 104
    apply_payment(ctx, acc, np.array([31_000]))
    assert b.delinquent_since[0] == CURRENT and b.promise_due[0] == -1
    ctx.day = 101
    apply_payment(ctx, acc, np.array([10**9]))  # more than owed: only the balance
    assert b.balance[0] == 0 and b.status[0] == CLOSED
    ctx.ledger.check(b.balance)


def test_a_court_takes_nothing_from_cash_and_an_agency_takes_commission(late_account):
    ctx, acc = late_account()
    b = ctx.b
    cash = int(b.cash[0])
    apply_payment(ctx, acc, np.array([5_000]), route="court")
    assert b.cash[0] == cash and ctx.ledger.totals["agency_commission"] == 0
    b.status[acc] = 2  # with an agency
    apply_payment(ctx, acc, np.array([10_000]))
    rate = ctx.lender.strategy.agency.commission
    assert ctx.ledger.totals["agency_commission"] == round(10_000 * rate)
    ctx.ledger.check(b.balance)


def test_spare_cash_keeps_a_living_reserve_and_fees_join_the_arrears(late_account):
    ctx, acc = late_account()
    b = ctx.b
    b.cash[acc], b.expenses[acc] = 100_000, 200_000
    reserve = 200_000 * ctx.behaviour.reserve_share
    assert able_to_pay(ctx, acc)[0] == max(0, 100_000 - int(reserve))
    before = int(b.arrears[0])
    charge_fee(ctx, acc)
    assert b.arrears[0] == before + b.late_fee[0]
    assert ctx.ledger.totals["fee"] == b.late_fee[0]
