"""Offers: plan affordability follows today's economy; plans re-age and amortise."""

import numpy as np

from collectsim.engine.offers import _restructure, monthly_surplus
from collectsim.engine.state import CONSUMER_LOAN, CURRENT
from collectsim.model import CollectionModel


def test_plan_affordability_follows_the_economy():
    m = CollectionModel(scenario="sme_cash_crunch", borrowers=3000, horizon_days=200, seed=1)
    ctx, b = m.ctx, m.b
    sme = np.flatnonzero(b.is_sme)
    ctx.day = ctx.start
    before = monthly_surplus(ctx, sme)
    ctx.day = ctx.start + 120
    during = monthly_surplus(ctx, sme)
    assert (during < before).all()  # revenue down 35%, only half the costs follow it
    ctx.day = ctx.start
    people = np.flatnonzero(~b.is_sme)
    b.employed[people[:10]] = False
    surplus = monthly_surplus(ctx, people[:10])
    assert (surplus == -b.expenses[people[:10]]).all()  # no wage: nothing to spare


def test_a_plan_on_a_matured_loan_amortises_over_the_plan():
    m = CollectionModel(borrowers=300, horizon_days=60, seed=2)
    b = m.b
    loan = np.flatnonzero(b.product == CONSUMER_LOAN)[:3]
    b.term_left[loan] = 0  # matured, balance still owed
    b.delinquent_since[loan] = -40
    _restructure(m.ctx, loan, np.full(3, 6), "plan")
    assert (b.term_left[loan] == 6).all()
    assert (b.instalment[loan] * 6 >= b.balance[loan]).all()
    day0 = m.ctx.day
    assert (b.delinquent_since[loan] == CURRENT).all() and (b.plan_until[loan] == day0 + 180).all()
