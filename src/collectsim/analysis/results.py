"""Results of an experiment as pandas DataFrames, read back from its folder.

``load_results`` checks that a folder is a finished collectsim results folder
(a manifest whose status is complete, and every output file), so a
half-written or foreign folder is a clear ConfigError, not a confusing
pandas error later. The daily and events tables, which can be large, are
read only when first used.

>>> import collectsim
>>> res = collectsim.load_results("results/quickstart")  # doctest: +SKIP
>>> res.strategies, res.champion  # doctest: +SKIP
(['gentle', 'standard', 'aggressive'], 'standard')
>>> res.comparison.query("metric == 'recovery_rate'")  # doctest: +SKIP

The figures (``res.plot_frontier()`` and so on) are the report layer's: the
:class:`Results` that ``collectsim.load_results`` returns adds them
(:mod:`collectsim.report.results`).
"""

from __future__ import annotations

import json
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd

from collectsim.errors import ConfigError

FINISHED = ("complete", "failures")
TEXT_COLUMNS = ("experiment", "strategy", "scenario", "challenger", "champion", "metric", "budget")


def read_table(path: Path) -> pd.DataFrame:
    """A results CSV with names kept as text and empty fields as NaN; empty if absent."""
    if not path.is_file():
        return pd.DataFrame()
    head = pd.read_csv(path, nrows=0).columns
    dtype = {c: str for c in TEXT_COLUMNS if c in head}
    return pd.read_csv(path, dtype=dtype, keep_default_na=False, na_values=[""])


class Results:
    """One experiment's outputs: runs, daily series, summary, paired comparisons, budget."""

    def __init__(self, folder: Path, manifest: dict[str, Any]):
        self.folder = Path(folder)
        self.manifest = manifest
        self.runs = read_table(self.folder / "runs.csv")
        self.summary = read_table(self.folder / "summary.csv")
        self.comparison = read_table(self.folder / "comparison.csv")
        self.budget = read_table(self.folder / "budget.csv")
        self.failures = read_table(self.folder / "failures.csv")

    @cached_property
    def daily(self) -> pd.DataFrame:
        """Per run and day: accounts by state, cumulative money and complaints, reputation."""
        return read_table(self.folder / "daily.csv")

    @cached_property
    def events(self) -> pd.DataFrame:
        """Traced accounts' events (``--trace N``); empty if none were traced."""
        return read_table(self.folder / "events.csv")

    @property
    def name(self) -> str:
        return str(self.manifest["experiment"])

    @property
    def strategies(self) -> list[str]:
        """Strategy names in the experiment's order."""
        return list(self.manifest["strategies"])

    @property
    def scenarios(self) -> list[str]:
        """Scenario names in the experiment's order."""
        return list(self.manifest["scenarios"])

    @property
    def champion(self) -> str:
        return str(self.manifest["champion"])

    def __repr__(self) -> str:
        m = self.manifest
        return (
            f"<Results {self.name!r}: {len(self.runs)} runs, {len(self.strategies)} strategies "
            f"x {len(self.scenarios)} scenarios x {m.get('replications')} replications"
            f"{', ' + str(m['sweep']['points']) + ' sweep points' if m.get('sweep') else ''}"
            f", folder {str(self.folder)!r}>"
        )


#: the files every finished results folder has, with the columns a reader relies on
REQUIRED: dict[str, tuple[str, ...]] = {
    "runs.csv": ("experiment", "strategy", "scenario", "replication", "seed"),
    "daily.csv": ("strategy", "scenario", "replication", "day"),
    "summary.csv": ("strategy", "scenario", "metric", "mean", "ci_low", "ci_high", "n"),
    "comparison.csv": ("challenger", "champion", "scenario", "metric", "mean_difference"),
}


def _not_results(folder: Path, why: str) -> ConfigError:
    return ConfigError(str(folder), None, f"a finished collectsim results folder ({why})")


def read_manifest(folder: Path) -> dict[str, Any]:
    """The folder's manifest; ConfigError if the folder or a collectsim manifest is missing."""
    if not folder.exists():
        raise _not_results(folder, "no such folder")
    if not folder.is_dir():
        raise _not_results(folder, "not a folder")
    path = folder / "manifest.json"
    if not path.is_file():
        raise _not_results(
            folder, "not a results folder: no manifest.json; run `collectsim run` to make one"
        )
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise _not_results(folder, f"manifest.json unreadable, not valid JSON: {exc}") from None
    if not isinstance(manifest, dict) or "collectsim_results" not in manifest:
        raise _not_results(folder, "manifest.json is not a collectsim manifest")
    return manifest


def check_results_folder(folder: Path, *, rows: bool = False) -> dict[str, Any]:
    """The one check of a results folder: finished, every required file with its columns
    (and, with ``rows``, at least one row each: what a report needs); the manifest.

    Anything else is a ConfigError naming the folder or file and what is wrong,
    so a half-written or foreign folder never becomes a pandas error later.
    """
    manifest = read_manifest(folder)
    status = manifest.get("status")
    if status not in FINISHED:
        raise _not_results(folder, f"status '{status}'; run the experiment again to finish it")
    missing = [name for name in REQUIRED if not (folder / name).is_file()]
    if missing:
        raise _not_results(
            folder, f"missing {', '.join(missing)}; run the experiment again to finish it"
        )
    one_strategy = len(manifest.get("strategies") or ()) == 1
    for name, columns in REQUIRED.items():
        # one strategy has no challenger: its comparison.csv rightly has a header only
        needs_rows = rows and not (one_strategy and name == "comparison.csv")
        _check_header(folder / name, columns, rows=needs_rows)
    return manifest


def _check_header(path: Path, columns: tuple[str, ...], *, rows: bool) -> None:
    with path.open(encoding="utf-8") as fh:
        header = fh.readline().strip().split(",")
        has_row = bool(fh.readline().strip())
    lacking = [c for c in columns if c not in header]
    if lacking:
        raise ConfigError(str(path), None, f"columns {', '.join(lacking)} (incomplete results)")
    if rows and not has_row:
        raise ConfigError(str(path), None, "rows of results (no rows; was the run interrupted?)")


def load_results(folder: str | Path) -> Results:
    """Open a results folder; ConfigError if it is not one or is not finished."""
    folder = Path(folder)
    return Results(folder, check_results_folder(folder))
