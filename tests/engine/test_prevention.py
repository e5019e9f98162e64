"""Early warning and prevention: current accounts the score flags, worked before the due
date, miss fewer due dates than the same accounts flagged and left alone."""

import numpy as np
import pytest

from collectsim.config.strategy import Segment
from collectsim.engine.prevention import days_to_due
from practice_fixtures import paired, run, variant

SEEDS = (1, 2, 3)
FLAG = {"name": "flagged", "days_to_due": [1, 3], "score_band": [0.0, 0.8]}
REMIND = [
    {"channel": "sms", "every_days": 20, "tone": "gentle"},
    {"channel": "agent_call", "every_days": 20, "tone": "gentle"},
]


@pytest.mark.slow
def test_early_warning_lowers_missed_and_first_payments_among_flagged_accounts():
    arms = {
        "flag_only": variant("standard", "flag_only", [FLAG]),
        "prevent": variant("standard", "prevent", [{**FLAG, "treatments": REMIND}]),
    }
    names = ("flagged_miss_rate", "first_payment_default", "roll_from_current",
             "pre_due_contacts", "flagged_due_dates")  # fmt: skip
    r = paired(arms, names, SEEDS)
    assert (r["flag_only"]["pre_due_contacts"] == 0).all()
    assert (r["prevent"]["pre_due_contacts"] > 0).all()
    assert (r["flag_only"]["flagged_due_dates"] > 0).all()
    for metric in ("flagged_miss_rate", "first_payment_default", "roll_from_current"):
        assert np.mean(r["prevent"][metric] - r["flag_only"][metric]) < 0, metric


def test_pre_due_contacts_reach_only_current_accounts_before_their_due_date():
    strategy = variant("standard", "prevent", [{**FLAG, "treatments": REMIND}])
    m = run(strategy, 4, borrowers=1500, horizon_days=60)
    b, ctx = m.b, m.ctx
    flagged = np.flatnonzero(b.flagged_due >= ctx.start)
    assert flagged.size
    ahead = b.flagged_due[flagged] - b.cycle_day[flagged]
    assert (ahead % 30 == 0).all()  # a flag names the account's own due date
    assert (days_to_due(ctx, np.arange(b.n)) >= 1).all()
    assert m.metrics()["promises"] >= 0 and (b.promise_amount[b.promise_due >= 0] > 0).all()


def test_a_pre_due_segment_takes_no_legal_step_and_names_one_range():
    for bad in (
        {**FLAG, "treatments": [{"channel": "litigation", "every_days": 30}]},
        {**FLAG, "days_past_due": [1, 5]},
        {"name": "neither"},
        {**FLAG, "days_to_due": [2, 31]},
    ):
        try:
            Segment.model_validate(bad)
        except ValueError:
            continue
        raise AssertionError(bad)
