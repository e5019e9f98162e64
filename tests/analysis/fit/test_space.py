"""Bounds on the logit scale: every real number is a point inside the box."""

from __future__ import annotations

import numpy as np
import pytest

from collectsim.analysis.fit.space import Box


@pytest.fixture
def box() -> Box:
    return Box.of([(0.05, 0.6), (1.0, 7.0)])


def test_the_transform_round_trips(box: Box) -> None:
    for x in ([0.1, 2.0], [0.3, 4.0], [0.59, 6.9]):
        assert box.from_z(box.to_z(x)) == pytest.approx(x, rel=1e-12)


def test_any_z_maps_inside_the_bounds(box: Box) -> None:
    for z in ([-1e6, 1e6], [-50.0, 50.0], [0.0, 0.0], [np.inf, -np.inf]):
        x = box.from_z(z)
        assert np.all(x >= box.low) and np.all(x <= box.high)
    assert box.from_z([0.0, 0.0]) == pytest.approx([0.325, 4.0])


def test_a_start_on_a_bound_maps_to_a_finite_z(box: Box) -> None:
    z = box.to_z([0.05, 7.0])
    assert np.all(np.isfinite(z)) and z[0] < -10 and z[1] > 10


def test_at_bound_flags_only_values_at_a_bound(box: Box) -> None:
    assert box.at_bound([0.05, 7.0]) == ["low", "high"]
    assert box.at_bound([0.0502, 4.0]) == ["low", ""]
    assert box.at_bound([0.06, 6.9]) == ["", ""]


def test_the_latin_hypercube_fills_each_stratum_once(box: Box) -> None:
    points = np.array(box.latin_hypercube(8, seed=3))
    assert points.shape == (8, 2)
    u = box.to_unit(points)
    for column in u.T:
        assert sorted(np.floor(column * 8).astype(int)) == list(range(8))
    again = np.array(box.latin_hypercube(8, seed=3))
    assert np.array_equal(points, again)  # seeded: the same design every time
    assert box.latin_hypercube(0, seed=3) == []


def test_the_first_simplex_steps_toward_the_middle(box: Box) -> None:
    simplex = box.simplex([0.59, 1.1], step=0.1)
    assert simplex.shape == (3, 2)
    x = np.array([box.from_z(v) for v in simplex])
    assert x[1, 0] < x[0, 0] and x[1, 1] == pytest.approx(x[0, 1])  # down from near 'high'
    assert x[2, 1] > x[0, 1] and x[2, 0] == pytest.approx(x[0, 0])  # up from near 'low'
    assert box.to_unit(x[1])[0] == pytest.approx(box.to_unit(x[0])[0] - 0.1)
