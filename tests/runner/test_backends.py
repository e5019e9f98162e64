"""Where runs execute: every backend maps the same function and reports failures as data."""

from __future__ import annotations

import dataclasses

import pytest

from collectsim.config import load_portfolio, load_scenario, load_strategy
from collectsim.errors import ConfigError
from collectsim.runner.backends import RunKey, SerialBackend, Task, run_task
from collectsim.runner.launch import open_backend


@pytest.fixture(scope="module")
def task() -> Task:
    return Task(
        key=RunKey(0, 0, 0, 0),
        portfolio=load_portfolio("mixed"),
        scenario=load_scenario("baseline"),
        strategy=load_strategy("standard"),
        borrowers=200,
        horizon_days=5,
        seed=1,
    )


def test_keys_sort_and_name_runs_in_output_order() -> None:
    keys = [RunKey(1, 0, 0, 0), RunKey(0, 1, 0, 0), RunKey(0, 0, 2, 0), RunKey(0, 0, 0, 3)]
    assert sorted(keys) == keys[::-1]
    assert sorted(k.stem for k in keys) == [k.stem for k in keys[::-1]]


def test_a_run_returns_its_numbers(task: Task) -> None:
    outcome = run_task(task)
    assert outcome.ok and outcome.key == task.key
    assert outcome.metrics["contacts"] >= 0 and len(outcome.daily["reputation"]) == 6


def test_a_run_that_raises_becomes_a_failed_outcome(task: Task) -> None:
    broken = dataclasses.replace(task, borrowers=-1)
    outcome = run_task(broken)
    assert not outcome.ok and outcome.error and "Traceback" in outcome.traceback


def test_the_serial_backend_yields_in_task_order(task: Task) -> None:
    second = dataclasses.replace(task, key=RunKey(0, 0, 1, 0), seed=2)
    keys = [o.key for o in SerialBackend().run([task, second])]
    assert keys == [task.key, second.key]


def test_an_unknown_backend_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="one of serial, processes, dask"):
        open_backend("threads")
