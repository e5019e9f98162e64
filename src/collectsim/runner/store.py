"""The results folder on disk: checked before anything is written, one part file per run.

Layout of an experiment's folder (``results/<name>/`` unless ``--out`` names another) while
it runs::

    manifest.json        what is being run (config and code fingerprints, seed) and its status
    parts/<run>.json     one finished run: its lines of runs.csv, daily.csv, events.csv
    parts/failed/<run>.json   a run that raised: its error and traceback
    parts/damaged/       parts that failed their checksum, set aside (the runs are redone)

Each part is written to a temporary file and renamed into place
(``os.replace``), so a part either exists whole or not at all: a killed
process loses only the runs in flight, and a re-run skips every run with a
part. Each part also carries its checksum (:mod:`collectsim.runner.integrity`):
one damaged later is set aside with a message and its run computed again.
The final CSVs are assembled from the parts into a staging folder and moved
into place only once all of them are complete (see :mod:`collectsim.runner.outputs`),
so a failed re-run never destroys the outputs of an earlier one.

A folder is only ever reused for the same experiment run by the same code:
the manifest's config hash, trace setting, code fingerprint, collectsim version
and results format must match, else the run is refused unless ``fresh``; a
folder holding another experiment's results is refused even with ``fresh``
(its results are not this experiment's to discard); ``fresh`` deletes only a
folder that holds a collectsim manifest.
While a run writes, ``.lock`` holds its process id, so a second run into the
same folder is refused instead of racing it (a lock left by a killed run,
whose process is gone, is taken over). ``.reserve`` holds a little disk space
so that, should the disk fill up mid-run, the final manifest can still be
written and the lock released.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from collectsim.errors import ConfigError
from collectsim.runner.atomic import TMP_PREFIX, atomic_write_text
from collectsim.runner.integrity import FAILURE_FIELDS, PART_FIELDS, DamagedPart, seal, unseal

MANIFEST = "manifest.json"
LOCK = ".lock"
RESERVE = ".reserve"
#: bytes kept back for the final manifest should the disk fill up
RESERVE_BYTES = 2**20
PARTS = "parts"
FAILED = "failed"
DAMAGED = "damaged"
#: where outputs are assembled before they replace the folder's
STAGING = f"{TMP_PREFIX}staging"
#: files an assembly writes; one the latest assembly did not write is removed as stale
OUTPUT_FILES = (
    "runs.csv",
    "daily.csv",
    "summary.csv",
    "comparison.csv",
    "budget.csv",
    "events.csv",
    "failures.csv",
    "collectors.csv",
)


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
    "code_fingerprint": "code that computes results (fingerprint",
}


def describe_change(key: str, before: Any, now: Any) -> str:
    """``config_hash``, or ``collectsim version (0.1.0 -> 0.2.0)`` for the code's identity."""
    if key not in IDENTITY_NAMES:
        return key
    if key == "code_fingerprint":
        was = str(before)[:12] if before is not None else "unknown"
        return f"{IDENTITY_NAMES[key]} {was} -> {str(now)[:12]})"
    return f"{IDENTITY_NAMES[key]} ({before if before is not None else 'unknown'} -> {now})"


def check_folder(folder: Path, manifest: dict[str, Any] | None, experiment: str) -> None:
    """A folder of other files, or of another experiment's results, is never used."""
    if manifest is None:
        if any(folder.iterdir()):
            raise ConfigError(
                None,
                "out",
                "an empty folder or a collectsim results folder (this one has other files "
                "and no manifest.json; choose another --out)",
                str(folder),
            )
        return
    other = manifest.get("experiment")
    if other is not None and other != experiment:
        raise ConfigError(
            None,
            "out",
            f"a folder for experiment '{experiment}' ({folder} holds the results of "
            f"experiment '{other}'; choose another --out, e.g. --out {folder.parent / experiment})",
        )


