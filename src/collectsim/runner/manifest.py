"""``manifest.json``: what a results folder holds, how it was made, and how far it got.

The manifest is written when a run starts (status ``running``), rewritten at
the end (``complete``, ``failures`` or ``interrupted``), and read on resume:
its :func:`identity` keys must match for finished runs to be reused.
"""

from __future__ import annotations

import datetime as dt
import platform
from importlib import metadata
from typing import Any

import collectsim
from collectsim.config.experiment import Experiment
from collectsim.runner.fingerprint import code_fingerprint

#: the layout of a results folder; finished runs of another format are never mixed in
RESULTS_FORMAT = 1
#: packages whose versions the manifest records
VERSIONED = ("collectsim", "mesa", "numpy", "pandas", "scipy", "pydantic")


def versions(backend: str) -> dict[str, str]:
    names = [*VERSIONED, *(("dask", "distributed") if backend == "dask" else ())]
    out = {"python": platform.python_version()}
    for name in names:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def identity(exp: Experiment, trace: int) -> dict[str, Any]:
    """What a folder's finished runs must share with this run to be reused on resume:
    the experiment, the trace setting, and the code that computed and wrote them."""
    return {
        "config_hash": exp.config_hash(),
        "trace": trace,
        "collectsim_version": collectsim.__version__,
        "collectsim_results": RESULTS_FORMAT,
        "code_fingerprint": code_fingerprint(),
    }


def start_manifest(exp: Experiment, trace: int, backend: Any, total: int) -> dict[str, Any]:
    sweep = None
    if exp.sweep_fields:
        sweep = {
            "fields": [f.text for f in exp.sweep_fields],
            "points": len(exp.points),
            "spec": [s.model_dump(mode="json") for s in exp.file.sweep],
        }
    return {
        **identity(exp, trace),
        "experiment": exp.name,
        "status": "running",
        "source": exp.source,
        "seed": exp.file.seed,
        "replications": exp.file.replications,
        "borrowers": exp.file.borrowers,
        "horizon_days": exp.file.horizon_days,
        "champion": exp.champion,
        "strategies": [s.name for s in exp.strategies],
        "scenarios": [s.name for s in exp.scenarios],
        "portfolio": exp.portfolio.name,
        "books": [p.name for p in exp.books],
        "sweep": sweep,
        "budget": dict(exp.file.budget),
        "backend": backend.name,
        "workers": backend.workers,
        "runs": total,
        "versions": versions(backend.name),
        "started": now(),
        "config": exp.resolved(),
    }


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
