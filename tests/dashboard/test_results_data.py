"""Results folders: listed under results/, opened with load_results' checks, nothing outside."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from collectsim.dashboard.results_data import (
    extra_tables,
    open_results,
    read_extra,
    results_folders,
    sweep_positions,
)
from collectsim.errors import ConfigError
from report_fixtures import make_results_folder


def test_folders_with_a_manifest_are_listed(tmp_path: Path) -> None:
    make_results_folder(tmp_path / "results" / "demo")
    (tmp_path / "results" / "notes").mkdir()
    assert results_folders(tmp_path) == [os.path.join("results", "demo")]
    assert results_folders(tmp_path / "nowhere") == []


@pytest.mark.parametrize("path", ["", "   "])
def test_no_path_is_a_message(path: str) -> None:
    with pytest.raises(ConfigError, match="results folder"):
        open_results(path)


def test_a_folder_that_is_not_results_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(ConfigError, match="not a results folder"):
        open_results(str(tmp_path))


def test_extra_tables_are_the_non_standard_csvs_inside(tmp_path: Path) -> None:
    folder = make_results_folder(tmp_path / "demo")
    (folder / "trials.csv").write_text("trial,value\n0,1.5\n1,2.5\n")
    outside = tmp_path / "secret.csv"
    outside.write_text("password\nhunter2\n")
    (folder / "linked.csv").symlink_to(outside)
    results = open_results(str(folder))
    assert extra_tables(results) == ["trials.csv"]
    assert list(read_extra(results, "trials.csv")["value"]) == [1.5, 2.5]
    with pytest.raises(ConfigError):
        read_extra(results, "linked.csv")
    with pytest.raises(ConfigError):
        read_extra(results, "../secret.csv")


def test_a_sampled_input_is_binned_and_a_grid_kept() -> None:
    import pandas as pd

    grid = sweep_positions(pd.Series([10, 20, 10, 40]))
    assert list(grid) == ["10", "20", "10", "40"]
    sampled = sweep_positions(pd.Series([i / 100 for i in range(40)]))
    assert sampled.nunique() == 8
