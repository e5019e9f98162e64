"""The pilot book: a hazard of default fitted once per portfolio, used for the opening book."""

from __future__ import annotations

import numpy as np

from collectsim.config.books import load_book
from collectsim.engine.stationary import features
from collectsim.model import CollectionModel
from collectsim.pilot import opening_hazard

SMALL = {"book.stationary_pilot_borrowers": 4000, "book.stationary_pilot_days": 180}


def test_the_pilot_learns_that_the_less_willing_default_more_and_is_kept():
    p = load_book("mixed", overrides=SMALL)
    hazard = opening_hazard(p, CollectionModel)
    assert hazard is not None
    assert opening_hazard(p, CollectionModel) is hazard  # once per process and portfolio
    m = CollectionModel(p, borrowers=2000, horizon_days=1, seed=3)
    x = features(m.b, np.arange(m.b.n))
    will = x[:, 0]
    h = hazard.daily(x)
    assert h[will < np.quantile(will, 0.2)].mean() > 2 * h[will > np.quantile(will, 0.8)].mean()


def test_no_pilot_draws_the_opening_book_as_new_loans_are_drawn():
    off = load_book("mixed", overrides={"book.stationary_pilot_borrowers": 0})
    assert opening_hazard(off, CollectionModel) is None
    on = load_book("mixed", overrides=SMALL)
    a = CollectionModel(off, borrowers=3000, horizon_days=1, seed=2).b
    b = CollectionModel(on, borrowers=3000, horizon_days=1, seed=2).b
    assert np.array_equal(a.product, b.product)
    assert b.willingness.mean() > a.willingness.mean()  # a running book keeps the willing
