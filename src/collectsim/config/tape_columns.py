"""Reading a tape's columns: its header, its cells as numbers or labels, problems by row.

Every problem names the file, the field (and the tape's column when they
differ) and the rows, the first few and how many in all, as one
:class:`~collectsim.errors.ConfigError`; the caller raises them together. A
cell is only ever parsed as a number, a date or a label looked up in the
settings' tables: nothing in a tape is executed or evaluated.

>>> rows_text(np.array([False, True, True, False]))
'rows 2, 3 (2 rows)'
"""

from __future__ import annotations

import csv
import gzip
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from collectsim.errors import ConfigError

#: rows named in a message before "and N more"
SHOWN_ROWS = 5
#: pyarrow, if installed, reads large tapes several times faster (pip install collectsim[tape])
PARQUET_SUFFIXES = (".parquet", ".pq")
CSV_SUFFIXES = (".csv", ".csv.gz")


def has_pyarrow() -> bool:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return True


def is_parquet(path: str | Path) -> bool:
    return str(path).lower().endswith(PARQUET_SUFFIXES)


def rows_text(mask: np.ndarray) -> str:
    """The rows where ``mask`` holds, counted from 1 (the first row under the header)."""
    rows = np.flatnonzero(mask) + 1
    shown = ", ".join(str(int(r)) for r in rows[:SHOWN_ROWS])
    more = f" and {rows.size - SHOWN_ROWS} more" if rows.size > SHOWN_ROWS else ""
    return (
        f"row{'s' if rows.size > 1 else ''} {shown}{more} ({rows.size} row{'s' * (rows.size > 1)})"
    )


class Problems:
    """Problems found in one file, each one message naming the field and the rows."""

    def __init__(self, file: str, columns: Mapping[str, str]):
        self.file = file
        self.columns = columns
        self.errors: list[ConfigError] = []

    def where(self, field: str) -> str:
        column = self.columns.get(field, field)
        return field if column == field else f"{field} (column '{column}')"

    def add(self, field: str | None, expected: str) -> None:
        self.errors.append(ConfigError(self.file, self.where(field) if field else None, expected))

    def rows(self, field: str, mask: np.ndarray, expected: str, example: Any = None) -> bool:
        """Record a problem in the rows of ``mask``, if any; True if there was one."""
        if not mask.any():
            return False
        shown = f", e.g. {example!r}" if example is not None else ""
        self.add(field, f"{expected} in every row; {rows_text(mask)} are not{shown}")
        return True


def header(path: Path) -> list[str]:
    """The tape's column names; an empty or unreadable file is a ConfigError."""
    file = str(path)
    if path.stat().st_size == 0:
        raise ConfigError(file, None, "a tape with a header row and at least one account (empty)")
    if is_parquet(path):
        if not has_pyarrow():
            raise ConfigError(
                file, None, "pyarrow installed to read Parquet (pip install 'collectsim[tape]')"
            )
        import pyarrow.parquet as pq

        try:
            return list(pq.ParquetFile(path).schema_arrow.names)
        except Exception as exc:  # pyarrow raises its own kinds for a damaged file
            raise ConfigError(file, None, f"a readable Parquet file ({exc})") from None
    opener: Any = gzip.open if str(path).lower().endswith(".gz") else open
    try:
        with opener(path, "rt", newline="", encoding="utf-8-sig") as fh:
            names = next(csv.reader(fh), [])
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ConfigError(file, None, f"a readable UTF-8 CSV file ({exc})") from None
    names = [n.strip() for n in names]
    if not any(names):
        raise ConfigError(file, None, "a tape with a header row naming its columns")
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise ConfigError(file, None, f"distinct column names (repeated: {', '.join(repeated)})")
    return names


def read_table(path: Path, columns: Sequence[str], text: Sequence[str]) -> pd.DataFrame:
    """The named columns (``text`` ones as strings), by pyarrow where it is installed."""
    file = str(path)
    try:
        if is_parquet(path):
            import pyarrow.parquet as pq

            frame = pq.read_table(path, columns=list(columns)).to_pandas()
            for c in text:
                frame[c] = frame[c].astype("string")
            return frame
        if has_pyarrow():
            import pyarrow as pa
            from pyarrow import csv as pacsv

            options = pacsv.ConvertOptions(
                include_columns=list(columns),
                column_types={c: pa.string() for c in text},
                strings_can_be_null=True,
            )
            return pacsv.read_csv(path, convert_options=options).to_pandas()
        return pd.read_csv(path, usecols=list(columns), dtype={c: "string" for c in text})
    except (ValueError, OSError, UnicodeDecodeError) as exc:
        raise ConfigError(file, None, f"a readable tape ({str(exc).splitlines()[0]})") from None
    except Exception as exc:  # pyarrow's ArrowInvalid and kin: a malformed file
        raise ConfigError(file, None, f"a readable tape ({str(exc).splitlines()[0]})") from None


