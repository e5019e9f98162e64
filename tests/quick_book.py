"""A quick book for tests of mechanics (runner, optimiser, command line, report).

The mixed portfolio with a 30-day burn-in instead of 270 days: those tests check
what the tools do with runs, not the model's steady state, and the default
burn-in was most of their time. Behaviour tests keep the default book.
"""

from __future__ import annotations

from pathlib import Path

from collectsim.config import Portfolio
from collectsim.config.books import load_book

QUICK = "quick.toml"


def write_quick_portfolio(folder: Path) -> Path:
    """``folder/quick.toml``: the mixed preset, burn-in 30 days, a small pilot."""
    text = (Path(__file__).parents[1] / "portfolios" / "mixed.toml").read_text()
    path = folder / QUICK
    path.write_text(
        text + "\n[book]\nburn_in_days = 30\nstationary_pilot_borrowers = 2000\n"
        "stationary_pilot_days = 90\n"
    )
    return path


def paying_late_book() -> Portfolio:
    """The mixed book whose borrowers long behind still pay now and then (the behaviour
    defaults before the refit of 2026-11-30): with the fitted ones an agency placed with
    them collects almost nothing, so a small book would show no agency flows at all. For
    tests of the books' mechanics, not of behaviour."""
    return load_book(
        "mixed",
        overrides={
            "behaviour.pay_logit_behind": -3.3,
            "behaviour.pay_logit_per_month_behind": -0.9,
        },
    )
