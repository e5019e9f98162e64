"""Calibration: the model's vital statistics and field experiments against the field.

:data:`MOMENTS` declares each statistic once: what it measures, the field's
value and range, and the source. :func:`measure` runs what they need on the
simulated book (a baseline and a recession run under the lender's usual
strategy, and the two published field experiments, :mod:`field_trials`) and
returns one number per moment; :func:`calibration_table` sets them beside
their targets. It reports, it does not tune: the fit that chose the
behavioural defaults is :mod:`collectsim.analysis.fit`, fed by :func:`measure`.

    collectsim calibrate --borrowers 20000

>>> rows = calibration_table(borrowers=1500, horizon_days=120, seeds=(1,), trials=False)
>>> rows[0].name
'roll_1_29'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from collectsim.analysis.field_trials import call_trial, reminder_trial
from collectsim.channels import CHANNEL_INDEX
from collectsim.config import Portfolio, Strategy, load_portfolio
from collectsim.engine.context import Context
from collectsim.engine.loop import DAY, Stage
from collectsim.engine.state import ACTIVE, AGENCY, CLOSED, CURRENT, MONTH
from collectsim.engine.trials import ReminderTrial
from collectsim.errors import ConfigError
from collectsim.model import CollectionModel

#: shortest horizon that gives monthly rolls and a recession's second half
MIN_HORIZON_DAYS = 120
#: the call trial's book, in books of the other runs: it enrols only borrowers who fall
#: behind for the first time early in the horizon (about 1,500 of 60,000)
TRIAL_SCALE = 3


@dataclass(frozen=True)
class Moment:
    name: str
    description: str
    target: float
    low: float
    high: float
    source: str


MOMENTS: dict[str, Moment] = {
    m.name: m
    for m in (
        Moment(
            "roll_1_29",
            "share of accounts 1-29 days past due that are 30-59 a month later",
            0.26,
            0.15,
            0.35,
            "card trusts (Capital One 2017, BA 2019 SEC filings): ~0.26 of first-missed "
            "balances roll to 30+ (H, derived)",
        ),
        Moment(
            "roll_30_59",
            "share of accounts 30-59 days past due that are 60-89 a month later",
            0.75,
            0.60,
            0.85,
            "card trusts: 0.70-0.80 (H, derived from bucket stocks)",
        ),
        Moment(
            "roll_60_89",
            "share of accounts 60-89 days past due that are 90+, in court or charged off "
            "a month later",
            0.87,
            0.75,
            0.95,
            "card trusts: 0.86-0.88 (H, derived)",
        ),
        Moment(
            "past_due_30_balance",
            "balance 30+ days past due and not yet at its charge-off day (worked, placed or in "
            "court) / all balances",
            0.035,
            0.02,
            0.05,
            "US large-bank cards 2.5-3.5% (Philadelphia Fed Y-14, H); a retail book prone "
            "to delinquency a little above",
        ),
        Moment(
            "charge_off_rate",
            "balances charged off in a year / receivables at day 0",
            0.04,
            0.03,
            0.06,
            "US cards 3-5% a year in 2015-19 (Philadelphia Fed, FRED, H)",
        ),
        Moment(
            "recession_charge_off_multiple",
            "recession / baseline charge-off, second half of the year (unemployment at 9%)",
            2.75,
            2.0,
            3.5,
            "US cards peaked at ~3x baseline in 2009-10 (FRED CORCCACBS, H)",
        ),
        Moment(
            "right_party_contact",
            "agent call attempts that reached the borrower",
            0.26,
            0.20,
            0.30,
            "industry average ~26% (L-M)",
        ),
        Moment(
            "promises_kept",
            "promises to pay kept / promises due",
            0.60,
            0.50,
            0.70,
            "field rule of thumb 50-70% (L)",
        ),
        Moment(
            "regulator_complaints_per_10k",
            "regulator complaints per 10,000 borrowers contacted, per year",
            15.0,
            5.0,
            50.0,
            "~15 to the CFPB per 10,000 contacted (CFPB 2017 + complaint counts, H; an "
            "order of magnitude)",
        ),
        Moment(
            "talk_effect_paid_45",
            "Laudenbach-Siegel design: effect of talking on paying within 45 days (Wald)",
            0.344,
            0.241,
            0.447,
            "Laudenbach & Siegel (J. Finance 2025): +34.4 points (H), +-30%",
        ),
        Moment(
            "talk_effect_default",
            "Laudenbach-Siegel design: effect of talking on default, 90+ days (Wald)",
            -0.238,
            -0.309,
            -0.167,
            "Laudenbach & Siegel (J. Finance 2025): -23.8 points (H), +-30%",
        ),
        Moment(
            "reminder_gain",
            "Cadena-Schoar design among borrowers behind before: relative gain in due dates "
            "paid on time from an SMS three days before",
            0.08,
            0.035,
            0.135,
            "Cadena & Schoar (NBER WP 17020): +7-9% (H, abstract), +-half",
        ),
    )
}


@dataclass
class _Observer:
    """A stage that records the book at each month's end: buckets, balances 30+ days."""

    moves: np.ndarray = field(default_factory=lambda: np.zeros((6, 6), dtype=np.int64))
    past_due_share: list[float] = field(default_factory=list)
    write_offs: list[int] = field(default_factory=list)
    _before: np.ndarray | None = None
    _generation: np.ndarray | None = None

    def stage(self) -> Stage:
        return Stage("observer", self, "month-end buckets for calibration", "calibration.py")

    def __call__(self, ctx: Context) -> None:
        if (ctx.day - ctx.start) % MONTH != MONTH - 1:
            return
        b, today = ctx.b, ctx.day + 1
        code = np.where((b.status == ACTIVE) | (b.status == CLOSED), 0, 5)
        worked = (b.status == ACTIVE) | (b.status == AGENCY)
        late = (b.delinquent_since > CURRENT) & worked
        dpd = today - b.delinquent_since
        code[late] = 1 + np.minimum(dpd[late] // MONTH, 3)
        if self._before is not None and self._generation is not None:
            after = np.where(b.generation != self._generation, 5, code)
            np.add.at(self.moves, (self._before, after), 1)
        self._before, self._generation = code, b.generation.copy()
        # on the book 30+ days past due, as a card trust counts it: worked, placed or in court,
        # but not beyond the product's charge-off day (US cards are sued after charge-off)
        behind = (b.delinquent_since > CURRENT) & (b.status != CLOSED)
        past_30 = behind & (dpd >= MONTH) & (dpd < b.write_off_days)
        self.past_due_share.append(float(b.balance[past_30].sum() / max(b.balance.sum(), 1)))
        self.write_offs.append(ctx.ledger.totals["write_off"])

    def roll(self, src: int) -> float:
        total = self.moves[src].sum()
        return float(self.moves[src, src + 1 :].sum() / total) if total else float("nan")


def _run(
    portfolio: Portfolio, scenario: str, strategy: Strategy | str, n: int, days: int, seed: int
):
    observer = _Observer()
    day = (*DAY, observer.stage())
    m = CollectionModel(portfolio, scenario, strategy, n, days, seed=seed, stages=day)
    m.run_model()
    return m, observer


def _book_moments(m: CollectionModel, obs: _Observer, days: int) -> dict[str, float]:
    t, c = m.ctx.tally, m.ctx.tally.counts
    calls = CHANNEL_INDEX["agent_call"]
    contacted = int(np.count_nonzero(m.b.last_contact.max(axis=0) >= m.ctx.start))
    years = days / 365
    return {
        "roll_1_29": obs.moves[1, 2] / max(obs.moves[1].sum(), 1),
        "roll_30_59": obs.moves[2, 3] / max(obs.moves[2].sum(), 1),
        "roll_60_89": obs.roll(3),
        "past_due_30_balance": float(np.mean(obs.past_due_share)),
        "charge_off_rate": m.ctx.ledger.totals["write_off"]
        / m.ctx.ledger.opening_receivables
        / years,
        "right_party_contact": t.reached_by_channel[calls] / max(t.contacts_by_channel[calls], 1),
        "promises_kept": c["promises_kept"] / max(c["promises_due"], 1),
        "regulator_complaints_per_10k": c["regulator_complaints"] * 1e4 / max(contacted, 1) / years,
    }


def _second_half_write_offs(obs: _Observer) -> float:
    w = obs.write_offs
    return float(w[-1] - w[len(w) // 2]) if len(w) > 2 else float("nan")


def _job(
    kind: str, p: Portfolio, strategy: Strategy | str, n: int, days: int, seed: int
) -> dict[str, float]:
    """One independent piece of :func:`measure` (so the pieces can run in parallel)."""
    if kind == "baseline":
        base, obs = _run(p, "baseline", strategy, n, days, seed)
        return {**_book_moments(base, obs, days), "_base_late": _second_half_write_offs(obs)}
    if kind == "recession":
        _, obs = _run(p, "recession", strategy, n, days, seed)
        return {"_rec_late": _second_half_write_offs(obs)}
    if kind == "call":
        call = call_trial(p, "baseline", strategy, borrowers=n, horizon_days=days, seed=seed)
        return {
            "talk_effect_paid_45": call["late_paid"],
            "talk_effect_default": call["late_default"],
        }
    trial = ReminderTrial(only_behind_before=True)
    r = reminder_trial(
        p, "baseline", strategy, borrowers=n, horizon_days=days, seed=seed, trial=trial
    )
    return {"reminder_gain": r["gain_relative"]}


def measure(
    portfolio: Portfolio | str = "mixed",
    strategy: Strategy | str = "standard",
    *,
    borrowers: int = 20_000,
    horizon_days: int = 365,
    seeds: Sequence[int] = (1,),
    trials: bool = True,
    trial_borrowers: int | None = None,
    workers: int = 1,
) -> dict[str, float]:
    """Every moment of :data:`MOMENTS`, averaged over ``seeds`` (common random numbers: the
    same seeds give the same numbers, so a fit compares parameters on the same books).

    The pieces (baseline, recession, the two trials, per seed) are independent and run in
    ``workers`` processes; the call trial enrols only borrowers falling behind for the first
    time, so it runs on a bigger book (``trial_borrowers``, by default ``TRIAL_SCALE`` times
    ``borrowers``) for a stable estimate.
    """
    if horizon_days < MIN_HORIZON_DAYS:
        raise ConfigError(None, "--horizon-days", f"at least {MIN_HORIZON_DAYS} days", horizon_days)
    p = portfolio if isinstance(portfolio, Portfolio) else load_portfolio(portfolio)
    kinds = ("baseline", "recession", "call", "reminder") if trials else ("baseline", "recession")
    trial = trial_borrowers or TRIAL_SCALE * borrowers
    sizes = {k: trial if k == "call" else borrowers for k in kinds}
    jobs = [(k, p, strategy, sizes[k], horizon_days, s) for s in seeds for k in kinds]
    if workers > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(workers) as pool:
            parts = list(pool.map(_job, *zip(*jobs, strict=True)))
    else:
        parts = [_job(*job) for job in jobs]
    per_seed = []
    for i in range(len(seeds)):
        row: dict[str, float] = {}
        for part in parts[i * len(kinds) : (i + 1) * len(kinds)]:
            row.update(part)
        late = row.pop("_rec_late") / max(row.pop("_base_late"), 1.0)
        row["recession_charge_off_multiple"] = late
        per_seed.append(row)
    return {k: float(np.nanmean([r.get(k, np.nan) for r in per_seed])) for k in per_seed[0]}


def field_moments(targets: Any) -> Any:
    """Moment function for a fit (``[run] moments =
    "collectsim.analysis.calibration:field_moments"``): :func:`measure` with the targets'
    strategy, book and horizon; the call trial on a book three times as large."""
    run = targets.file.run

    def moments(portfolio: Portfolio, seeds: Sequence[int]) -> dict[str, float]:
        return measure(
            portfolio,
            targets.strategy,
            borrowers=run.borrowers,
            horizon_days=run.horizon_days,
            seeds=seeds,
            trial_borrowers=TRIAL_SCALE * run.borrowers,
            workers=run.workers or 1,
        )

    return moments


@dataclass(frozen=True)
class Row:
    name: str
    value: float
    moment: Moment

    @property
    def within(self) -> bool:
        return self.moment.low <= self.value <= self.moment.high


def calibration_table(
    portfolio: Portfolio | str = "mixed",
    strategy: Strategy | str = "standard",
    *,
    borrowers: int = 20_000,
    horizon_days: int = 365,
    seeds: Sequence[int] = (1,),
    trials: bool = True,
) -> list[Row]:
    """Each moment measured, beside its target range."""
    values = measure(
        portfolio,
        strategy,
        borrowers=borrowers,
        horizon_days=horizon_days,
        seeds=seeds,
        trials=trials,
    )
    return [Row(name, values[name], MOMENTS[name]) for name in MOMENTS if name in values]


def format_table(rows: list[Row]) -> str:
    lines = [f"{'moment':<30} {'model':>8}  {'target':>7}  {'range':>15}  ok   source"]
    for r in rows:
        m = r.moment
        rng = f"{m.low:.3g}..{m.high:.3g}"
        mark = "yes" if r.within else "NO"
        lines.append(
            f"{r.name:<30} {r.value:>8.3f}  {m.target:>7.3g}  {rng:>15}  {mark:<4} {m.source}"
        )
    return "\n".join(lines)
