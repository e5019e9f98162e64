"""A loan tape read and checked into arrays: the lender's accounts at one date.

:func:`read_tape` reads a CSV or Parquet tape (or a status history of the
same accounts) with its :class:`~collectsim.config.tape_settings.TapeSettings`,
checks every cell, and returns a :class:`Tape`: one array per field, in
currency cents and engine codes, accounts in the order of their hashed ids.
Account ids are hashed as they are read (a keyed 64-bit hash) and the ids
themselves dropped: nothing downstream sees or writes them, and the hash
keys each account's random draws, so an account keeps its draws whatever
its row. Every problem in the file is reported at once (one message per
field, naming the rows), before anything is run or written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from collectsim.config.limits import MAX_ACCOUNT, MAX_BOOK, MAX_DAYS
from collectsim.config.portfolio import GRADES, PRODUCT_KINDS
from collectsim.config.tape_columns import (
    Problems,
    account_ids,
    header,
    labels,
    numbers,
    read_table,
)
from collectsim.config.tape_settings import (
    MAX_SCORE,
    OPEN_STATUSES,
    STATUSES,
    TapeSettings,
    field_names,
)
from collectsim.errors import ConfigError, ConfigErrors

#: the fields a tape that opens a run must have
BOOK_REQUIRED = ("account_id", "product", "balance", "days_past_due")
#: the fields a status history must have (and date, unless its settings give as_of)
HISTORY_REQUIRED = ("account_id", "days_past_due")
#: fields read as text whatever they look like
TEXT_FIELDS = ("account_id", "product", "grade", "borrower_type", "region", "income_band", "status")
#: the key of the id hash (pandas' SipHash takes 16 characters); fixed, so an account's
#: hash, and so its draws, are the same in every run and every tape
HASH_KEY = "collectsim-tape1"
#: day 0 of a history's dates
EPOCH = pd.Timestamp("1970-01-01")


def hash_ids(ids: pd.Series) -> np.ndarray:
    """Keyed 64-bit hashes of account ids (pseudonyms: the ids are not kept)."""
    values = ids.to_numpy(dtype=object, na_value="")
    return pd.util.hash_array(values, hash_key=HASH_KEY, categorize=False)


@dataclass(frozen=True, eq=False)
class Tape:
    """A tape's accounts in hash order; optional fields are None when the tape lacks them,
    and hold -1 (NaN for the rate) in a row that leaves them empty."""

    source: str
    rows: int
    fields: frozenset[str]
    id_hash: np.ndarray
    """uint64 keyed hash of the account id"""
    row: np.ndarray
    """int64 the account's row in the file (0: the first under the header), for messages"""
    days_past_due: np.ndarray
    """int32 days"""
    balance: np.ndarray
    """int64 cents (-1 where a history leaves it empty)"""
    status: np.ndarray
    """int8 code, as STATUSES"""
    product: np.ndarray | None = None
    """int8 code, as PRODUCT_KINDS"""
    grade: np.ndarray | None = None
    """int8 0 (A) .. 4 (E)"""
    rate: np.ndarray | None = None
    """float64 nominal annual rate, fraction"""
    term_left: np.ndarray | None = None
    """int16 months"""
    instalment: np.ndarray | None = None
    """int64 cents"""
    is_sme: np.ndarray | None = None
    """int8 0 person, 1 SME"""
    region: np.ndarray | None = None
    """int32 code of the region label"""
    income_band: np.ndarray | None = None
    """int8 index into band_bounds"""
    band_bounds: np.ndarray = field(default_factory=lambda: np.zeros((0, 2)))
    """(bands, 2) float64 [low, high) monthly income or revenue, currency"""
    months_on_book: np.ndarray | None = None
    """int16 months"""
    past_delinquencies: np.ndarray | None = None
    """int16 count"""
    date: np.ndarray | None = None
    """int32 days since 1970-01-01 (a status history's date column)"""

    def in_file_order(self, mask: np.ndarray) -> np.ndarray:
        """A mask over the accounts (hash order) as a mask over the file's rows."""
        out = np.zeros(self.rows, dtype=bool)
        out[self.row[mask]] = True
        return out

    def take(self, idx: np.ndarray) -> dict[str, np.ndarray | None]:
        """Every array field at ``idx``."""
        skip = ("source", "rows", "fields", "row")
        names = [f for f in self.__dataclass_fields__ if f not in skip]
        out: dict[str, np.ndarray | None] = {}
        for name in names:
            value = getattr(self, name)
            out[name] = value if name == "band_bounds" or value is None else value[idx]
        return out


