"""The results folder on disk: checked before anything is written, one part file per run.

Layout of ``results/<name>/`` while an experiment runs::

    manifest.json        what is being run (config hash, seed, trace) and its status
    parts/<run>.json     one finished run: its lines of runs.csv, daily.csv, events.csv
    parts/failed/<run>.json   a run that raised: its error and traceback

Each part is written to a temporary file and renamed into place
(``os.replace``), so a part either exists whole or not at all: a killed
process loses only the runs in flight, and a re-run skips every run with a
part. The final CSVs are assembled from the parts (see :mod:`collectsim.runner.outputs`).

A folder is only ever reused for the same experiment run by the same code:
the manifest's config hash, trace setting, collectsim version and results
format must match, else the run is refused unless ``fresh``; ``fresh``
deletes only a folder that holds a collectsim manifest.
While a run writes, ``.lock`` holds its process id, so a second run into the
same folder is refused instead of racing it (a lock left by a killed run,
whose process is gone, is taken over).

>>> check_out_path(Path("results/quickstart"), restrict=True).name
'quickstart'
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from collectsim.errors import ConfigError
from collectsim.runner.atomic import TMP_PREFIX, atomic_write_text

MANIFEST = "manifest.json"
LOCK = ".lock"
PARTS = "parts"
FAILED = "failed"
#: files a previous assembly wrote; removed when a run starts so none is stale
OUTPUT_FILES = (
    "runs.csv",
    "daily.csv",
    "summary.csv",
    "comparison.csv",
    "budget.csv",
    "events.csv",
    "failures.csv",
)


def check_out_path(folder: Path, *, restrict: bool) -> Path:
    """With ``restrict``, the folder must lie inside ./results/ (the command line's rule)."""
    if not restrict:
        return folder
    base = (Path.cwd() / "results").resolve()
    target = (Path.cwd() / folder).resolve()
    if target == base or base not in target.parents:
        raise ConfigError(
            None,
            "--out",
            "a folder inside ./results/ (relative to the working directory)",
            str(folder),
        )
    return folder


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


def _nearest_existing(path: Path) -> Path:
    probe = path.absolute()
    while not probe.exists():
        probe = probe.parent
    return probe


def check_writable(folder: Path) -> None:
    """The folder (or the nearest existing folder above it) must be a writable folder."""
    existing = _nearest_existing(folder)
    if not existing.is_dir():
        raise ConfigError(
            None, "out", f"a folder path ({existing} is a file, not a folder)", str(folder)
        )
    if not os.access(existing, os.W_OK | os.X_OK):
        raise ConfigError(
            None, "out", f"a writable folder ({existing} is not writable)", str(folder)
        )


#: how a changed identity key is named when a folder is refused
IDENTITY_NAMES = {
    "collectsim_version": "collectsim version",
    "collectsim_results": "results format",
}


def describe_change(key: str, before: Any, now: Any) -> str:
    """``config_hash``, or ``collectsim version (0.1.0 -> 0.2.0)`` for the code's identity."""
    if key not in IDENTITY_NAMES:
        return key
    return f"{IDENTITY_NAMES[key]} ({before if before is not None else 'unknown'} -> {now})"


class RunStore:
    """Reads and writes one experiment's results folder."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.parts = self.folder / PARTS
        self.failed = self.parts / FAILED
        self.locked = False

    # -- checks, before anything is written ------------------------------------------------
    def read_manifest(self) -> dict[str, Any] | None:
        path = self.folder / MANIFEST
        if not path.is_file():
            return None
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def check(self, identity: dict[str, Any], *, fresh: bool) -> None:
        """Refuse a folder holding something else or a different experiment (unless fresh)."""
        check_writable(self.folder)
        if not self.folder.exists():
            return
        manifest = self.read_manifest()
        if manifest is None:
            if any(self.folder.iterdir()):
                raise ConfigError(
                    None,
                    "out",
                    "an empty folder or a collectsim results folder (this one has other files "
                    "and no manifest.json; choose another --out)",
                    str(self.folder),
                )
            return
        self.check_unlocked()
        if fresh:
            return
        changed = [
            describe_change(k, manifest.get(k), v)
            for k, v in identity.items()
            if manifest.get(k) != v
        ]
        if changed:
            raise ConfigError(
                None,
                "out",
                f"the same experiment as the runs already in {self.folder} (its "
                f"{' and '.join(changed)} changed since); use --fresh to discard them and start "
                "over, or --out for another folder",
            )

    def check_unlocked(self) -> None:
        """Refuse a folder another live run is writing to."""
        try:
            pid = int((self.folder / LOCK).read_text().strip() or 0)
        except (OSError, ValueError):
            return
        if pid and pid != os.getpid() and _alive(pid):
            raise ConfigError(
                None,
                "out",
                f"a folder no other run is writing to (process {pid} is running into "
                f"{self.folder}; wait for it, or delete {self.folder / LOCK} if it is gone)",
            )

    # -- writing ---------------------------------------------------------------------------
    def create(self, *, fresh: bool) -> None:
        """Make the folder (emptied with ``fresh``), lock it, drop leftovers of a killed run."""
        if fresh and self.read_manifest() is not None:
            shutil.rmtree(self.folder)
        self.failed.mkdir(parents=True, exist_ok=True)
        self.lock()
        for tmp in [*self.folder.glob(f"{TMP_PREFIX}*"), *self.parts.rglob(f"{TMP_PREFIX}*")]:
            tmp.unlink(missing_ok=True)
        for name in OUTPUT_FILES:
            (self.folder / name).unlink(missing_ok=True)

    def lock(self) -> None:
        """Take the folder's lock: created exclusively, or taken over from a dead process."""
        path = self.folder / LOCK
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            self.check_unlocked()  # raises if a live run holds it; else it is stale
            atomic_write_text(path, str(os.getpid()))
        else:
            with os.fdopen(fd, "w") as fh:
                fh.write(str(os.getpid()))
        self.locked = True

    def unlock(self) -> None:
        if self.locked:
            (self.folder / LOCK).unlink(missing_ok=True)
            self.locked = False

    def write_manifest(self, manifest: dict[str, Any]) -> None:
        atomic_write_text(self.folder / MANIFEST, json.dumps(manifest, indent=2) + "\n")

    def write_part(self, stem: str, part: dict[str, Any]) -> None:
        atomic_write_text(self.parts / f"{stem}.json", json.dumps(part))
        (self.failed / f"{stem}.json").unlink(missing_ok=True)

    def write_failure(self, stem: str, failure: dict[str, Any]) -> None:
        atomic_write_text(self.failed / f"{stem}.json", json.dumps(failure))

    # -- reading ---------------------------------------------------------------------------
    def done(self) -> set[str]:
        """Stems of the runs already finished."""
        if not self.parts.is_dir():
            return set()
        return {p.stem for p in self.parts.glob("*.json")}

    def read_part(self, stem: str) -> dict[str, Any] | None:
        path = self.parts / f"{stem}.json"
        if not path.is_file():
            return None
        return json.loads(path.read_text(encoding="utf-8"))

    def failures(self) -> Iterator[dict[str, Any]]:
        """Recorded failures, in file-name (= run) order."""
        if not self.failed.is_dir():
            return
        for path in sorted(self.failed.glob("*.json")):
            yield json.loads(path.read_text(encoding="utf-8"))
