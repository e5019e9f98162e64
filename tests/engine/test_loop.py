"""The day as data: stages run in a fixed, documented order, and one can run alone."""

import re
from pathlib import Path

import numpy as np

from collectsim.engine.loop import DAY, Stage, run_day
from collectsim.model import CollectionModel

ARCHITECTURE = Path(__file__).parents[2] / "docs" / "architecture.md"


def test_the_day_runs_its_stages_in_the_documented_order():
    names = [s.name for s in DAY]
    assert names == [
        *("finances", "dues", "book", "delinquency", "self_service", "lender"),
        *("prevention", "programmes", "legal", "outcomes", "reputation", "regulator"),
    ]
    assert all(s.doc and s.module for s in DAY)
    table = re.findall(r"^\| \d+ \| `(\w+)` \|", ARCHITECTURE.read_text(), re.MULTILINE)
    assert table == names  # the stage table in docs/architecture.md


def test_a_stage_runs_alone_and_touches_only_its_state():
    m = CollectionModel(borrowers=3000, horizon_days=30, seed=5)
    ctx = m.ctx
    ctx.day = 7
    cash, balance = ctx.b.cash.copy(), ctx.b.balance.copy()
    totals = dict(ctx.ledger.totals)
    finances = next(s for s in DAY if s.name == "finances")
    run_day(ctx, stages=(finances,))
    moved = np.flatnonzero(ctx.b.cash != cash)
    assert moved.size > 0 and set(moved) <= set(ctx.cycle_groups[7])  # only today's paydays
    assert (ctx.b.balance == balance).all() and ctx.ledger.totals == totals  # no loan moved


def test_a_replaced_stage_changes_the_day():
    """Stages are swappable: a day without the lender makes no contact."""
    m = CollectionModel(borrowers=2000, horizon_days=30, seed=5)
    ctx = m.ctx
    no_lender = tuple(s for s in DAY if s.name != "lender")
    for day in range(20):
        ctx.day = day
        run_day(ctx, stages=no_lender)
    assert ctx.tally.counts["contacts"] == 0
    ctx.ledger.check(ctx.b.balance)
    seen: list[int] = []
    spy = Stage("spy", lambda c: seen.append(c.day), "records the day", "tests")
    run_day(ctx, stages=(spy,))
    assert seen == [19]
