"""The back-test's figures: one per kind of measure, each saying how many actual values fit."""

from __future__ import annotations

import numpy as np
import pandas as pd

from collectsim.report.plots.backtest import amounts, past_due, rates, write_plots


def _table() -> pd.DataFrame:
    names = ["roll_current", "roll_dpd_1_29", "cure_dpd_1_29", "charged_off", "paid_down",
             "past_due_30@30", "past_due_30@60"]  # fmt: skip
    actual = np.array([0.03, 0.4, 0.45, 1e6, 2e7, 0.03, 0.02])
    sim = actual * np.array([1.0, 1.1, 0.9, 1.4, 1.0, 1.0, 1.6])
    return pd.DataFrame(
        {
            "measure": names,
            "actual": actual,
            "simulated": sim,
            "low": sim * 0.8,
            "high": sim * 1.2,
            "within": np.abs(actual - sim) <= sim * 0.2,
        }
    )


def test_each_figure_counts_the_actual_values_within_their_intervals():
    table = _table()
    assert "2 of 2" in rates(table, "roll").axes[0].get_title()
    assert "1 of 1" in rates(table, "cure").axes[0].get_title()
    assert "1 of 2" in amounts(table, "CNY").axes[0].get_title()
    fig = past_due(table)
    assert "1 of 2" in fig.axes[0].get_title()
    assert fig.axes[0].get_xlabel() == "days after the start tape"


def test_only_the_figures_the_table_has_measures_for_are_written(tmp_path):
    table = _table()
    made = write_plots(table[~table["measure"].str.startswith("past_due")], tmp_path)
    assert sorted(p.name for p in made) == [
        "backtest_amounts.png", "backtest_cure.png", "backtest_roll.png"
    ]  # fmt: skip
    assert all(p.stat().st_size > 1000 for p in made)
