"""How to read a loan tape: its columns, its codes, and what the tape does not observe.

A tape is one row per account, as a lender exports it (CSV or Parquet). Its
settings sit in a small TOML beside it (``data/my_book.csv`` is read with
``data/my_book.toml`` if there is one) or in an experiment's ``[tape]``
table; every field has a default, so a tape whose columns carry the names
below needs none::

    # data/my_book.toml
    portfolio = "mixed"          # behaviour and terms for what the tape does not hold
    currency = "CNY"
    as_of = 2026-03-31           # the date the tape describes (day 0; a back-test needs it)
    rate_unit = "percent"        # interest_rate column in percent (default: a fraction)
    [columns]                    # our name = the tape's column
    account_id = "acct_no"
    days_past_due = "dpd"
    [products]                   # the tape's code = our product kind
    CC = "credit_card"
    PL = "consumer_loan"
    [income_bands]               # the tape's label = [low, high) monthly income, currency
    "<5k" = [0, 5000]
    "5k+" = [5000, 1e9]

>>> TapeSettings().columns.days_past_due
'days_past_due'
>>> column_of(TapeSettings(columns=Columns(days_past_due="dpd")), "days_past_due")
'dpd'
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, model_validator

from collectsim.config.limits import MAX_COUNT, MAX_MONEY
from collectsim.config.portfolio import ProductKind
from collectsim.config.validation import Schema, param

#: the statuses a tape or a status history may give, as the engine names them
STATUSES: tuple[str, ...] = ("active", "legal", "agency", "written_off", "closed", "sold")
#: statuses an account may have on the tape that opens a run (an open account)
OPEN_STATUSES: tuple[str, ...] = ("active", "legal", "agency")
Status = Literal["active", "legal", "agency", "written_off", "closed", "sold"]
Grade = Literal["A", "B", "C", "D", "E"]
#: largest score, either sign, a tape's score column or its score_cutoffs may give
MAX_SCORE = 1e12


def _iso_date(value: Any) -> Any:
    """TOML has dates (``as_of = 2026-03-31``); a quoted ISO date is read as one too."""
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError("a date as YYYY-MM-DD") from None
    return value


Date = Annotated[dt.date, BeforeValidator(_iso_date)]


class Columns(Schema):
    """The tape's column for each field we read (default: the field's own name). Required
    on a tape: account_id, product, balance, days_past_due; on a status history:
    account_id, days_past_due, and date unless its settings give as_of."""

    account_id: str = "account_id"
    """any string; hashed on load and never written out"""
    product: str = "product"
    """the product code (mapped by [products])"""
    balance: str = "balance"
    """outstanding balance incl. interest and fees (currency)"""
    days_past_due: str = "days_past_due"
    """days the oldest unpaid due date is past (days; 0: current)"""
    interest_rate: str = "interest_rate"
    """nominal annual rate (a fraction, or percent with rate_unit = "percent")"""
    term_left: str = "term_left"
    """remaining term (months; 0: revolving)"""
    instalment: str = "instalment"
    """scheduled monthly payment (currency)"""
    grade: str = "grade"
    """internal grade (mapped by [grades])"""
    score: str = "score"
    """the lender's score, cut into grades by score_cutoffs (when the tape has no grade)"""
    borrower_type: str = "borrower_type"
    """person or SME (mapped by [borrower_types])"""
    region: str = "region"
    """any label: borrowers of a region are each other's peers"""
    income_band: str = "income_band"
    """income (person) or revenue (SME) band (mapped by [income_bands])"""
    months_on_book: str = "months_on_book"
    """months since the account was opened"""
    past_delinquencies: str = "past_delinquencies"
    """times the account fell behind before (count)"""
    status: str = "status"
    """active, legal, agency (mapped by [statuses]); a history also closed, written_off, sold"""
    date: str = "date"
    """a status history's date of each row (YYYY-MM-DD)"""


_PRODUCTS: dict[str, ProductKind] = {
    "credit_card": "credit_card",
    "consumer_loan": "consumer_loan",
    "sme_loan": "sme_loan",
}
_GRADES: dict[str, Grade] = {"A": "A", "B": "B", "C": "C", "D": "D", "E": "E"}
_TYPES: dict[str, Literal["person", "sme"]] = {"person": "person", "sme": "sme"}
_STATUSES: dict[str, Status] = {
    "active": "active",
    "legal": "legal",
    "agency": "agency",
    "written_off": "written_off",
    "closed": "closed",
    "sold": "sold",
}


class TapeSettings(Schema):
    """How to read one tape, and the behaviour for what it does not hold."""

    portfolio: str = "mixed"
    """portfolio (preset or path) whose behaviour, product terms and borrower parameters
    supply what the tape does not observe; its burn-in lends the tape's accounts their
    cash, income and attitudes (collectsim.engine.tape)"""
    currency: str | None = None
    """the tape's currency (default: the portfolio's)"""
    as_of: Date | None = None
    """the date the tape describes: day 0 of a run (a back-test needs it)"""
    rate_unit: Literal["fraction", "percent"] = "fraction"
    """how interest_rate is written: 0.18 or 18"""
    columns: Columns = Field(default_factory=Columns)
    products: dict[str, ProductKind] = Field(default_factory=lambda: dict(_PRODUCTS))
    """the tape's product codes and the product kind each is"""
    grades: dict[str, Grade] = Field(default_factory=lambda: dict(_GRADES))
    """the tape's grade labels and the grade (A best .. E worst) each is"""
    score_cutoffs: list[Annotated[float, Field(ge=-MAX_SCORE, le=MAX_SCORE)]] | None = Field(
        default=None, min_length=4, max_length=4
    )
    """with a score column and no grade: the lowest score of grades A, B, C, D (decreasing)"""
    borrower_types: dict[str, Literal["person", "sme"]] = Field(
        default_factory=lambda: dict(_TYPES)
    )
    """the tape's borrower-type labels and what each is"""
    statuses: dict[str, Status] = Field(default_factory=lambda: dict(_STATUSES))
    """the tape's status labels and the status each is"""
    income_bands: dict[str, list[Annotated[float, Field(ge=0, le=MAX_MONEY)]]] = Field(
        default_factory=dict
    )
    """the tape's income-band labels and each band's [low, high) monthly income or revenue
    (currency)"""
    donor_borrowers: int = param(20_000, unit="borrowers", ge=100, le=MAX_COUNT)
    """synthetic accounts of the portfolio run through its burn-in, whose state is drawn
    for each tape account from those in its cell (status, product, grade, days past due)"""

    @model_validator(mode="after")
    def _check(self) -> TapeSettings:
        cut = self.score_cutoffs
        if cut is not None and any(a <= b for a, b in itertools.pairwise(cut)):
            raise ValueError("'score_cutoffs' decreasing: the lowest score of A, B, C, D")
        for label, band in self.income_bands.items():
            if len(band) != 2 or not band[0] < band[1]:
                raise ValueError(f"income band '{label}' as [low, high] with low < high")
        return self


def column_of(settings: TapeSettings, field: str) -> str:
    """The tape's column name for one of our fields."""
    name: str = getattr(settings.columns, field)
    return name


def field_names() -> tuple[str, ...]:
    """Every field a tape may hold, in the schema's order."""
    return tuple(Columns.model_fields)
