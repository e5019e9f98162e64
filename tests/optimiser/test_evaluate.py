"""Runs on common seeds: dispatched by replication, paired with the champion, cached."""

from __future__ import annotations

import math

from collectsim.config import load_strategy
from collectsim.optimiser.evaluate import (
    RunCache,
    order_requests,
    paired_means,
    requests_for,
    strategy_key,
)


def test_runs_of_one_seed_leave_together():
    a, b = load_strategy("standard"), load_strategy("gentle")
    requests = requests_for(a, 2, range(3)) + requests_for(b, 2, range(3))
    ordered = order_requests(requests)
    assert [r.replication for r in ordered] == sorted(r.replication for r in ordered)
    firsts = ordered[:4]
    assert {r.replication for r in firsts} == {0} and {r.key for r in firsts} == {
        strategy_key(a),
        strategy_key(b),
    }


def test_the_key_ignores_the_name_but_not_the_levers():
    a = load_strategy("standard")
    assert strategy_key(a) == strategy_key(a.model_copy(update={"name": "other"}))
    assert strategy_key(a) != strategy_key(
        load_strategy("standard", overrides={"capacity.collectors": 3})
    )


def test_paired_means_use_the_champions_full_mean_plus_the_paired_difference():
    champion = [[{"x": 10.0}, {"x": 20.0}, {"x": 30.0}]]
    one = paired_means([[{"x": 13.0}]], champion, ["x"])  # +3 on replication 0
    assert math.isclose(one[0]["x"], 20.0 + 3.0)
    full = paired_means([[{"x": 1.0}, {"x": 2.0}, {"x": 6.0}]], champion, ["x"])
    assert math.isclose(full[0]["x"], 3.0)  # all replications: its own mean


def test_the_cache_returns_what_was_put(tmp_path):
    cache = RunCache(tmp_path)
    (request,) = requests_for(load_strategy("standard"), 1, [0])
    assert cache.get(request) is None
    cache.put(request, {"cost": 1.5}, 0.1)
    assert cache.get(request)["metrics"] == {"cost": 1.5}
