"""The burn-in and the handover at day 0; a burnt-in book reused is the same book."""

from __future__ import annotations

import numpy as np
import pytest

from collectsim.config import list_presets
from collectsim.config.books import load_book
from collectsim.engine import horizon
from collectsim.model import CollectionModel

#: a short burn-in: what is reused does not depend on its length, and these runs are many
BOOK = load_book("mixed", overrides={"book.burn_in_days": 60})


def _run(strategy: str, scenario: str) -> tuple:
    m = CollectionModel(BOOK, scenario, strategy, borrowers=400, horizon_days=45, seed=4,
                        trace=400)  # fmt: skip
    m.run_model()
    daily = {k: v.tolist() for k, v in m.daily_series().items()}
    return m.metrics(), daily, m.trace_events(), m.collector_table(), m


@pytest.mark.slow
def test_a_reused_burn_in_gives_the_same_runs_to_the_bit():
    horizon.forget_burnt_books()
    first = {}
    for strategy in list_presets("strategy"):
        for scenario in ("baseline", "recession"):
            horizon.forget_burnt_books()  # each burnt in afresh
            first[strategy, scenario] = _run(strategy, scenario)[:4]
    horizon.forget_burnt_books()
    hits = 0
    for (strategy, scenario), fresh in first.items():
        had = len(horizon._burnt)
        again = _run(strategy, scenario)
        hits += len(horizon._burnt) == had and had > 0
        for got, want in zip(again[:4], fresh, strict=True):
            assert got == want, (strategy, scenario)
    assert hits == len(first) - 1  # one burn-in, then the same book for every run


def test_the_book_at_day_0_depends_on_the_portfolio_size_and_seed_only():
    horizon.forget_burnt_books()
    a = CollectionModel("mixed", "baseline", "gentle", borrowers=300, horizon_days=5, seed=9)
    b = CollectionModel("mixed", "recession", "aggressive", borrowers=300, horizon_days=5, seed=9)
    assert len(horizon._burnt) == 1
    for name in ("balance", "delinquent_since", "willingness", "status"):
        assert np.array_equal(getattr(a.b, name), getattr(b.b, name)), name
    assert a.b is not b.b  # a copy: one run cannot touch another's book
    CollectionModel("mixed", "baseline", "gentle", borrowers=300, horizon_days=5, seed=10)
    CollectionModel("mixed", "baseline", "gentle", borrowers=301, horizon_days=5, seed=9)
    assert len(horizon._burnt) == 3
