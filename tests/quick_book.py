"""A quick book for tests of mechanics (runner, optimiser, command line, report).

The mixed portfolio with a 30-day burn-in instead of 270 days: those tests check
what the tools do with runs, not the model's steady state, and the default
burn-in was most of their time. Behaviour tests keep the default book.
"""

from __future__ import annotations

from pathlib import Path

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
