"""Complaints against recovery and the complaint budget."""

from __future__ import annotations

from collectsim.report import plots


def test_tradeoff_draws_the_complaint_budget(results) -> None:
    limit = float(results.budget["limit"].iloc[0])
    fig = plots.tradeoff(results)
    ys = [
        line.get_ydata()[0]
        for line in fig.axes[0].get_lines()
        if line.get_linestyle() == "--" and len(set(line.get_ydata())) == 1
    ]
    assert limit in ys
    assert "complaint budget" in fig._suptitle.get_text()
