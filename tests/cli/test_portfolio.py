"""``collectsim portfolio sample|describe`` and a tape in ``run``: the round trip, and bad
input ending in exit 2 with the row named and nothing written."""

from __future__ import annotations

import pandas as pd
import pytest

from collectsim.cli import main
from tape_fixtures import GOOD_ROWS, write_csv

EXPERIMENT = """
name = "on_tape"
seed = 1
replications = 1
borrowers = {borrowers}
horizon_days = 30
portfolio = "{tape}"
scenarios = ["baseline"]
strategies = ["standard", "gentle"]
backend = "serial"
"""


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _experiment(folder, tape, borrowers):
    path = folder / "exp.toml"
    path.write_text(EXPERIMENT.format(tape=tape, borrowers=borrowers), encoding="utf-8")
    return path


@pytest.mark.slow
def test_a_sample_tape_round_trips_sample_describe_run(workdir, capsys):
    assert main(["portfolio", "sample", "--rows", "600", "--out", "data/book.csv"]) == 0
    book = pd.read_csv(workdir / "data" / "book.csv")
    assert len(book) == 600 and book["account_id"].is_unique
    toml = (workdir / "data" / "book.toml").read_text()
    assert 'portfolio = "mixed"' in toml and "as_of = 2026-01-01" in toml
    (workdir / "data" / "book.toml").write_text("donor_borrowers = 1000\n" + toml)
    capsys.readouterr()
    assert main(["portfolio", "describe", "data/book.csv"]) == 0
    out = capsys.readouterr().out
    assert "600 accounts" in out and "credit_card" in out and "never on a tape" in out
    counts = book["product"].value_counts()
    assert f"{counts['credit_card']:,}" in out
    exp = _experiment(workdir, "data/book.csv", 600)
    assert main(["run", str(exp), "--quiet", "--no-report"]) == 0
    runs = pd.read_csv(workdir / "results" / "on_tape" / "runs.csv")
    assert len(runs) == 2 and (runs["economic_value"].notna()).all()
    assert not any("AC0" in p.read_text() for p in (workdir / "results").rglob("*.csv"))


def test_sample_writes_nothing_over_existing_files(workdir, capsys):
    (workdir / "book.csv").write_text("keep")
    assert main(["portfolio", "sample", "--rows", "10", "--out", "book.csv"]) == 2
    assert (workdir / "book.csv").read_text() == "keep" and not (workdir / "book.toml").exists()
    assert "these exist" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"balance": "-1"}, "balance"),
        ({"product": "mortgage"}, "product"),
        ({"account_id": "a-1"}, "account_id"),
        ({"days_past_due": "n/a"}, "days_past_due"),
    ],
)
def test_bad_tapes_end_in_exit_2_naming_the_row_and_write_nothing(workdir, capsys, change, field):
    rows = [dict(r) for r in GOOD_ROWS]
    rows[2].update(change)
    write_csv(workdir / "book.csv", rows)
    exp = _experiment(workdir, "book.csv", 4)
    assert main(["run", str(exp), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "book.csv" in err and f"field '{field}'" in err and "row 3" in err
    assert "Traceback" not in err and not (workdir / "results").exists()
    assert main(["portfolio", "describe", "book.csv"]) == 2
    assert "row 3" in capsys.readouterr().err


def test_a_missing_column_or_an_empty_tape_is_exit_2(workdir, capsys):
    write_csv(workdir / "book.csv", GOOD_ROWS, ["account_id", "product", "days_past_due"])
    assert main(["validate", "book.csv"]) == 2
    assert "column 'balance'" in capsys.readouterr().err
    (workdir / "book.csv").write_text("")
    assert main(["validate", "book.csv"]) == 2
    assert "empty" in capsys.readouterr().err
    write_csv(workdir / "book.csv", GOOD_ROWS)
    assert main(["validate", "book.csv"]) == 0
    assert "ok (tape)" in capsys.readouterr().out
