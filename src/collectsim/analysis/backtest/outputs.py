"""What a back-test leaves in its folder (``results/backtest-<name>/`` by default).

- ``measures.csv``: per measure, the actual value, its standard error and the
  accounts behind it, the simulated mean and sd, the 95% prediction interval,
  whether the actual lies in it, and z;
- ``replications.csv``: every run's measures, one row per replication;
- ``backtest.txt``: the comparison as text; ``backtest.json``: the set-up (the
  tapes by path and SHA-256, never their contents), the coverage, the result;
- ``plots/backtest_<measure>.png``: a figure per kind of measure;
- ``fit/`` with ``--fit``: the fitter's files, ``portfolio.toml`` (the fitted
  behaviour) and ``measures.csv`` at the fitted values.

Nothing is written before the inputs are all checked, and a folder holding
other files is never written into.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pandas as pd

from collectsim import __version__
from collectsim.analysis.backtest.run import Coverage
from collectsim.analysis.fit.outputs import claim_folder
from collectsim.config.backtest import Backtest
from collectsim.config.tape import file_sha256
from collectsim.runner.atomic import atomic_write_text

MARKER = "backtest.json"


def default_out(bt: Backtest) -> Path:
    return Path("results") / f"backtest-{bt.name}"


def prepare_folder(out: str | Path) -> Path:
    """A new folder, or one a back-test wrote (its files are replaced)."""
    folder = claim_folder(out, MARKER, "a back-test")
    (folder / "plots").mkdir(exist_ok=True)
    if not (folder / MARKER).exists():  # the folder is a back-test's from now on
        atomic_write_text(folder / MARKER, json.dumps({"status": "running"}) + "\n")
    return folder


def summary(
    bt: Backtest, comparison: pd.DataFrame, coverage: Coverage, seeds: list[int], seconds: float
) -> dict[str, Any]:
    """``backtest.json``: what was compared, with what, and how it came out."""
    tape = bt.portfolio.tape
    return {
        "name": bt.name,
        "backtest": Path(bt.source).as_posix(),
        "start": {"path": Path(tape.path).as_posix(), "sha256": tape.sha256, "rows": tape.rows},
        "history": {
            "path": Path(bt.history.source).as_posix(),
            "sha256": file_sha256(bt.history.source),
            "rows": bt.history.rows,
        },
        "as_of": str(tape.settings.as_of),
        "days": list(bt.days),
        "strategy": bt.strategy.name,
        "scenario": bt.scenario.name,
        "borrowers": bt.borrowers,
        "seeds": seeds,
        "coverage": asdict(coverage),
        "measures": len(comparison),
        "within": int(comparison["within"].sum()),
        "seconds": round(seconds, 3),
        "collectsim": __version__,
    }


def write_tables(
    folder: Path, comparison: pd.DataFrame, replications: pd.DataFrame, text: str, info: dict
) -> None:
    """Every table of a comparison, each written whole or not at all."""
    atomic_write_text(folder / "measures.csv", comparison.to_csv(index=False))
    atomic_write_text(folder / "replications.csv", replications.to_csv(index=False))
    atomic_write_text(folder / "backtest.txt", text + "\n")
    atomic_write_text(folder / MARKER, json.dumps(info, indent=2) + "\n")
