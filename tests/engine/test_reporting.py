"""Credit-bureau reporting: the warning moves those who value their record; the report
draws disputes. Paired runs (same seeds), each assertion could fail."""

import numpy as np
import pytest

from collectsim.engine.context import Context
from collectsim.engine.loop import DAY, Stage
from collectsim.engine.reporting import values_record
from collectsim.engine.state import ACTIVE, CURRENT
from collectsim.engine.trials import with_stage
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


def _reports_seen(seen: list[tuple[int, int, int, int]]) -> tuple[Stage, ...]:
    """The day with a stage after the programmes that notes each report made that day:
    (day, slot, borrower's generation, days past due at the report)."""

    def note(ctx: Context) -> None:
        b = ctx.b
        new = np.flatnonzero(b.reported_day == ctx.day)
        dpd = ctx.day - b.delinquent_since[new].astype(np.int64)
        rows = zip(new.tolist(), b.generation[new].tolist(), dpd.tolist(), strict=True)
        seen.extend((ctx.day, slot, gen, d) for slot, gen, d in rows)

    return with_stage(DAY, Stage("reports_seen", note, "test tracker", "tests"), "programmes")


def test_a_report_is_made_once_at_the_threshold_and_the_stake_ends_with_the_spell():
    seen: list[tuple[int, int, int, int]] = []
    strategy = variant("standard", "reports", reporting=REPORTING)
    m = run(strategy, 4, stages=_reports_seen(seen), borrowers=2000)
    b, ctx, threshold = m.b, m.ctx, REPORTING["days_past_due"]
    assert 0 < len(seen) == m.metrics()["reported_accounts"]
    assert len({(slot, gen) for _, slot, gen, _ in seen}) == len(seen)  # once per borrower
    # at the threshold; at day 0, those already past it (the days past due on the account
    # at the end say nothing of the report's: a part payment or a new spell moves them)
    assert all(dpd >= threshold for _, _, _, dpd in seen)
    assert all(dpd == threshold for day, _, _, dpd in seen if day > ctx.start)
    assert any(day > ctx.start for day, _, _, _ in seen)
    # the record stays with its borrower; slots handed to new borrowers forget it
    reported = np.flatnonzero(b.reported_day >= ctx.start)
    assert 0 < reported.size <= len(seen)
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
