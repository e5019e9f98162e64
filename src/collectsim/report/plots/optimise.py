"""Figures of an optimisation: the objective over trials, the front, each variable.

Each takes an optimisation results object (``collectsim.report.optimised.
OptimisationResults``, or anything with ``trials``, ``presets``, ``pareto`` and
``summary``) and returns a Figure. Trials that kept every constraint on all
replications are drawn solid; those screened out after fewer replications
hollow; those that broke a constraint as grey crosses.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from collectsim.report.plots.common import BUDGET_RED, figure_title, panels
from collectsim.report.plots.scatter import label_points
from collectsim.report.style import fit_legend, format_axis, metric_label, money, new_figure, text

TRIAL_BLUE = "#0072B2"
BEST_ORANGE = "#D55E00"
CHAMPION_GREEN = "#009E73"
PRESET_GREY = "#555555"


def _kinds(results: Any) -> dict[str, pd.DataFrame]:
    """Complete trials split: kept everything on all replications, screened out, infeasible."""
    t = results.trials
    if t.empty or "replications" not in t:
        return {"full": t, "screened": t, "infeasible": t}
    done = t[t["state"] == "complete"]
    full_reps = int(results.summary.get("replications") or done["replications"].max())
    feasible = done["feasible"].astype(str) == "True"
    return {
        "full": done[feasible & (done["replications"] == full_reps)],
        "screened": done[feasible & (done["replications"] < full_reps)],
        "infeasible": done[~feasible],
    }


def _objective(results: Any) -> tuple[str, float]:
    goal = results.summary["objectives"][0]
    return goal["metric"], 1.0 if goal["direction"] == "maximize" else -1.0


def _champion_value(results: Any, metric: str) -> float | None:
    p = results.presets
    rows = p[p["role"] == "champion"] if len(p) else p
    return float(rows[metric].iloc[0]) if len(rows) and metric in rows else None


def _value_text(value: float, metric: str) -> str:
    return money(value) if metric in ("net_recovery", "economic_value", "cost") else f"{value:.3g}"


def history(results: Any) -> Figure:
    """The objective of every trial in order, and the best feasible one so far."""
    metric, sign = _objective(results)
    kinds = _kinds(results)
    fig = new_figure(9.0, 4.6)
    ax = fig.subplots()
    styles: dict[str, dict[str, Any]] = {
        "full": dict(color=TRIAL_BLUE, marker="o", ls="", ms=5),
        "screened": dict(mfc="none", color=TRIAL_BLUE, marker="o", ls="", ms=5, alpha=0.6),
        "infeasible": dict(color="#999999", marker="x", ls="", ms=5),
    }
    labels = {"full": "all replications, feasible", "screened": "screened out early",
              "infeasible": "breaks a constraint"}  # fmt: skip
    handles = []
    for kind, frame in kinds.items():
        ax.plot(frame["trial"], frame[metric], **styles[kind])
        handles.append(Line2D([], [], label=labels[kind], **styles[kind]))
    full = kinds["full"].sort_values("trial")
    headline = f"No trial kept every constraint on all replications ({metric})"
    if len(full):
        running = (sign * full[metric]).cummax() * sign
        ax.step(full["trial"], running, where="post", color=BEST_ORANGE, lw=2)
        handles.append(Line2D([], [], color=BEST_ORANGE, lw=2, label="best so far"))
        best = running.iloc[-1]
        label = metric.replace("_", " ")
        headline = f"Best {label} {_value_text(best, metric)} after {len(results.trials)} trials"
    champ = _champion_value(results, metric)
    if champ is not None:
        ax.axhline(champ, color=CHAMPION_GREEN, ls="--", lw=1.2)
        handles.append(Line2D([], [], color=CHAMPION_GREEN, ls="--", label="champion"))
        headline += f" (champion {_value_text(champ, metric)})"
    ax.set_xlabel("trial")
    ax.set_ylabel(metric_label(metric, results.currency))
    format_axis(ax.yaxis, metric)
    ax.grid(alpha=0.3)
    fit_legend(fig, handles, max_cols=4)
    figure_title(fig, headline, "Every candidate in the order the search proposed it; "
                 + ("higher" if sign > 0 else "lower") + " is better")  # fmt: skip
    return fig


def _limit_line(ax: Axes, results: Any, metric: str) -> Line2D | None:
    """A constraint on the front's x metric as a vertical dashed line, the far side shaded."""
    for c in results.summary.get("constraints", []):
        name, op, limit = c.split()
        if name == metric and op in ("<=", ">="):
            x = float(limit)
            ax.axvline(x, color=BUDGET_RED, ls="--", lw=1.2)
            lo, hi = ax.get_xlim()
            lo, hi = min(lo, x - 0.05 * abs(x)), max(hi, x + 0.05 * abs(x))
            span = (x, hi + (hi - lo)) if op == "<=" else (lo - (hi - lo), x)
            ax.axvspan(*span, color=BUDGET_RED, alpha=0.06, lw=0)
            ax.set_xlim(lo, hi)
            return Line2D([], [], color=BUDGET_RED, ls="--", label=f"constraint {c}")
    return None


