"""The accounts of day 0 followed through a run: their state at the days a history has.

A back-test compares what happened to the accounts on the lender's tape with
what happens to the same accounts in the model. A run's book turns over
(an account that leaves is replaced in its slot, :mod:`collectsim.engine.book`),
so :class:`Snapshots` follows each account of day 0, not its slot: it notes
how each left (closed, or written off or sold) before a newcomer takes the
slot, and at each snapshot day records every account's state as a code of
:data:`STATES` and its balance.

States are the model's delinquency buckets (:data:`collectsim.metrics.BUCKETS`),
sold counted as written off.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from collectsim.engine.context import Context
from collectsim.engine.loop import Stage
from collectsim.engine.state import (
    ACTIVE,
    AGENCY,
    CLOSED,
    CURRENT,
    LEGAL,
    MONTH,
    SOLD,
    WRITTEN_OFF,
    Borrowers,
)
from collectsim.metrics import BUCKETS

STATES = BUCKETS
CODE = {name: i for i, name in enumerate(STATES)}
#: how bad each state is: a roll is a move to a worse one (closed is the best way out)
SEVERITY = np.array([0, 1, 2, 3, 4, 5, 4, 6, -1])
UNKNOWN = -1
"""an account the history does not show at that date"""


def state_codes(status: np.ndarray, days_past_due: np.ndarray) -> np.ndarray:
    """Each account's state from its status (engine codes) and days past due."""
    dpd = np.asarray(days_past_due, dtype=np.int64)
    code = np.where(dpd > 0, 1 + np.minimum(dpd // MONTH, 3), 0)
    for st, name in (
        (LEGAL, "legal"),
        (AGENCY, "agency"),
        (WRITTEN_OFF, "written_off"),
        (SOLD, "written_off"),
        (CLOSED, "closed"),
    ):
        code = np.where(status == st, CODE[name], code)
    return code.astype(np.int8)


def book_dpd(b: Borrowers, day: int) -> np.ndarray:
    """Days past due of every account at the start of engine day ``day`` (0: current)."""
    since = b.delinquent_since.astype(np.int64)
    return np.where(since > CURRENT, day - since, 0).astype(np.int32)


def book_state(b: Borrowers, day: int) -> np.ndarray:
    """The state of every account of a book at the start of engine day ``day``."""
    dpd = np.where(b.status == ACTIVE, book_dpd(b, day), 0)
    return state_codes(b.status, dpd)


@dataclass(eq=False)
class Snapshots:
    """A stage recording the accounts of day 0 at the given horizon days."""

    days: Sequence[int]
    codes: dict[int, np.ndarray] = field(default_factory=dict)
    balances: dict[int, np.ndarray] = field(default_factory=dict)
    days_past_due: dict[int, np.ndarray] = field(default_factory=dict)
    _generation: np.ndarray | None = None
    _left: np.ndarray | None = None

    def stage(self) -> Stage:
        return Stage("snapshots", self, "the accounts of day 0 at a history's dates", __name__)

    def opening(self, ctx: Context) -> None:
        """Note who holds each slot at day 0 and record day 0 itself."""
        b = ctx.b
        self._generation = b.generation.copy()
        self._left = np.full(b.n, UNKNOWN, dtype=np.int8)
        self.codes[0] = book_state(b, ctx.start)
        self.balances[0] = b.balance.copy()
        self.days_past_due[0] = book_dpd(b, ctx.start)

    def __call__(self, ctx: Context) -> None:
        if self._generation is None or self._left is None:
            raise RuntimeError("Snapshots.opening(ctx) must record day 0 before the run")
        b = ctx.b
        same = b.generation == self._generation
        open_ = self._left == UNKNOWN
        gone = (
            open_ & same & ((b.status == WRITTEN_OFF) | (b.status == SOLD) | (b.status == CLOSED))
        )
        self._left[gone] = np.where(b.status[gone] == CLOSED, CODE["closed"], CODE["written_off"])
        # replaced the day it left: paid off at its dues (charge-offs are seen the day before)
        self._left[open_ & ~same] = CODE["closed"]
        day = ctx.day + 1 - ctx.start
        if day in self.days:
            code = book_state(b, ctx.day + 1)
            left = self._left != UNKNOWN
            code[left] = self._left[left]
            self.codes[day] = code
            self.balances[day] = np.where(left, 0, b.balance)
            self.days_past_due[day] = np.where(left, 0, book_dpd(b, ctx.day + 1))
