"""Day 0 from a lender's tape: its accounts as they are, and who holds them.

A tape is the lender's book at a date, and that book has a history the
model did not simulate. So a tape does not go through the burn-in: running
it 270 days under a made-up strategy would replace the accounts' real
arrears, balances and buckets by simulated ones, and a back-test would no
longer start from what the lender saw. Instead the burn-in runs, as for any
run, on the portfolio's synthetic book, and at day 0 the tape *replaces*
that book: every field the tape observes is taken from it, and everything
it does not (cash, income, attitudes, contact history) is lent by a donor
in the burnt-in book (:mod:`collectsim.engine.donors`), so day 0 starts
from the lender's book in the steady state of the model's own behaviour.
The economy, the lender's reputation and the engine day carry on from the
burn-in; the experiment's strategy takes over at day 0 as for any book
(:func:`collectsim.engine.horizon.open_horizon`).

Accounts are in the order of their hashed ids, and a run of ``n`` accounts
takes the first ``n``: a random sample of the tape, the same in every run.
"""

from __future__ import annotations

import numpy as np

from collectsim.config.portfolio import Portfolio
from collectsim.config.tape_read import Tape
from collectsim.engine.context import Context
from collectsim.engine.donors import (
    bucket,
    donor_pool,
    income_band,
    income_medians,
    income_within,
    lend,
    match,
)
from collectsim.engine.events import EventLog
from collectsim.engine.ledger import Ledger
from collectsim.engine.population import _choice, _product_row, scheduled_instalment
from collectsim.engine.reputation import peer_default_share
from collectsim.engine.social import Social
from collectsim.engine.state import AGENCY, CARD, LEGAL, MONTH, NOT_LATE, SME_LOAN, Borrowers
from collectsim.engine.streams import Streams
from collectsim.errors import ConfigError

#: the stream day of a tape's own draws: no engine day is negative, so none is shared
TAPE_DAY = -7
_DRAWS = ("donor", "cycle", "grade", "seasoning", "case", "income")
_SUB = {name: 100 + k for k, name in enumerate(_DRAWS)}


def _uniforms(streams: Streams, id_hash: np.ndarray) -> dict[str, np.ndarray]:
    """One uniform per draw and account, keyed by the account's hashed id."""
    u = streams.uniforms(
        ("population",) * len(_DRAWS), TAPE_DAY, id_hash, subs=tuple(_SUB.values())
    )
    return {name: u[k] for k, name in enumerate(_DRAWS)}


def _terms(b: Borrowers, t: dict, portfolio: Portfolio, u: dict[str, np.ndarray]) -> None:
    """The loan: the tape's terms where it has them, the product's where not."""
    which = _product_row(b.product, portfolio)
    for i, prod in enumerate(portfolio.products):
        acc = np.flatnonzero(which == i)
        b.rate[acc] = prod.annual_rate
        b.term_left[acc] = 0 if prod.kind == "credit_card" else prod.term_months
        b.min_payment_share[acc] = prod.min_payment_share
        b.late_fee[acc] = round(prod.late_fee * 100)
        b.min_payment[acc] = round(prod.min_payment * 100)
        b.write_off_days[acc] = prod.write_off_days
    # a term loan without a term on the tape is part repaid, as a seasoned book's are
    paid = np.floor(u["seasoning"] * b.term_left).astype(np.int16)
    b.term_left[:] = np.where(b.product == CARD, 0, b.term_left - paid)
    if t["rate"] is not None:
        b.rate[:] = np.where(np.isnan(t["rate"]), b.rate, t["rate"])
    if t["months_on_book"] is not None:  # a term loan's months paid, when its term is not given
        left = np.maximum(b.term_left + paid - t["months_on_book"], 0)
        known = (t["months_on_book"] >= 0) & (b.product != CARD)
        b.term_left[:] = np.where(known, left, b.term_left)
    if t["term_left"] is not None:
        b.term_left[:] = np.where(t["term_left"] >= 0, t["term_left"], b.term_left)
    b.balance[:] = t["balance"]
    b.principal[:] = t["balance"]  # what a card revolves back to; a loan's is not used
    everyone = np.arange(b.n)
    b.instalment[:] = scheduled_instalment(b, everyone)
    if t["instalment"] is not None:
        b.instalment[:] = np.where(t["instalment"] >= 0, t["instalment"], b.instalment)


