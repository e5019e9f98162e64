"""A back-test's figures: simulated against actual, one figure per kind of measure.

Each takes the comparison table (:func:`collectsim.analysis.backtest.compare.compare`,
``measures.csv``): the simulated mean with its 95% prediction interval as a
bar and whisker, the lender's actual value as a black diamond, and the title
says how many actual values fall inside their intervals.

- ``roll``: roll rates by bucket; ``cure``: cure rates by bucket;
- ``amounts``: balances charged off and paid down (currency);
- ``past_due``: the share 30+ days past due at each date of the history.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, PercentFormatter

from collectsim.report.style import money, new_figure, save_figure

SIM_COLOR = "#0072B2"
#: the figures, by file name: which measures each shows
KINDS = ("roll", "cure", "amounts", "past_due")


def _rows(frame: pd.DataFrame, kind: str) -> pd.DataFrame:
    names = frame["measure"].astype(str)
    if kind == "amounts":
        return frame[names.isin(["charged_off", "paid_down"])]
    if kind == "past_due":
        rows = frame[names.str.startswith("past_due_30@")].copy()
        if rows.empty:
            return rows
        rows["day"] = rows["measure"].str.partition("@")[2].astype(int)
        return rows.sort_values("day")
    return frame[names.str.startswith(f"{kind}_")]


def _title(rows: pd.DataFrame, what: str) -> str:
    inside = int(rows["within"].sum())
    return f"{what}: {inside} of {len(rows)} actual values within the model's 95% interval"


def _bars(ax: Axes, rows: pd.DataFrame, labels: list[str]) -> None:
    x = np.arange(len(rows))
    mean = rows["simulated"].to_numpy(float)
    low = np.maximum(mean - rows["low"].to_numpy(float), 0)
    high = np.maximum(rows["high"].to_numpy(float) - mean, 0)
    ax.bar(x, mean, color=SIM_COLOR, alpha=0.35, label="simulated (mean)")
    ax.errorbar(x, mean, yerr=[low, high], fmt="none", ecolor=SIM_COLOR, capsize=4,
                label="95% prediction interval")  # fmt: skip
    ax.scatter(x, rows["actual"], marker="D", color="black", zorder=3, label="actual")
    ax.set_xticks(x, labels)
    ax.legend(fontsize=8, frameon=False)


def rates(frame: pd.DataFrame, kind: str) -> Figure:
    """Roll (``kind="roll"``) or cure rates by bucket."""
    rows = _rows(frame, kind)
    fig = new_figure(7, 4)
    ax = fig.add_subplot()
    labels = [m.partition("_")[2].replace("dpd_", "").replace("_", "-") for m in rows["measure"]]
    _bars(ax, rows, [f"{lab} days" if lab[0].isdigit() else lab for lab in labels])
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    word = "Roll rates (worse at the next date)" if kind == "roll" else "Cure rates"
    ax.set_ylabel("share of accounts in the bucket")
    ax.set_title(_title(rows, word), fontsize=10)
    return fig


def amounts(frame: pd.DataFrame, currency: str = "") -> Figure:
    """Balances charged off and paid down over the period."""
    rows = _rows(frame, "amounts")
    fig = new_figure(6, 4)
    ax = fig.add_subplot()
    _bars(ax, rows, [m.replace("_", " ") for m in rows["measure"]])
    ax.yaxis.set_major_formatter(FuncFormatter(money))
    ax.set_ylabel(f"{currency} over the period".strip())
    ax.set_title(_title(rows, "Charged off and paid down"), fontsize=10)
    return fig


def past_due(frame: pd.DataFrame) -> Figure:
    """The share of day 0's accounts 30+ days past due at each date."""
    rows = _rows(frame, "past_due")
    fig = new_figure(7, 4)
    ax = fig.add_subplot()
    day = rows["day"].to_numpy()
    ax.fill_between(day, rows["low"], rows["high"], color=SIM_COLOR, alpha=0.2,
                    label="95% prediction interval")  # fmt: skip
    ax.plot(day, rows["simulated"], color=SIM_COLOR, marker="o", label="simulated (mean)")
    ax.plot(day, rows["actual"], color="black", marker="D", label="actual")
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xlabel("days after the start tape")
    ax.set_ylabel("share 30+ days past due")
    ax.legend(fontsize=8, frameon=False)
    ax.set_title(_title(rows, "Accounts 30+ days past due"), fontsize=10)
    return fig


def write_plots(frame: pd.DataFrame, folder: Path, currency: str = "") -> list[Path]:
    """Every back-test figure the comparison has rows for, as ``backtest_<kind>.png``."""
    made = []
    for kind in KINDS:
        if _rows(frame, kind).empty:
            continue
        if kind in ("roll", "cure"):
            fig = rates(frame, kind)
        elif kind == "amounts":
            fig = amounts(frame, currency)
        else:
            fig = past_due(frame)
        made.append(save_figure(fig, folder / f"backtest_{kind}.png"))
    return made
