"""Small tapes for tests: hand-written ones for bad input, and ones the model simulated.

A simulated tape comes from a small portfolio file (the ``mixed`` preset with a
short burn-in), with its settings rewritten to read it with that file and a
small donor book, so a run from it takes a second or two.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import tomli_w

from collectsim.analysis.backtest.sample import Sample, sample_tape
from collectsim.analysis.tapes import write_sample
from collectsim.config import load_portfolio

GOOD_ROWS = [
    {"account_id": "a-1", "product": "credit_card", "balance": "1200.50", "days_past_due": "0"},
    {"account_id": "a-2", "product": "consumer_loan", "balance": "8000", "days_past_due": "45"},
    {"account_id": "a-3", "product": "sme_loan", "balance": "150000", "days_past_due": "0"},
    {"account_id": "a-4", "product": "credit_card", "balance": "300", "days_past_due": "10"},
]


def write_csv(
    path: Path, rows: Sequence[dict[str, Any]], header: Sequence[str] | None = None
) -> Path:
    """A CSV tape of ``rows`` (every row's keys, or ``header``)."""
    names = list(header or rows[0])
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=names, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def small_portfolio(folder: Path, name: str = "small", **behaviour: float) -> Path:
    """The mixed preset with a 120-day burn-in, a small pilot and the given behaviour, as a
    file."""
    data = load_portfolio("mixed").model_dump(mode="json")
    data["name"] = name
    data["book"]["burn_in_days"] = 120
    data["book"]["stationary_pilot_borrowers"] = 4000  # a quick pilot: tests of the tapes
    data["book"]["stationary_pilot_days"] = 180
    data["behaviour"].update(behaviour)
    path = folder / f"{name}.toml"
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return path


def simulated_tape(
    folder: Path,
    *,
    rows: int = 2000,
    seed: int = 5,
    history: Sequence[int] = (),
    truth: Path | None = None,
    read_with: Path | None = None,
    donors: int = 2000,
    replications: int = 10,
) -> tuple[Sample, Path]:
    """A tape (and history) the model simulated from the ``truth`` portfolio file, written
    to ``folder/book.csv``, its settings naming ``read_with`` (default: the truth) and a
    small donor book; returns the sample and the tape's path."""
    truth = truth or small_portfolio(folder)
    sample = sample_tape(
        load_portfolio(str(truth)), rows, seed=seed, history_days=history, portfolio_ref=None
    )
    out = folder / "book.csv"
    write_sample(sample, out, force=True, seed=seed)
    settings = dict(sample.settings)
    settings.update(portfolio=(read_with or truth).name, donor_borrowers=donors)
    (folder / "book.toml").write_text(tomli_w.dumps(settings), encoding="utf-8")
    backtest = folder / "book_backtest.toml"
    if backtest.exists():
        text = backtest.read_text(encoding="utf-8")
        backtest.write_text(
            text.replace("replications = 10", f"replications = {replications}"), encoding="utf-8"
        )
    return sample, out
