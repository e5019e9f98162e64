"""Assembling the output files: formatting and writing through a temporary file."""

from __future__ import annotations

import pytest

from collectsim.runner.outputs import _stream


def test_stream_writes_header_and_chunks(tmp_path):
    target = tmp_path / "runs.csv"
    _stream(target, ["a", "b"], iter(["1,2\n", "3,4\n"]))
    assert target.read_text() == "a,b\n1,2\n3,4\n"
    assert [p.name for p in tmp_path.iterdir()] == ["runs.csv"]


def test_stream_leaves_no_temporary_file_when_a_chunk_fails(tmp_path):
    target = tmp_path / "runs.csv"
    target.write_text("old\n")

    def chunks():
        yield "1,2\n"
        raise ValueError("a part that cannot be read")

    with pytest.raises(ValueError, match="cannot be read"):
        _stream(target, ["a", "b"], chunks())
    assert [p.name for p in tmp_path.iterdir()] == ["runs.csv"]
    assert target.read_text() == "old\n"  # the previous file is untouched


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_cells_from_names_and_errors_never_start_a_formula(start):
    import csv
    import io

    from collectsim.runner.backends import RunKey
    from collectsim.runner.outputs import Layout

    name = f'{start}HYPERLINK("http://x")'
    layout = Layout(experiment="e", strategies=(name,), scenarios=("base",), borrowers=1,
                    horizon_days=1)  # fmt: skip
    key = RunKey(0, 0, 0, 0)
    row = next(csv.reader(io.StringIO(layout.runs_row(key, 1, {}))))
    assert row[1] == "'" + name
    failure = layout.failure_row(key, 1, f"{start}1+1", "trace")
    assert failure[0] == "'" + name and failure[5] == f"'{start}1+1"


@pytest.mark.slow
def test_collectors_csv_has_a_row_per_collector_of_each_run_with_teams(tmp_path):
    import pandas as pd

    from collectsim import run_experiment
    from collectsim.engine.collectors import COLLECTOR_COLUMNS

    exp = tmp_path / "people.toml"
    exp.write_text(
        'name = "people"\nseed = 1\nreplications = 2\nborrowers = 400\nhorizon_days = 30\n'
        'portfolio = "mixed"\nscenarios = ["baseline"]\n'
        'strategies = ["standard", "internet_bank_automated"]\n'
    )
    run_experiment(exp, tmp_path / "out", backend="serial")
    table = pd.read_csv(tmp_path / "out" / "collectors.csv")
    assert tuple(table.columns) == (
        "experiment", "strategy", "scenario", "replication", *COLLECTOR_COLUMNS
    )  # fmt: skip
    assert set(table["strategy"]) == {"internet_bank_automated"}  # the one with teams
    assert len(table) == 2 * 6 and (table["incentive"] == "balanced_scorecard").all()
    assert (table["reached"] <= table["contacts"]).all() and table["contacts"].sum() > 0

    plain = tmp_path / "plain.toml"
    plain.write_text(exp.read_text().replace(', "internet_bank_automated"', ""))
    run_experiment(plain, tmp_path / "plain", backend="serial")
    assert not (tmp_path / "plain" / "collectors.csv").exists()
