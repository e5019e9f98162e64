"""The journal: what invalidates it, and what a crash mid-line leaves."""

from __future__ import annotations

from pathlib import Path

import pytest

from collectsim.analysis.fit.journal import JOURNAL, Journal, simulation_key
from collectsim.config.targets import load_targets
from collectsim.errors import ConfigError
from fit_fixtures import targets_at, write_targets


def _key(tmp_path: Path, change=lambda d: None, seeds=(1, 2)) -> str:
    data = targets_at()
    change(data)
    return simulation_key(load_targets(write_targets(tmp_path, data)), seeds)


def test_the_key_follows_the_simulations_not_the_targets(tmp_path: Path) -> None:
    key = _key(tmp_path)
    assert key == _key(tmp_path)
    # what the moments do not depend on
    assert key == _key(tmp_path, lambda d: d["moment"][0].update(target=0.9, se=0.5))
    assert key == _key(tmp_path, lambda d: d["parameter"][0].update(bounds=[0.1, 0.5]))
    assert key == _key(tmp_path, lambda d: d["search"].update(global_points=2))
    assert key == _key(tmp_path, lambda d: d["run"].update(backend="processes", workers=2))
    # what they do
    assert key != _key(tmp_path, lambda d: d["run"].update(borrowers=101))
    assert key != _key(tmp_path, lambda d: d["run"].update(seed=8))
    assert key != _key(tmp_path, lambda d: d["run"].update(scenarios=["recession"]))
    assert key != _key(tmp_path, lambda d: d["parameter"].reverse())
    assert key != _key(tmp_path, seeds=(1, 3))


def test_values_and_moments_round_trip_exactly(tmp_path: Path) -> None:
    path = tmp_path / JOURNAL
    j = Journal.open(path, "k", ["a"])
    values = (0.1 + 0.2, 1 / 3)
    j.append(values, {"m": 2 / 3, "n": float("nan")}, 0.5)
    again = Journal.open(path, "k", ["a"])
    assert list(again.entries) == [values]
    assert again.entries[values]["m"] == 2 / 3


def test_a_line_cut_short_is_dropped_and_a_garbled_one_refused(tmp_path: Path) -> None:
    path = tmp_path / JOURNAL
    j = Journal.open(path, "k", ["a"])
    j.append((0.5,), {"m": 1.0}, 0.1)
    with path.open("a") as fh:
        fh.write('{"values": [0.7], "mom')
    assert list(Journal.open(path, "k", ["a"]).entries) == [(0.5,)]
    with path.open("a") as fh:
        fh.write('\n{"values": [0.8], "moments": {"m": 2.0}, "seconds": 0.1}\n')
    with pytest.raises(ConfigError, match="line 3 unreadable"):
        Journal.open(path, "k", ["a"])


def test_another_key_or_another_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / JOURNAL
    Journal.open(path, "k", ["a"])
    with pytest.raises(ConfigError, match="--fresh"):
        Journal.open(path, "other", ["a"])
    path.write_text('{"something": "else"}\n')
    with pytest.raises(ConfigError, match="fit journal"):
        Journal.open(path, "k", ["a"])
