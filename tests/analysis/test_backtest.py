"""Back-testing on a history the model simulated itself: it must score within its own
intervals, and a fit to that history must find the parameters that made it."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
import tomli_w

from collectsim.analysis.backtest.compare import compare
from collectsim.analysis.backtest.fit import fit_history
from collectsim.analysis.backtest.measures import measures
from collectsim.analysis.backtest.run import actual, seeds, simulate
from collectsim.analysis.backtest.sample import INCOME_BANDS
from collectsim.analysis.backtest.snapshots import CODE, UNKNOWN
from collectsim.config import load_portfolio
from collectsim.config.backtest import load_backtest
from tape_fixtures import simulated_tape, small_portfolio

#: the parameter the history was made with, and the default a fit starts from
TRUE_PAY_LOGIT, DEFAULT_PAY_LOGIT = 4.6, 4.0


def test_accounts_a_history_does_not_show_are_left_out():
    codes = {
        0: np.array([1, 1, 0], dtype=np.int8),
        30: np.array([0, UNKNOWN, CODE["written_off"]], dtype=np.int8),
    }
    balances = {0: np.array([100, 100, 100]), 30: np.array([0, -1, 0])}
    m = measures(codes, balances)
    assert m["cure_dpd_1_29"].value == 1.0 and m["cure_dpd_1_29"].n == 1
    assert m["roll_current"].value == 1.0 and m["charged_off"].value == 1.0
    assert m["past_due_30@30"].n == 2


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    """A tape and its history, simulated with pay_logit_base = TRUE_PAY_LOGIT."""
    folder = tmp_path_factory.mktemp("history")
    truth = small_portfolio(folder, "truth", pay_logit_base=TRUE_PAY_LOGIT)
    small_portfolio(folder, "base", pay_logit_base=DEFAULT_PAY_LOGIT)
    simulated_tape(folder, rows=4000, seed=5, history=(30, 60, 90), truth=truth, donors=2000)
    return folder


def _backtest(folder, name, portfolio, **extra):
    spec = {
        "name": name,
        "start": "book.csv",
        "history": "book_history.csv",
        "start_settings": {
            "portfolio": portfolio,
            "donor_borrowers": 2000,
            "as_of": dt.date(2026, 1, 1),
            "income_bands": INCOME_BANDS,
        },
        "seed": 11,
        **extra,
    }
    path = folder / f"{name}.toml"
    path.write_text(tomli_w.dumps(spec), encoding="utf-8")
    return load_backtest(path)


@pytest.mark.slow
def test_the_model_scores_within_its_intervals_on_its_own_history(history):
    bt = _backtest(history, "self", "truth.toml", replications=8)
    act, coverage = actual(bt)
    assert coverage.accounts == 4000 and not any(coverage.missing.values())
    table = compare(act, simulate(bt, seeds(bt)))
    assert len(table) >= 10
    assert table["within"].sum() >= len(table) - 2, table
    assert (table["z"].abs() < 4).all(), table


@pytest.mark.slow
def test_a_fit_to_the_history_recovers_the_parameter_that_made_it(history):
    start = 3.0
    bt = _backtest(
        history,
        "recover",
        "base.toml",
        replications=2,
        search={"global_points": 2, "max_evaluations": 14},
        parameter=[{"address": "behaviour.pay_logit_base", "bounds": [2.5, 6.0], "start": start}],
    )
    act, _ = actual(bt)
    result, fitted = fit_history(bt, act, history / "fit")
    found = result.parameters["behaviour.pay_logit_base"]
    assert abs(found - TRUE_PAY_LOGIT) < 0.4, found
    assert abs(found - TRUE_PAY_LOGIT) < abs(start - TRUE_PAY_LOGIT) / 3
    written = load_portfolio(str(history / "fit" / "portfolio.toml"))
    assert written.behaviour.pay_logit_base == pytest.approx(found)
    assert fitted.behaviour.pay_logit_base == pytest.approx(found)
