"""Refuse, before anything is done, work that cannot finish, fit, or stay within int64 cents.

An experiment's size is a product (strategies x scenarios x points x
replications runs, each borrowers x days), so a typo of a few digits asks
for years of computing. :func:`estimate` says what a plan would take: runs,
borrower-days, wall time on the workers, memory and disk; :func:`check`
refuses (exit 2) what cannot finish or fit, and what is merely long unless
the user says to go ahead (``allow_long``, ``--allow-long``).

The time model was fitted to ``benchmarks/run.py`` on the 2-core development
machine (0.8 s for 10,000 borrowers x 365 days, 26.8 s for 1,000,000): a
fixed cost per run, per simulated day and per borrower-day, each rounded up.

>>> work = Work(runs=18, borrowers=10_000, horizon_days=365, workers=2)
>>> 5 < work.seconds < 30
True
"""

from __future__ import annotations

import math
import shutil
from dataclasses import dataclass
from pathlib import Path

from collectsim.config.experiment import Experiment
from collectsim.config.limits import MAX_ACCOUNT, MAX_BOOK
from collectsim.config.portfolio import Portfolio
from collectsim.engine.memory import GIB, estimate_bytes
from collectsim.errors import ConfigError

#: seconds of one run's set-up and writing, one simulated day, one borrower-day
RUN_SECONDS, DAY_SECONDS, BORROWER_DAY_SECONDS = 0.2, 0.002, 1 / 10e6
#: bytes one day of one run takes on disk: its daily.csv line, in its part and in daily.csv
DAY_BYTES = 2 * 400
#: longer than this, a plan needs ``allow_long``; longer than IMPOSSIBLE, it is refused
LONG_SECONDS = 8 * 3600
IMPOSSIBLE_SECONDS = 365 * 86400
#: a results folder holds a part file per run: more runs than this no file system wants
MAX_RUNS = 10_000_000
#: standard deviations of the largest draw a lognormal balance is allowed to reach
TAIL_SIGMAS = 8.5


@dataclass(frozen=True)
class Work:
    """What a plan takes: its size, and estimates of time, memory and disk."""

    runs: int
    borrowers: int
    horizon_days: int
    workers: int

    @property
    def borrower_days(self) -> int:
        return self.runs * self.borrowers * self.horizon_days

    @property
    def seconds(self) -> float:
        """Estimated wall time on the workers (runs spread evenly over them)."""
        per_run = (
            RUN_SECONDS
            + DAY_SECONDS * self.horizon_days
            + BORROWER_DAY_SECONDS * self.borrowers * self.horizon_days
        )
        return per_run * self.runs / max(1, min(self.workers, self.runs))

    @property
    def memory(self) -> int:
        return estimate_bytes(self.borrowers, max(1, min(self.workers, self.runs)))

    @property
    def disk(self) -> int:
        return self.runs * (self.horizon_days + 1) * DAY_BYTES

    def describe(self) -> str:
        return (
            f"{self.runs:,} runs x {self.borrowers:,} borrowers x {self.horizon_days:,} days = "
            f"{self.borrower_days:.3g} borrower-days: about {duration(self.seconds)} on "
            f"{self.workers} worker(s), {self.memory / GIB:.1f} GiB of memory and "
            f"{self.disk / GIB:.1f} GiB of disk (estimates)"
        )


def duration(seconds: float) -> str:
    """Seconds in the largest unit that keeps the number readable.

    >>> duration(90), duration(7200), duration(86400 * 800)
    ('90 seconds', '2.0 hours', '2.2 years')
    """
    if seconds < 120:
        return f"{math.ceil(seconds)} seconds"
    if seconds < 2 * 3600:
        return f"{round(seconds / 60)} minutes"
    if seconds < 2 * 86400:
        return f"{seconds / 3600:.1f} hours"
    if seconds < 365 * 86400:
        return f"{seconds / 86400:.1f} days"
    return f"{seconds / (365 * 86400):.1f} years"


def free_disk(folder: Path) -> int:
    """Bytes free on the disk that holds ``folder`` (or its nearest existing parent)."""
    probe = folder.absolute()
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    try:
        return shutil.disk_usage(probe).free
    except OSError:
        return 2**62


def check_work(work: Work, folder: Path, *, allow_long: bool, file: str | None) -> None:
    """Refuse what cannot finish or fit; what is merely long unless ``allow_long``."""
    what = work.describe()
    if work.runs > MAX_RUNS or work.seconds > IMPOSSIBLE_SECONDS:
        raise ConfigError(
            file, None, f"work that can finish (this asks for {what}); make it smaller"
        )
    if work.disk > free_disk(folder):
        raise ConfigError(
            file,
            None,
            f"results that fit on the disk (this asks for {what}, with "
            f"{free_disk(folder) / GIB:.1f} GiB free there); make it smaller or choose "
            "another --out",
        )
    if work.seconds > LONG_SECONDS and not allow_long:
        raise ConfigError(
            file,
            None,
            f"work of at most {LONG_SECONDS // 3600} hours unless you ask for more (this asks "
            f"for {what}); run with --allow-long (allow_long=True) to go ahead",
        )


def _exp(x: float) -> float:
    return math.exp(min(x, 700.0))  # beyond e**700 a float overflows; the check fails anyway


def check_money(exp: Experiment) -> None:
    """Refuse a book whose money could overflow int64 cents (see config.limits)."""
    for book in (exp.portfolio, *exp.books):
        _check_book(exp, book)


def _check_book(exp: Experiment, portfolio: Portfolio) -> None:
    products = portfolio.products
    mean = sum(p.share * p.balance.median * _exp(p.balance.sigma**2 / 2) for p in products)
    book = exp.file.borrowers * mean
    tail = max(p.balance.median * _exp(TAIL_SIGMAS * p.balance.sigma) for p in products)
    if book > MAX_BOOK or tail > MAX_ACCOUNT:
        raise ConfigError(
            exp.source,
            "portfolio.products.balance",
            f"a book of at most {MAX_BOOK:.0e} currency units (borrowers x mean balance; this "
            f"one is {book:.3g}) and no account beyond {MAX_ACCOUNT:.0e} (at {TAIL_SIGMAS} "
            f"sigma this one reaches {tail:.3g}), so no sum overflows int64 cents",
        )
