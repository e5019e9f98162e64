"""A daily series over time: titles and labels from the declared series."""

from __future__ import annotations

import pytest

from collectsim.report import plots


@pytest.mark.parametrize("metric", ["reputation", "unemployment_rate", "cost_to_date"])
def test_series_titles_read_as_sentences(results, metric: str) -> None:
    fig = plots.series(results, metric)
    title = fig._suptitle.get_text()
    assert "the lender's" not in title and "the scenario's" not in title
    assert title.split(":")[0] in {
        "Highest reputation at the horizon",
        "Highest unemployment rate at the horizon",
        "Lowest cumulative cost at the horizon",
    }
    labels = [ax.get_ylabel() for ax in fig.axes if ax.get_visible()]
    assert labels[0] and not any(labels[1:])  # one label for the shared y axis
