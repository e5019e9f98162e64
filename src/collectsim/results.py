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
>>> res.plot_frontier()  # doctest: +SKIP
"""

from __future__ import annotations

import json
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd

from collectsim.errors import ConfigError

FINISHED = ("complete", "failures")
REQUIRED = ("runs.csv", "daily.csv", "summary.csv", "comparison.csv")
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

    # Plots live in collectsim.plots; these only delegate, importing matplotlib when used.
    def plot_frontier(self, **kw: Any) -> Any:
        from collectsim import plots

        return plots.frontier(self, **kw)

    def plot_tradeoff(self, **kw: Any) -> Any:
        from collectsim import plots

        return plots.tradeoff(self, **kw)

    def plot_differences(self, **kw: Any) -> Any:
        from collectsim import plots

        return plots.differences(self, **kw)

    def plot_buckets(self, strategy: str, scenario: str, **kw: Any) -> Any:
        from collectsim import plots

        return plots.buckets(self, strategy, scenario, **kw)

    def plot_series(self, metric: str, **kw: Any) -> Any:
        from collectsim import plots

        return plots.series(self, metric, **kw)


def _not_results(folder: Path, why: str) -> ConfigError:
    return ConfigError(str(folder), None, f"a finished collectsim results folder ({why})")


def load_results(folder: str | Path) -> Results:
    """Open a results folder; ConfigError if it is not one or is not finished."""
    folder = Path(folder)
    if not folder.is_dir():
        raise _not_results(folder, "no such folder")
    path = folder / "manifest.json"
    if not path.is_file():
        raise _not_results(folder, "no manifest.json")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise _not_results(folder, f"manifest.json unreadable: {exc}") from None
    if not isinstance(manifest, dict) or "collectsim_results" not in manifest:
        raise _not_results(folder, "manifest.json is not a collectsim manifest")
    status = manifest.get("status")
    if status not in FINISHED:
        raise _not_results(folder, f"status '{status}'; run the experiment again to finish it")
    missing = [name for name in REQUIRED if not (folder / name).is_file()]
    if missing:
        raise _not_results(folder, f"missing {', '.join(missing)}")
    return Results(folder, manifest)
