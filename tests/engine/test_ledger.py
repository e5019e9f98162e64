import numpy as np
import pytest

from collectsim.engine.ledger import Ledger, LedgerError
from collectsim.model import CollectionModel
from quick_book import paying_late_book


def test_ledger_arithmetic_and_check():
    led = Ledger(opening_receivables=10_000)
    led.post("interest", 150)
    led.post("payment", np.array([1_000, 1_000]))
    led.post("write_off", 50)
    assert led.closing_receivables() == 8_100
    led.check(np.array([8_000, 100]))
    with pytest.raises(LedgerError):
        led.check(np.array([8_000, 101]))
    with pytest.raises(LedgerError):
        led.post("payment", -1)


@pytest.mark.parametrize(
    "strategy",
    [
        "gentle",
        "standard",
        "aggressive",
        "large_state_bank",
        "consumer_finance_graded",
        "city_bank_early_warning",
        "regional_three_stage",
        "internet_bank_automated",
    ],
)
@pytest.mark.parametrize("scenario", ["baseline", "pandemic"])
def test_books_balance_to_the_cent(strategy, scenario):
    m = CollectionModel(
        strategy=strategy, scenario=scenario, borrowers=1500, horizon_days=200, seed=5
    )
    m.run_model()
    m.ctx.ledger.check(m.b.balance)  # raises if opening + flows != closing
    t = m.ctx.ledger.totals
    assert t["payment"] > 0 and t["interest"] > 0 and t["contact_cost"] > 0
    assert (m.b.balance >= 0).all() and (m.b.arrears <= m.b.balance).all()


def test_books_balance_with_legal_agency_write_off_and_sale(presets):
    strategy = presets["load_strategy"](
        "large_state_bank",
        overrides={
            # the preset's hard cases get a lawyer's letter; its variant with agencies
            # (large_state_bank_agencies, experiments/lenders.toml) places them instead
            "segments.hard_cases.treatments.0.channel": "agency_placement",
            "debt_sale.enabled": True,
            "write_off.days_past_due": 150,
            "segments.negotiation.offers.settlement_discount": 0.3,
            "segments.negotiation.offers.fee_waiver": True,
        },
    )
    # deep delinquents who still pay now and then (the fitted book's hardly ever do, so an
    # agency placed with them collects almost nothing): every flow occurs on a small book
    m = CollectionModel(
        paying_late_book(), strategy=strategy, borrowers=3000, horizon_days=300, seed=11
    )
    m.run_model()
    t = m.ctx.ledger.totals
    for flow in ("agency_commission", "write_off", "debt_sale", "legal_cost", "concession"):
        assert t[flow] > 0, flow
    m.ctx.ledger.check(m.b.balance)
