"""Building the loan book: borrowers drawn from the portfolio's distributions.

All draws come from the ``population`` stream in fixed-size blocks, so the
same seed gives the same borrowers whatever the strategy or scenario. Grades
shape attitudes (better grades: more willing, more trusting) and savings.
A share of accounts starts already past due (1-89 days), as a collections
book does.

>>> from collectsim.config import load_portfolio
>>> from collectsim.engine.streams import Streams
>>> b = build_population(load_portfolio("mixed"), 1000, Streams(1))
>>> int(b.balance.min()) > 0
True
"""

from __future__ import annotations

import numpy as np

from collectsim.config.behaviour import LogNormal
from collectsim.config.portfolio import PRODUCT_KINDS, Portfolio
from collectsim.config.portfolio import Borrowers as BorrowerMix
from collectsim.engine.state import CARD, SME_LOAN, Borrowers
from collectsim.engine.streams import Streams


def _lognormal(rng: np.random.Generator, dist: LogNormal, n: int) -> np.ndarray:
    return dist.median * np.exp(dist.sigma * rng.standard_normal(n))


def _beta_around(rng: np.random.Generator, mean: np.ndarray, concentration: float) -> np.ndarray:
    a = np.maximum(mean * concentration, 1e-3)
    b = np.maximum((1 - mean) * concentration, 1e-3)
    return rng.beta(a, b)


