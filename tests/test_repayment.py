"""Payments move balance, arrears, days past due and the ledger together."""

import numpy as np

from collectsim.engine.repayment import apply_payment, due_dates
from collectsim.engine.state import CLOSED, CURRENT
from collectsim.model import CollectionModel


def _late_account(day: int = 100):
    m = CollectionModel(borrowers=20, horizon_days=200, seed=1)
    m.day = day
    acc = np.array([0])
    b = m.b
    b.balance[acc], b.instalment[acc], b.fees[acc] = 500_000, 10_000, 1_000
    b.arrears[acc] = 3 * 10_000 + 1_000  # three instalments and a fee behind
    b.cycle_day[acc] = day % 30
    b.delinquent_since[acc] = day - 75
    b.cash[acc] = 10**9
    m.ledger.opening_receivables = int(b.balance.sum())
    return m, acc


def test_part_payment_ages_by_the_oldest_unpaid_instalment():
    m, acc = _late_account()
    apply_payment(m, acc, np.array([21_000]), day=100)  # the fee and two instalments
    b = m.b
    assert b.arrears[0] == 10_000 and b.fees[0] == 0
    assert 100 - b.delinquent_since[0] < 30  # one instalment behind: 1-29 days past due
    assert m.counters["collected"] == 21_000
    m.ledger.check(b.balance)


def test_full_payment_cures_and_closes_promises():
    m, acc = _late_account()
    m.b.promise_due[acc] = 104
    apply_payment(m, acc, np.array([31_000]), day=100)
    assert m.b.delinquent_since[0] == CURRENT and m.b.promise_due[0] == -1
    apply_payment(m, acc, np.array([10**9]), day=101)  # more than owed: only the balance
    assert m.b.balance[0] == 0 and m.b.status[0] == CLOSED
    m.ledger.check(m.b.balance)


def test_no_interest_from_ninety_days_past_due():
    m, acc = _late_account(day=120)
    m.b.delinquent_since[acc] = 120 - m.portfolio.non_accrual_days
    before = m.ledger.totals["interest"]
    balance = int(m.b.balance[0])
    m.b.cash[acc] = 0  # cannot pay: the due date only adds the instalment and a fee
    due_dates(m, acc, day=120)
    assert m.ledger.totals["interest"] == before
    assert m.b.balance[0] == balance + m.b.late_fee[0]
