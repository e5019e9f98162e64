"""Work that cannot finish or fit is refused before anything, saying what it would take."""

from __future__ import annotations

import pytest

from collectsim.errors import ConfigError
from collectsim.runner.feasibility import LONG_SECONDS, Work, check_work, duration


def test_the_estimate_grows_with_every_factor():
    base = Work(runs=10, borrowers=1000, horizon_days=100, workers=1)
    for bigger in (
        Work(20, 1000, 100, 1),
        Work(10, 2000, 100, 1),
        Work(10, 1000, 200, 1),
    ):
        assert bigger.seconds > base.seconds and bigger.disk >= base.disk
    assert Work(10, 1000, 100, 2).seconds < base.seconds
    assert base.borrower_days == 1_000_000


def test_long_work_needs_allow_long_and_says_what_it_takes(tmp_path, monkeypatch):
    from collectsim.runner import feasibility

    monkeypatch.setattr(feasibility, "free_disk", lambda folder: 2**50)
    work = Work(runs=10**6, borrowers=10_000, horizon_days=365, workers=2)
    assert work.seconds > LONG_SECONDS
    with pytest.raises(ConfigError, match="--allow-long") as info:
        check_work(work, tmp_path, allow_long=False, file="x.toml")
    text = str(info.value)
    for what in ("1,000,000 runs", "borrower-days", "days on 2 worker(s)", "GiB of memory"):
        assert what in text
    check_work(Work(runs=2000, borrowers=10_000, horizon_days=365, workers=1), tmp_path,
               allow_long=True, file="x.toml")  # fmt: skip


@pytest.mark.parametrize(
    "work",
    [
        Work(runs=2**63, borrowers=1, horizon_days=1, workers=1),
        Work(runs=100, borrowers=10**9, horizon_days=36_500, workers=1),
    ],
)
def test_work_that_cannot_finish_is_refused_even_when_allowed_long(tmp_path, work):
    with pytest.raises(ConfigError, match="work that can finish"):
        check_work(work, tmp_path, allow_long=True, file="x.toml")


def test_results_larger_than_the_free_disk_are_refused(tmp_path, monkeypatch):
    from collectsim.runner import feasibility

    monkeypatch.setattr(feasibility, "free_disk", lambda folder: 10**6)
    with pytest.raises(ConfigError, match="fit on the disk"):
        check_work(Work(100, 100, 365, 1), tmp_path, allow_long=False, file=None)


def test_durations_read_as_a_person_says_them():
    assert duration(5) == "5 seconds" and duration(3 * 86400) == "3.0 days"
