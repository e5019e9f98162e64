"""Shared set-ups for the engine's tests."""

import numpy as np
import pytest

from collectsim.model import CollectionModel


@pytest.fixture
def late_account():
    """A factory: a model's context whose account 0 is behind on ``day``."""
    return _late_account


def _late_account(day: int = 100):
    """A model whose account 0 is three instalments and a fee behind on ``day``."""
    m = CollectionModel(borrowers=20, horizon_days=200, seed=1)
    ctx = m.ctx
    ctx.day = day
    acc = np.array([0])
    b = m.b
    b.balance[acc], b.instalment[acc], b.fees[acc] = 500_000, 10_000, 1_000
    b.arrears[acc] = 3 * 10_000 + 1_000
    b.cycle_day[acc] = day % 30
    b.delinquent_since[acc] = day - 75
    b.cash[acc] = 10**9
    b.status[acc], b.commitment[acc], b.plan_until[acc], b.holiday_until[acc] = 0, 0.0, -1, -1
    ctx.ledger.opening_receivables = int(b.balance.sum())
    return ctx, acc
