"""The calibration measures every declared moment, each a number it could fail to be."""

import math

import numpy as np
import pytest

from collectsim.analysis.calibration import (
    MOMENTS,
    _Observer,
    calibration_table,
    format_table,
    measure,
)


@pytest.mark.slow
def test_every_moment_is_measured_and_stays_in_its_domain():
    rows = calibration_table(borrowers=3000, horizon_days=240, seeds=(2,))
    assert [r.name for r in rows] == list(MOMENTS)
    values = {r.name: r.value for r in rows}
    for name in ("roll_1_29", "roll_30_59", "roll_60_89", "right_party_contact", "promises_kept"):
        assert 0 <= values[name] <= 1, name
    assert values["recession_charge_off_multiple"] > 1  # a recession loses more
    assert all(math.isfinite(v) for v in values.values())
    text = format_table(rows)
    assert all(r.name in text for r in rows)


@pytest.mark.slow
def test_the_same_seeds_give_the_same_moments_and_parallel_pieces_agree():
    serial = measure(borrowers=1500, horizon_days=150, seeds=(3,), trials=False)
    again = measure(borrowers=1500, horizon_days=150, seeds=(3,), trials=False, workers=2)
    assert serial == again  # common random numbers: a fit compares parameters, not noise


def test_rolls_count_transitions_between_month_ends():
    obs = _Observer()
    obs.moves[2] = [10, 5, 20, 60, 0, 5]  # from 30-59: 60 to 60-89, 5 left the book
    assert obs.roll(2) == pytest.approx(65 / 100)
    assert math.isnan(_Observer().roll(2))
    assert np.array_equal(_Observer().moves, np.zeros((6, 6)))
