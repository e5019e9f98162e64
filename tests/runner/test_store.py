"""The results folder on disk: refused before anything is written, one part file per run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from collectsim.errors import ConfigError
from collectsim.runner.atomic import TMP_PREFIX
from collectsim.runner.store import LOCK, RunStore, check_out_path, describe_change

IDENTITY = {"config_hash": "abc", "trace": 0, "collectsim_version": "0.1.0"}


@pytest.fixture
def store(tmp_path: Path) -> RunStore:
    return RunStore(tmp_path / "results" / "exp")


def test_the_command_line_writes_only_inside_results(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert check_out_path(Path("results/x"), restrict=True) == Path("results/x")
    assert check_out_path(Path("/elsewhere"), restrict=False) == Path("/elsewhere")
    for bad in ("results", "elsewhere", "results/../x"):
        with pytest.raises(ConfigError, match=r"inside \./results/"):
            check_out_path(Path(bad), restrict=True)


def test_parts_failures_and_done_runs_round_trip(store):
    store.check(IDENTITY, fresh=False)  # a new folder is fine
    store.create(fresh=False)
    store.write_manifest({**IDENTITY, "status": "running"})
    store.write_failure("s000-r1", {"stem": "s000-r1", "error": "boom"})
    assert [f["error"] for f in store.failures()] == ["boom"]
    store.write_part("s000-r1", {"runs": "a\n"})  # a retried run that now finished
    assert store.done() == {"s000-r1"} and not list(store.failures())
    assert store.read_part("s000-r1") == {"runs": "a\n"} and store.read_part("nope") is None
    store.unlock()
    assert not (store.folder / LOCK).exists()


def test_a_changed_experiment_is_refused_unless_fresh(store):
    store.create(fresh=False)
    store.write_manifest({**IDENTITY, "status": "complete"})
    store.unlock()
    changed = {**IDENTITY, "config_hash": "def", "collectsim_version": "0.2.0"}
    with pytest.raises(ConfigError, match=r"config_hash and collectsim version \(0.1.0 -> 0.2.0\)"):
        store.check(changed, fresh=False)
    store.check(changed, fresh=True)
    store.write_part("old", {})
    store.create(fresh=True)  # fresh empties a folder holding a manifest
    assert store.done() == set()


def test_a_folder_of_other_files_is_never_used(store):
    store.folder.mkdir(parents=True)
    (store.folder / "notes.txt").write_text("mine")
    for fresh in (False, True):
        with pytest.raises(ConfigError, match=r"other files and no manifest\.json"):
            store.check(IDENTITY, fresh=fresh)
    assert (store.folder / "notes.txt").read_text() == "mine"


def test_a_live_lock_is_refused_and_a_dead_one_taken_over(store):
    store.create(fresh=False)
    store.write_manifest({**IDENTITY, "status": "running"})
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        (store.folder / LOCK).write_text(str(sleeper.pid))
        with pytest.raises(ConfigError, match=f"process {sleeper.pid} is running"):
            RunStore(store.folder).check(IDENTITY, fresh=False)
    finally:
        sleeper.kill()
        sleeper.wait()
    other = RunStore(store.folder)
    other.check(IDENTITY, fresh=False)  # the process is gone: its lock is stale
    other.lock()
    assert (store.folder / LOCK).read_text() == str(os.getpid())


def test_create_drops_what_a_killed_run_left(store):
    store.create(fresh=False)
    (store.folder / "runs.csv").write_text("stale")
    (store.parts / f"{TMP_PREFIX}x.json.1").write_text("half")
    store.unlock()
    store.create(fresh=False)
    assert not (store.folder / "runs.csv").exists()
    assert not list(store.parts.glob(f"{TMP_PREFIX}*"))


def test_a_change_of_code_names_both_versions():
    assert describe_change("config_hash", "a", "b") == "config_hash"
    assert describe_change("collectsim_results", None, 2) == "results format (unknown -> 2)"
