"""The results folder on disk: refused before anything is written, one part file per run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from collectsim.errors import ConfigError
from collectsim.runner.atomic import TMP_PREFIX
from collectsim.runner.integrity import DamagedPart
from collectsim.runner.store import (
    DAMAGED,
    LOCK,
    RESERVE,
    STAGING,
    RunStore,
    describe_change,
)

IDENTITY = {"config_hash": "abc", "trace": 0, "collectsim_version": "0.1.0"}
PART = {"key": [0, 0, 0, 0], "seed": 1, "seconds": 0.5, "runs": "a\n", "daily": "", "events": ""}


@pytest.fixture
def store(tmp_path: Path) -> RunStore:
    return RunStore(tmp_path / "results" / "exp")


def test_parts_failures_and_done_runs_round_trip(store):
    store.check(IDENTITY, fresh=False, experiment="exp")  # a new folder is fine
    store.create(fresh=False)
    store.write_manifest({**IDENTITY, "status": "running"})
    store.write_failure("s000-r1", {"stem": "s000-r1", "error": "boom", "row": []})
    assert [f["error"] for f in store.failures()] == ["boom"]
    store.write_part("s000-r1", PART)  # a retried run that now finished
    assert store.done() == {"s000-r1"} and not list(store.failures())
    assert store.read_part("s000-r1") == PART and store.read_part("nope") is None
    store.unlock()
    assert not (store.folder / LOCK).exists()


DAMAGES = {
    "truncated": lambda text: text[: len(text) // 2],
    "empty": lambda text: "",
    "empty object": lambda text: "{}",
    "edited": lambda text: text.replace('"seed": 1', '"seed": 2').replace("boom", "bang"),
    "not text": lambda text: "\udcff",
}


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_a_damaged_part_or_failure_record_is_set_aside_with_a_message(store, damage):
    store.create(fresh=False)
    store.write_part("s000", PART)
    store.write_part("s001", PART)
    store.write_failure("s002", {"stem": "s002", "error": "boom", "row": []})
    for path in (store.parts / "s000.json", store.failed / "s002.json"):
        text = DAMAGES[damage](path.read_text())
        path.write_bytes(text.encode("utf-8", "surrogateescape"))
    messages = store.scan()
    assert len(messages) == 2 and all("set aside" in m for m in messages)
    assert store.done() == {"s001"} and not list(store.failures())
    assert sorted(p.name for p in (store.parts / DAMAGED).iterdir()) == [
        "failed-s002.json",
        "parts-s000.json",
    ]


def test_reading_a_part_damaged_after_the_scan_is_refused(store):
    store.create(fresh=False)
    store.write_part("s000", PART)
    (store.parts / "s000.json").write_text("{}")
    with pytest.raises(DamagedPart, match="no checksummed content"):
        store.read_part("s000")


def test_outputs_are_replaced_only_when_promoted(store):
    store.create(fresh=False)
    for name in ("runs.csv", "failures.csv"):
        (store.folder / name).write_text("old")
    store.unlock()
    store.create(fresh=False)  # a re-run keeps the old outputs while it works
    assert (store.folder / "runs.csv").read_text() == "old"
    store.staging.mkdir()
    (store.staging / "runs.csv").write_text("new")
    store.promote()
    assert (store.folder / "runs.csv").read_text() == "new"
    assert not (store.folder / "failures.csv").exists()  # stale: this assembly made none
    assert not (store.folder / STAGING).exists()


def test_space_is_reserved_while_running_and_given_back(store):
    store.create(fresh=False)
    assert (store.folder / RESERVE).stat().st_size > 100_000
    store.release()
    assert not (store.folder / RESERVE).exists()


def test_a_changed_experiment_is_refused_unless_fresh(store):
    store.create(fresh=False)
    store.write_manifest({**IDENTITY, "status": "complete"})
    store.unlock()
    changed = {**IDENTITY, "config_hash": "def", "collectsim_version": "0.2.0"}
    with pytest.raises(ConfigError, match=r"config_hash and collectsim version \(0.1.0 -> 0.2.0\)"):
        store.check(changed, fresh=False, experiment="exp")
    store.check(changed, fresh=True, experiment="exp")
    store.write_part("old", PART)
    store.create(fresh=True)  # fresh empties a folder holding a manifest
    assert store.done() == set()


def test_a_folder_of_other_files_is_never_used(store):
    store.folder.mkdir(parents=True)
    (store.folder / "notes.txt").write_text("mine")
    for fresh in (False, True):
        with pytest.raises(ConfigError, match=r"other files and no manifest\.json"):
            store.check(IDENTITY, fresh=fresh, experiment="exp")
    assert (store.folder / "notes.txt").read_text() == "mine"


def test_another_experiments_folder_is_named_and_never_offered_to_fresh(store):
    store.create(fresh=False)
    store.write_manifest({**IDENTITY, "experiment": "theirs", "status": "complete"})
    store.unlock()
    for fresh in (False, True):
        with pytest.raises(ConfigError, match="experiment 'theirs'") as info:
            store.check(IDENTITY, fresh=fresh, experiment="mine")
        assert "--fresh" not in str(info.value) and "--out" in str(info.value)


def test_a_live_lock_is_refused_and_a_dead_one_taken_over(store):
    store.create(fresh=False)
    store.write_manifest({**IDENTITY, "status": "running"})
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        (store.folder / LOCK).write_text(str(sleeper.pid))
        with pytest.raises(ConfigError, match=f"process {sleeper.pid} is running"):
            RunStore(store.folder).check(IDENTITY, fresh=False, experiment="exp")
    finally:
        sleeper.kill()
        sleeper.wait()
    other = RunStore(store.folder)
    other.check(IDENTITY, fresh=False, experiment="exp")  # the process is gone: lock stale
    other.lock()
    assert (store.folder / LOCK).read_text() == str(os.getpid())


def test_create_drops_what_a_killed_run_left(store):
    store.create(fresh=False)
    (store.parts / f"{TMP_PREFIX}x.json.1").write_text("half")
    store.staging.mkdir()
    (store.staging / "runs.csv").write_text("half")
    store.unlock()
    store.create(fresh=False)
    assert not list(store.parts.glob(f"{TMP_PREFIX}*")) and not store.staging.exists()


def test_a_change_of_code_names_both_versions():
    assert describe_change("config_hash", "a", "b") == "config_hash"
    assert describe_change("collectsim_results", None, 2) == "results format (unknown -> 2)"
    assert "fingerprint unknown -> 0123456789ab)" in describe_change(
        "code_fingerprint", None, "0123456789abcdef"
    )
