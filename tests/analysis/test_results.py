"""The Results API: loading a folder, refusing what is not a finished results folder, plots."""

from __future__ import annotations

import json
import shutil

import pytest

from collectsim import run_experiment
from collectsim.analysis.results import load_results
from collectsim.errors import ConfigError

EXPERIMENT = """
name = "res"
seed = 2
replications = 2
borrowers = 250
horizon_days = 20
portfolio = "mixed"
scenarios = ["recession", "baseline"]
strategies = ["standard", "gentle", { name = "2024", base = "gentle" }]
champion = "gentle"
"""


@pytest.fixture(scope="module")
def finished(tmp_path_factory):
    folder = tmp_path_factory.mktemp("results_api")
    path = folder / "res.toml"
    path.write_text(EXPERIMENT)
    return run_experiment(path, folder / "results" / "res", backend="serial")


def test_results_expose_tables_in_experiment_order(finished):
    res = load_results(finished.folder)
    assert res.strategies == ["standard", "gentle", "2024"]
    assert res.scenarios == ["recession", "baseline"]
    assert res.champion == "gentle"
    assert len(res.runs) == 12
    assert len(res.daily) == 12 * 21
    assert list(res.summary["strategy"].unique()) == ["standard", "gentle", "2024"]
    assert list(res.comparison["challenger"].unique()) == ["standard", "2024"]
    assert res.budget.empty and res.events.empty and res.failures.empty
    assert "res" in repr(res)
    # a numeric-looking name stays text in every table
    assert list(res.runs["strategy"].unique()) == ["standard", "gentle", "2024"]
    assert list(res.daily["strategy"].unique()) == ["standard", "gentle", "2024"]


def test_not_a_results_folder_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="no such folder"):
        load_results(tmp_path / "missing")
    with pytest.raises(ConfigError, match=r"no manifest\.json"):
        load_results(tmp_path)
    (tmp_path / "manifest.json").write_text("{not json")
    with pytest.raises(ConfigError, match="unreadable"):
        load_results(tmp_path)
    (tmp_path / "manifest.json").write_text('{"name": "something else"}')
    with pytest.raises(ConfigError, match="not a collectsim manifest"):
        load_results(tmp_path)


def test_unfinished_or_incomplete_folder_is_a_config_error(finished, tmp_path):
    copy = shutil.copytree(finished.folder, tmp_path / "copy")
    manifest = json.loads((copy / "manifest.json").read_text())
    (copy / "summary.csv").unlink()
    with pytest.raises(ConfigError, match=r"missing summary\.csv"):
        load_results(copy)
    manifest["status"] = "running"
    (copy / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ConfigError, match="status 'running'"):
        load_results(copy)
