"""What a tape does not observe, from the portfolio's own book: donors in the same cell.

A lender's tape says what each account is (product, grade, balance, days
past due, status) but not who holds it: cash, income, willingness, trust,
stress. Those are not independent of what the tape shows: an account 60 days
past due is, in any steady book, held by someone with less cash and less
willingness than a current one of the same grade, because that is how it got
there. Drawing them afresh from the portfolio's opening distributions would
lose that selection, and every back-test would start with borrowers who cure
too easily. So the portfolio's synthetic book is first run through its
burn-in under business as usual (as any run's is), and each tape account
takes the hidden state of a *donor*: a synthetic account drawn at random
from those in the same cell (status, borrower type, product, grade, bucket
of days past due, and income band where the tape has one), falling back to
coarser cells where a cell holds fewer than :data:`MIN_DONORS`. Money is
carried over relative to income, and income relative to the instalment (or
drawn within the tape's income band), so a donor lends its circumstances,
not its loan. The draw is keyed by the hashed account id (common random
numbers: every strategy of a replication sees the same borrowers).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.special import ndtr

from collectsim.config.portfolio import Portfolio
from collectsim.engine.state import ACTIVE, AGENCY, CURRENT, LEGAL, MONTH, Borrowers
from collectsim.engine.streams import to_normal

#: fewest donors a cell needs before a coarser cell is used
MIN_DONORS = 10
#: what a tape account takes from its donor as it is
COPIED = (
    "willingness",
    "trust",
    "stress",
    "resistance",
    "stress_baseline",
    "resistance_baseline",
    "inattention",
    "score_noise",
    "commitment",
    "salience",
    "employed",
    "known_reason",
    "unanswered",
    "escalated",
    "last_talk",
    "last_conversation",
    "reminded_day",
    "restructured_day",
)
#: money a tape account takes from its donor in proportion to income
PER_INCOME = ("cash", "savings_target", "assets", "expenses")


def bucket(days_past_due: np.ndarray) -> np.ndarray:
    """0 current, 1: 1-29, 2: 30-59, 3: 60-89, 4: 90+ days past due."""
    dpd = np.asarray(days_past_due, dtype=np.int64)
    return np.where(dpd > 0, 1 + np.minimum(dpd // MONTH, 3), 0)


def income_band(income_cents: np.ndarray, bounds: np.ndarray) -> np.ndarray:
    """Index of the [low, high) band (currency) each monthly income falls in; -1 if none."""
    units = income_cents / 100.0
    out = np.full(units.size, -1, dtype=np.int64)
    for k, (low, high) in enumerate(bounds):
        out[(units >= low) & (units < high) & (out < 0)] = k
    return out


def donor_pool(d: Borrowers, day: int) -> tuple[np.ndarray, np.ndarray]:
    """Open synthetic accounts with a payment due, and their days past due at ``day``."""
    pool = np.flatnonzero(
        ((d.status == ACTIVE) | (d.status == LEGAL) | (d.status == AGENCY))
        & (d.balance > 0)
        & (d.instalment > 0)
        & (d.income > 0)
    )
    since = d.delinquent_since[pool].astype(np.int64)
    return pool, np.where(since > CURRENT, day - since, 0)


def _key(columns: Sequence[np.ndarray]) -> np.ndarray:
    """One integer per row for a tuple of small non-negative codes (each below 64)."""
    key = np.zeros(columns[0].size if columns else 0, dtype=np.int64)
    for col in columns:
        key = key * 64 + (np.asarray(col, dtype=np.int64) + 1)
    return key


def match(
    donor_cells: Sequence[Sequence[np.ndarray]],
    tape_cells: Sequence[Sequence[np.ndarray]],
    u: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """For each tape row, a donor (a position in the donors' arrays) from the first level of
    cells, most detailed first, whose cell holds at least MIN_DONORS; and the level used."""
    n = u.size
    chosen = np.full(n, -1, dtype=np.int64)
    level = np.full(n, -1, dtype=np.int64)
    for lev, (dcols, tcols) in enumerate(zip(donor_cells, tape_cells, strict=True)):
        todo = np.flatnonzero(chosen < 0)
        if todo.size == 0:
            break
        dkey = _key(dcols)
        order = np.argsort(dkey, kind="stable")
        sorted_keys = dkey[order]
        tkey = _key([c[todo] for c in tcols])
        lo = np.searchsorted(sorted_keys, tkey, side="left")
        count = np.searchsorted(sorted_keys, tkey, side="right") - lo
        last = lev == len(donor_cells) - 1
        ok = count > 0 if last else count >= MIN_DONORS
        pick = lo[ok] + np.minimum(np.floor(u[todo[ok]] * count[ok]), count[ok] - 1).astype(
            np.int64
        )
        chosen[todo[ok]] = order[pick]
        level[todo[ok]] = lev
    return chosen, level


def income_within(
    u: np.ndarray, bounds: np.ndarray, median: np.ndarray, sigma: np.ndarray
) -> np.ndarray:
    """Monthly income (currency) drawn from the portfolio's lognormal within [low, high)."""
    low = np.maximum(bounds[:, 0], 1e-9)
    high = bounds[:, 1]
    a = ndtr(np.log(low / median) / np.maximum(sigma, 1e-9))
    b = ndtr(np.log(high / median) / np.maximum(sigma, 1e-9))
    z = to_normal(a + u * (b - a))
    return np.clip(median * np.exp(sigma * z), low, high)


def income_medians(portfolio: Portfolio, is_sme: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The portfolio's median monthly income (person) or revenue (SME) and log-sd."""
    person, sme = portfolio.borrowers.person, portfolio.borrowers.sme
    median = np.where(is_sme, sme.monthly_revenue.median, person.monthly_income.median)
    sigma = np.where(is_sme, sme.monthly_revenue.sigma, person.monthly_income.sigma)
    return median, sigma


def lend(b: Borrowers, d: Borrowers, donor: np.ndarray, income: np.ndarray) -> None:
    """Copy the donors' hidden state into the tape's borrowers; money scaled to ``income``
    (cents/month)."""
    for name in COPIED:
        getattr(b, name)[:] = getattr(d, name)[donor]
    b.income[:] = income
    scale = income / np.maximum(d.income[donor], 1).astype(np.float64)
    for name in PER_INCOME:
        getattr(b, name)[:] = np.rint(getattr(d, name)[donor] * scale).astype(np.int64)