def _int(values: np.ndarray, dtype: str) -> np.ndarray:
    return np.where(np.isnan(values), -1, values).astype(dtype)


class _Reader:
    """The state of one read: the frame, the problems, and the arrays made so far."""

    def __init__(self, path: Path, settings: TapeSettings, kind: str):
        self.path, self.settings, self.kind = path, settings, kind
        cols = {f: getattr(settings.columns, f) for f in field_names()}
        names = set(header(path))
        self.present = {f for f, c in cols.items() if c in names}
        self.problems = Problems(str(path), cols)
        required = BOOK_REQUIRED if kind == "book" else HISTORY_REQUIRED
        if kind == "history" and settings.as_of is None:
            required = (*required, "date")
        for f in required:
            if f not in self.present:
                self.problems.add(f, f"a column '{cols[f]}' (required; the tape has none)")
        self._raise()
        wanted = sorted(self.present)
        text = [cols[f] for f in wanted if f in TEXT_FIELDS]
        self.frame = read_table(path, [cols[f] for f in wanted], text)
        self.frame.columns = [next(f for f in wanted if cols[f] == c) for c in self.frame.columns]
        if len(self.frame) == 0:
            raise ConfigError(str(path), None, "a tape with at least one account (no rows)")

    def _raise(self) -> None:
        if self.problems.errors:
            raise ConfigErrors(self.problems.errors)

    def number(self, name: str, **kw: object) -> np.ndarray | None:
        if name not in self.present:
            return None
        return numbers(self.frame[name], name, self.problems, **kw)  # type: ignore[arg-type]

    def coded(
        self, name: str, mapping: dict[str, str], names: tuple[str, ...], required: bool
    ) -> np.ndarray | None:
        """A label column as codes: the position in ``names`` of the value ``mapping`` gives
        each cell (-1 for an empty cell)."""
        if name not in self.present:
            return None
        table, codes = labels(self.frame[name], name, self.problems, mapping, required=required)
        lookup = np.array([names.index(v) if v in names else -1 for v in table], dtype=np.int8)
        return lookup[codes]


def _status(r: _Reader) -> np.ndarray:
    n = len(r.frame)
    codes = r.coded("status", dict(r.settings.statuses), STATUSES, required=False)
    if codes is None:
        return np.zeros(n, dtype=np.int8)
    if r.kind == "book":
        closed = codes > STATUSES.index(OPEN_STATUSES[-1])
        r.problems.rows("status", closed, f"an open account ({', '.join(OPEN_STATUSES)})")
    return np.where(codes < 0, 0, codes).astype(np.int8)


def _grade(r: _Reader) -> np.ndarray | None:
    grade = r.coded("grade", dict(r.settings.grades), GRADES, required=False)
    if grade is not None:
        return grade
    score = r.number("score", low=-MAX_SCORE, high=MAX_SCORE, required=False, what="a score")
    if score is None:
        return None
    cut = r.settings.score_cutoffs
    if cut is None:
        r.problems.add("score", "score_cutoffs in the tape's settings, to cut scores into grades")
        return None
    grade = (score[:, None] < np.array(cut)[None, :]).sum(axis=1)
    return np.where(np.isnan(score), -1, grade).astype(np.int8)


def _money(values: np.ndarray | None) -> np.ndarray | None:
    if values is None:
        return None
    return np.where(np.isnan(values), -1, np.rint(values * 100)).astype(np.int64)


