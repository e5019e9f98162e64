"""Variants as the experiment file wrote them, and those that changed nothing in the run.

A variant ``{ name, base, set }`` is its base with a few fields changed. The
report shows those changes (a variant's description is its base's, word for
word), and a variant whose every run came out identical to its base's, run
for run on the same seeds, changed nothing the model acts on: a ban on field
visits for a strategy that never visits, a cap no account ever reaches. With
common random numbers identical inputs give identical runs, so equality here
is exact, not a test.

>>> overrides({"name": "x", "base": "standard", "set": {"compliance.max_contacts_per_week": 3}})
[('compliance.max_contacts_per_week', '3')]
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from collectsim.metrics import METRIC_NAMES

KINDS = {"strategies": "strategy", "scenarios": "scenario"}


def overrides(entry: Any) -> list[tuple[str, str]]:
    """A variant's ``set`` as (address, value as TOML would write it) pairs; [] otherwise."""
    if not isinstance(entry, dict) or not isinstance(entry.get("set"), dict):
        return []
    return [(str(k), json.dumps(v, ensure_ascii=False)) for k, v in entry["set"].items()]


def _entries(results: Any, kind: str) -> list[tuple[Any, str]]:
    """(entry as written, resolved name) per strategy or scenario, in the experiment's order."""
    config = results.manifest.get("config") or {}
    written = (config.get("experiment") or {}).get(kind) or []
    resolved = [str(c.get("name")) for c in config.get(kind) or [] if isinstance(c, dict)]
    if len(written) != len(resolved):
        return []
    return list(zip(written, resolved, strict=True))


def variants(results: Any, kind: str) -> dict[str, dict[str, Any]]:
    """Variant name -> its base (as written), the base's name in this experiment (or None)
    and its overrides, for ``kind`` 'strategies' or 'scenarios'."""
    entries = _entries(results, kind)
    by_ref = {str(e): name for e, name in entries if isinstance(e, str)}
    out = {}
    for entry, name in entries:
        if isinstance(entry, dict) and "base" in entry:
            base = str(entry["base"])
            stem = Path(base).stem
            present = by_ref.get(base) or (stem if stem in by_ref.values() else None)
            out[name] = {"base": base, "base_name": present, "set": overrides(entry)}
    return out


def _same_runs(runs: pd.DataFrame, column: str, a: str, b: str, keys: list[str]) -> bool:
    """True if every run of ``a`` equals the run of ``b`` on the same keys, metric by metric."""
    metrics = [m for m in METRIC_NAMES if m in runs.columns]
    left = runs[runs[column].astype(str) == a].set_index(keys)[metrics].sort_index()
    right = runs[runs[column].astype(str) == b].set_index(keys)[metrics].sort_index()
    if left.empty or not left.index.equals(right.index):
        return False
    x, y = left.to_numpy(dtype=float), right.to_numpy(dtype=float)
    return bool(np.array_equal(x, y, equal_nan=True))


def _inert_in(results: Any, kind: str, variant: str, base: str) -> list[str]:
    """The scenarios (for a strategy variant) or strategies (for a scenario variant) in
    which every run of ``variant`` equals ``base``'s."""
    runs = results.runs
    column, other = ("strategy", "scenario") if kind == "strategies" else ("scenario", "strategy")
    keys = ["replication", *(["point"] if "point" in runs.columns else [])]
    across = results.scenarios if kind == "strategies" else results.strategies
    return [
        str(value)
        for value in across
        if _same_runs(runs[runs[other].astype(str) == str(value)], column, variant, base, keys)
    ]


def _where(kind: str, same: list[str], every: int) -> str:
    """'in every scenario', 'in scenario recession', 'for strategies gentle, standard'."""
    if kind == "strategies":
        return "in every scenario" if len(same) == every else f"in scenario {', '.join(same)}"
    if len(same) == every:
        return "for every strategy"
    return f"for strateg{'y' if len(same) == 1 else 'ies'} {', '.join(same)}"


def inert_variants(results: Any) -> list[str]:
    """A sentence per variant whose runs equal its base's (where the base was run too); a
    variant that sets nothing is a deliberate copy of its base and is not named."""
    notes = []
    for kind, word in KINDS.items():
        every = len(results.scenarios if kind == "strategies" else results.strategies)
        for name, v in variants(results, kind).items():
            if not v["set"] or not v["base_name"]:  # an empty set: a deliberate copy
                continue
            same = _inert_in(results, kind, name, v["base_name"])
            if not same:
                continue
            changes = ", ".join(f"{k} = {val}" for k, val in v["set"])
            notes.append(
                f"{word} variant '{name}' ({changes}) changes nothing in the run "
                f"{_where(kind, same, every)}: every run equals {v['base_name']}'s on the "
                "same seeds"
            )
    return notes
