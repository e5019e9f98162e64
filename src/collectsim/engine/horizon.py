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
