"""Escalation on failure: segments that follow what the lender's records show (reached
without a payment, what a talk revealed) send refusers to court sooner than borrowers in
hardship; segments on broken promises, past plans and complaints match as their counts say;
a campaign works only inside its window."""

import numpy as np
import pytest

from collectsim.engine.segments import compile_strategy
from collectsim.engine.state import CAN_PAY, CANNOT_PAY
from practice_fixtures import Follow, run, variant

FAILURE = [
    {
        "name": "hardship",
        "days_past_due": [1, 149],
        "learned": ["cannot_pay"],
        "treatments": [{"channel": "agent_call", "every_days": 7, "tone": "gentle"}],
        "offers": {"instalment_months": 12},
    },
    {
        "name": "refusers",
        "days_past_due": [30, 10000],
        "learned": ["can_pay"],
        "history": {"answered_without_payment": [3, 1000]},
        "treatments": [{"channel": "litigation", "every_days": 30}],
    },
]


def _days_to_court(strategy, seed):
    follow = Follow()
    run(strategy, seed, stages=follow.stage(), borrowers=4000)
    sued = follow.sued_at >= 0
    refusers = follow.sued_at[sued & (follow.learned == CAN_PAY)]
    hardship = follow.sued_at[sued & (follow.learned == CANNOT_PAY)]
    return refusers, hardship


@pytest.mark.slow
def test_escalation_on_failure_reaches_legal_sooner_for_refusers_than_for_hardship():
    on_failure = variant("standard", "on_failure", FAILURE)
    for seed in (1, 2):
        refusers, hardship = _days_to_court(on_failure, seed)
        assert refusers.size and hardship.size
        assert refusers.mean() < hardship.mean()
        by_days, _ = _days_to_court("standard", seed)  # days past due alone: no difference
        assert refusers.mean() < by_days.mean()


def test_history_filters_match_as_the_counts_say():
    strategy = variant(
        "standard",
        "history",
        [
            {"name": "promise_breakers", "days_past_due": [1, 10000],
             "history": {"broken_promises": [2, 1000]}},
            {"name": "planned_before", "days_past_due": [1, 10000],
             "history": {"past_plans": [1, 1000], "complaints": [0, 0]}},
        ],
    )  # fmt: skip
    m = run("standard", 6, borrowers=300, horizon_days=5)
    b = m.b
    idx = np.arange(6)
    b.broken_promises[idx] = [0, 1, 2, 5, 0, 0]
    b.past_plans[idx] = [0, 0, 0, 0, 1, 1]
    b.complaints_made[idx] = [0, 0, 0, 0, 0, 1]
    dpd = np.full(6, 20)
    segs = compile_strategy(strategy)
    score = np.zeros(6)
    assert segs[0].matches(b, idx, dpd, score).tolist() == [0, 0, 1, 1, 0, 0]
    assert segs[1].matches(b, idx, dpd, score).tolist() == [0, 0, 0, 0, 1, 0]


def test_a_campaign_works_only_inside_its_window():
    drive = {
        "name": "sme_drive",
        "days_past_due": [1, 89],
        "borrowers": ["sme"],
        "campaign_days": [30, 59],
        "treatments": [{"channel": "agent_call", "every_days": 2}],
    }
    m = run(variant("standard", "drive", [drive]), 7, borrowers=3000, horizon_days=90)
    seg = compile_strategy(m.lender.strategy)[0]
    b = m.b
    idx, dpd, score = np.arange(b.n), np.full(b.n, 20), np.zeros(b.n)
    sme = b.is_sme & True
    for day, live in ((29, False), (30, True), (59, True), (60, False)):
        hit = seg.matches(b, idx, dpd, score, day=day)
        assert hit.any() == live and not hit[~sme].any()
