"""The forest plot of paired differences against the champion."""

from __future__ import annotations

import dataclasses

from collectsim.metrics import HEADLINE
from collectsim.report import plots
from report_fixtures import FixtureResults


def test_the_title_names_challengers_whose_interval_excludes_zero_everywhere(results) -> None:
    comp = results.comparison.copy()
    rows = comp["metric"] == HEADLINE[0]  # the value metric the verdict is about
    beats = rows & (comp["challenger"] == "aggressive")
    interval = ["mean_difference", "ci_low", "ci_high"]
    comp.loc[rows, interval] = [0.0, -1.0, 1.0]  # every interval spans zero...
    comp.loc[beats, interval] = [1.5, 1.0, 2.0]  # ...but aggressive's, everywhere
    fig = plots.differences(
        dataclasses.replace(FixtureResults.load(results.folder), comparison=comp)
    )
    title = fig._suptitle.get_text()
    assert "aggressive beats standard in every scenario" in title
    assert "gentle" not in title.split("\n")[0]


def test_a_clear_difference_is_drawn_filled_and_a_doubtful_one_hollow(results) -> None:
    fig = plots.differences(results, metrics=["net_recovery"])
    comp = results.comparison[results.comparison["metric"] == "net_recovery"]
    clear = int(((comp["ci_low"] > 0) | (comp["ci_high"] < 0)).sum())
    faces = [
        line.get_markerfacecolor() for line in fig.axes[0].lines if line.get_marker() in ("o", "s")
    ]
    hollow = sum(1 for f in faces if f in ("white", (1.0, 1.0, 1.0, 1.0)))
    assert len(faces) == len(comp) and hollow == len(comp) - clear


def test_differences_of_shares_are_in_points_as_in_the_table(results) -> None:
    fig = plots.differences(results, metrics=["recovery_rate"])
    fig.canvas.draw()
    ax = fig.axes[0]
    assert "(pp)" in ax.get_title()
    ticks = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert ticks and all(t.endswith(" pp") for t in ticks), ticks
    assert not any("%" in t for t in ticks)
