"""The fit's journal: every simulated evaluation, appended as it finishes, so a fit resumes.

``evaluations.jsonl`` opens with a header naming what the simulations depend
on (a hash of the portfolio, scenarios, strategy, run settings and parameter
addresses, and the seeds), then holds one line per simulated point: the parameter values and
every moment the function returned. The search is deterministic (common
random numbers, a seeded design, Nelder–Mead), so a fit started again replays
its own path, answering each point it has seen from the journal at once, and
goes on where it stopped. Targets, weights, bounds and search settings are
not in the hash: the simulations stay valid when they change, and a second
fit with other weights reuses every point both visit.

A change to the model's code is not in the hash either; the fitter checks it
by simulating the journal's first point again before trusting the rest.

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> j = Journal.open(folder / JOURNAL, "k1", ["a.b"])
>>> j.append((0.5,), {"m": 1.0}, 0.1)
>>> Journal.open(folder / JOURNAL, "k1", ["a.b"]).entries
{(0.5,): {'m': 1.0}}
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from collectsim import __version__
from collectsim.config.experiment import EXECUTION_FIELDS
from collectsim.config.targets import Targets
from collectsim.errors import ConfigError

JOURNAL = "evaluations.jsonl"
FORMAT = 1
KIND = "collectsim fit journal"


def simulation_key(targets: Targets, seeds: Sequence[int]) -> str:
    """A hash of everything the simulated moments depend on (not targets or weights)."""
    run = targets.file.run.model_dump(mode="json", exclude=set(EXECUTION_FIELDS))
    data = {
        "version": __version__,
        "seeds": [int(s) for s in seeds],
        "run": run,
        "portfolio": targets.portfolio.model_dump(mode="json"),
        "scenarios": [s.model_dump(mode="json") for s in targets.scenarios],
        "strategy": targets.strategy.model_dump(mode="json"),
        "parameters": [p.name for p in targets.parameters],
    }
    blob = json.dumps(data, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode()).hexdigest()


def _parse(path: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Header and entries; a last line cut short by a crash is dropped."""
    lines = path.read_text(encoding="utf-8").splitlines()
    rows: list[dict[str, Any]] = []
    for i, line in enumerate(lines):
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError:
            if i == len(lines) - 1:
                break  # interrupted mid-line: that evaluation is simply run again
            raise ConfigError(str(path), None, f"a fit journal (line {i + 1} unreadable)") from None
    if not rows or rows[0].get("kind") != KIND:
        raise ConfigError(str(path), None, "a fit journal written by collectsim calibrate --fit")
    return rows[0], rows[1:]


class Journal:
    """An append-only record of simulated points, keyed by their parameter values."""

    def __init__(self, path: Path, entries: dict[tuple[float, ...], dict[str, float]]):
        self.path = path
        self.entries = entries
        self.order = list(entries)

    @classmethod
    def open(cls, path: Path, key: str, parameters: Sequence[str]) -> Journal:
        """Read the journal at ``path``, or start one; refuse one of other simulations."""
        if not path.exists() or path.stat().st_size == 0:
            header = {"kind": KIND, "format": FORMAT, "key": key, "parameters": list(parameters)}
            path.write_text(json.dumps(header) + "\n", encoding="utf-8")
            return cls(path, {})
        header, rows = _parse(path)
        if header.get("key") != key or header.get("format") != FORMAT:
            raise ConfigError(
                str(path),
                None,
                "a journal of the same simulations (the portfolio, scenarios, strategy, run "
                "settings, parameters or collectsim version changed); use --fresh to start over",
            )
        entries = {tuple(float(v) for v in r["values"]): dict(r["moments"]) for r in rows}
        return cls(path, entries)

    def append(self, values: tuple[float, ...], moments: dict[str, float], seconds: float) -> None:
        """Add one simulated point, flushed to disk before the search goes on."""
        line = json.dumps({"values": list(values), "moments": moments, "seconds": seconds})
        with self.path.open("a", encoding="utf-8") as fh:
            fh.write(line + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        self.entries[values] = moments
        self.order.append(values)
