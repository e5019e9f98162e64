"""Results folders for the results page: which there are, opening one, its extra tables.

A folder is opened with :func:`collectsim.analysis.results.load_results`,
which refuses (ConfigError) anything that is not a finished results folder,
so the page shows the same message the command line would. Only files
directly inside the chosen folder are read: an extra table is any CSV there
that is not one of the standard outputs (sensitivity, and whatever else a
later command writes: an optimiser's trials), and a link that leads out of
the folder is not followed.

>>> interval_label(0.85, 0.875)
'0.85–0.875'
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from collectsim.analysis.results import REQUIRED, Results, load_results, read_table
from collectsim.errors import ConfigError

#: where the page looks for results folders, relative to the project
RESULTS = "results"
#: tables every results folder has, or that the page draws as charts of their own
STANDARD = frozenset({*REQUIRED, "budget.csv", "failures.csv", "events.csv"})
SENSITIVITY = "sensitivity.csv"
#: a swept input with more distinct values than this is shown in bins
SWEEP_BINS = 8


def results_folders(project: Path | None = None) -> list[str]:
    """Folders under ``results/`` with a manifest, newest first, as paths to type or pick."""
    root = (project or Path.cwd()) / RESULTS
    if not root.is_dir():
        return []
    found = [p for p in root.iterdir() if (p / "manifest.json").is_file()]
    found.sort(key=lambda p: (p / "manifest.json").stat().st_mtime, reverse=True)
    return [str(Path(RESULTS) / p.name) for p in found]


def open_results(path: str) -> Results:
    """The results in ``path`` (relative to the project, or absolute); ConfigError if it is
    empty, missing, or not a finished results folder."""
    if not path or not path.strip():
        raise ConfigError(None, "folder", "a results folder (pick one or type its path)")
    return load_results(Path(path.strip()).expanduser())


def inside(folder: Path, file: Path) -> bool:
    """True if ``file`` really lies in ``folder`` (after following links)."""
    try:
        return file.resolve().parent == folder.resolve()
    except OSError:
        return False


def extra_tables(results: Results) -> list[str]:
    """CSV files in the folder besides the standard outputs (e.g. an optimiser's trials)."""
    folder = Path(results.folder)
    names = sorted(p.name for p in folder.glob("*.csv") if inside(folder, p))
    return [n for n in names if n not in STANDARD]


def read_extra(results: Results, name: str) -> pd.DataFrame:
    """One of :func:`extra_tables`; ConfigError for anything else."""
    if name not in extra_tables(results):
        raise ConfigError(str(results.folder), None, "one of this folder's tables", name)
    return read_table(Path(results.folder) / name)


def sensitivity_table(results: Results) -> pd.DataFrame:
    """``sensitivity.csv`` if ``collectsim sensitivity`` wrote one, else an empty table."""
    path = Path(results.folder) / SENSITIVITY
    return read_table(path) if inside(Path(results.folder), path) else pd.DataFrame()


def interval_label(low: float, high: float) -> str:
    return f"{low:.4g}–{high:.4g}"


def sweep_positions(values: pd.Series) -> pd.Series:
    """Each run's place on a swept input's axis, as text: the value itself, or for a sampled
    input (many values) the bin of equal count it falls in."""
    numeric = pd.to_numeric(values, errors="coerce")
    if numeric.isna().any() or numeric.nunique() <= SWEEP_BINS + 2:
        return values.astype(str)
    bins = pd.qcut(numeric, SWEEP_BINS, duplicates="drop")
    return bins.map(lambda b: interval_label(b.left, b.right)).astype(str)
