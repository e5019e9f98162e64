"""Yesterday's accounts behind, as they were: what the outcome stage compares today with.

A spell behind can end anywhere in the day (a payday, a payment between due
dates, a plan, a settlement, a charge-off) and an account that paid off can be
handed to a new borrower the same day, so the outcomes of spells
(:mod:`collectsim.engine.outcomes`) are read by comparing the end of each day
with the end of the day before. State only: the stage that fills it is there.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

_EMPTY = np.empty(0, dtype=np.int64)


@dataclass(eq=False)
class Snapshot:
    """The accounts behind (or in court, or with an agency) at the end of the day before."""

    idx: np.ndarray = field(default_factory=lambda: _EMPTY)
    """their positions (sorted)"""
    since: np.ndarray = field(default_factory=lambda: _EMPTY)
    """their delinquent_since (day)"""
    generation: np.ndarray = field(default_factory=lambda: _EMPTY)
    """who held the slot then (a slot handed on since is a loan paid off)"""
    status: np.ndarray = field(default_factory=lambda: _EMPTY)
    """their status codes"""
    talked: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=bool))
    """whether a person of the lender had talked with them in the spell"""
