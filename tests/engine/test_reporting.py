"""Credit-bureau reporting: the warning moves those who value their record; the report
draws disputes. Paired runs (same seeds), each assertion could fail."""

import numpy as np
import pytest

from collectsim.engine.reporting import values_record
from collectsim.engine.state import ACTIVE, CURRENT
from practice_fixtures import Follow, run, variant

SEEDS = (1, 2, 3)
REPORTING = {"enabled": True, "days_past_due": 60}


@pytest.mark.slow
def test_reporting_raises_payment_among_those_who_value_their_record_and_raises_disputes():
    reports = variant("standard", "reports", reporting=REPORTING)
    gain_valuers, gain_others, disputes = [], [], []
    for seed in SEEDS:
        cured = {}
        for arm, strategy in (("off", "standard"), ("on", reports)):
            follow = Follow()
            m = run(strategy, seed, stages=follow.stage(), borrowers=4000)
            v = follow.values_record
            cured[arm] = (follow.cured[v].mean(), follow.cured[~v].mean())
            disputes.append((arm, m.metrics()["disputes"]))
        gain_valuers.append(cured["on"][0] - cured["off"][0])
        gain_others.append(cured["on"][1] - cured["off"][1])
    assert np.mean(gain_valuers) > 0
    assert np.mean(gain_valuers) > np.mean(gain_others)  # the deterrent is the record's
    assert all(n == 0 for arm, n in disputes if arm == "off")
    assert sum(n for arm, n in disputes if arm == "on") > 0


def test_a_report_is_made_once_at_the_threshold_and_the_stake_ends_with_the_spell():
    m = run(variant("standard", "reports", reporting=REPORTING), 4, borrowers=2000)
    b, ctx = m.b, m.ctx
    reported = np.flatnonzero(b.reported_day >= ctx.start)
    # slots handed to new borrowers forget their holder's report
    assert 0 < reported.size <= m.metrics()["reported_accounts"]
    dpd_at_report = b.reported_day[reported] - b.delinquent_since[reported]
    assert (dpd_at_report >= REPORTING["days_past_due"]).all()
    current = (b.delinquent_since == CURRENT) & (b.status == ACTIVE)
    assert not (b.record_stake[current] > 0).any()
    assert (b.record_stake[b.delinquent_since > CURRENT] > 0).any()


def test_who_values_the_record_is_fixed_per_borrower():
    m = run("standard", 5, borrowers=500, horizon_days=10)
    idx = np.arange(500)
    first = values_record(m.ctx, idx)
    m.ctx.day += 37
    assert np.array_equal(first, values_record(m.ctx, idx))
    assert 0 < first.mean() < 1
