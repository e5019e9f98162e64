"""Calibration check: the model's vital statistics against figures from the field.

Runs one model and measures what DOMAIN.md gives targets for: monthly roll
rates between delinquency buckets, right-party contact, promises kept,
annual charge-off, and the recession's charge-off against the baseline's.
It reports, it does not tune: a figure outside its range is shown as such.
Every statistic is measured over the second half of the run (two years by
default), after the artificial opening book has worked through.

    collectsim calibrate --borrowers 20000

>>> rows = calibration_table(borrowers=1500, horizon_days=120, seed=1)
>>> rows[0].name
'roll rate 30-59 -> 60-89 days (monthly)'
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from collectsim.channels import CHANNEL_INDEX
from collectsim.engine.state import ACTIVE, CLOSED, CURRENT, MONTH
from collectsim.errors import ConfigError
from collectsim.model import CollectionModel

#: two months after a burn-in of the same length: the least that gives monthly rolls
MIN_HORIZON_DAYS = 120


@dataclass(frozen=True)
class Target:
    name: str
    low: float
    high: float
    source: str


TARGETS: dict[str, Target] = {
    t.name: t
    for t in (
        Target(
            "roll rate 30-59 -> 60-89 days (monthly)",
            0.15,
            0.35,
            "Investopedia 'Roll Rate' (L-M): ~20%",
        ),
        Target(
            "roll rate 60-89 -> 90+ days (monthly)",
            0.20,
            0.50,
            "Investopedia 'Roll Rate' (L-M): ~30%",
        ),
        Target("right-party contact, agent calls", 0.20, 0.30, "industry average ~26% (L-M)"),
        Target("promises to pay kept", 0.50, 0.70, "field rule of thumb 50-70% (L)"),
        Target(
            "charge-off rate, annualised, 2nd half (baseline)",
            0.02,
            0.06,
            "US cards 3-4% in 2006-07 (FRED CORCCACBS, H); a delinquency-prone book",
        ),
        Target(
            "recession / baseline charge-off",
            2.0,
            3.5,
            "US cards peaked at ~3x baseline in 2009-10 (FRED, H)",
        ),
        Target(
            "regulator complaints per 10k borrowers contacted, per year",
            5.0,
            50.0,
            "~15 to the CFPB (CFPB 2017 + complaint counts, H; order of magnitude)",
        ),
    )
}


@dataclass(frozen=True)
class Row:
    name: str
    value: float
    target: Target

    @property
    def within(self) -> bool:
        return self.target.low <= self.value <= self.target.high


def _bucket(m: CollectionModel) -> np.ndarray:
    """0 current or closed, 1..4 by 30-day bucket for active late accounts, 5 charged off,
    sold, in court or with an agency (where a roll goes when it goes on)."""
    b = m.b
    code = np.where((b.status == ACTIVE) | (b.status == CLOSED), 0, 5)
    late = (b.delinquent_since > CURRENT) & (b.status == ACTIVE)
    dpd = m.day - b.delinquent_since
    code[late] = 1 + np.minimum(dpd[late] // MONTH, 3)
    return code


@dataclass
class Window:
    """What a run did after its burn-in (the second half): the opening book is artificial."""

    model: CollectionModel
    moves: np.ndarray
    """(from bucket, to bucket) counts of month-on-month transitions"""
    counters: dict[str, int]
    calls: int
    calls_reached: int
    written_off: int
    receivables: int
    contacted: int
    years: float


def _run(strategy: str, scenario: str, borrowers: int, horizon_days: int, seed: int) -> Window:
    """Run a model; measure everything over the days after the burn-in."""
    m = CollectionModel(
        strategy=strategy,
        scenario=scenario,
        borrowers=borrowers,
        horizon_days=horizon_days,
        seed=seed,
    )
    b = m.b
    burn_in = horizon_days // 2
    calls = CHANNEL_INDEX["agent_call"]
    moves = np.zeros((6, 6), dtype=np.int64)
    before = _bucket(m)
    start: dict[str, int] = {}
    while m.running:
        m.step()
        if m.day == burn_in:
            start = {
                **m.ctx.tally.counts,
                "calls": int(m.ctx.tally.contacts_by_channel[calls]),
                "calls_reached": int(m.ctx.tally.reached_by_channel[calls]),
                "written_off": m.ctx.ledger.totals["write_off"],
                "receivables": int(b.balance.sum()),
            }
        if m.day % MONTH == 0:
            after = _bucket(m)
            if m.day > burn_in:
                np.add.at(moves, (before, after), 1)
            before = after
    contacted = int(np.count_nonzero(b.last_contact.max(axis=0) >= burn_in))
    return Window(
        model=m,
        moves=moves,
        counters={k: v - start[k] for k, v in m.ctx.tally.counts.items()},
        calls=int(m.ctx.tally.contacts_by_channel[calls]) - start["calls"],
        calls_reached=int(m.ctx.tally.reached_by_channel[calls]) - start["calls_reached"],
        written_off=m.ctx.ledger.totals["write_off"] - start["written_off"],
        receivables=start["receivables"],
        contacted=contacted,
        years=(horizon_days - burn_in) / 365,
    )


def _ratio(a: float, b: float) -> float:
    return a / b if b else float("nan")


def calibration_table(
    strategy: str = "standard", borrowers: int = 20_000, horizon_days: int = 730, seed: int = 1
) -> list[Row]:
    """Measure every target over the second half of a baseline and a recession run."""
    if horizon_days < MIN_HORIZON_DAYS:
        raise ConfigError(None, "--horizon-days", f"at least {MIN_HORIZON_DAYS} days", horizon_days)
    base = _run(strategy, "baseline", borrowers, horizon_days, seed)
    rec = _run(strategy, "recession", borrowers, horizon_days, seed)

    def share(src: int, dst: int) -> float:
        return _ratio(float(base.moves[src, dst]), float(base.moves[src].sum()))

    def charge_off(w: Window) -> float:
        return _ratio(w.written_off, w.receivables) / w.years

    c = base.counters
    values = [
        share(2, 3),
        share(3, 4) + share(3, 5),
        _ratio(base.calls_reached, base.calls),
        _ratio(c["promises_kept"], c["promises_due"]),
        charge_off(base),
        _ratio(charge_off(rec), charge_off(base)),
        _ratio(c["regulator_complaints"] * 10_000, base.contacted) / base.years,
    ]
    return [Row(name, v, TARGETS[name]) for name, v in zip(TARGETS, values, strict=True)]


def format_table(rows: list[Row]) -> str:
    lines = [f"{'statistic':<58} {'model':>7}  {'target':>11}  ok   source"]
    for r in rows:
        target = f"{r.target.low:.2f}-{r.target.high:.2f}"
        mark = "yes" if r.within else "NO"
        lines.append(f"{r.name:<58} {r.value:>7.3f}  {target:>11}  {mark:<4} {r.target.source}")
    return "\n".join(lines)
