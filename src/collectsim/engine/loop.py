"""The order of the day, as data: a tuple of named stages, each a function of the context.

One simulated day runs :data:`DAY` in order; a stage can be run, timed or
replaced alone (``run_day(ctx, stages=...)``), as Starsim keeps its loop.
Each stage reads and writes the :class:`~collectsim.engine.context.Context`
and nothing else. Observation and data collection are the model's, after
the day (:class:`collectsim.model.CollectionModel`).

>>> [s.name for s in DAY]  # doctest: +NORMALIZE_WHITESPACE
['finances', 'dues', 'book', 'delinquency', 'self_service', 'lender', 'prevention',
 'programmes', 'legal', 'outcomes', 'reputation', 'regulator']
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from collectsim.engine.book import book_stage
from collectsim.engine.context import Context
from collectsim.engine.education import educate
from collectsim.engine.finances import monthly_finances
from collectsim.engine.legal import agency_recalls, judgments, write_off_due
from collectsim.engine.outcomes import outcomes_stage
from collectsim.engine.prevention import prevention_stage
from collectsim.engine.repayment import daily_payments, due_dates, freeze_days_past_due
from collectsim.engine.reporting import report
from collectsim.engine.reputation import reputation_stage
from collectsim.engine.service import service_stage
from collectsim.engine.state import CURRENT, MONTH
from collectsim.engine.treatment import lender_works


@dataclass(frozen=True)
class Stage:
    name: str
    run: Callable[[Context], None]
    doc: str
    module: str
    """the file that holds the stage's rules"""


def finances(ctx: Context) -> None:
    ctx.today.cycle = cycle = ctx.cycle_groups[ctx.day % MONTH]
    monthly_finances(ctx.b, cycle, ctx.day, ctx.economy, ctx.portfolio, ctx.streams)


def delinquency(ctx: Context) -> None:
    b, day = ctx.b, ctx.day
    b.week_contacts[day % 7] = 0
    b.week_capped[day % 7] = 0
    late = np.flatnonzero(b.delinquent_since > CURRENT)
    if ctx.economy.forbearance[day]:
        freeze_days_past_due(ctx, late)
    daily_payments(ctx, late)
    late = late[b.delinquent_since[late] > CURRENT]
    ctx.today.late = late
    ctx.today.days_past_due = day - b.delinquent_since[late].astype(np.int64)


def legal(ctx: Context) -> None:
    b = ctx.b
    judgments(ctx)
    agency_recalls(ctx)
    late = ctx.today.late
    late = late[b.delinquent_since[late] > CURRENT]
    write_off_due(ctx, late, ctx.day - b.delinquent_since[late].astype(np.int64))
    ctx.late = late  # no account falls past due after the dues: a superset of the late


def programmes(ctx: Context) -> None:
    educate(ctx)
    report(ctx)


def regulator(ctx: Context) -> None:
    ctx.regulator.review(ctx.day, ctx.tally.counts, ctx.b.n, ctx.ledger, ctx.social)


DAY: tuple[Stage, ...] = (
    Stage(
        "finances",
        finances,
        "on each borrower's cycle day: jobs lost and found, income or revenue, expense "
        "shocks, cash, stress",
        "engine/finances.py",
    ),
    Stage(
        "dues",
        due_dates,
        "on each account's cycle day: interest, the instalment falls due, the borrower pays "
        "in full, in part or not, from ability and willingness; a missed due date costs a fee",
        "engine/repayment.py",
    ),
    Stage(
        "book",
        book_stage,
        "on each cycle day: an account that left the book is replaced by a new borrower's "
        "new loan; current cards are used again up to the balance their holders keep",
        "engine/book.py",
    ),
    Stage(
        "delinquency",
        delinquency,
        "the week's contact count rolls; a mandated holiday freezes the clock; promises fall "
        "due; past-due borrowers pay at an intensity contacts excite; today's past-due set",
        "engine/repayment.py",
    ),
    Stage(
        "self_service",
        service_stage,
        "borrowers behind who open the 24-hour AI service: those who can pay settle the "
        "arrears, those who cannot are offered their segment's plan (if the lender has one)",
        "engine/service.py",
    ),
    Stage(
        "lender",
        lender_works,
        "segment, request treatments, apply rules, ration capacity and budget; contacts "
        "reach, remind, stress, draw promises, offers and complaints; lawsuits and placements",
        "engine/treatment.py, contacts.py, offers.py, legal.py",
    ),
    Stage(
        "prevention",
        prevention_stage,
        "early warning: current accounts a pre-due segment flags, worked before their due "
        "date with the capacity collection left",
        "engine/prevention.py",
    ),
    Stage(
        "programmes",
        programmes,
        "customer education on cycle days; credit-bureau warnings, reports and disputes",
        "engine/education.py, engine/reporting.py",
    ),
    Stage(
        "legal",
        legal,
        "judgments, agency recalls, charge-off at the write-off threshold, debt sale",
        "engine/legal.py",
    ),
    Stage(
        "outcomes",
        outcomes_stage,
        "spells behind that ended and how, first answers, lawsuits filed: the practices' "
        "outcome metrics",
        "engine/outcomes.py",
    ),
    Stage(
        "reputation",
        reputation_stage,
        "public complaints move reputation, grievance fades; peers' defaults seen monthly",
        "engine/reputation.py",
    ),
    Stage(
        "regulator",
        regulator,
        "monthly review of complaints and violations: warnings, fines",
        "engine/regulator.py",
    ),
)


def run_day(ctx: Context, stages: tuple[Stage, ...] = DAY) -> None:
    """Simulate day ``ctx.day`` (the caller advances the clock)."""
    for stage in stages:
        stage.run(ctx)