def front(results: Any) -> Figure:
    """The objective against the front's second metric: every trial, the front, the champion,
    the presets and the winner."""
    metric, _ = _objective(results)
    x_metric = results.summary.get("front_metric", "complaints_per_10k")
    kinds = _kinds(results)
    fig = new_figure(8.6, 5.6)
    ax = fig.subplots()
    ax.plot(kinds["full"][x_metric], kinds["full"][metric], "o", color=TRIAL_BLUE, alpha=0.35, ms=5)
    ax.plot(kinds["infeasible"][x_metric], kinds["infeasible"][metric], "x", color="#999999", ms=5)
    p = results.pareto.sort_values(x_metric) if len(results.pareto) else results.pareto
    if len(p):
        ax.plot(p[x_metric], p[metric], "-o", color=TRIAL_BLUE, lw=1.5, ms=6, zorder=3)
    labels = []
    for _, row in results.presets.iterrows():
        champion = row["role"] == "champion"
        color = CHAMPION_GREEN if champion else PRESET_GREY
        ax.plot(
            row[x_metric],
            row[metric],
            "*" if champion else "D",
            color=color,
            ms=13 if champion else 7,
            zorder=4,
        )
        labels.append((str(row["strategy"]), float(row[x_metric]), float(row[metric]), color))
    best = results.best_row()
    if best is not None:
        ax.plot(
            best[x_metric], best[metric], "o", ms=15, mfc="none", mec=BEST_ORANGE, mew=2.2, zorder=5
        )
        labels.append(("optimised", float(best[x_metric]), float(best[metric]), BEST_ORANGE))
    ax.set_xlabel(metric_label(x_metric, results.currency))
    ax.set_ylabel(metric_label(metric, results.currency))
    format_axis(ax.xaxis, x_metric)
    format_axis(ax.yaxis, metric)
    ax.grid(alpha=0.3)
    handles = [
        Line2D([], [], color=TRIAL_BLUE, marker="o", ls="", alpha=0.35, label="trial (feasible)"),
        Line2D([], [], color="#999999", marker="x", ls="", label="trial (breaks a constraint)"),
        Line2D([], [], color=TRIAL_BLUE, marker="o", label="Pareto front"),
        Line2D([], [], color=CHAMPION_GREEN, marker="*", ls="", ms=12, label="champion"),
        Line2D([], [], color=PRESET_GREY, marker="D", ls="", label="preset"),
        Line2D(
            [], [], marker="o", ls="", mfc="none", mec=BEST_ORANGE, mew=2, ms=12, label="optimised"
        ),
    ]
    limit = _limit_line(ax, results, x_metric)
    if limit is not None:
        handles.append(limit)
    label_points(ax, labels)
    fit_legend(fig, handles, max_cols=4)
    figure_title(fig, f"What {metric.replace('_', ' ')} costs in {x_metric.replace('_', ' ')}",
                 "Means on the search's replications (common random numbers); the front joins "
                 "the trials no other feasible trial beats on both")  # fmt: skip
    return fig


def _labels(values: pd.Series) -> list[str] | None:
    """None for a numeric variable; the sorted choices of one that is text or true/false."""
    numeric = pd.to_numeric(values, errors="coerce")
    if numeric.notna().all() and not values.map(lambda v: isinstance(v, bool)).any():
        return None
    return sorted({str(v) for v in values})


def _positions(values: pd.Series, labels: list[str] | None) -> np.ndarray:
    """Numbers as they are; choices as their positions among ``labels``."""
    if labels is None:
        return pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)
    return np.array([labels.index(str(v)) for v in values], dtype=float)


def variables(results: Any) -> Figure:
    """The objective against each decision variable, over every feasible trial."""
    metric, _ = _objective(results)
    names = list(results.summary.get("variables", []))
    kinds = _kinds(results)
    n = max(1, len(names))
    ncols = min(n, 3)
    nrows = -(-n // ncols)
    fig = new_figure(4.2 * ncols + 0.4, 3.3 * nrows + 1.2)
    best = results.best_row()
    for ax, name in zip(panels(fig, n, 3, sharey=True), names, strict=False):
        shown = [kinds["full"][name], kinds["screened"][name]]
        if best is not None:
            shown.append(pd.Series([best[name]]))
        labels = _labels(pd.concat(shown))
        for frame, solid in ((kinds["full"], True), (kinds["screened"], False)):
            ax.plot(
                _positions(frame[name], labels), frame[metric], "o", color=TRIAL_BLUE, ms=5,
                alpha=1.0 if solid else 0.4, mfc=TRIAL_BLUE if solid else "none",
            )  # fmt: skip
        if labels is not None:
            ax.set_xticks(range(len(labels)), [text(v) for v in labels])
        if best is not None:
            x = _positions(pd.Series([best[name]]), labels)[0]
            ax.plot(x, best[metric], "o", ms=13, mfc="none", mec=BEST_ORANGE, mew=2)
        ax.set_xlabel(text(name), fontsize=9)
        ax.grid(alpha=0.3)
        format_axis(ax.yaxis, metric)
    fig.axes[0].set_ylabel(metric_label(metric, results.currency))
    figure_title(fig, f"{metric.replace('_', ' ')} against each variable",
                 "Solid: every replication; hollow: screened out early; "
                 "ringed: the optimised strategy")  # fmt: skip
    return fig
