"""Borrowers' monthly money: a business's variable costs follow its revenue."""

import numpy as np

from collectsim.config.books import load_book
from collectsim.engine.finances import monthly_finances
from collectsim.model import CollectionModel


def test_sme_costs_follow_revenue_household_expenses_do_not():
    m = CollectionModel(scenario="sme_cash_crunch", borrowers=4000, horizon_days=130, seed=2)
    b = m.b
    idx = np.arange(b.n)
    b.cash[:] = 10**12  # plenty: no floor at zero hides the costs
    b.savings_target[:] = b.cash  # and none of it is spent as excess savings
    start = b.cash.copy()
    day = m.ctx.start + 120  # revenue at 65% in the crunch
    monthly_finances(b, idx, day, m.ctx.economy, m.ctx.portfolio, m.ctx.streams)
    net = b.cash - start
    sme = b.is_sme & (b.expenses > 0)
    # with half the costs variable, a 35% revenue fall cuts costs by ~17.5%, so the
    # average business still nets about 0.65 - 0.75 * (1 - 0.175) of expected revenue
    ratio = net[sme].sum() / b.income[sme].sum()
    assert -0.05 < ratio < 0.05
    person = ~b.is_sme & b.employed
    wage_ratio = net[person].sum() / b.income[person].sum()
    assert wage_ratio > 0.3  # households: expenses fixed at half the wage, shocks aside


def test_stress_eases_back_to_the_borrower_s_own_level_not_to_zero():
    calm_book = load_book("mixed", overrides={"behaviour.expense_shock_monthly": 0.0})
    m = CollectionModel(calm_book, borrowers=3000, horizon_days=1800, seed=4)
    b = m.b
    idx = np.arange(b.n)
    b.stress[:] = np.minimum(1.0, b.stress_baseline + 0.3)
    calm = ~b.is_sme & b.employed & (b.income > b.expenses)  # never short, while in work
    for month in range(60):
        day = m.ctx.start + 30 * month
        monthly_finances(b, idx, day, m.ctx.economy, m.ctx.portfolio, m.ctx.streams)
        calm &= b.employed
    assert calm.sum() > 500
    assert np.allclose(b.stress[calm], b.stress_baseline[calm], atol=0.01)
    assert b.stress[calm].mean() > 0.05  # a temperament, not zero
