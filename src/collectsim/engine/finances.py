"""Borrowers' money: income on payday, job loss and re-employment, shocks.

Runs once a month per borrower, on the borrower's own cycle day, for every
borrower whose day it is (whatever the account's status: people's lives go on
after charge-off, and a fixed set keeps random draws aligned across
strategies). Cash never goes below zero: a borrower short of money cuts
spending rather than overdraws.

>>> # see tests/test_finances.py
"""

from __future__ import annotations

import numpy as np

from collectsim.config.portfolio import Portfolio
from collectsim.engine.economy import Economy
from collectsim.engine.state import Borrowers
from collectsim.engine.streams import Streams, to_normal

_DRAWS = ("job", "revenue", "expense_shock", "shock_size")


def initial_employment(b: Borrowers, economy: Economy, streams: Streams) -> None:
    """Unemployment at day 0 as the scenario says (people only)."""
    idx = np.flatnonzero(~b.is_sme)
    u = streams.uniform("job", -1, idx)
    b.employed[idx] = u >= economy.unemployment[0]


def monthly_finances(
    b: Borrowers,
    idx: np.ndarray,
    day: int,
    economy: Economy,
    portfolio: Portfolio,
    streams: Streams,
) -> np.ndarray:
    """Update jobs and cash for ``idx``; return this month's income shortfall flag."""
    person = ~b.is_sme[idx]
    # the day's four draws in one pass (same values as four separate draws)
    draws = streams.uniforms(_DRAWS, day, idx)
    u, u_shock = draws[0], draws[2]
    z, z_size = to_normal(draws[1::2])
    # jobs
    employed = b.employed[idx]
    lose = person & employed & (u < economy.separation[day])
    find = person & ~employed & (u < economy.job_finding[day])
    employed = (employed & ~lose) | find
    b.employed[idx] = employed

    # income
    base = b.income[idx].astype(np.float64)
    benefit = portfolio.borrowers.person.unemployment_benefit_share
    wage = base * economy.income_factor[day] * np.where(employed, 1.0, benefit)
    vol = portfolio.borrowers.sme.revenue_volatility
    revenue = base * economy.sme_revenue_factor[day] * np.exp(vol * z - 0.5 * vol * vol)
    income = np.where(person, wage, revenue)

    # expense shocks
    beh = portfolio.behaviour
    p_shock = beh.expense_shock_monthly * economy.expense_shock_factor[day]
    shocked = u_shock < p_shock
    size = beh.expense_shock_size
    shock_months = size.median * np.exp(size.sigma * z_size)
    shock = np.where(shocked, base * shock_months, 0.0)

    # a business's variable costs follow its revenue; a household's expenses do not
    var = portfolio.borrowers.sme.variable_cost_share
    scale = np.where(person, 1.0, (1.0 - var) + var * revenue / np.maximum(base, 1.0))
    expenses = np.rint(b.expenses[idx] * scale).astype(np.int64)
    net = np.rint(income - shock).astype(np.int64) - expenses  # cents
    # last month's cash beyond the usual savings is partly spent: savings stay near their level
    cash = b.cash[idx]
    excess = np.maximum(cash - b.savings_target[idx], 0)
    spent = (excess * portfolio.borrowers.excess_savings_spent).astype(np.int64)
    b.cash[idx] = np.maximum(cash - spent + net, 0)
    shortfall = net < 0
    # stress follows money: rises with a shortfall or job loss, eases otherwise
    stress = b.stress[idx]
    hit, relief = beh.stress_shortfall, 1.0 - beh.stress_monthly_relief
    base = b.stress_baseline[idx]
    eased = base + (stress - base) * relief
    stress = np.where(shortfall | lose, np.minimum(1.0, stress + hit), eased)
    b.stress[idx] = stress
    b.stressed[idx] |= stress >= beh.high_stress
    # the commitment a conversation left fades month by month
    b.commitment[idx] *= np.float32(1.0 - beh.commitment_monthly_decay)
    return shortfall | ~employed