def annuity(balance: np.ndarray, annual_rate: np.ndarray, months: np.ndarray) -> np.ndarray:
    """Monthly payment that repays ``balance`` over ``months`` (cents, rounded up)."""
    r = annual_rate / 12.0
    months = np.maximum(months, 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        pay = np.where(r > 0, balance * r / (1 - (1 + r) ** (-months)), balance / months)
    return np.ceil(pay).astype(np.int64)


def to_cents(x: np.ndarray) -> np.ndarray:
    return np.rint(np.asarray(x) * 100).astype(np.int64)


def build_population(portfolio: Portfolio, n: int, streams: Streams) -> Borrowers:
    """The book at day 0: who, their money, their loans, their attitudes, who is behind.

    The draws come in a fixed order from one generator: the same seed gives the
    same book whatever the strategy or scenario.
    """
    rng = streams.generator("population")
    b = Borrowers(n)
    shares = np.array([p.share for p in portfolio.products])
    which = rng.choice(len(shares), size=n, p=shares / shares.sum())
    kinds = np.array([PRODUCT_KINDS.index(p.kind) for p in portfolio.products], dtype=np.int8)
    b.product[:] = kinds[which]
    b.is_sme[:] = b.product == SME_LOAN
    gs = np.array(portfolio.borrowers.grade_shares)
    b.grade[:] = rng.choice(5, size=n, p=gs / gs.sum())
    b.community[:] = rng.permutation(n) // portfolio.borrowers.community_size
    b.cycle_day[:] = rng.integers(0, 30, size=n)
    z_income = _finances(b, portfolio.borrowers, rng)
    _loans(b, portfolio, which, z_income, rng)
    _attitudes(b, portfolio.borrowers, rng)
    _behind_at_start(b, portfolio, rng)
    return b


def _finances(b: Borrowers, who: BorrowerMix, rng: np.random.Generator) -> np.ndarray:
    """Income or revenue, expenses, savings and seizable assets; returns log-income z."""
    n = b.n
    person, sme = who.person, who.sme
    z_income = rng.standard_normal(n)
    wage = person.monthly_income.median * np.exp(person.monthly_income.sigma * z_income)
    revenue = sme.monthly_revenue.median * np.exp(sme.monthly_revenue.sigma * z_income)
    income = np.where(b.is_sme, revenue, wage)
    b.income[:] = to_cents(income)
    b.expenses[:] = to_cents(income * np.where(b.is_sme, sme.cost_share, person.expense_share))
    saving_months = np.where(
        b.is_sme, _lognormal(rng, sme.savings_months, n), _lognormal(rng, person.savings_months, n)
    )
    b.cash[:] = to_cents(income * saving_months * np.array(who.grade_savings_factor)[b.grade])
    asset_months = np.where(
        b.is_sme, _lognormal(rng, sme.assets_months, n), _lognormal(rng, person.assets_months, n)
    )
    b.assets[:] = to_cents(income * asset_months)
    b.employed[:] = True
    return z_income


def _loans(
    b: Borrowers,
    portfolio: Portfolio,
    which: np.ndarray,
    z_income: np.ndarray,
    rng: np.random.Generator,
) -> None:
    """Balances (correlated with income) and terms, product by product."""
    balance = np.zeros(b.n)
    for i, prod in enumerate(portfolio.products):
        sel = which == i
        k = int(sel.sum())
        rho = prod.income_correlation
        z = rho * z_income[sel] + np.sqrt(1 - rho * rho) * rng.standard_normal(k)
        balance[sel] = prod.balance.median * np.exp(prod.balance.sigma * z)
        b.rate[sel] = prod.annual_rate
        b.term_left[sel] = prod.term_months
        b.min_payment_share[sel] = prod.min_payment_share
        b.late_fee[sel] = round(prod.late_fee * 100)
        b.min_payment[sel] = round(prod.min_payment * 100)
        b.write_off_days[sel] = prod.write_off_days
    b.balance[:] = to_cents(balance)
    b.instalment[:] = scheduled_instalment(b, np.arange(b.n))


def _attitudes(b: Borrowers, who: BorrowerMix, rng: np.random.Generator) -> None:
    """Willingness and trust by grade, stress, resistance (worse grades resist more)."""
    n = b.n
    b.willingness[:] = _beta_around(
        rng, np.array(who.grade_willingness)[b.grade], who.willingness_concentration
    )
    b.trust[:] = _beta_around(rng, np.array(who.grade_trust)[b.grade], who.trust_concentration)
    b.stress[:] = _beta_around(rng, np.full(n, who.initial_stress), who.stress_concentration)
    resistance = who.resistance_base + who.resistance_per_grade * b.grade
    b.resistance[:] = _beta_around(rng, resistance, who.resistance_concentration)
    b.score_noise[:] = rng.standard_normal(n)


def _behind_at_start(b: Borrowers, portfolio: Portfolio, rng: np.random.Generator) -> None:
    """A collections book has accounts already past due on day 0."""
    late = rng.random(b.n) < portfolio.initial_delinquent_share
    dpd = rng.integers(1, portfolio.initial_days_past_due_max + 1, size=b.n)
    idx = np.flatnonzero(late)
    months_behind = 1 + (dpd[idx] - 1) // 30
    b.arrears[idx] = np.minimum(b.balance[idx], b.instalment[idx] * months_behind)
    b.delinquent_since[idx] = -dpd[idx]
    b.ever_delinquent[idx] = True
    b.stress[idx] = np.minimum(1.0, b.stress[idx] + portfolio.initial_late_stress)
    # those already behind are, on average, the less able: thin their savings
    left = np.floor(b.cash[idx] * portfolio.initial_late_savings_share)
    b.cash[idx] = left.astype(np.int64)


def scheduled_instalment(b: Borrowers, idx: np.ndarray) -> np.ndarray:
    """Monthly payment due: annuity for term loans, minimum payment for revolving credit."""
    bal = b.balance[idx]
    term = b.term_left[idx].astype(np.int64)
    revolving = term == 0
    minimum = np.maximum(
        np.ceil(bal * b.min_payment_share[idx]).astype(np.int64), b.min_payment[idx]
    )
    amort = annuity(bal.astype(np.float64), b.rate[idx].astype(np.float64), term)
    return np.minimum(bal, np.where(revolving | (b.product[idx] == CARD), minimum, amort))
