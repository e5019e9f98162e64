"""Per-run metrics: every declared metric, computed only from books that balance."""

import pytest

from collectsim.channels import CHANNEL_NAMES
from collectsim.config import load_strategy
from collectsim.engine.ledger import LedgerError
from collectsim.engine.results import run_metrics
from collectsim.metrics import METRIC_NAMES
from collectsim.model import CollectionModel
from quick_book import paying_late_book

#: a lender that pays for most parts of cost: contacts, collectors in a team and their
#: training, a legal adviser, an audited agency it places accounts with, education, the
#: self-service and credit reporting (its disputes)
EVERY_COST = {
    "reporting.enabled": True,
    "workforce.legal_advisers.advisers": 1,
    "workforce.agency.audited": True,
    "segments.legal.treatments": [{"channel": "agency_placement", "every_days": 30}],
}


def test_every_declared_metric_in_order_and_cost_is_the_sum_of_its_parts():
    strategy = load_strategy("consumer_finance_graded", overrides=EVERY_COST)
    m = CollectionModel(
        paying_late_book(), strategy=strategy, borrowers=1500, horizon_days=120, seed=3
    )
    m.run_model()
    out = run_metrics(m.ctx)
    assert tuple(out) == METRIC_NAMES
    contacts = sum(out[f"cost_{c}"] for c in CHANNEL_NAMES if f"cost_{c}" in out)
    audits = m.ctx.ledger.totals["agency_audit"] / 100  # no metric of its own
    people = out["collector_cost"] + out["training_cost"] + audits
    programmes = out["cost_education"] + out["cost_self_service"] + out["cost_disputes"]
    legal = out["legal_cost"] + out["agency_commission"] + out["fines"]
    assert out["cost"] == pytest.approx(contacts + legal + people + programmes)
    assert min(contacts, out["agency_commission"], out["collector_cost"], out["training_cost"]) > 0
    assert min(audits, out["cost_education"], out["cost_self_service"], out["cost_disputes"]) > 0
    assert 0 <= out["recovery_rate"] <= 1 and 0 <= out["cure_rate"] <= 1


def test_books_that_do_not_balance_report_nothing():
    m = CollectionModel(borrowers=300, horizon_days=10, seed=2)
    m.run_model()
    m.b.balance[0] += 1  # a cent from nowhere
    with pytest.raises(LedgerError):
        run_metrics(m.ctx)
