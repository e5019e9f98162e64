"""What every figure shares: narrowing the results to one sweep point."""

from __future__ import annotations

import pandas as pd
import pytest

from collectsim.report import plots
from report_fixtures import FixtureResults


def test_sweep_point_view_narrows_every_table(results) -> None:

    swept = FixtureResults(
        results.folder,
        results.manifest,
        *[
            pd.concat([f.assign(point=0), f.assign(point=1)], ignore_index=True)
            for f in (results.runs, results.daily, results.summary, results.comparison)
        ],
        results.budget.assign(point=0),
    )
    view = plots.at_point(swept, 1)
    assert len(view.summary) == len(results.summary)
    assert set(view.daily["point"]) == {1}
    plots.frontier(swept)  # duplicate (strategy, scenario) rows would break without the view
    with pytest.raises(KeyError, match="no sweep point"):
        plots.at_point(swept, 5)
