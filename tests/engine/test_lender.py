"""The lender owns its compiled strategy, capacity, budget and score."""

import mesa
import numpy as np

from collectsim.config import load_strategy
from collectsim.engine.lender import Lender


def _lender(**overrides) -> Lender:
    return Lender(mesa.Model(seed=1), load_strategy("standard", overrides=overrides))


def test_calls_and_visits_refresh_daily_legal_cases_and_budget_monthly():
    lender = _lender(**{"capacity.monthly_budget": 500.0, "capacity.legal_cases_per_month": 7})
    cap = lender.strategy.capacity
    lender.refresh_capacity(0)
    assert lender.capacity_left == {
        "calls": cap.collectors * cap.calls_per_collector_per_day,
        "visits": cap.field_visits_per_day,
        "legal": 7,
    }
    assert lender.budget_left == 50_000
    lender.capacity_left["legal"], lender.budget_left = 0, 10
    lender.refresh_capacity(12)  # mid-month: legal cases and budget carry on
    assert lender.capacity_left["legal"] == 0 and lender.budget_left == 10
    lender.refresh_capacity(30)
    assert lender.capacity_left["legal"] == 7 and lender.budget_left == 50_000


def test_broken_promises_escalate_only_where_the_segment_says():
    lender = _lender(**{"segments.calls.escalate_on_broken_promise": True})
    calls = [s.name for s in lender.segments].index("calls")
    seg = np.array([-1, 0, calls], dtype=np.int16)
    assert lender.escalates_on_broken_promise(seg).tolist() == [False, False, True]


def test_positions_look_up_where_an_account_sits():
    lender = _lender()
    idx = np.array([7, 2, 9])
    where = lender.positions(idx, 10)
    assert where[idx].tolist() == [0, 1, 2]


def test_the_score_is_needed_only_for_bands_or_expected_recovery():
    assert _lender().uses_score  # ranks by expected recovery
    assert not _lender(priority="balance").uses_score


def test_every_rank_built_on_the_score_computes_the_score():
    # a swing or expected-loss queue once ranked on a score of zeros: every account tied, so
    # a better score changed nothing (the bug behind "the repayment score is inert")
    for how in ("expected_recovery", "expected_loss", "swing"):
        assert _lender(priority=how).uses_score, how
    for how in ("balance", "days_past_due"):
        assert not _lender(priority=how).uses_score, how
