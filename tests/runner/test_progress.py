"""Progress within a long run: the day each run reached, throttled, never failing a run."""

from __future__ import annotations

import pytest

from collectsim.runner import progress
from collectsim.runner.progress import DayReporter, within_runs


class Bar:
    disable = False

    def __init__(self):
        self.shown: list[str] = []

    def set_postfix_str(self, text):
        self.shown.append(text)


def test_reports_are_throttled_but_the_last_day_always_shows():
    seen = []
    report = DayReporter("s000", seen.append, interval=3600)
    for day in range(1, 11):
        report(day, 10)
    assert seen == [("s000", 10, 10)]


def test_a_sink_that_raises_never_fails_the_run():
    def broken(message):
        raise RuntimeError("closed")

    DayReporter("s000", broken, interval=0)(1, 2)


def test_a_serial_run_shows_its_day_on_the_bar(presets):
    from collectsim.runner.backends import RunKey, Task, run_task

    task = Task(RunKey(0, 0, 0, 0), presets["portfolio"], presets["baseline"],
                presets["load_strategy"]("standard"), borrowers=100, horizon_days=5, seed=1,
                progress=True)  # fmt: skip
    bar = Bar()
    with within_runs(bar, None, enabled=True):
        assert run_task(task).ok
    assert bar.shown[-1] == "s000-c000-r00000-p00000: day 5/5"
    assert progress.reporter("x") is None  # the sink is gone afterwards


@pytest.mark.slow
def test_worker_processes_report_through_their_queue(presets):
    from collectsim.runner.backends import ProcessBackend, RunKey, Task

    task = Task(RunKey(0, 0, 0, 0), presets["portfolio"], presets["baseline"],
                presets["load_strategy"]("standard"), borrowers=100, horizon_days=5, seed=1,
                progress=True)  # fmt: skip
    backend = ProcessBackend(1)
    bar = Bar()
    with within_runs(bar, backend.days, enabled=True):
        assert all(o.ok for o in backend.run([task]))
        import time

        deadline = time.monotonic() + 5
        while not bar.shown and time.monotonic() < deadline:
            time.sleep(0.05)
    assert bar.shown and bar.shown[-1].endswith("day 5/5")