def _loan_fields(r: _Reader) -> dict[str, np.ndarray | None]:
    """Balance, terms and history of the loan."""
    s = r.settings
    book = r.kind == "book"
    balance = r.number("balance", low=0, high=MAX_ACCOUNT, required=book, what="an amount")
    top = 100.0 if s.rate_unit == "percent" else 1.0
    rate = r.number("interest_rate", low=0, high=top, required=False, what="an annual rate")
    out: dict[str, np.ndarray | None] = {
        "balance": _money(balance),
        "rate": None if rate is None else rate / top,
        "term_left": None,
        "instalment": _money(r.number("instalment", low=0, high=MAX_ACCOUNT, required=False)),
        "months_on_book": None,
        "past_delinquencies": None,
    }
    for name, high in (("term_left", 600), ("months_on_book", 1200), ("past_delinquencies", 1000)):
        values = r.number(name, low=0, high=high, whole=True, required=False, what="a count")
        out[name] = None if values is None else _int(values, "int16")
    if balance is not None and np.nansum(balance) > MAX_BOOK:
        r.problems.add("balance", f"a book of at most {MAX_BOOK:.0e} currency units in all")
    return out


def _product(r: _Reader, allowed: tuple[str, ...] | None) -> np.ndarray | None:
    codes = r.coded("product", dict(r.settings.products), PRODUCT_KINDS, r.kind == "book")
    if codes is None:
        return None
    if allowed is not None:
        ok = np.array([k in allowed for k in PRODUCT_KINDS] + [True])
        r.problems.rows(
            "product",
            ~ok[codes],
            f"a product the portfolio has terms for ({', '.join(allowed)}); add the others to "
            "the tape's portfolio or map their codes to one of these",
        )
    return codes


def _who(r: _Reader, allowed: tuple[str, ...] | None) -> dict[str, np.ndarray | None]:
    """Product, borrower type, grade, region, income band."""
    s = r.settings
    out: dict[str, np.ndarray | None] = {"grade": _grade(r), "product": _product(r, allowed)}
    out["is_sme"] = r.coded("borrower_type", dict(s.borrower_types), ("person", "sme"), False)
    out["region"] = None
    if "region" in r.present:
        text = r.frame["region"].astype("string").fillna("")
        out["region"] = pd.factorize(text, sort=True)[0].astype(np.int32)
    bands = list(s.income_bands)
    if "income_band" in r.present and not bands:
        r.problems.add("income_band", "[income_bands] in the tape's settings: each band's range")
        return {**out, "income_band": None}
    out["income_band"] = r.coded("income_band", {b: b for b in bands}, tuple(bands), False)
    return out


def _dates(r: _Reader) -> np.ndarray | None:
    if "date" not in r.present:
        return None
    text = r.frame["date"].astype("string").str.strip()
    parsed = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    bad = parsed.isna().to_numpy()
    r.problems.rows("date", bad, "a date as YYYY-MM-DD", text[bad].iloc[0] if bad.any() else None)
    days = ((parsed - EPOCH) / pd.Timedelta(days=1)).to_numpy(dtype=np.float64, na_value=0.0)
    return days.astype(np.int32)


def epoch_day(date: dt.date) -> int:
    """Days from 1970-01-01 to ``date``, as a history's dates are held."""
    return (date - EPOCH.date()).days


def read_tape(
    path: str | Path,
    settings: TapeSettings,
    *,
    kind: str = "book",
    products: tuple[str, ...] | None = None,
) -> Tape:
    """Read and check a tape (``kind="book"``) or a status history (``"history"``); with
    ``products``, a product kind not among them is a problem."""
    r = _Reader(Path(path), settings, kind)
    dates = _dates(r)
    id_hash = account_ids(r.frame["account_id"], r.problems, hash_ids, key=dates)
    dpd = r.number("days_past_due", low=0, high=MAX_DAYS, whole=True, what="a whole number of days")
    arrays = {**_loan_fields(r), **_who(r, products), "status": _status(r), "date": dates}
    r._raise()
    del r.frame
    order = np.lexsort((id_hash,) if dates is None else (dates, id_hash))
    assert dpd is not None  # a required column, checked above
    bounds = np.array(list(settings.income_bands.values()), dtype=np.float64).reshape(-1, 2)
    sorted_arrays = {k: (None if v is None else v[order]) for k, v in arrays.items()}
    balance = sorted_arrays.pop("balance")
    return Tape(
        source=str(path),
        rows=int(order.size),
        fields=frozenset(r.present),
        id_hash=id_hash[order],
        row=order.astype(np.int64),
        days_past_due=dpd[order].astype(np.int32),
        balance=balance if balance is not None else np.full(order.size, -1, dtype=np.int64),
        band_bounds=bounds,
        **sorted_arrays,  # type: ignore[arg-type]
    )
