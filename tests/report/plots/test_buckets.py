"""Accounts by state over time."""

from __future__ import annotations

import numpy as np
import pytest

from collectsim.report import plots
from collectsim.report.plots.buckets import STACK_ORDER, _bucket_shares


def test_shares_of_accounts_sum_to_one_each_day(results) -> None:
    shares = _bucket_shares(results)
    assert np.allclose(shares.sum(axis=1), 1.0)
    assert sorted(STACK_ORDER) == sorted(c.removeprefix("accounts_") for c in shares.columns)


def test_one_panel_names_its_strategy_scenario_and_share_behind(results) -> None:
    fig = plots.buckets(results, "gentle", "recession")
    title = fig._suptitle.get_text()
    assert title.startswith("gentle in recession: ") and "behind or worse at day" in title


def test_a_grid_has_a_panel_per_strategy_and_scenario(results) -> None:
    fig = plots.bucket_grid(results)
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert len(visible) == len(results.strategies) * len(results.scenarios)


def test_an_unknown_cell_is_a_clear_error(results) -> None:
    with pytest.raises(KeyError, match="no daily results for strategy 'nobody'"):
        plots.buckets(results, "nobody", "baseline")
