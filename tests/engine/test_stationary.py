"""The opening book in its stationary mix: the hazard fit, the expected stay, the draw."""

from __future__ import annotations

import numpy as np
import pytest

from collectsim.config import load_portfolio
from collectsim.engine.population import build_population
from collectsim.engine.state import CARD
from collectsim.engine.stationary import (
    PRODUCT_KINDS,
    Hazard,
    expected_stay,
    features,
    fit_hazard,
)
from collectsim.engine.streams import Streams


def test_the_poisson_fit_recovers_hazards_from_censored_times():
    rng = np.random.default_rng(3)
    n = 40_000
    x = rng.normal(size=(n, 2))
    truth = np.exp(-7.0 + 0.8 * x[:, 0] - 0.4 * x[:, 1])  # a day
    time = rng.exponential(1.0 / truth)
    window = 360.0
    defaulted = time < window
    fitted = fit_hazard(x, defaulted, np.minimum(time, window))
    slopes = fitted.beta / fitted.scale  # per unit of x, as simulated
    assert slopes == pytest.approx([0.8, -0.4], abs=0.05)
    assert np.median(fitted.daily(x) / truth) == pytest.approx(1.0, abs=0.05)


def _flat(beta: float = 0.0) -> Hazard:
    """A hazard that depends only on the first feature (willingness's log-odds)."""
    k = 12 + len(PRODUCT_KINDS) - 1
    coef = np.zeros(k)
    coef[0] = beta
    return Hazard(mean=np.zeros(k), scale=np.ones(k), beta=coef, intercept=np.log(0.2 / 365))


def test_expected_stay_falls_with_the_hazard_and_ends_with_a_loan_s_term():
    p = load_portfolio("mixed")
    b = build_population(p, 3000, Streams(1))
    idx = np.arange(b.n)
    low = expected_stay(b, idx, p, _flat())  # 20% a year for everyone
    card = b.product == CARD
    alpha = p.book.card_attrition
    collections = b.write_off_days[card] / 365.0
    lam = 0.2 + alpha
    assert low[card] == pytest.approx(1 / lam + 0.2 / lam * collections, rel=1e-6)
    term = {q.kind: q.term_months / 12 for q in p.products}
    loans = ~card
    assert (low[loans] < max(term.values()) + 1).all()  # a loan cannot stay past its term
    # a more willing borrower defaults later and stays longer (beta < 0 on willingness)
    x = features(b, idx)[:, 0]
    stay = expected_stay(b, idx, p, _flat(-1.0))
    order = np.argsort(x[card])
    assert np.all(np.diff(stay[card][order]) >= -1e-12)
    assert stay[card][order[-1]] > 2 * stay[card][order[0]]


def test_the_stationary_book_holds_fewer_of_those_who_leave_early():
    p = load_portfolio("mixed")
    new_loans = build_population(p, 20_000, Streams(4))
    hazard = _flat(-1.5)  # the less willing default more
    running = build_population(p, 20_000, Streams(4), hazard)
    again = build_population(p, 20_000, Streams(4), hazard)
    assert np.array_equal(running.willingness, again.willingness)  # a counter-based draw
    assert np.array_equal(running.product, new_loans.product)  # the slots' mix is kept
    assert running.willingness.mean() > new_loans.willingness.mean() + 0.01
    assert (running.generation == 0).all()
    # with no difference in hazard, the draw is the new loans' mix (the first candidate
    # of each slot is as likely as any other)
    flat = build_population(p, 20_000, Streams(4), _flat(0.0))
    card = flat.product == CARD
    assert abs(flat.willingness[card].mean() - new_loans.willingness[card].mean()) < 0.005