def _observed(
    b: Borrowers, t: dict, portfolio: Portfolio, u: dict[str, np.ndarray], start: int
) -> None:
    """Every field the tape holds (the product's terms for those it leaves out)."""
    b.product[:] = t["product"]
    b.is_sme[:] = b.product == SME_LOAN
    if t["is_sme"] is not None:
        b.is_sme[:] = np.where(t["is_sme"] >= 0, t["is_sme"] == 1, b.is_sme)
    drawn = _choice(u["grade"], portfolio.borrowers.grade_shares)
    b.grade[:] = drawn if t["grade"] is None else np.where(t["grade"] >= 0, t["grade"], drawn)
    _terms(b, t, portfolio, u)
    dpd = t["days_past_due"].astype(np.int64)
    late = dpd > 0
    b.status[:] = t["status"]
    b.delinquent_since[late] = start - dpd[late]
    b.ever_delinquent[:] = late
    # the missed due date fell on the account's cycle day
    cycle = np.floor(u["cycle"] * MONTH).astype(np.int64)
    b.cycle_day[:] = np.where(late, (start - dpd) % MONTH, cycle)
    months_behind = 1 + (dpd - 1) // MONTH
    b.arrears[:] = np.where(late, np.minimum(b.balance, b.instalment * months_behind), 0)


