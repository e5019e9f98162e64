"""Writing a file so that a reader sees the old file or the new one, never half of either.

Every file collectsim writes into a results folder goes through here: run
parts, the manifest, the assembled CSVs, ``sensitivity.csv`` and
``report.html``. The text goes to a temporary file beside the target
(named ``.tmp-<name>.<pid>``, so a leftover is recognisable and removed on
the next run) and is renamed into place with :func:`os.replace`; an
interruption mid-write leaves no temporary file behind.

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> atomic_write_text(folder / "a.txt", "hello")
>>> (folder / "a.txt").read_text(), sorted(p.name for p in folder.iterdir())
('hello', ['a.txt'])
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

#: temporary files start with this, so a run can remove those a killed run left
TMP_PREFIX = ".tmp-"


def atomic_write_text(path: Path, text: str | Iterable[str]) -> None:
    """Write ``text`` (one string, or chunks in turn, for files too big to hold) to ``path``."""
    tmp = path.with_name(f"{TMP_PREFIX}{path.name}.{os.getpid()}")
    try:
        with tmp.open("w", encoding="utf-8", newline="") as fh:
            fh.writelines([text] if isinstance(text, str) else text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:  # a full disk, Ctrl-C: leave no stray temporary file
        tmp.unlink(missing_ok=True)
        raise
