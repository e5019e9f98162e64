"""``collectsim backtest``: the comparison's files and plots, and bad input before anything."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from collectsim.cli import main
from tape_fixtures import simulated_tape


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.slow
def test_a_backtest_writes_its_tables_and_a_plot_per_measure(workdir, capsys):
    simulated_tape(workdir, rows=800, seed=2, history=(30, 60), donors=1000, replications=3)
    assert main(["backtest", "book_backtest.toml"]) == 0
    out = capsys.readouterr().out
    assert "roll_dpd_1_29" in out and "prediction interval" in out
    folder = workdir / "results" / "backtest-book_backtest"
    table = pd.read_csv(folder / "measures.csv")
    assert {"roll_current", "cure_dpd_1_29", "charged_off", "paid_down"} <= set(table["measure"])
    assert ((table["low"] <= table["simulated"]) & (table["simulated"] <= table["high"])).all()
    assert len(pd.read_csv(folder / "replications.csv")) == 3
    info = json.loads((folder / "backtest.json").read_text())
    assert info["days"] == [30, 60] and len(info["start"]["sha256"]) == 64
    plots = sorted(p.name for p in (folder / "plots").iterdir())
    assert plots == [f"backtest_{k}.png" for k in ("amounts", "cure", "past_due", "roll")]
    assert not any("AC0" in p.read_text() for p in folder.glob("*.csv"))


def test_a_history_before_the_start_is_exit_2_and_nothing_is_written(workdir, capsys):
    (workdir / "book.csv").write_text(
        "account_id,product,balance,days_past_due\na,credit_card,5,0\n"
    )
    (workdir / "book.toml").write_text("as_of = 2026-01-01\n")
    (workdir / "later.csv").write_text(
        "account_id,date,days_past_due,status\na,2026-02-01,0,active\na,2025-12-01,0,active\n"
    )
    (workdir / "bt.toml").write_text(
        'name = "x"\nstart = "book.csv"\nhistory = "later.csv"\nseed = 1\n'
    )
    assert main(["backtest", "bt.toml"]) == 2
    err = capsys.readouterr().err
    assert "later.csv" in err and "field 'date'" in err and "row 2" in err
    assert not (workdir / "results").exists()
