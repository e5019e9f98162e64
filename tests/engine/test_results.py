"""Per-run metrics: every declared metric, computed only from books that balance."""

import pytest

from collectsim.engine.ledger import LedgerError
from collectsim.engine.results import run_metrics
from collectsim.metrics import METRIC_NAMES
from collectsim.model import CollectionModel


def test_every_declared_metric_in_order_and_cost_is_the_sum_of_its_parts():
    m = CollectionModel(strategy="aggressive", borrowers=1500, horizon_days=120, seed=2)
    m.run_model()
    out = run_metrics(m.ctx)
    assert tuple(out) == METRIC_NAMES
    parts = sum(v for k, v in out.items() if k.startswith("cost_"))
    expected = parts + out["legal_cost"] + out["agency_commission"] + out["fines"]
    assert out["cost"] == pytest.approx(expected)
    assert 0 <= out["recovery_rate"] <= 1 and 0 <= out["cure_rate"] <= 1


def test_books_that_do_not_balance_report_nothing():
    m = CollectionModel(borrowers=300, horizon_days=10, seed=2)
    m.run_model()
    m.b.balance[0] += 1  # a cent from nowhere
    with pytest.raises(LedgerError):
        run_metrics(m.ctx)
