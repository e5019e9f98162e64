"""Legal pipeline: court fees on the sliding scale; judgments recover from cash and assets."""

import numpy as np
import pytest

from collectsim.config import load_strategy
from collectsim.config.portfolio import CourtFees
from collectsim.engine.legal import court_fee_cents, file_lawsuits, judgments
from collectsim.engine.state import CLOSED, LEGAL, WRITTEN_OFF
from collectsim.model import CollectionModel


@pytest.mark.parametrize(
    "claim, fee",
    [(5_000, 50), (10_000, 50), (100_000, 2_300), (200_000, 4_300), (500_000, 8_800)],
)
def test_court_fee_sliding_scale(claim, fee):
    """诉讼费用交纳办法 (2007): 50 yuan to 10k, then 2.5%, 2%, 1.5% by band."""
    assert court_fee_cents(np.array([claim * 100]), CourtFees())[0] == fee * 100


def _case(preservation: bool):
    strategy = load_strategy(
        "standard",
        overrides={
            "legal.success_probability": 1.0,
            "legal.recovery_share": 0.3,
            "legal.asset_preservation": preservation,
            "legal.duration_days": [10, 10],
        },
    )
    m = CollectionModel(strategy=strategy, borrowers=50, horizon_days=30, seed=3)
    acc = np.array([0, 1, 2])
    m.b.balance[acc] = 10_000_000  # 100,000 yuan each
    m.b.cash[acc], m.b.assets[acc] = 1_000_000, 4_000_000  # 10,000 + 40,000 reachable
    opening = int(m.b.balance.sum())
    m.ctx.ledger.opening_receivables = opening
    m.b.status[acc] = 0  # active: whatever the burn-in left them as
    file_lawsuits(m.ctx, acc)
    assert (m.b.status[acc] == LEGAL).all()
    m.ctx.day += 10
    judgments(m.ctx)
    return m, acc


@pytest.mark.parametrize("preservation, recovered", [(False, 1_500_000), (True, 3_000_000)])
def test_judgment_recovers_a_share_of_cash_and_assets(preservation, recovered):
    m, acc = _case(preservation)
    # 30% (or 60% with preservation) of 50,000 yuan reachable; the rest is charged off
    assert m.ctx.ledger.totals["payment"] == 3 * recovered
    assert (m.b.status[acc] == WRITTEN_OFF).all()
    assert m.ctx.ledger.totals["write_off"] == 3 * (10_000_000 - recovered)
    assert (m.b.cash[acc] == 0).all()  # cash is taken first
    m.ctx.ledger.check(m.b.balance)
    assert CLOSED not in m.b.status[acc]
