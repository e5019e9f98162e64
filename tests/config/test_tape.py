"""A tape as the portfolio: settings beside it or in the experiment, its mix, its file."""

from __future__ import annotations

import numpy as np
import pytest

from collectsim.config.experiment import load_experiment
from collectsim.config.tape import TapePortfolio, is_tape, load_book, load_tape, settings_path
from collectsim.errors import ConfigError, ConfigErrors
from tape_fixtures import GOOD_ROWS, write_csv

EXPERIMENT = """
name = "on_tape"
seed = 1
replications = 1
borrowers = {borrowers}
horizon_days = 30
portfolio = "book.csv"
scenarios = ["baseline"]
strategies = ["standard"]
{extra}
"""


def _experiment(folder, borrowers=4, extra=""):
    path = folder / "exp.toml"
    path.write_text(EXPERIMENT.format(borrowers=borrowers, extra=extra), encoding="utf-8")
    return path


def test_a_tape_is_a_portfolio_with_its_own_mix(tmp_path):
    path = write_csv(tmp_path / "book.csv", [dict(r, grade="A") for r in GOOD_ROWS])
    p = load_book(str(path))
    assert isinstance(p, TapePortfolio) and p.tape.rows == 4 and p.name == "book"
    shares = {prod.kind: prod.share for prod in p.products}
    assert shares == pytest.approx({"credit_card": 0.5, "consumer_loan": 0.25, "sme_loan": 0.25})
    assert p.borrowers.grade_shares == [1.0, 0.0, 0.0, 0.0, 0.0]
    assert is_tape("x/book.parquet") and not is_tape("mixed")


def test_settings_beside_the_tape_or_in_the_experiment(tmp_path):
    rows = [{"acct": r["account_id"], **{k: v for k, v in r.items() if k != "account_id"}}
            for r in GOOD_ROWS]  # fmt: skip
    write_csv(tmp_path / "book.csv", rows)
    with pytest.raises(ConfigErrors, match="column 'account_id'"):
        load_experiment(_experiment(tmp_path))
    extra = '[tape]\ncurrency = "EUR"\ncolumns = { account_id = "acct" }'
    exp = load_experiment(_experiment(tmp_path, extra=extra))
    assert exp.portfolio.currency == "EUR" and exp.portfolio.tape.rows == 4
    settings_path(tmp_path / "book.csv").write_text(
        'currency = "USD"\n[columns]\naccount_id = "acct"'
    )
    assert load_experiment(_experiment(tmp_path)).portfolio.currency == "USD"


def test_an_experiment_takes_at_most_the_tape(tmp_path):
    write_csv(tmp_path / "book.csv", GOOD_ROWS)
    with pytest.raises(ConfigErrors, match="at most the tape's 4 accounts"):
        load_experiment(_experiment(tmp_path, borrowers=5))


def test_the_tape_read_is_the_tape_checked_and_its_content_is_in_the_hash(tmp_path):
    path = write_csv(tmp_path / "book.csv", GOOD_ROWS)
    exp = load_experiment(_experiment(tmp_path))
    tape = load_tape(exp.portfolio)
    assert np.array_equal(np.sort(tape.balance), [30000, 120050, 800000, 15000000])
    write_csv(path, [dict(r, balance="99") for r in GOOD_ROWS])
    with pytest.raises(ConfigError, match="has changed since"):
        load_tape(exp.portfolio)
    assert load_experiment(_experiment(tmp_path)).config_hash() != exp.config_hash()


def test_a_missing_tape_and_tape_settings_without_a_tape(tmp_path):
    with pytest.raises(ConfigError, match="an existing tape file"):
        load_book("nowhere.csv", referrer=tmp_path / "exp.toml")
    path = tmp_path / "exp.toml"
    path.write_text(
        EXPERIMENT.format(borrowers=4, extra='[tape]\ncurrency = "EUR"').replace(
            '"book.csv"', '"mixed"'
        )
    )
    with pytest.raises(ConfigErrors, match="a tape file as the portfolio"):
        load_experiment(path)
