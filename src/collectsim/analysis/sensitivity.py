"""Which swept inputs drive each outcome: sensitivity analysis of a sampled sweep.

For every strategy x scenario (and every combination of grid-swept values),
each metric is averaged over replications at each sample point, then:

- ``method = "sobol"`` (Saltelli design from SALib): first-order (``S1``) and
  total (``ST``) Sobol indices from ``SALib.analyze.sobol``, with the
  half-width of their 95% bootstrap interval in ``conf``. ``S1`` is the share
  of the outcome's variance an input explains alone, ``ST`` including its
  interactions.
- ``method = "lhs"`` (Latin hypercube): Sobol indices need their own design,
  so a documented alternative: standardized regression coefficients
  (``SRC``, the change in the outcome's standard deviations per standard
  deviation of the input, all inputs together; ``conf`` from OLS standard
  errors), the fit's ``R2`` (input ``*``: SRC are trustworthy when it is
  near 1), and Spearman rank correlations (``spearman``, monotone but
  nonlinear effects; ``conf`` from Fisher's z).

``sensitivity.csv`` columns: ``strategy, scenario, [grid fields], metric,
input, index, value, conf``. A metric that does not vary gets NaN.

    collectsim sensitivity results/my_sweep

>>> from collectsim.analysis.sensitivity import src_indices
>>> import numpy as np
>>> x = np.array([[0.0], [1.0], [2.0], [3.0]])
>>> [round(float(v), 3) for v in src_indices(x, 2 * x[:, 0] + 1)[0]]
[1.0]
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats as sps

from collectsim.analysis.results import Results
from collectsim.analysis.stats import CONFIDENCE
from collectsim.config.sweeps import salib_problem
from collectsim.errors import ConfigError
from collectsim.metrics import HEADLINE, METRIC_NAMES

COLUMNS = ("metric", "input", "index", "value", "conf")
#: normal quantile of the 95% intervals of SRC (OLS) and Spearman's rho (Fisher's z)
Z95 = float(sps.norm.ppf(0.5 + CONFIDENCE / 2))


def sweep_method(results: Results) -> str:
    """'sobol' or 'lhs': how the sampled sweeps of a results folder were drawn."""
    return _sweep_specs(results)[1][0].get("method") or "lhs"


def _sweep_specs(results: Results) -> tuple[list[dict], list[dict]]:
    sweep = results.manifest.get("sweep") or {}
    specs = sweep.get("spec", [])
    sampled = [s for s in specs if s.get("range") is not None]
    if not sampled:
        raise ConfigError(
            str(results.folder),
            "sweep",
            "an experiment with a sampled sweep (range + samples) for sensitivity analysis",
        )
    return [s for s in specs if s.get("values") is not None], sampled


def varies(y: np.ndarray) -> bool:
    """True if ``y`` varies beyond floating-point noise (else no index is meaningful)."""
    y = y[np.isfinite(y)]
    return len(y) > 1 and float(np.ptp(y)) > 1e-12 * max(1.0, float(np.max(np.abs(y))))


def src_indices(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    """Standardized regression coefficients, their 95% half-widths, and R²."""
    n, d = x.shape
    sx, sy = x.std(axis=0, ddof=1), y.std(ddof=1)
    if not varies(y) or np.any(sx == 0) or n <= d + 1 or not np.all(np.isfinite(y)):
        return np.full(d, np.nan), np.full(d, np.nan), np.nan
    zx = (x - x.mean(axis=0)) / sx
    zy = (y - y.mean()) / sy
    design = np.column_stack([np.ones(n), zx])
    coef, *_ = np.linalg.lstsq(design, zy, rcond=None)
    resid = zy - design @ coef
    sigma2 = resid @ resid / (n - d - 1)
    cov = sigma2 * np.linalg.pinv(design.T @ design)
    r2 = 1 - (resid @ resid) / (zy @ zy)
    return coef[1:], Z95 * np.sqrt(np.diag(cov)[1:]), float(r2)


def _spearman(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    if not varies(x) or not varies(y) or not np.all(np.isfinite(y)):
        return np.nan, np.nan
    rho = float(sps.spearmanr(x, y).statistic)
    n = len(y)
    if n <= 3 or abs(rho) >= 1:
        return rho, np.nan
    z = np.arctanh(rho)
    lo, hi = np.tanh(z - Z95 / np.sqrt(n - 3)), np.tanh(z + Z95 / np.sqrt(n - 3))
    return rho, float((hi - lo) / 2)


def _lhs_rows(names: Sequence[str], x: np.ndarray, y: np.ndarray) -> Iterator[list[Any]]:
    src, conf, r2 = src_indices(x, y)
    for j, name in enumerate(names):
        yield [name, "SRC", src[j], conf[j]]
    yield ["*", "R2", r2, np.nan]
    for j, name in enumerate(names):
        yield [name, "spearman", *_spearman(x[:, j], y)]


def _sobol_rows(problem: dict, y: np.ndarray) -> Iterator[list[Any]]:
    from SALib.analyze import sobol

    if not np.all(np.isfinite(y)) or not varies(y):
        for name in problem["names"]:
            yield [name, "S1", np.nan, np.nan]
            yield [name, "ST", np.nan, np.nan]
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = sobol.analyze(problem, y, calc_second_order=False, seed=0)
    for j, name in enumerate(problem["names"]):
        yield [name, "S1", float(res["S1"][j]), float(res["S1_conf"][j])]
        yield [name, "ST", float(res["ST"][j]), float(res["ST_conf"][j])]


def sensitivity(results: Results) -> pd.DataFrame:
    """Sensitivity indices of every metric to the sampled inputs (see the module docstring)."""
    grid, sampled = _sweep_specs(results)
    method = sweep_method(results)
    names = [s["field"] for s in sampled]
    grid_names = [s["field"] for s in grid]
    problem = salib_problem(
        names, [s["range"][0] for s in sampled], [s["range"][1] for s in sampled]
    )
    metrics = [m for m in METRIC_NAMES if m in results.runs.columns]
    cells = ["strategy", "scenario", *grid_names]
    grouped = results.runs.groupby([*cells, "point"], sort=False)
    means = grouped[[*names, *metrics]].mean()
    means["_runs"] = grouped.size()
    means = means.reset_index().sort_values("point", kind="stable")
    means = _complete_points(results, means, cells, method, len(names), sampled[0]["samples"])
    rows: list[list[Any]] = []
    for cell, group in means.groupby(cells, sort=False):
        cell = cell if isinstance(cell, tuple) else (cell,)
        x = group[names].to_numpy(dtype=float)
        for metric in metrics:
            y = group[metric].to_numpy(dtype=float)
            indices = _sobol_rows(problem, y) if method == "sobol" else _lhs_rows(names, x, y)
            rows.extend([*cell, metric, *row] for row in indices)
    frame = pd.DataFrame(rows, columns=[*cells, *COLUMNS])
    frame.attrs["dropped_points"] = means.attrs.get("dropped_points", 0)
    return frame


def _complete_points(
    results: Results, means: pd.DataFrame, cells: list[str], method: str, inputs: int, n: int
) -> pd.DataFrame:
    """Sample points with every replication; a Sobol design must be whole, else ConfigError.

    Failed runs leave holes: a point averaged over fewer replications is
    noisier than the others, and a missing point breaks Saltelli's estimator
    (it needs the whole N * (D + 2) design in order). For Latin hypercube
    (regression, rank correlation) incomplete points are left out, and
    ``attrs["dropped_points"]`` says how many.
    """
    replications = int(results.manifest.get("replications") or means["_runs"].max() or 0)
    complete = means["_runs"] >= replications
    if method == "sobol":
        per_cell = means.groupby(cells, sort=False)["_runs"].sum()
        missing = int((n * (inputs + 2) * replications - per_cell).clip(lower=0).sum())
        failed = int(results.manifest.get("failures") or 0) or missing
        if failed or missing:
            raise ConfigError(
                str(results.folder),
                None,
                f"a complete Sobol design for sensitivity analysis ({failed} runs failed; "
                "re-run the experiment to complete the design, then run sensitivity again)",
            )
        return means
    kept = means[complete].copy()
    kept.attrs["dropped_points"] = int((~complete).sum())
    return kept


#: a Sobol index beyond 0..1 by more than this, or with a wider 95% half-width, is noise
SOBOL_SLACK = 0.1


def unreliable(frame: pd.DataFrame, method: str) -> str:
    """Why the Sobol indices cannot be read (the design is too small for them), or ''.

    Indices are shares of variance, so 0..1; an estimate well outside that, or
    one whose bootstrap interval is wider than the slack, says N is too small.
    """
    if method != "sobol":
        return ""
    rows = frame[frame["index"].isin(("S1", "ST")) & frame["value"].notna()]
    if rows.empty:
        return ""
    off = rows[(rows["value"] < -SOBOL_SLACK) | (rows["value"] > 1 + SOBOL_SLACK)]
    wide = rows[rows["conf"] > SOBOL_SLACK]
    if off.empty and wide.empty:
        return ""
    worst = rows.loc[(rows["value"] - 0.5).abs().idxmax()]
    return (
        f"the Sobol design is too small for its indices: {len(off)} of {len(rows)} lie outside "
        f"0..1 (e.g. {worst['index']} of {worst['input']} on {worst['metric']} = "
        f"{worst['value']:.2f}) and {len(wide)} have a 95% interval wider than "
        f"±{SOBOL_SLACK:g}; re-run with more samples (256 or more) before reading them"
    )


def table(frame: pd.DataFrame, method: str) -> str:
    """The headline metrics' main index (ST for Sobol, SRC for LHS), inputs as columns."""
    index = "ST" if method == "sobol" else "SRC"
    rows = frame[(frame["index"] == index) & frame["metric"].isin(HEADLINE)]
    if rows.empty:
        return "(no indices)"
    cells = [c for c in frame.columns if c not in COLUMNS]
    wide = rows.pivot_table(
        index=[*cells, "metric"], columns="input", values="value", sort=False, dropna=False
    )
    return f"{index} per input:\n" + wide.to_string(float_format=lambda v: f"{v:.3f}")
