"""Successive halving: who gets more replications."""

from __future__ import annotations

from collectsim.optimiser.racing import Ladder, dominates, rungs


def test_rungs_grow_by_eta_up_to_the_replications():
    assert rungs(1, 3, 3) == [1, 3]
    assert rungs(1, 2, 5) == [1, 2, 4, 5]
    assert rungs(4, 3, 3) == [3]


def test_only_the_best_third_moves_on():
    ladder = Ladder(eta=3, signs=(1.0,))
    decisions = [ladder.promote(0, (v,), True) for v in (5, 4, 3, 2, 1, 6)]
    assert decisions == [True, False, False, False, False, True]


def test_lower_is_better_for_a_metric_to_minimise():
    ladder = Ladder(eta=2, signs=(-1.0,))
    assert ladder.promote(0, (10.0,), True)
    assert not ladder.promote(0, (20.0,), True)
    assert ladder.promote(0, (1.0,), True)


def test_an_infeasible_candidate_never_moves_on_nor_counts():
    ladder = Ladder(eta=3, signs=(1.0,))
    assert not ladder.promote(0, (100.0,), False)
    assert ladder.promote(0, (1.0,), True)


def test_two_objectives_move_on_when_not_dominated():
    ladder = Ladder(eta=3, signs=(1.0, -1.0))
    assert ladder.promote(0, (10.0, 5.0), True)
    assert ladder.promote(0, (12.0, 6.0), True)  # more value, more complaints: a trade-off
    assert not ladder.promote(0, (9.0, 7.0), True)  # worse on both
    assert dominates((2, 2), (1, 2)) and not dominates((2, 1), (1, 2))
