"""Before day 0 and at day 0: the burn-in under business as usual, then the handover.

A simulated book must not start from a made-up state, or every experiment
measures the transient of its start. So the book first runs
``portfolio.book.burn_in_days`` days under the lender's usual strategy
(``portfolio.book.business_as_usual``), in normal times
(:class:`~collectsim.engine.economy.Economy`) and under the standard rules of
conduct. At day 0 the experiment's strategy and the
scenario's rules take over the book as it then is (borrowers, promises,
cases in court, reputation), and the accounts start afresh: a new ledger
whose opening receivables are the book at day 0, new counters, a regulator
with a clean record. Every strategy of a replication takes over the same book.
"""

from __future__ import annotations

import copy
import hashlib
from collections import OrderedDict
from typing import Any

import numpy as np

from collectsim.config import Scenario
from collectsim.config.scenario import Regulation
from collectsim.engine.context import Context
from collectsim.engine.counters import Tally
from collectsim.engine.ledger import Ledger
from collectsim.engine.lender import Lender
from collectsim.engine.loop import run_day
from collectsim.engine.scoring import calibrate_score
from collectsim.engine.state import AGENCY, CURRENT, LEGAL
from collectsim.engine.valuation import book_value


def business_as_usual(scenario: Scenario) -> Scenario:
    """The standard rules of conduct: what the book ran under before day 0 (the economy
    before day 0 is normal times whatever the scenario, engine.economy)."""
    return scenario.model_copy(update={"regulation": Regulation()})


def burn_in(ctx: Context, days: int) -> None:
    """Run the book for ``days`` days (engine days ``0 .. days-1``)."""
    for day in range(days):
        ctx.day = day
        run_day(ctx)


#: what the burn-in leaves that the horizon reads (the rest is rebuilt at day 0)
CARRIED = ("b", "social", "pipeline", "snapshot", "cycle_groups")
#: books after their burn-in kept in this process, most recent last, within this many bytes
BURNT_BOOKS_BYTES = 256 * 2**20
_burnt: OrderedDict[str, tuple[int, dict[str, Any]]] = OrderedDict()


def burnt_book_key(portfolio: Any, borrowers: int, seed: int, days: int) -> str:
    """What decides the book at day 0: the portfolio (its business as usual included), the
    size, the seed and the burn-in. Not the strategy, not the scenario (normal times and the
    standard rules before day 0), so every run of a replication takes over the same book."""
    blob = f"{portfolio.model_dump_json()}|{borrowers}|{seed}|{days}"
    return hashlib.sha256(blob.encode()).hexdigest()


def burn_in_once(ctx: Context, days: int, key: str | None) -> None:
    """:func:`burn_in`, or the same book again: the burn-in is the same for every strategy and
    scenario of a replication, so a process that has burnt this book in already copies it
    (the copy is the book to the bit; ``tests/engine/test_horizon.py`` checks whole runs)."""
    if key is not None and key in _burnt:
        _burnt.move_to_end(key)
        for name, value in _burnt[key][1].items():
            setattr(ctx, name, copy.deepcopy(value))
        return
    burn_in(ctx, days)
    if key is None:
        return
    kept = {name: copy.deepcopy(getattr(ctx, name)) for name in CARRIED}
    size = sum(a.nbytes for a in vars(ctx.b).values() if isinstance(a, np.ndarray))
    if size > BURNT_BOOKS_BYTES:
        return
    _burnt[key] = (size, kept)
    while sum(s for s, _ in _burnt.values()) > BURNT_BOOKS_BYTES:
        _burnt.popitem(last=False)


def forget_burnt_books() -> None:
    """Empty this process's store of burnt-in books."""
    _burnt.clear()


def open_horizon(ctx: Context, lender: Lender, scenario: Scenario, start: int) -> None:
    """Day 0 (engine day ``start``): the experiment's lender and rules take over the book."""
    b = ctx.b
    if ctx.lender is not lender:
        ctx.lender.remove()  # the business-as-usual lender leaves the model
    ctx.lender, ctx.scenario, ctx.start = lender, scenario, start
    ctx.day = start
    ctx.ledger = Ledger(opening_receivables=int(b.balance.sum()))
    ctx.tally = Tally()
    ctx.regulator.start(scenario.regulation)
    lender.follow_pay_rule(scenario.regulation)  # a balanced scorecard, if required
    ctx.events.start = start
    b.segment[:] = -1  # segments are the old strategy's; the new one assigns its own
    b.stressed[:] = b.stress >= ctx.behaviour.high_stress
    late = b.delinquent_since > CURRENT
    b.ever_delinquent[:] = late | (b.status == LEGAL) | (b.status == AGENCY)
    ctx.late = np.flatnonzero(late)
    ctx.opening_value = book_value(ctx, start)
    calibrate_score(ctx)
