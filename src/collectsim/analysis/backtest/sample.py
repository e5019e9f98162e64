"""Tapes the model writes itself: an anonymous example book, and what happened to it next.

:func:`sample_tape` runs a portfolio preset through its burn-in and writes its
open accounts at day 0 as a lender would export them (``collectsim portfolio
sample``); with history days it runs on under the lender's strategy and
writes each account's status at those days as a status history. A demo, a
template for a lender's own export, and the test of the back-test: a tape
the model simulated itself must be recovered by it. Account ids are made up
(``AC`` and a shuffled number); nothing of a real book is in them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from collectsim.analysis.backtest.snapshots import Snapshots
from collectsim.config import Portfolio, Scenario, Strategy
from collectsim.config.portfolio import GRADES, PRODUCT_KINDS
from collectsim.engine.loop import DAY
from collectsim.engine.state import ACTIVE, AGENCY, CARD, LEGAL, STATUS_NAMES, Borrowers
from collectsim.model import CollectionModel

#: the sample's income bands: label, [low, high) monthly income or revenue (currency)
INCOME_BANDS: dict[str, list[float]] = {
    "0-5k": [0.0, 5_000.0],
    "5k-10k": [5_000.0, 10_000.0],
    "10k-20k": [10_000.0, 20_000.0],
    "20k-50k": [20_000.0, 50_000.0],
    "50k-100k": [50_000.0, 100_000.0],
    "100k+": [100_000.0, 1e12],
}
#: communities per region label in a sample
COMMUNITIES_PER_REGION = 10


@dataclass
class Sample:
    """A sample tape, its status history (if asked for) and the settings to read them."""

    book: pd.DataFrame
    history: pd.DataFrame | None
    settings: dict[str, object]
    model: CollectionModel
    """the model the tape came from, at the end of its history (its hidden state is the
    truth a test compares imputations with)"""
    slots: np.ndarray
    """the model's account slot of each tape row"""


def _bands(income_cents: np.ndarray) -> np.ndarray:
    labels = np.array(list(INCOME_BANDS), dtype=object)
    low = np.array([b[0] for b in INCOME_BANDS.values()]) * 100
    return labels[np.searchsorted(low, income_cents, side="right") - 1]


def book_frame(b: Borrowers, slots: np.ndarray, dpd: np.ndarray, ids: np.ndarray) -> pd.DataFrame:
    """The accounts in ``slots`` as a lender's tape (money in currency units)."""
    term = b.product[slots] != CARD
    late = dpd > 0
    frame = pd.DataFrame(
        {
            "account_id": ids,
            "product": np.array(PRODUCT_KINDS, dtype=object)[b.product[slots]],
            "borrower_type": np.where(b.is_sme[slots], "sme", "person"),
            "grade": np.array(GRADES, dtype=object)[b.grade[slots]],
            "region": [f"R{c // COMMUNITIES_PER_REGION:03d}" for c in b.community[slots]],
            "income_band": _bands(b.income[slots]),
            "balance": b.balance[slots] / 100,
            "interest_rate": np.round(b.rate[slots].astype(np.float64), 6),
            "term_left": b.term_left[slots],
            "instalment": b.instalment[slots] / 100,
            "days_past_due": dpd,
            "past_delinquencies": np.maximum(b.delinquencies[slots] - late, 0),
            "status": np.array(STATUS_NAMES, dtype=object)[b.status[slots]],
        }
    )
    frame.loc[~term, "term_left"] = 0
    return frame


def history_frame(
    snaps: Snapshots, take: np.ndarray, ids: np.ndarray, as_of: dt.date
) -> pd.DataFrame:
    """Each account's status, days past due and balance at each snapshot day after 0."""
    parts = []
    for day in sorted(d for d in snaps.codes if d > 0):
        code = snaps.codes[day][take]
        status = np.select(
            [code == 5, code == 6, code == 7, code == 8],
            ["legal", "agency", "written_off", "closed"],
            "active",
        )
        parts.append(
            pd.DataFrame(
                {
                    "account_id": ids,
                    "date": (as_of + dt.timedelta(days=day)).isoformat(),
                    "status": status,
                    "days_past_due": snaps.days_past_due[day][take],
                    "balance": snaps.balances[day][take] / 100,
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def sample_tape(
    portfolio: Portfolio,
    rows: int,
    *,
    seed: int = 1,
    as_of: dt.date = dt.date(2026, 1, 1),
    history_days: Sequence[int] = (),
    strategy: Strategy | str = "standard",
    scenario: Scenario | str = "baseline",
    portfolio_ref: str | None = None,
) -> Sample:
    """``rows`` open accounts of the portfolio at day 0, and their history if asked for."""
    days = tuple(sorted(set(history_days)))
    n = rows + rows // 10 + 20  # slots waiting for a new account are not on a tape
    snaps = Snapshots(days)
    model = CollectionModel(
        portfolio, scenario, strategy, n, max(days or (1,)), seed=seed, stages=(*DAY, snaps.stage())
    )
    snaps.opening(model.ctx)
    b = model.b
    open_ = np.flatnonzero(
        ((b.status == ACTIVE) | (b.status == LEGAL) | (b.status == AGENCY)) & (b.balance > 0)
    )
    take = open_[:rows]
    rng = np.random.default_rng([seed, 0x7A9E])
    ids = np.array([f"AC{k:08d}" for k in rng.permutation(take.size)], dtype=object)
    book = book_frame(b, take, snaps.days_past_due[0][take], ids)
    history = None
    if days:
        model.run_model()
        history = history_frame(snaps, take, ids, as_of)
    settings: dict[str, object] = {
        "portfolio": portfolio_ref or portfolio.name,
        "currency": portfolio.currency,
        "as_of": as_of,
        "income_bands": INCOME_BANDS,
    }
    return Sample(book, history, settings, model, take)
