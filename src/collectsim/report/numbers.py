"""Numbers as a person reads them: rounded to what their confidence interval supports.

A mean of three replications with a 95% interval ±2,000,000 wide is known to
about a hundred thousand, so showing it to the cent claims a precision the
experiment does not have. Every mean (or difference) the terminal table and
the report show is rounded to two significant digits of its interval's
half-width, and its interval to the same place; money that rounds to
thousands or coarser is written short (``32.9M``), shares as percentages
(``30.6%``) and differences of shares in percentage points (``1.2 pp``).
Without an interval (one replication) a value keeps three significant digits.
An exact zero is ``0``; money that only rounds to zero keeps its scale
(``0.0M`` beside ``[-1.5M, 1.5M]``), so it claims no more precision than the
interval.

>>> shown(32_889_091.78, 30_889_091.78, 34_889_091.78, "currency")
('32.9M', '[30.9M, 34.9M]')
>>> shown(4.667, 1.5, 7.8, "count")
('4.7', '[1.5, 7.8]')
>>> shown(0.3061, 0.2912, 0.3210, "fraction")
('30.6%', '[29.1%, 32.1%]')
>>> shown(41_447.1, -1_465_459.5, 1_548_353.8, "currency")
('0.0M', '[-1.5M, 1.5M]')
>>> number(0.012, "fraction", difference=True), number(12.0, "count")
('1.20 pp', '12')
"""

from __future__ import annotations

import math
from typing import Any

#: the finest precision shown per unit (decimals; shares in percent)
MAX_DECIMALS = {"currency": 2, "count": 1, "index": 3, "fraction": 2}
#: significant digits of the interval's half-width that set the precision
INTERVAL_DIGITS = 2
#: significant digits of a value shown without an interval
PLAIN_DIGITS = 3
_SCALES = ((1e9, "B"), (1e6, "M"), (1e3, "k"))


def _finite(value: Any) -> float | None:
    try:
        v = float(value)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


def _scale(unit: str, value: float) -> float:
    """Percent for shares, else the value itself."""
    return value * 100 if unit == "fraction" else value


def decimals(unit: str, half: Any = None, value: Any = None) -> int:
    """Decimal places to show (negative: round to tens, hundreds, ...) in the shown scale.

    From the interval's half-width when there is one, else from the value's
    magnitude; never finer than the unit's :data:`MAX_DECIMALS`.
    """
    cap = MAX_DECIMALS.get(unit, 3)
    h = _finite(half)
    if h is not None and h > 0:
        places = INTERVAL_DIGITS - 1 - math.floor(math.log10(abs(_scale(unit, h))))
    else:
        v = _finite(value)
        if not v:
            return 0
        places = PLAIN_DIGITS - 1 - math.floor(math.log10(abs(_scale(unit, v))))
    return min(places, cap)


def number(
    value: Any,
    unit: str,
    places: int | None = None,
    *,
    difference: bool = False,
    magnitude: float | None = None,
) -> str:
    """``value`` rounded to ``places`` (default: three significant digits), with its unit's
    sign: '%' for shares ('pp' for a difference of shares), short money ('1.81M') when
    rounded to thousands or coarser; '–' for a missing value."""
    v = _finite(value)
    if v is None:
        return "–"
    if places is None:
        places = 0 if v == int(v) and unit != "fraction" else decimals(unit, None, v)
    if unit == "fraction":
        suffix = " pp" if difference else "%"
        pct = round(v * 100, places) if places < 0 else v * 100
        return _no_negative_zero(f"{pct:,.{max(places, 0)}f}") + suffix
    big = max(abs(v), abs(magnitude or 0.0))
    if unit == "currency" and places <= -3:
        for size, letter in _SCALES:
            if big >= size:
                shown = max(0, round(math.log10(size)) + places)
                if v == 0:  # an exact zero (a bound at zero) is '0', not '0k'
                    return "0"
                # a value that rounds to zero keeps the scale, which says how precise it is:
                # '0.0M' beside [-1.5M, 1.5M], where a bare '0' would claim the unit
                return _no_negative_zero(f"{v / size:,.{shown}f}") + letter
    rounded = round(v, places) if places < 0 else v
    return _no_negative_zero(f"{rounded:,.{max(places, 0)}f}")


def _no_negative_zero(text: str) -> str:
    stripped = text.lstrip("-").replace("0", "").replace(".", "").replace(",", "")
    return text.lstrip("-") if text.startswith("-") and not stripped else text


def shown(
    mean: Any, low: Any, high: Any, unit: str, *, difference: bool = False
) -> tuple[str, str]:
    """(mean, '[low, high]') rounded alike, to what the interval supports."""
    lo, hi = _finite(low), _finite(high)
    half = (hi - lo) / 2 if lo is not None and hi is not None else None
    places = decimals(unit, half, mean) if half else None
    big = max((abs(x) for x in (_finite(mean), lo, hi) if x is not None), default=0.0)

    def one(v: Any) -> str:
        return number(v, unit, places, difference=difference, magnitude=big)

    if lo is None or hi is None:
        return one(mean), ""
    return one(mean), f"[{one(lo)}, {one(hi)}]"
