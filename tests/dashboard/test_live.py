"""The live pair: same borrowers and shocks for both, days on command, stop, failure as text."""

from __future__ import annotations

import time
from typing import Any

import numpy as np

from collectsim.dashboard.choice import LiveSetup, Resolved, resolve
from collectsim.dashboard.live import LiveRun
from collectsim.metrics import DAILY_NAMES

SMALL = LiveSetup(borrowers=400, horizon_days=12, seed=5)


def test_the_same_strategy_twice_differs_by_exactly_nothing() -> None:
    """Common random numbers by construction: same seed, portfolio and scenario."""
    run = LiveRun(resolve(LiveSetup(**{**SMALL.__dict__, "strategy_b": "standard"})))
    assert run.advance(None).wait(120)
    snap = run.snapshot()
    assert snap.status == "finished" and snap.day == 12
    for name in DAILY_NAMES:
        np.testing.assert_array_equal(snap.series["a"][name], snap.series["b"][name])
    run.close()


def test_different_strategies_see_the_same_book_on_day_zero() -> None:
    run = LiveRun(resolve(LiveSetup(**{**SMALL.__dict__, "strategy_b": "aggressive"})))
    assert run.advance(3).wait(120)
    snap = run.snapshot()
    assert snap.status == "ready" and snap.day == 3 and list(snap.days) == [0, 1, 2, 3]
    for name in DAILY_NAMES:
        assert snap.series["a"][name][0] == snap.series["b"][name][0]
    assert run.advance(1).wait(60) and run.snapshot().day == 4
    run.close()


class SlowModel:
    """A stand-in model whose day takes a while, to stop a run midway."""

    def __init__(self) -> None:
        self.observation = dict.fromkeys(DAILY_NAMES, 0.0)

    def step(self) -> None:
        time.sleep(0.01)
        self.observation = {k: v + 1 for k, v in self.observation.items()}


def test_stop_ends_the_run_after_the_day_in_progress() -> None:
    run = LiveRun(resolve(SMALL), factory=lambda _r, _s: SlowModel())
    run.pace = 20.0  # 12 days would take 0.6 s
    done = run.advance(None)
    time.sleep(0.2)
    run.stop()
    assert done.wait(10)
    snap = run.snapshot()
    assert snap.status == "stopped" and 0 < snap.day < 12
    assert len(snap.days) == snap.day + 1
    run.close()


def test_a_failing_model_is_a_message_not_a_crash() -> None:
    def broken(_r: Resolved, side: str) -> Any:
        if side == "b":
            raise RuntimeError("engine exploded")
        return SlowModel()

    run = LiveRun(resolve(SMALL), factory=broken)
    assert run.advance(1).wait(10)
    snap = run.snapshot()
    assert snap.status == "failed" and "engine exploded" in snap.message
    run.close()


def test_speed_is_measured() -> None:
    run = LiveRun(resolve(SMALL), factory=lambda _r, _s: SlowModel())
    assert run.advance(None).wait(10)
    snap = run.snapshot()
    assert 0 < snap.rate < 200 and snap.cpu_rate > 0  # a day sleeps 2 x 10 ms
    run.close()
