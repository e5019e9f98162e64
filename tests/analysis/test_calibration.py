"""The calibration check measures what it says, against the documented targets."""

import math

import pytest

from collectsim.analysis.calibration import TARGETS, calibration_table, format_table


@pytest.mark.slow
def test_calibration_table_measures_every_target():
    rows = calibration_table(borrowers=3000, horizon_days=240, seed=2)
    assert [r.name for r in rows] == list(TARGETS)
    for r in rows:
        assert math.isfinite(r.value), r.name
    by_name = {r.name: r.value for r in rows}
    assert 0 < by_name["roll rate 30-59 -> 60-89 days (monthly)"] < 1
    assert 0 < by_name["right-party contact, agent calls"] < 1
    assert by_name["recession / baseline charge-off"] > 1  # a recession loses more
    text = format_table(rows)
    assert all(r.name in text for r in rows)