def _strings(series: pd.Series) -> pd.Series:
    return series.astype("string").str.strip()


def numbers(
    series: pd.Series,
    field: str,
    problems: Problems,
    *,
    low: float,
    high: float,
    whole: bool = False,
    required: bool = True,
    what: str = "a number",
) -> np.ndarray:
    """A numeric column as float64 (NaN where a cell is empty); bad cells are problems."""
    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series):
        values = series.to_numpy(dtype=np.float64, na_value=np.nan)
        bad = np.zeros(values.size, dtype=bool)
    else:
        text = _strings(series)
        values = pd.to_numeric(text, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
        given = text.notna().to_numpy() & (text.fillna("") != "").to_numpy()
        bad = np.isnan(values) & given
        if problems.rows(field, bad, what, text[bad].iloc[0] if bad.any() else None):
            values[bad] = np.nan
    empty = np.isnan(values) & ~bad
    if required:
        problems.rows(field, empty, f"{what} (the cell is empty)")
    finite = np.isfinite(values)
    problems.rows(field, ~finite & ~np.isnan(values), f"{what}, finite")
    ok = finite
    problems.rows(
        field, ok & ((values < low) | (values > high)), f"{what} within {low:g}..{high:g}"
    )
    if whole:
        problems.rows(field, ok & (np.floor(values) != values), f"{what}, whole")
    return values


def labels(
    series: pd.Series,
    field: str,
    problems: Problems,
    mapping: Mapping[str, Any],
    *,
    required: bool = True,
) -> tuple[list[Any], np.ndarray]:
    """The distinct cells' values in ``mapping`` (None for an empty or unknown cell, and
    last for an empty one) and each row's index into them: a million rows cost a lookup
    per distinct label."""
    text = _strings(series)
    empty = (text.isna() | (text.fillna("") == "")).to_numpy()
    cat = pd.Categorical(text.where(~empty))
    known = np.array([k in mapping for k in cat.categories] + [False], dtype=bool)
    codes = cat.codes.astype(np.int64)
    unknown = ~known[codes] & ~empty
    shown = ", ".join(list(mapping)[:12])
    example = cat.categories[codes[unknown][0]] if unknown.any() else None
    problems.rows(field, unknown, f"one of the codes the settings name ({shown})", example)
    if required:
        problems.rows(field, empty, "a value (the cell is empty)")
    return [mapping.get(k) for k in cat.categories] + [None], codes


def account_ids(
    series: pd.Series,
    problems: Problems,
    hash_ids: Callable[[pd.Series], np.ndarray],
    *,
    key: np.ndarray | None = None,
) -> np.ndarray:
    """The account ids' hashes; an empty id, or one repeated (with the same ``key``, a
    history's date), is a problem. Repeats are found among equal hashes, then the ids
    themselves compared (a million rows: a sort of integers, not of strings)."""
    ids = _strings(series)
    empty = (ids.isna() | (ids.fillna("") == "")).to_numpy()
    problems.rows("account_id", empty, "an account id (the cell is empty)")
    hashes = hash_ids(ids)
    mixed = (
        hashes if key is None else hashes ^ (key.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15))
    )
    order = np.argsort(mixed, kind="stable")
    same = np.zeros(mixed.size, dtype=bool)
    equal = mixed[order][1:] == mixed[order][:-1]
    same[order[1:][equal]] = same[order[:-1][equal]] = True
    repeated = np.zeros(mixed.size, dtype=bool)
    if same.any():  # compare the ids themselves: a hash collision is not a repeat
        rows = np.flatnonzero(same)
        frame = pd.DataFrame({"id": ids.iloc[rows].to_numpy()})
        if key is not None:
            frame["key"] = key[rows]
        repeated[rows] = frame.duplicated(keep="first").to_numpy()
    what = "an account id no earlier row has" if key is None else "one row per account and date"
    problems.rows("account_id", repeated & ~empty, what)
    return hashes