class RunStore:
    """Reads and writes one experiment's results folder."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.parts = self.folder / PARTS
        self.failed = self.parts / FAILED
        self.damaged = self.parts / DAMAGED
        self.staging = self.folder / STAGING
        self.locked = False

    # -- checks, before anything is written ------------------------------------------------
    def read_manifest(self) -> dict[str, Any] | None:
        path = self.folder / MANIFEST
        if not path.is_file():
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def check(self, identity: dict[str, Any], *, fresh: bool, experiment: str) -> None:
        """Refuse a folder holding something else, or a different experiment (unless fresh)."""
        check_writable(self.folder)
        if not self.folder.exists():
            return
        if not self.folder.is_dir():
            raise ConfigError(None, "out", "a folder (this is a file)", str(self.folder))
        manifest = self.read_manifest()
        check_folder(self.folder, manifest, experiment)
        if manifest is None:
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
        """Make the folder (emptied with ``fresh``), lock it, drop leftovers of a killed run.

        Earlier outputs stay until their replacements are complete (:meth:`promote`).
        """
        if fresh and self.read_manifest() is not None:
            shutil.rmtree(self.folder)
        self.failed.mkdir(parents=True, exist_ok=True)
        self.lock()
        shutil.rmtree(self.staging, ignore_errors=True)
        for tmp in [*self.folder.glob(f"{TMP_PREFIX}*"), *self.parts.rglob(f"{TMP_PREFIX}*")]:
            tmp.unlink(missing_ok=True)
        with (self.folder / RESERVE).open("wb") as fh:
            fh.write(os.urandom(RESERVE_BYTES))

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

    def release(self) -> None:
        """Give back the reserved space and drop the staging folder (after an error too)."""
        with contextlib.suppress(OSError):
            (self.folder / RESERVE).unlink(missing_ok=True)
        shutil.rmtree(self.staging, ignore_errors=True)

    def write_manifest(self, manifest: dict[str, Any]) -> None:
        atomic_write_text(self.folder / MANIFEST, json.dumps(manifest, indent=2) + "\n")

    def write_part(self, stem: str, part: dict[str, Any]) -> None:
        atomic_write_text(self.parts / f"{stem}.json", seal(part))
        (self.failed / f"{stem}.json").unlink(missing_ok=True)

    def write_failure(self, stem: str, failure: dict[str, Any]) -> None:
        atomic_write_text(self.failed / f"{stem}.json", seal(failure))

    def promote(self) -> None:
        """Move the staged outputs into the folder; remove outputs this assembly did not make."""
        made = {p.name for p in self.staging.iterdir()}
        for name in OUTPUT_FILES:
            if name in made:
                os.replace(self.staging / name, self.folder / name)
            else:
                (self.folder / name).unlink(missing_ok=True)
        shutil.rmtree(self.staging, ignore_errors=True)

    # -- reading ---------------------------------------------------------------------------
    def set_aside(self, path: Path, why: str) -> str:
        """Move a damaged part to parts/damaged/ (never deleted: it may be evidence)."""
        self.damaged.mkdir(parents=True, exist_ok=True)
        kind = "failure record" if path.parent == self.failed else "part"
        target = self.damaged / f"{path.parent.name}-{path.name}"
        n = 1
        while target.exists():
            n += 1
            target = self.damaged / f"{path.parent.name}-{path.stem}.{n}{path.suffix}"
        os.replace(path, target)
        return f"damaged {kind} {path} ({why}) set aside as {target}; its run is computed again"

    def scan(self) -> list[str]:
        """Check every part and failure record; set the damaged ones aside; say which."""
        messages = []
        for folder, fields in ((self.parts, PART_FIELDS), (self.failed, FAILURE_FIELDS)):
            if not folder.is_dir():
                continue
            for path in sorted(folder.glob("*.json")):
                try:
                    unseal(path.read_text(encoding="utf-8"), fields)
                except (DamagedPart, UnicodeDecodeError) as exc:
                    messages.append(self.set_aside(path, str(exc)))
        return messages

    def done(self) -> set[str]:
        """Stems of the runs already finished."""
        if not self.parts.is_dir():
            return set()
        return {p.stem for p in self.parts.glob("*.json")}

    def read_part(self, stem: str) -> dict[str, Any] | None:
        """A finished run's part; None if there is none; DamagedPart if it is damaged."""
        path = self.parts / f"{stem}.json"
        if not path.is_file():
            return None
        try:
            return unseal(path.read_text(encoding="utf-8"), PART_FIELDS)
        except UnicodeDecodeError as exc:
            raise DamagedPart(f"not UTF-8 text ({exc})") from None

    def failures(self) -> Iterator[dict[str, Any]]:
        """Recorded failures, in file-name (= run) order (damaged ones were set aside)."""
        if not self.failed.is_dir():
            return
        for path in sorted(self.failed.glob("*.json")):
            try:
                yield unseal(path.read_text(encoding="utf-8"), FAILURE_FIELDS)
            except (DamagedPart, UnicodeDecodeError):
                continue
