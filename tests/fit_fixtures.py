"""Targets files and an analytic moment function, for fast tests of the fitter.

The analytic moments are smooth functions of three behaviour parameters, each
moment led by one parameter but touched by another (as real moments are), so
the fit is a real three-parameter search that runs in milliseconds. Named in a
targets file as ``fit_fixtures:analytic`` (the tests folder is on the path).

    path = write_targets(tmp_path, targets_at(TRUE))
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import tomli_w

from collectsim.config import Portfolio

PARAMETERS = (
    ("behaviour.channels.agent_call.reach", (0.05, 0.6)),
    ("behaviour.pay_logit_base", (1.0, 7.0)),
    ("behaviour.promise_keep_base", (0.3, 0.99)),
)
TRUE = (0.31, 4.6, 0.72)
CALLS: list[tuple[float, ...]] = []
"""every point the analytic function was asked for (tests clear it)"""


def values_of(portfolio: Portfolio) -> tuple[float, float, float]:
    b = portfolio.behaviour
    return b.channels.agent_call.reach, b.pay_logit_base, b.promise_keep_base


def moments_at(reach: float, pay: float, keep: float) -> dict[str, float]:
    return {
        "contact": reach + 0.02 * pay,
        "late": 1 / (1 + math.exp(pay - 4)),
        "kept": keep**2 + 0.1 * reach,
        "unused": 1.0,
    }


def analytic_moments(portfolio: Portfolio, seeds: Sequence[int]) -> dict[str, float]:
    values = values_of(portfolio)
    CALLS.append(values)
    return moments_at(*values)


def analytic(targets: Any) -> Any:
    """The factory a targets file names: ``moments = "fit_fixtures:analytic"``."""
    return analytic_moments


def targets_at(
    true: Sequence[float] = TRUE,
    *,
    start: Sequence[float] | None = (0.1, 2.0, 0.4),
    search: dict[str, Any] | None = None,
    moments: str = "fit_fixtures:analytic",
) -> dict[str, Any]:
    """A targets file's data whose moments are the analytic ones at ``true``."""
    simulated = moments_at(*true)
    params = []
    for i, (address, bounds) in enumerate(PARAMETERS):
        entry: dict[str, Any] = {"address": address, "bounds": list(bounds)}
        if start is not None:
            entry["start"] = start[i]
        params.append(entry)
    return {
        "name": "analytic",
        "run": {
            "moments": moments,
            "borrowers": 100,
            "horizon_days": 30,
            "replications": 2,
            "seed": 7,
        },
        "search": {"global_points": 6, "max_evaluations": 400, **(search or {})},
        "parameter": params,
        "moment": [
            {"name": "contact", "target": simulated["contact"], "se": 0.01, "source": "test"},
            {"name": "late", "target": simulated["late"], "weight": 100.0},
            {"name": "kept", "target": simulated["kept"], "se": 0.02, "source": "test"},
        ],
    }


def write_targets(folder: Path, data: dict[str, Any], name: str = "analytic.toml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return path
