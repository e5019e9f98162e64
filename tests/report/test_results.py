"""The Results the API returns: the analysis layer's tables plus the report's figures."""

from __future__ import annotations

import types

import pytest

import collectsim
from collectsim.analysis import results as tables
from collectsim.report import results

EXPERIMENT = """
name = "res"
seed = 3
replications = 1
borrowers = 120
horizon_days = 10
portfolio = "mixed"
scenarios = ["baseline"]
strategies = ["standard", "gentle"]
"""


@pytest.fixture(scope="module")
def finished(tmp_path_factory):
    folder = tmp_path_factory.mktemp("results_api")
    path = folder / "res.toml"
    path.write_text(EXPERIMENT)
    return collectsim.run_experiment(path, folder / "results" / "res", backend="serial")


def test_the_public_api_returns_results_with_figures(finished):
    assert collectsim.Results is results.Results
    assert isinstance(finished, results.Results) and isinstance(finished, tables.Results)
    again = collectsim.load_results(finished.folder)
    assert isinstance(again, results.Results)
    assert again.runs.equals(finished.runs)


def test_plot_methods_delegate_to_the_plot_functions(finished, monkeypatch):
    calls = []
    fake = types.SimpleNamespace()
    for name in ("frontier", "tradeoff", "differences", "buckets", "series"):
        setattr(fake, name, lambda *a, _n=name, **k: calls.append((_n, a[1:], k)) or _n)
    monkeypatch.setattr(results, "plots", fake)
    res = finished
    assert res.plot_frontier(metric="cost") == "frontier"
    res.plot_tradeoff()
    res.plot_differences()
    res.plot_buckets("standard", "baseline", day=3)
    res.plot_series("reputation")
    assert calls == [
        ("frontier", (), {"metric": "cost"}),
        ("tradeoff", (), {}),
        ("differences", (), {}),
        ("buckets", ("standard", "baseline"), {"day": 3}),
        ("series", ("reputation",), {}),
    ]
