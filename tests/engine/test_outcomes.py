"""The outcome counts behind the practices' metrics: each agrees with what it counts."""

import numpy as np
import pytest

from collectsim.engine.outcomes import tally_dues
from collectsim.engine.state import CURRENT
from practice_fixtures import run


def test_due_dates_of_current_accounts_and_their_misses_are_counted():
    m = run("standard", 2, borrowers=300, horizon_days=3)
    ctx, b = m.ctx, m.b
    ctx.tally.counts.update(current_dues=0, current_missed=0, first_dues=0, first_missed=0,
                            flagged_dues=0, flagged_missed=0)  # fmt: skip
    idx = np.arange(6)
    b.delinquent_since[idx] = [CURRENT, ctx.day, CURRENT, ctx.day, CURRENT, ctx.day - 40]
    b.dues_seen[idx] = [0, 0, 3, 3, 0, 5]
    b.generation[idx] = [1, 1, 1, 1, 0, 1]
    b.flagged_due[idx] = [ctx.day, ctx.day, -1, -1, -1, -1]
    was_current = np.array([True, True, True, True, True, False])
    tally_dues(ctx, idx, was_current)
    c = ctx.tally.counts
    assert (c["current_dues"], c["current_missed"]) == (5, 2)
    assert (c["first_dues"], c["first_missed"]) == (2, 1)  # new loans only
    assert (c["flagged_dues"], c["flagged_missed"]) == (2, 1)
    assert b.dues_seen[idx].tolist() == [1, 1, 4, 4, 1, 6]


@pytest.mark.slow
def test_spells_answers_and_costs_add_up():
    m = run("large_state_bank", 3, borrowers=3000, horizon_days=200)
    c, metrics = m.ctx.tally.counts, m.metrics()
    assert 0 < c["self_cures"] <= c["resolutions"]
    assert metrics["cost_per_resolution"] * c["resolutions"] == pytest.approx(metrics["cost"])
    assert metrics["collection_cycle_days"] > 0 and metrics["response_days"] > 0
    assert metrics["days_to_legal"] >= 90  # the preset sues from 120 days, refusers never sooner
    assert 0 <= metrics["relationship_satisfaction"] <= metrics["relationship_trust"] <= 1
    assert metrics["retention_value"] == 0  # the mixed book gives a kept customer no value
