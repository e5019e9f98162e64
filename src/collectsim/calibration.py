"""Calibration check: the model's vital statistics against figures from the field.

Runs one model and measures what DOMAIN.md gives targets for: monthly roll
rates between delinquency buckets, right-party contact, promises kept,
annual charge-off, and the recession's charge-off against the baseline's.
It reports, it does not tune: a figure outside its range is shown as such.
Charge-off is measured over the second half of the run (two years by
default), after the artificial opening book has worked through.

    collectsim calibrate --borrowers 20000

>>> rows = calibration_table(borrowers=1500, horizon_days=120, seed=1)
>>> rows[0].name
'roll rate 30-59 -> 60-89 days (monthly)'
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass

import numpy as np

from collectsim.channels import CHANNEL_INDEX
from collectsim.engine.state import ACTIVE, CLOSED, CURRENT, NEVER
from collectsim.model import CollectionModel

MONTH = 30


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


def _run(strategy: str, scenario: str, borrowers: int, horizon_days: int, seed: int):
    """Run a model, collecting bucket transitions month by month."""
    m = CollectionModel(
        strategy=strategy,
        scenario=scenario,
        borrowers=borrowers,
        horizon_days=horizon_days,
        seed=seed,
    )
    moves = np.zeros((6, 6), dtype=np.int64)
    calls = CHANNEL_INDEX["agent_call"]
    before = _bucket(m)
    burn_in = horizon_days // 2
    while m.running:
        m.step()
        if m.day == burn_in:
            m.burn_in_state = (m.ledger.totals["write_off"], int(m.b.balance.sum()))
        if m.day % MONTH == 0:
            after = _bucket(m)
            np.add.at(moves, (before, after), 1)
            before = after
    call_attempts = int(m.contacts_by_channel[calls])
    call_reached = int(m.reached_by_channel[calls])
    return m, moves, call_attempts, call_reached


def regulator_complaints_per_10k_contacted(m: CollectionModel) -> float:
    """Regulator complaints per 10,000 borrowers the lender attempted to contact."""
    contacted = int(np.count_nonzero((m.b.last_contact > NEVER).any(axis=0)))
    return m.counters["regulator_complaints"] * 10_000 / contacted if contacted else float("nan")


def calibration_table(
    strategy: str = "standard", borrowers: int = 20_000, horizon_days: int = 730, seed: int = 1
) -> list[Row]:
    base, moves, attempts, reached = _run(strategy, "baseline", borrowers, horizon_days, seed)
    rec, *_ = _run(strategy, "recession", borrowers, horizon_days, seed)
    years = horizon_days / 365

    def share(src: int, dst: int) -> float:
        total = moves[src].sum()
        return float(moves[src, dst] / total) if total else float("nan")

    def charge_off(m: CollectionModel) -> float:
        """Annualised, over the run's second half: the opening book is artificial."""
        written, receivables = m.burn_in_state
        span = (horizon_days - horizon_days // 2) / 365
        return (m.ledger.totals["write_off"] - written) / receivables / span

    c = base.counters
    values = [
        share(2, 3),
        share(3, 4) + share(3, 5),
        reached / attempts if attempts else float("nan"),
        c["promises_kept"] / c["promises_due"] if c["promises_due"] else float("nan"),
        charge_off(base),
        charge_off(rec) / charge_off(base) if charge_off(base) else float("nan"),
        regulator_complaints_per_10k_contacted(base) / years,
    ]
    return [Row(name, v, TARGETS[name]) for name, v in zip(TARGETS, values, strict=True)]


def format_table(rows: list[Row]) -> str:
    lines = [f"{'statistic':<58} {'model':>7}  {'target':>11}  ok   source"]
    for r in rows:
        target = f"{r.target.low:.2f}-{r.target.high:.2f}"
        mark = "yes" if r.within else "NO"
        lines.append(f"{r.name:<58} {r.value:>7.3f}  {target:>11}  {mark:<4} {r.target.source}")
    return "\n".join(lines)


def cli_calibrate(args: argparse.Namespace) -> int:
    rows = calibration_table(args.strategy, args.borrowers, args.horizon_days, args.seed)
    print(format_table(rows))
    return 0
