"""Tapes for people: what was read from one (``portfolio describe``), and writing samples.

:func:`describe_tape` prints what a tape holds as the model reads it: counts
and balances by product, bucket and grade, the fields it has, and which the
model fills in and how. :func:`write_sample` writes a sample tape, its
settings, and with a history the history and a back-test file to run on it;
it writes nothing if any of its files exists (unless told to replace them),
and each file whole or not at all.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
import tomli_w

from collectsim.analysis.backtest.sample import Sample
from collectsim.analysis.backtest.snapshots import STATES, state_codes
from collectsim.config.portfolio import GRADES, PRODUCT_KINDS
from collectsim.config.tape import TapePortfolio, load_tape, settings_path
from collectsim.config.tape_columns import has_pyarrow, is_parquet
from collectsim.errors import ConfigError
from collectsim.runner.atomic import TMP_PREFIX, atomic_write_text

#: what the model fills in for a field the tape leaves out
FILLED = {
    "interest_rate": "the product's annual rate",
    "term_left": "term loans: the product's term less months_on_book (else part repaid, "
    "uniformly); cards revolve",
    "instalment": "from the balance, rate and term (cards: the minimum payment)",
    "grade": "drawn from the portfolio's grade shares",
    "borrower_type": "SME for SME loans, a person otherwise",
    "region": "peers grouped at random",
    "income_band": "income from the donor's income to instalment",
    "past_delinquencies": "the donor's",
    "status": "active",
}
NEVER_ON_A_TAPE = (
    "income, cash, savings, assets and expenses (relative to the donor's income); employment; "
    "willingness, trust, stress, resistance, inattention; contact history: from a donor, an "
    "account of the portfolio's burnt-in book in the same cell (status, borrower type, "
    "product, grade, days-past-due bucket, income band)"
)


def money(value: float) -> str:
    """An amount in a few digits: 1.23M, 45.6k."""
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= size:
            return f"{value / size:.3g}{suffix}"
    return f"{value:.3g}"


def _table(title: str, labels: list[str], counts: np.ndarray, balance: np.ndarray) -> list[str]:
    total = max(int(counts.sum()), 1)
    lines = [f"{title:<14} {'accounts':>10} {'share':>7} {'balance':>10}"]
    for label, c, bal in zip(labels, counts, balance, strict=True):
        if c:
            lines.append(f"{label:<14} {int(c):>10,} {c / total:>7.1%} {money(bal / 100):>10}")
    return [*lines, ""]


def _by(codes: np.ndarray, size: int, balance: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    counts = np.bincount(codes, minlength=size)
    return counts, np.bincount(codes, weights=balance.astype(np.float64), minlength=size)


def describe_tape(portfolio: TapePortfolio) -> str:
    """What the model reads from a tape and what it fills in, as text."""
    ref, tape = portfolio.tape, load_tape(portfolio)
    beside = settings_path(Path(ref.path))
    how = f"read with {beside}" if beside.is_file() else "read with the default settings"
    lines = [
        f"{ref.path}: {tape.rows:,} accounts, as of {ref.settings.as_of or 'an unstated date'}, "
        f"{portfolio.currency}; {how}; behaviour from portfolio '{ref.settings.portfolio}'",
        f"balance {money(tape.balance.sum() / 100)} {portfolio.currency} in all",
        "",
    ]
    assert tape.product is not None
    lines += _table("product", list(PRODUCT_KINDS), *_by(tape.product, 3, tape.balance))
    state = state_codes(tape.status, tape.days_past_due)
    lines += _table("state", list(STATES), *_by(state, len(STATES), tape.balance))
    if tape.grade is not None:
        grade = np.where(tape.grade >= 0, tape.grade, len(GRADES))
        labels = [*GRADES, "(drawn)"]
        lines += _table("grade", labels, *_by(grade, len(labels), tape.balance))
    lines.append("on the tape: " + ", ".join(sorted(tape.fields)))
    lines.append("filled in by the model:")
    for field, how in FILLED.items():
        if field not in tape.fields and not (field == "grade" and "score" in tape.fields):
            lines.append(f"  {field}: {how}")
    lines.append(f"  never on a tape: {NEVER_ON_A_TAPE}")
    return "\n".join(lines)


def _write_frame(frame: pd.DataFrame, path: Path) -> None:
    """A table as CSV or Parquet (by its name), written whole or not at all."""
    tmp = path.with_name(f"{TMP_PREFIX}{path.name}")
    try:
        if is_parquet(path):
            frame.to_parquet(tmp, index=False)
        else:
            frame.to_csv(tmp, index=False)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def sample_paths(out: Path, history: bool) -> dict[str, Path]:
    """The files :func:`write_sample` writes for a tape at ``out``."""
    stem = settings_path(out).stem
    paths = {"book": out, "settings": settings_path(out)}
    if history:
        paths["history"] = out.with_name(f"{stem}_history.csv")
        paths["backtest"] = out.with_name(f"{stem}_backtest.toml")
    return paths


def write_sample(
    sample: Sample,
    out: Path,
    *,
    force: bool = False,
    seed: int = 1,
    strategy: str = "standard",
    scenario: str = "baseline",
) -> list[Path]:
    """Write the sample's files; refuse (before writing any) if one exists."""
    if is_parquet(out) and not has_pyarrow():
        raise ConfigError(
            None, "--out", "pyarrow for a Parquet tape (pip install 'collectsim[tape]')"
        )
    if not str(out).lower().endswith((".csv", ".parquet", ".pq")):
        raise ConfigError(None, "--out", "a tape file name ending .csv or .parquet", str(out))
    paths = sample_paths(out, sample.history is not None)
    existing = [str(p) for p in paths.values() if p.exists()]
    if existing and not force:
        raise ConfigError(None, "--out", f"new files (these exist: {', '.join(existing)}; --force)")
    out.parent.mkdir(parents=True, exist_ok=True)
    note = "# how to read the sample tape beside this file (collectsim portfolio sample)\n"
    atomic_write_text(paths["settings"], note + tomli_w.dumps(sample.settings))
    _write_frame(sample.book, paths["book"])
    if sample.history is not None:
        _write_frame(sample.history, paths["history"])
        spec = {
            "name": f"{paths['settings'].stem}_backtest".replace(" ", "_"),
            "description": "the sample tape against the history the model simulated for it",
            "start": paths["book"].name,
            "history": paths["history"].name,
            "strategy": strategy,
            "scenario": scenario,
            "replications": 10,
            "seed": seed + 1,
        }
        atomic_write_text(paths["backtest"], tomli_w.dumps(spec))
    return list(paths.values())
