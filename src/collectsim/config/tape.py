"""A loan tape as the portfolio: ``portfolio = "data/my_book.csv"`` (or ``.parquet``).

:func:`load_book` takes what an experiment's ``portfolio`` names: a preset
or portfolio file as before, or a tape. A tape is read and checked whole at
once (every problem named by field and rows, exit 2, nothing run), its
settings taken from the TOML beside it (``data/my_book.toml``) or from the
experiment's ``[tape]`` table, and it becomes a :class:`TapePortfolio`: the
settings' portfolio (behaviour, product terms, borrower parameters for what
the tape does not observe) with the tape's own product and grade mix, and a
:class:`TapeRef` naming the file by path and SHA-256, so a run reads the very
file that was checked and the experiment's hash changes with the tape. The
tape itself crosses no process: each worker reads it once
(:func:`load_tape`, cached) and the engine builds day 0 from it
(:mod:`collectsim.engine.tape`).

>>> is_tape("data/my_book.csv"), is_tape("mixed")
(True, False)
"""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import Field

from collectsim.config.files import find_file, read_toml
from collectsim.config.portfolio import GRADES, PRODUCT_KINDS, Portfolio, load_portfolio
from collectsim.config.tape_columns import CSV_SUFFIXES, PARQUET_SUFFIXES
from collectsim.config.tape_read import Tape, read_tape
from collectsim.config.tape_settings import TapeSettings
from collectsim.config.validation import Schema, check_name, validate
from collectsim.errors import ConfigError


class TapeRef(Schema):
    """Which tape a portfolio stands for, and how it is read."""

    path: str = Field(min_length=1)
    """the tape's file, as found from the referring file or the working folder"""
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    """the file's SHA-256 when it was checked: a run refuses another file"""
    rows: int = Field(ge=1)
    """accounts on the tape"""
    settings: TapeSettings = Field(default_factory=TapeSettings)


class TapePortfolio(Portfolio):
    """A portfolio whose day-0 book is a lender's tape (the portfolio's own draws supply
    only what the tape does not hold)."""

    tape: TapeRef


def is_tape(ref: object) -> bool:
    """A reference to a tape file rather than a preset or a portfolio TOML."""
    return isinstance(ref, str) and ref.lower().endswith(CSV_SUFFIXES + PARQUET_SUFFIXES)


def resolve_tape(ref: str, referrer: str | Path | None = None, field: str | None = None) -> Path:
    """The tape file: relative to the referring file's folder, then the working folder."""
    return find_file(ref, referrer, field, "tape file")


def settings_path(tape: Path) -> Path:
    """The settings file beside a tape: ``book.csv`` (or ``book.csv.gz``) -> ``book.toml``."""
    name = tape.name
    for suffix in (*CSV_SUFFIXES, *PARQUET_SUFFIXES):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
            break
    return tape.with_name(f"{name}.toml")


def settings_for(tape: Path, given: TapeSettings | None = None) -> tuple[TapeSettings, Path | None]:
    """The tape's settings: ``given`` (an experiment's [tape]), else the TOML beside it,
    else the defaults; and the file they came from (None for defaults)."""
    if given is not None:
        return given, None
    beside = settings_path(tape)
    if beside.is_file():
        return validate(TapeSettings, read_toml(beside), beside), beside
    return TapeSettings(), None


@functools.lru_cache(maxsize=8)
def _digest(path: str, mtime_ns: int, size: int) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 22), b""):
            h.update(block)
    return h.hexdigest()


def file_sha256(path: str | Path) -> str:
    """SHA-256 of a file (remembered while the file's size and time are unchanged)."""
    st = os.stat(path)
    return _digest(str(path), st.st_mtime_ns, st.st_size)


@functools.lru_cache(maxsize=2)
def _read(
    path: str, sha256: str, settings_json: str, kind: str, products: tuple[str, ...] | None
) -> Tape:
    settings = TapeSettings.model_validate_json(settings_json)
    return read_tape(path, settings, kind=kind, products=products)


def read_checked(
    path: str | Path,
    settings: TapeSettings,
    *,
    kind: str = "book",
    sha256: str | None = None,
    products: tuple[str, ...] | None = None,
) -> Tape:
    """Read a tape (cached per process); with ``sha256``, only the very file checked;
    with ``products``, only those product kinds."""
    digest = file_sha256(path)
    if sha256 is not None and digest != sha256:
        raise ConfigError(
            str(path), None, "the tape that was checked (the file has changed since; load it again)"
        )
    return _read(str(path), digest, settings.model_dump_json(), kind, products)


def load_tape(portfolio: TapePortfolio) -> Tape:
    """The tape a :class:`TapePortfolio` names, as checked when it was loaded."""
    ref = portfolio.tape
    kinds = tuple(p.kind for p in portfolio.products)
    return read_checked(ref.path, ref.settings, sha256=ref.sha256, products=kinds)


def _mix(codes: np.ndarray, size: int) -> list[float]:
    counts = np.bincount(codes[codes >= 0], minlength=size).astype(float)
    return (counts / counts.sum()).tolist() if counts.sum() else [1.0 / size] * size


def _portfolio_data(base: Portfolio, tape: Tape, stem: str) -> dict[str, Any]:
    """The base portfolio's data with the tape's name, product mix and grade mix."""
    data = base.model_dump(mode="python")
    try:
        data["name"] = check_name(stem)
    except ValueError:
        data["name"] = "tape"
    assert tape.product is not None  # required on a book tape
    mix = _mix(tape.product.astype(np.int64), len(PRODUCT_KINDS))
    for prod in data["products"]:
        prod["share"] = mix[PRODUCT_KINDS.index(prod["kind"])]
    if tape.grade is not None and (tape.grade >= 0).any():
        data["borrowers"]["grade_shares"] = _mix(tape.grade.astype(np.int64), len(GRADES))
    data["description"] = f"the loan tape {stem}, with {base.name}'s behaviour"
    return data


def load_book(
    ref: str,
    *,
    referrer: str | Path | None = None,
    field: str | None = None,
    settings: TapeSettings | None = None,
) -> Portfolio:
    """A portfolio preset or file, or a tape as a :class:`TapePortfolio` (see the module)."""
    if not is_tape(ref):
        if settings is not None:
            raise ConfigError(
                str(referrer) if referrer else None, "tape", "a tape file as the portfolio", ref
            )
        return load_portfolio(ref, referrer=referrer, field=field)
    path = resolve_tape(ref, referrer, field)
    chosen, source = settings_for(path, settings)
    base = load_portfolio(
        chosen.portfolio, referrer=source or referrer, field="portfolio" if source else "tape"
    )
    tape = read_checked(path, chosen, products=tuple(p.kind for p in base.products))
    data = _portfolio_data(base, tape, settings_path(path).stem)
    if chosen.currency:
        data["currency"] = chosen.currency
    data["tape"] = TapeRef(
        path=str(path), sha256=file_sha256(path), rows=tape.rows, settings=chosen
    )
    return validate(TapePortfolio, data, source or path)
