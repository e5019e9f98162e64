"""Dues and the pay decision: interest, instalments, missed due dates, promises."""

import numpy as np
import pytest

from collectsim.engine.repayment import due_dates, pay_logit, promises_due
from collectsim.engine.state import CURRENT


def test_no_interest_from_ninety_days_past_due(late_account):
    ctx, acc = late_account(day=120)
    b = ctx.b
    b.delinquent_since[acc] = 120 - ctx.portfolio.non_accrual_days
    before = ctx.ledger.totals["interest"]
    balance = int(b.balance[0])
    b.cash[acc] = 0  # cannot pay: the due date only adds the instalment and a fee
    ctx.today.cycle = acc
    due_dates(ctx)
    assert ctx.ledger.totals["interest"] == before
    assert b.balance[0] == balance + b.late_fee[0]


def test_a_missed_first_due_date_starts_the_clock_and_costs_a_fee(late_account):
    ctx, acc = late_account(day=100)
    b = ctx.b
    b.arrears[acc], b.fees[acc], b.delinquent_since[acc] = 0, 0, CURRENT
    b.cash[acc] = 0
    ctx.today.cycle = acc
    due_dates(ctx)
    assert b.delinquent_since[0] == 100 and b.ever_delinquent[0]
    assert b.fees[0] == b.late_fee[0]


def test_a_promise_is_kept_only_by_those_who_can_pay(late_account):
    ctx, _acc = late_account(day=100)
    b = ctx.b
    two = np.array([0, 1])
    b.balance[1], b.arrears[1], b.delinquent_since[1] = 500_000, 31_000, 25
    b.promise_due[two], b.promise_amount[two] = 100, 20_000
    b.cash[1] = 0  # cannot keep it
    b.willingness[two] = 1.0
    promises_due(ctx, two)
    assert ctx.tally.counts["promises_due"] == 2
    assert b.promise_due[1] == -1 and b.arrears[1] == 31_000  # broken
    assert ctx.tally.counts["promises_kept"] <= 1


def test_willingness_raises_the_log_odds_of_paying(late_account):
    ctx, _acc = late_account()
    b = ctx.b
    two = np.array([0, 1])
    b.trust[two], b.stress[two], b.resistance[two], b.salience[two] = 0.5, 0.2, 0.1, 0.0
    b.commitment[two] = 0.0
    b.community[two] = b.community[0]
    b.willingness[two] = (0.3, 0.9)
    low, high = pay_logit(ctx, two)
    assert high - low == pytest.approx(0.6 * ctx.behaviour.pay_logit_willingness, rel=1e-6)
