"""A fingerprint of the code that determines results, so two versions are never mixed.

The package version alone misses an edit of the model between releases:
resuming after such an edit would put runs of two models in one
``runs.csv``. The fingerprint is the SHA-256 of the source of every module
that shapes a run's numbers or their text in the CSVs (the schemas and
the engine, the model, one run, the channel and metric tables, the
run's rows and seeds), by path and content. The manifest records it and a
resume with another fingerprint is refused unless ``--fresh``. The configs
themselves are fingerprinted separately (the manifest's ``config_hash``).

Modules that only read, plot or present results (``analysis/``, ``report/``,
``cli/``) and the run store are left out: editing them changes no run, and
the tables they derive are recomputed on every resume anyway.

>>> len(code_fingerprint())
64
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]
#: what determines results, relative to the package: folders (every file in them) and files
RESULT_SOURCES = (
    "config",
    "engine",
    "channels.py",
    "metrics.py",
    "model.py",
    "simulation.py",
    "runner/backends.py",
    "runner/outputs.py",
    "runner/seeds.py",
)
SUFFIXES = (".py",)


def source_files(root: Path = PACKAGE) -> list[Path]:
    """The files the fingerprint covers, in a fixed order."""
    files: list[Path] = []
    for name in RESULT_SOURCES:
        path = root / name
        if path.is_dir():
            files.extend(p for p in path.rglob("*") if p.suffix in SUFFIXES and p.is_file())
        elif path.is_file():
            files.append(path)
    return sorted(files, key=lambda p: p.relative_to(root).as_posix())


@functools.cache
def code_fingerprint(root: Path = PACKAGE) -> str:
    """SHA-256 over the relative path and bytes of every file in :func:`source_files`."""
    digest = hashlib.sha256()
    for path in source_files(root):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()