def _communities(b: Borrowers, t: dict, portfolio: Portfolio, streams: Streams) -> None:
    """Peers: borrowers of one region in groups of the portfolio's community size."""
    size = portfolio.borrowers.community_size
    if t["region"] is None:
        b.community[:] = streams.generator("population").permutation(b.n) // size
        return
    region = t["region"].astype(np.int64)
    order = np.argsort(region, kind="stable")  # accounts are in hash order within a region
    counts = np.bincount(region)
    first = np.concatenate(([0], np.cumsum(counts)[:-1]))
    groups = np.concatenate(([0], np.cumsum(-(-counts // size))[:-1]))
    rank = np.arange(b.n) - first[region[order]]
    b.community[order] = groups[region[order]] + rank // size


def _cells(
    status: np.ndarray,
    is_sme: np.ndarray,
    product: np.ndarray,
    grade: np.ndarray,
    buckets: np.ndarray,
    band: np.ndarray | None,
) -> list[list[np.ndarray]]:
    """The levels of cells, most detailed first."""
    levels = [
        [status, is_sme, product, grade, buckets],
        [status, is_sme, product, buckets],
        [status, buckets],
        [status],
        [],
    ]
    return ([[*levels[0], band]] if band is not None else []) + levels


def _hidden(ctx: Context, b: Borrowers, t: dict, u: dict[str, np.ndarray]) -> None:
    """Cash, income, attitudes and contact history from donors of the burnt-in book."""
    d, day = ctx.b, ctx.day
    pool, dpd = donor_pool(d, day)
    if pool.size == 0:
        raise ConfigError(None, "tape.donor_borrowers", "a burnt-in book with open accounts")
    bounds = t["band_bounds"]
    has_band = t["income_band"] is not None and bounds.shape[0] > 0
    tape_band = t["income_band"].astype(np.int64) if has_band else None
    donor_band = income_band(d.income[pool], bounds) if has_band else None
    donor_cells = _cells(
        d.status[pool], d.is_sme[pool], d.product[pool], d.grade[pool], bucket(dpd), donor_band
    )
    tape_cells = _cells(
        b.status, b.is_sme, b.product, b.grade, bucket(t["days_past_due"]), tape_band
    )
    pick, level = match(donor_cells, tape_cells, u["donor"])
    donor = pool[pick]
    ratio = d.income[donor] / np.maximum(d.instalment[donor], 1).astype(np.float64)
    income = np.maximum(b.instalment, b.min_payment) * ratio
    if has_band:  # the band observed: the donor's income if it is of that band, else drawn in it
        assert tape_band is not None
        inside = tape_band >= 0
        from_band = inside & (level == 0)
        income = np.where(from_band, d.income[donor], income)
        redraw = np.flatnonzero(inside & ~from_band)
        median, sigma = income_medians(ctx.portfolio, b.is_sme[redraw])
        units = income_within(u["income"][redraw], bounds[tape_band[redraw]], median, sigma)
        income[redraw] = units * 100
    lend(b, d, donor, np.maximum(np.rint(income), 100).astype(np.int64))
    late = t["days_past_due"] > 0
    b.late_reason[:] = np.where(late, d.late_reason[donor], NOT_LATE)
    b.delinquencies[:] = d.delinquencies[donor]
    if t["past_delinquencies"] is not None:
        past = t["past_delinquencies"].astype(np.int64)
        b.delinquencies[:] = np.where(past >= 0, past + late, b.delinquencies)
    _cases(ctx, b, d, donor, u["case"])


def _cases(ctx: Context, b: Borrowers, d: Borrowers, donor: np.ndarray, u: np.ndarray) -> None:
    """Accounts in court or with an agency: the donor's dates if it is too, else drawn."""
    day, strategy = ctx.day, ctx.lender.strategy
    lo, hi = strategy.legal.duration_days
    legal = b.status == LEGAL
    drawn = day + 1 + np.floor(u * (hi - lo + 1)).astype(np.int64)
    ok = d.status[donor] == LEGAL
    b.legal_until[:] = np.where(legal, np.where(ok, d.legal_until[donor], drawn), -1)
    agency = b.status == AGENCY
    placed = day + 1 + np.floor(u * strategy.agency.placement_days).astype(np.int64)
    ok = d.status[donor] == AGENCY
    b.agency_until[:] = np.where(agency, np.where(ok, d.agency_until[donor], placed), -1)


def _pipeline(ctx: Context) -> None:
    """Judgment and recall days of the accounts already in court or placed."""
    b = ctx.b
    for status, until, book in (
        (LEGAL, b.legal_until, ctx.pipeline.docket),
        (AGENCY, b.agency_until, ctx.pipeline.recalls),
    ):
        acc = np.flatnonzero(b.status == status)
        for d in np.unique(until[acc]):
            book.setdefault(int(d), []).append(acc[until[acc] == d])


def tape_book(ctx: Context, tape: Tape, n: int, trace: int, start: int) -> Context:
    """The run's context at day 0 (engine day ``start``) with the tape's first ``n``
    accounts as its book; ``ctx`` is the burnt-in synthetic book that lends what the tape
    does not observe."""
    if not 1 <= n <= tape.rows:
        raise ConfigError(tape.source, "borrowers", f"at most the tape's {tape.rows:,} accounts", n)
    ctx.day = start
    t = tape.take(np.arange(n))
    u = _uniforms(ctx.streams, tape.id_hash[:n])
    b = Borrowers(n)
    _observed(b, t, ctx.portfolio, u, start)
    _communities(b, t, ctx.portfolio, ctx.streams)
    _hidden(ctx, b, t, u)
    out = Context(
        b=b,
        portfolio=ctx.portfolio,
        scenario=ctx.scenario,
        economy=ctx.economy,
        streams=ctx.streams,
        ledger=Ledger(opening_receivables=int(b.balance.sum())),
        events=EventLog(trace, start=start),
        lender=ctx.lender,
        regulator=ctx.regulator,
        social=Social.of(b, ctx.social.initial_reputation),
        responses=ctx.responses,
        day=start,
    )
    out.social.reputation = ctx.social.reputation
    out.social.peer_default_share = peer_default_share(out)
    _pipeline(out)
    return out
