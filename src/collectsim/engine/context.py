"""The state a day's stages share: the engine's whole world, without the Mesa model.

Every stage of :mod:`collectsim.engine.loop` takes a :class:`Context` and
reads or writes only what it names here, so a stage can be run, timed and
tested alone on a context built by hand or by
:class:`collectsim.model.CollectionModel`. The context imports no stage: the
stages import it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from collectsim.config import Portfolio, Scenario
from collectsim.config.behaviour import Behaviour
from collectsim.engine.counters import Tally
from collectsim.engine.economy import Economy
from collectsim.engine.events import EventLog
from collectsim.engine.ledger import Ledger
from collectsim.engine.lender import Lender
from collectsim.engine.regulator import Regulator
from collectsim.engine.responses import Responses
from collectsim.engine.snapshot import Snapshot
from collectsim.engine.social import Social
from collectsim.engine.state import CURRENT, MONTH, Borrowers
from collectsim.engine.streams import Streams

_EMPTY = np.empty(0, dtype=np.int64)


@dataclass(eq=False)
class Pipeline:
    """Accounts waiting for a date: judgments by day, agency recalls by day."""

    docket: dict[int, list[np.ndarray]] = field(default_factory=dict)
    recalls: dict[int, list[np.ndarray]] = field(default_factory=dict)


@dataclass(eq=False)
class Today:
    """The day's working sets, rebuilt by the stages as the day goes on."""

    cycle: np.ndarray = field(default_factory=lambda: _EMPTY)
    """accounts whose monthly cycle day it is (income and dues)"""
    late: np.ndarray = field(default_factory=lambda: _EMPTY)
    """accounts past due after today's payments (sorted)"""
    days_past_due: np.ndarray = field(default_factory=lambda: _EMPTY)
    """their days past due (days)"""


@dataclass(eq=False)
class Context:
    """One run's state. Engine days count from the start of the burn-in; the horizon's
    day 0 is engine day ``start``."""

    b: Borrowers
    portfolio: Portfolio
    scenario: Scenario
    economy: Economy
    streams: Streams
    ledger: Ledger
    events: EventLog
    lender: Lender
    regulator: Regulator
    social: Social
    responses: Responses
    tally: Tally = field(default_factory=Tally)
    pipeline: Pipeline = field(default_factory=Pipeline)
    today: Today = field(default_factory=Today)
    day: int = 0
    """the engine day being simulated"""
    start: int = 0
    """the engine day that is day 0 of the horizon (after the burn-in)"""
    late: np.ndarray = field(default_factory=lambda: _EMPTY)
    """sorted accounts that may be past due: a superset (filter by delinquent_since)"""
    opening_value: int = 0
    """the book's value at day 0 (cents): open balances net of expected loss"""
    cycle_groups: list[np.ndarray] = field(default_factory=list)
    """accounts by cycle day (0..29), fixed for the run"""
    snapshot: Snapshot = field(default_factory=Snapshot)
    """the accounts behind at the end of the day before (engine/outcomes.py reads it)"""

    def __post_init__(self) -> None:
        b = self.b
        order = np.argsort(b.cycle_day, kind="stable")
        bounds = np.searchsorted(b.cycle_day[order], np.arange(MONTH + 1))
        self.cycle_groups = [order[bounds[d] : bounds[d + 1]] for d in range(MONTH)]
        self.late = np.flatnonzero(b.delinquent_since > CURRENT)

    @property
    def behaviour(self) -> Behaviour:
        return self.portfolio.behaviour
