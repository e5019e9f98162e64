"""A fabricated but internally consistent results folder, for fast plot and report tests.

Running the engine takes seconds per run; these tests need the *shape* of a
results folder (every column, a manifest, summary statistics that really are
the statistics of ``runs.csv``), not a simulation. ``make_results_folder``
writes one in milliseconds; ``FixtureResults`` reads it back with the same
attributes as :class:`collectsim.Results`, so plot functions can be
tested without the runner.

    folder = make_results_folder(tmp_path / "demo", strategies=("a", "b"))
    results = FixtureResults.load(folder)
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from collectsim.analysis.stats import half_width
from collectsim.metrics import BUCKETS, DAILY_NAMES, METRIC_NAMES, METRICS

DESCRIPTIONS = {
    "gentle": "Reminders and plans in a gentle tone; legal late.",
    "standard": "SMS from day 1, calls from day 15, legal at 90.",
    "aggressive": "Daily calls, visits from day 30, litigation at 60.",
    "baseline": "Steady economy.",
    "recession": "Unemployment 5% -> 9% over six months.",
}
KEYS = ["experiment", "strategy", "scenario", "replication"]


def _runs(
    name: str,
    strategies: tuple[str, ...],
    scenarios: tuple[str, ...],
    replications: int,
    borrowers: int,
    horizon_days: int,
    seed: int,
) -> pd.DataFrame:
    """One row per run; strategies differ by an 'intensity' that buys recovery with complaints."""
    rng = np.random.default_rng(seed)
    rows = []
    for k, strategy in enumerate(strategies):
        intensity = 0.5 + k / max(1, len(strategies) - 1)
        for j, scenario in enumerate(scenarios):
            stress = 1.0 + 0.4 * j
            for rep in range(replications):
                noise = rng.normal(1.0, 0.05, size=len(METRIC_NAMES))
                m = dict.fromkeys(METRIC_NAMES, 0.0)
                for i, metric in enumerate(METRIC_NAMES):
                    # a share is a share (0..1); other metrics just need distinct magnitudes
                    scale = 0.1 + i / 200 if METRICS[metric].unit == "fraction" else 10.0 + i
                    m[metric] = abs(noise[i]) * scale
                m["collected"] = borrowers * 40.0 * intensity / stress * noise[0]
                m["cost"] = borrowers * 6.0 * intensity**1.5 * noise[2]
                m["net_recovery"] = m["collected"] + m["debt_sale_proceeds"] - m["cost"]
                m["recovery_rate"] = min(0.95, 0.3 * intensity / stress * noise[1])
                m["cure_rate"] = min(0.95, 0.4 * intensity / stress)
                m["charge_off_rate"] = 0.01 * stress / intensity * noise[5]
                m["complaints"] = round(borrowers * 0.01 * intensity**2 * stress * noise[6])
                m["complaints_per_10k"] = m["complaints"] / borrowers * 10_000
                m["reputation_final"] = max(0.0, 0.9 - 0.1 * intensity * noise[10])
                m["written_off"] = borrowers * 300.0 * m["charge_off_rate"]
                m["economic_value"] = m["net_recovery"] - m["written_off"] * 0.5
                m["loss_rate"] = min(0.9, 2.0 * m["charge_off_rate"])
                m["high_stress_share"] = min(0.9, 0.05 * intensity**2 * stress)
                for metric, value in m.items():
                    unit = METRICS[metric].unit
                    m[metric] = round(value, 2) if unit == "currency" else value
                    if unit == "count":
                        m[metric] = round(value)
                rows.append(
                    {
                        "experiment": name,
                        "strategy": strategy,
                        "scenario": scenario,
                        "replication": rep,
                        "seed": seed + rep,
                        "borrowers": borrowers,
                        "horizon_days": horizon_days,
                        **m,
                    }
                )
    return pd.DataFrame(rows)


def _daily(runs: pd.DataFrame, horizon_days: int) -> pd.DataFrame:
    """Daily series: buckets sum to the borrowers, cumulative series end at the run totals."""
    frames = []
    days = np.arange(horizon_days + 1)
    ramp = days / horizon_days
    for _, run in runs.iterrows():
        n = int(run["borrowers"])
        frac = {
            "dpd_1_29": 0.04 + 0.02 * np.sin(ramp * 3),
            "dpd_30_59": 0.02 * ramp,
            "dpd_60_89": 0.015 * ramp,
            "dpd_90_plus": 0.01 * ramp**2,
            "legal": 0.005 * ramp**2,
            "agency": 0.004 * ramp**2,
            "written_off": run["charge_off_rate"] * ramp**3,
            "closed": 0.05 * ramp,
        }
        counts = {b: np.floor(f * n) for b, f in frac.items()}
        counts["current"] = n - sum(counts.values())
        frame = pd.DataFrame({k: run[k] for k in KEYS}, index=days)
        frame["day"] = days
        for b in BUCKETS:
            frame[f"accounts_{b}"] = counts[b].astype(int)
        frame["collected_to_date"] = np.round(run["collected"] * ramp, 2)
        frame["cost_to_date"] = np.round(run["cost"] * ramp, 2)
        frame["complaints_to_date"] = np.floor(run["complaints"] * ramp).astype(int)
        frame["contacts_to_date"] = np.floor(run["contacts"] * ramp).astype(int)
        frame["economic_value_to_date"] = np.round(run["economic_value"] * ramp, 2)
        frame["losses_to_date"] = np.round((run["written_off"] + run["concessions"]) * ramp, 2)
        frame["reputation"] = 1.0 - (1.0 - run["reputation_final"]) * ramp
        frame["mean_stress"] = 0.2 + 0.1 * ramp
        frame["unemployment_rate"] = 0.05 + 0.04 * ramp * (run["scenario"] != "baseline")
        frames.append(frame)
    daily = pd.concat(frames, ignore_index=True)
    return daily[[*KEYS, "day", *DAILY_NAMES]]


def _ci(values: np.ndarray) -> tuple[float, float, float, float]:
    """Mean, sd and the t-based 95% interval of the mean."""
    n = len(values)
    mean = float(np.mean(values))
    sd = float(np.std(values, ddof=1)) if n > 1 else 0.0
    half = float(half_width(sd, n)) if n > 1 else 0.0
    return mean, sd, mean - half, mean + half


def _summary(runs: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for (strategy, scenario), cell in runs.groupby(["strategy", "scenario"], sort=False):
        for metric in METRIC_NAMES:
            mean, sd, lo, hi = _ci(cell[metric].to_numpy(float))
            rows.append([strategy, scenario, metric, mean, sd, lo, hi, len(cell)])
    cols = ["strategy", "scenario", "metric", "mean", "sd", "ci_low", "ci_high", "n"]
    return pd.DataFrame(rows, columns=cols)


def _comparison(runs: pd.DataFrame, champion: str) -> pd.DataFrame:
    rows = []
    base = runs[runs.strategy == champion].set_index(["scenario", "replication"])
    for (challenger, scenario), cell in runs.groupby(["strategy", "scenario"], sort=False):
        if challenger == champion:
            continue
        cell = cell.set_index(["scenario", "replication"])
        for metric in METRIC_NAMES:
            diff = (cell[metric] - base.loc[cell.index, metric]).to_numpy(float)
            mean, sd, lo, hi = _ci(diff)
            t = mean / (sd / np.sqrt(len(diff))) if sd > 0 else 0.0
            p = float(2 * stats.t.sf(abs(t), len(diff) - 1)) if sd > 0 else 1.0
            rows.append([challenger, champion, scenario, metric, mean, sd, lo, hi, p, len(diff)])
    cols = ["challenger", "champion", "scenario", "metric", "mean_difference", "sd"]
    cols += ["ci_low", "ci_high", "p_value", "n"]
    return pd.DataFrame(rows, columns=cols)


def _budget(summary: pd.DataFrame, limits: dict[str, float]) -> pd.DataFrame:
    """budget.csv as the runner writes it: complaint caps and cost / collected at most."""
    means = summary.pivot_table(index=["strategy", "scenario"], columns="metric", values="mean")
    means = means.reindex(summary[["strategy", "scenario"]].drop_duplicates())
    rows = []
    for (strategy, scenario), m in means.iterrows():
        for key, limit in limits.items():
            value = m["cost"] / m["collected"] if key == "cost_ratio" else m[key]
            rows.append([strategy, scenario, key, limit, value, value <= limit])
    return pd.DataFrame(
        rows, columns=["strategy", "scenario", "budget", "limit", "value", "within"]
    )


def _manifest(
    name: str,
    strategies: tuple[str, ...],
    scenarios: tuple[str, ...],
    champion: str,
    replications: int,
    borrowers: int,
    horizon_days: int,
    seed: int,
    description: str,
    budget: dict[str, float],
) -> dict[str, Any]:
    portfolio = {"name": "mixed", "description": "Cards, loans & SME <mix>.", "currency": "CNY"}
    experiment = {
        "name": name,
        "description": description,
        "seed": seed,
        "replications": replications,
        "borrowers": borrowers,
        "horizon_days": horizon_days,
        "portfolio": "mixed",
        "scenarios": list(scenarios),
        "strategies": list(strategies),
        "champion": champion,
        "budget": budget,
    }
    config = {
        "experiment": experiment,
        "portfolio": portfolio,
        "scenarios": [{"name": s, "description": DESCRIPTIONS.get(s, "")} for s in scenarios],
        "strategies": [{"name": s, "description": DESCRIPTIONS.get(s, "")} for s in strategies],
    }
    return {
        "collectsim_results": 1,
        "experiment": name,
        "status": "complete",
        "borrowers": borrowers,
        "horizon_days": horizon_days,
        "budget": experiment["budget"],
        "config": config,
        "config_hash": "0" * 64,
        "seed": seed,
        "replications": replications,
        "champion": champion,
        "strategies": list(strategies),
        "scenarios": list(scenarios),
        "portfolio": "mixed",
        "versions": {"collectsim": "0.1.0", "python": "3.11"},
        "wall_time_s": 1.5,
    }


def make_results_folder(
    folder: Path,
    *,
    name: str = "demo",
    strategies: tuple[str, ...] = ("gentle", "standard", "aggressive"),
    scenarios: tuple[str, ...] = ("baseline", "recession"),
    champion: str | None = None,
    replications: int = 3,
    borrowers: int = 300,
    horizon_days: int = 60,
    seed: int = 7,
    complaint_limit: float | None = 120.0,
    cost_ratio: float | None = None,
    description: str = "",
) -> Path:
    """Write a complete, consistent results folder and return its path."""
    champion = champion or strategies[min(1, len(strategies) - 1)]
    folder.mkdir(parents=True, exist_ok=True)
    runs = _runs(name, strategies, scenarios, replications, borrowers, horizon_days, seed)
    summary = _summary(runs)
    runs.to_csv(folder / "runs.csv", index=False)
    _daily(runs, horizon_days).to_csv(folder / "daily.csv", index=False)
    summary.to_csv(folder / "summary.csv", index=False)
    _comparison(runs, champion).to_csv(folder / "comparison.csv", index=False)
    budget = {} if complaint_limit is None else {"complaints_per_10k": complaint_limit}
    if cost_ratio is not None:
        budget["cost_ratio"] = cost_ratio
    if budget:
        _budget(summary, budget).to_csv(folder / "budget.csv", index=False)
    manifest = _manifest(
        name,
        strategies,
        scenarios,
        champion,
        replications,
        borrowers,
        horizon_days,
        seed,
        description,
        budget,
    )
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return folder


@dataclass
class FixtureResults:
    """The attributes plots and the report read from a ``Results`` object, and nothing else."""

    folder: Path
    manifest: dict[str, Any]
    runs: pd.DataFrame
    daily: pd.DataFrame
    summary: pd.DataFrame
    comparison: pd.DataFrame
    budget: pd.DataFrame

    @classmethod
    def load(cls, folder: Path) -> FixtureResults:
        budget_csv = folder / "budget.csv"
        return cls(
            folder=folder,
            manifest=json.loads((folder / "manifest.json").read_text(encoding="utf-8")),
            runs=pd.read_csv(folder / "runs.csv"),
            daily=pd.read_csv(folder / "daily.csv"),
            summary=pd.read_csv(folder / "summary.csv"),
            comparison=pd.read_csv(folder / "comparison.csv"),
            budget=pd.read_csv(budget_csv) if budget_csv.exists() else pd.DataFrame(),
        )

    @property
    def strategies(self) -> list[str]:
        return list(self.manifest["strategies"])

    @property
    def scenarios(self) -> list[str]:
        return list(self.manifest["scenarios"])

    @property
    def champion(self) -> str:
        return str(self.manifest["champion"])


def inside(extent: Any, box: Any) -> bool:
    """True if a drawn extent lies within a box (a figure's or an axes'), to half a pixel."""
    return (
        extent.x0 >= box.x0 - 0.5
        and extent.y0 >= box.y0 - 0.5
        and extent.x1 <= box.x1 + 0.5
        and extent.y1 <= box.y1 + 0.5
    )


def parse_shown(text: str) -> tuple[float, float]:
    """A number as the report shows it, read back: its value in the shown scale (percent
    for shares) and the step of its last digit ('5,340' -> 10, '1.2M' -> 100,000)."""
    digits = text.replace(",", "").replace("pp", "").replace("%", "").strip()
    size = {"k": 1e3, "M": 1e6, "B": 1e9}.get(digits[-1], 1.0)
    digits = digits.rstrip("kMB")
    if "." in digits:
        step = 10.0 ** -len(digits.split(".")[1])
    else:
        whole = digits.lstrip("-")
        step = 10.0 ** (len(whole) - len(whole.rstrip("0"))) if whole.strip("0") else 1.0
    return float(digits) * size, step * size
