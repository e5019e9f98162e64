"""The live charts come from DAILY_SERIES as it is, and draw B − A from the same days."""

from __future__ import annotations

import numpy as np
import pytest

from collectsim.dashboard.live import Snapshot
from collectsim.dashboard.live_charts import Names, chart_option, live_charts
from collectsim.metrics import BUCKETS, DAILY_SERIES, Series


def _snapshot(names: list[str], days: int = 5) -> Snapshot:
    a = {n: np.arange(days, dtype=float) for n in names}
    b = {n: np.arange(days, dtype=float) * 2 + 1 for n in names}
    return Snapshot("running", days - 1, 10, np.arange(days), {"a": a, "b": b})


def test_a_series_the_engine_adds_gets_its_chart(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(
        DAILY_SERIES, "borrower_stress", Series("borrower_stress", "index", "mean stress")
    )
    charts = {c.key: c for c in live_charts()}
    assert "borrower_stress" in charts and charts["borrower_stress"].title == "Mean stress"
    assert set(charts["buckets"].series) == {f"accounts_{b}" for b in BUCKETS}
    covered = {s for c in charts.values() for s in c.series}
    assert covered == set(DAILY_SERIES)


def test_a_series_chart_draws_both_and_their_difference() -> None:
    chart = next(c for c in live_charts() if c.key == "cost_to_date")
    option = chart_option(_snapshot(list(DAILY_SERIES)), chart, Names("std", "gentle"))
    a, b, diff = option["series"]
    assert (a["name"], b["name"], diff["name"]) == ("std", "gentle", "gentle − std")
    assert diff["data"] == [bb - aa for aa, bb in zip(a["data"], b["data"], strict=True)]
    assert (
        "CNY" in option["title"][0]["subtext"]
        and "lower is better" in option["title"][0]["subtext"]
    )


def test_the_bucket_chart_stacks_each_side_and_differences_each_state() -> None:
    chart = live_charts()[0]
    option = chart_option(_snapshot(list(DAILY_SERIES)), chart, Names("a", "b"))
    assert len(option["series"]) == 3 * len(BUCKETS)
    stacks = {s.get("stack") for s in option["series"]}
    assert stacks == {"s0", "s1", None}


def test_missing_days_are_gaps() -> None:
    snap = _snapshot(list(DAILY_SERIES))
    snap.series["b"]["cost_to_date"][2] = np.nan
    chart = next(c for c in live_charts() if c.key == "cost_to_date")
    _, b, diff = chart_option(snap, chart, Names("a", "b"))["series"]
    assert b["data"][2] is None and diff["data"][2] is None
