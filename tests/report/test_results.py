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


def test_every_plot_method_says_what_it_draws():
    for name in dir(results.Results):
        if name.startswith("plot_"):
            doc = getattr(results.Results, name).__doc__ or ""
            assert len(doc.split()) >= 12, name  # a sentence, not a stub


def test_a_finished_folder_is_loaded_not_run_again(finished, monkeypatch):
    folder = finished.folder
    before = {n: (folder / n).stat().st_mtime_ns for n in ("runs.csv", "manifest.json")}

    def no_run(*args, **kwargs):
        raise AssertionError("the finished experiment was run again")

    monkeypatch.setattr(results, "run", no_run)
    again = collectsim.run_experiment(folder.parent.parent / "res.toml", folder, backend="serial")
    assert again.runs.equals(finished.runs)
    assert {n: (folder / n).stat().st_mtime_ns for n in before} == before
    with pytest.raises(AssertionError, match="run again"):  # fresh: the user asked for it
        collectsim.run_experiment(folder.parent.parent / "res.toml", folder, fresh=True)


def test_a_changed_experiment_is_not_taken_for_the_finished_one(finished, tmp_path):
    from collectsim.config.experiment import load_experiment

    changed = tmp_path / "res.toml"
    changed.write_text(EXPERIMENT.replace("seed = 3", "seed = 4"))
    assert results.finished_folder(load_experiment(changed), finished.folder, 0) is None
    same = load_experiment(finished.folder.parent.parent / "res.toml")
    assert results.finished_folder(same, finished.folder, 0) == finished.folder
    assert results.finished_folder(same, finished.folder, 5) is None  # traced: not the same


def test_a_figure_saves_as_a_vector_file_or_a_sharper_png(finished):
    fig = finished.plot_tradeoff()
    pdf = finished.save(fig, "tradeoff.pdf")
    assert pdf == finished.folder / "plots" / "tradeoff.pdf" and pdf.read_bytes()[:4] == b"%PDF"
    small = finished.save(fig, "t100.png").stat().st_size
    assert finished.save(fig, "t300.png", dpi=300).stat().st_size > small
