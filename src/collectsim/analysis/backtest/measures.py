"""What a back-test compares: roll rates, cure rates, charge-offs and amounts collected.

Each measure is computed the same way from the lender's history and from a
run's :class:`~collectsim.analysis.backtest.snapshots.Snapshots`: the state
(a code of :data:`~collectsim.analysis.backtest.snapshots.STATES`) and the
balance of every account of day 0 at day 0 and at each later date of the
history. Between two consecutive dates,

- ``roll_<bucket>``: the share of accounts in the bucket at the earlier date
  that are in a worse state at the later one (a later bucket, in court, with an
  agency, or written off);
- ``cure_<bucket>``: the share of accounts past due at the earlier date that
  are current or closed at the later one;

pooled over the pairs of dates; and over the whole period,

- ``charged_off``: the day-0 balance of accounts written off or sold by the
  last date (currency);
- ``paid_down``: how far the other accounts' balances fell (payments net of
  interest and fees; a closed account's whole balance) (currency);
- ``past_due_30@<day>``: the share of day 0's accounts 30 or more days past
  due at each date.

An account the history does not show at a date is left out of what needs
that date. Every measure comes with its standard error in the data (binomial
for a share, from the spread of accounts for an amount), which weights it in
a fit.

>>> import numpy as np
>>> codes = {0: np.array([1, 1, 0, 0], dtype=np.int8), 30: np.array([2, 0, 0, 8], dtype=np.int8)}
>>> bal = {0: np.array([100, 100, 50, 50]), 30: np.array([110, 90, 50, 0])}
>>> m = measures(codes, bal)
>>> m["roll_dpd_1_29"].value, m["cure_dpd_1_29"].value, m["paid_down"].value
(0.5, 0.5, 0.5)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from collectsim.analysis.backtest.snapshots import CODE, SEVERITY, UNKNOWN

ROLL_FROM = ("current", "dpd_1_29", "dpd_30_59", "dpd_60_89")
CURE_FROM = ("dpd_1_29", "dpd_30_59", "dpd_60_89", "dpd_90_plus")
PAST_DUE_30 = ("dpd_30_59", "dpd_60_89", "dpd_90_plus")

DESCRIPTIONS = {
    "roll": "share of accounts in {b} that are worse at the next date",
    "cure": "share of accounts in {b} that are current or closed at the next date",
    "charged_off": "day-0 balance of accounts written off or sold by the last date (currency)",
    "paid_down": "fall in the balances of accounts not written off (currency)",
    "past_due_30": "share of day 0's accounts 30+ days past due on day {d}",
}


@dataclass(frozen=True)
class Value:
    """A measure's value, its standard error in the data, and how many accounts it counts."""

    value: float
    se: float
    n: int


def describe(name: str) -> str:
    """A measure's description from its name."""
    kind, _, rest = name.partition("_")
    if name.startswith(("roll_", "cure_")):
        return DESCRIPTIONS[kind].format(b=rest)
    if name.startswith("past_due_30@"):
        return DESCRIPTIONS["past_due_30"].format(d=name.partition("@")[2])
    return DESCRIPTIONS[name]


def _share(hit: np.ndarray, among: np.ndarray) -> Value:
    n = int(np.count_nonzero(among))
    if n == 0:
        return Value(float("nan"), float("nan"), 0)
    p = float(np.count_nonzero(hit & among)) / n
    return Value(p, max(np.sqrt(p * (1 - p) / n), 1.0 / n), n)


def _total(contrib: np.ndarray) -> Value:
    """A sum over accounts (cents in, currency out) with its sampling error."""
    n = contrib.size
    if n == 0:
        return Value(float("nan"), float("nan"), 0)
    sd = float(contrib.std(ddof=1)) if n > 1 else 0.0
    return Value(float(contrib.sum()) / 100, max(sd * np.sqrt(n), 1.0) / 100, n)


def _transitions(codes: dict[int, np.ndarray]) -> dict[str, Value]:
    days = sorted(codes)
    before = np.concatenate([codes[a] for a in days[:-1]]).astype(np.int64)
    after = np.concatenate([codes[a] for a in days[1:]]).astype(np.int64)
    seen = (before != UNKNOWN) & (after != UNKNOWN)
    worse = seen & (SEVERITY[after] > SEVERITY[np.maximum(before, 0)])
    better = seen & ((after == CODE["current"]) | (after == CODE["closed"]))
    out = {f"roll_{b}": _share(worse, seen & (before == CODE[b])) for b in ROLL_FROM}
    out.update({f"cure_{b}": _share(better, seen & (before == CODE[b])) for b in CURE_FROM})
    return out


def measures(codes: dict[int, np.ndarray], balances: dict[int, np.ndarray]) -> dict[str, Value]:
    """Every measure from states and balances (cents) by day, day 0 included."""
    days = sorted(codes)
    out = _transitions(codes)
    first, last = codes[days[0]], codes[days[-1]]
    seen = (first != UNKNOWN) & (last != UNKNOWN)
    gone = seen & (last == CODE["written_off"])
    opening = balances[days[0]].astype(np.float64)
    out["charged_off"] = _total(np.where(gone, opening, 0)[seen])
    closing = balances[days[-1]].astype(np.float64)
    kept = seen & ~gone
    if (closing[kept] < 0).any():  # a history without balances
        out["paid_down"] = Value(float("nan"), float("nan"), 0)
    else:
        out["paid_down"] = _total((opening - closing)[kept])
    late = np.array([CODE[b] for b in PAST_DUE_30])
    for d in days[1:]:
        code = codes[d]
        out[f"past_due_30@{d}"] = _share(np.isin(code, late), code != UNKNOWN)
    return out
