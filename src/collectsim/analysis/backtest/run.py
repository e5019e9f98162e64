"""The two sides of a back-test: what the lender's history shows, what the model predicts.

:func:`actual` reads the measures off the start tape and the history (the
same accounts the runs take: the tape's first ``borrowers`` in hash order);
:func:`simulate` runs the tape from day 0 under the lender's strategy, one
run per replication seed (the runner's seeds, so replication ``r`` is the
same in a comparison and in a fit), and returns each run's measures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from collectsim.analysis.backtest.measures import Value, measures
from collectsim.analysis.backtest.snapshots import CODE, UNKNOWN, Snapshots, state_codes
from collectsim.config import Portfolio, Scenario, Strategy
from collectsim.config.backtest import Backtest
from collectsim.config.tape import load_tape
from collectsim.config.tape_read import epoch_day
from collectsim.engine.loop import DAY
from collectsim.model import CollectionModel
from collectsim.runner.seeds import run_seed


@dataclass(frozen=True)
class Coverage:
    """How much of the start tape the history shows."""

    accounts: int
    """accounts of the start tape compared"""
    missing: dict[int, int]
    """per day: accounts of the start tape the history does not show"""
    unknown_accounts: int
    """rows of the history for accounts not on the start tape (left out)"""


def _start_state(bt: Backtest) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    tape = load_tape(bt.portfolio)
    n = bt.borrowers
    return tape.id_hash[:n], state_codes(tape.status[:n], tape.days_past_due[:n]), tape.balance[:n]


def actual(bt: Backtest) -> tuple[dict[str, Value], Coverage]:
    """The measures of what happened, and how much of the tape the history covers."""
    ids, code0, balance0 = _start_state(bt)
    h = bt.history
    day_of = _history_days(bt)
    pos = np.searchsorted(ids, h.id_hash)
    pos = np.minimum(pos, ids.size - 1)
    known = ids[pos] == h.id_hash
    codes, balances, missing = {0: code0}, {0: balance0}, {}
    closed = bt.file.absent == "closed"
    for d in bt.days:
        code = np.full(ids.size, CODE["closed"] if closed else UNKNOWN, dtype=np.int8)
        bal = np.full(ids.size, 0 if closed else -1, dtype=np.int64)
        rows = known & (day_of == d)
        code[pos[rows]] = state_codes(h.status[rows], h.days_past_due[rows])
        bal[pos[rows]] = h.balance[rows]
        codes[d], balances[d] = code, bal
        missing[d] = int(ids.size - np.count_nonzero(rows))
    unknown = int(np.unique(h.id_hash[~known]).size)
    return measures(codes, balances), Coverage(int(ids.size), missing, unknown)


def _history_days(bt: Backtest) -> np.ndarray:
    """Each history row's day after the start."""
    h = bt.history
    as_of = bt.portfolio.tape.settings.as_of
    assert as_of is not None  # checked when the back-test was loaded
    if h.date is None:
        return np.full(h.rows, bt.days[-1], dtype=np.int64)
    return h.date.astype(np.int64) - epoch_day(as_of)


def run_once(
    portfolio: Portfolio,
    scenario: Scenario,
    strategy: Strategy,
    borrowers: int,
    days: Sequence[int],
    seed: int,
) -> dict[str, float]:
    """One run from the tape: each measure's value."""
    snaps = Snapshots(tuple(days))
    model = CollectionModel(
        portfolio, scenario, strategy, borrowers, max(days), seed=seed, stages=(*DAY, snaps.stage())
    )
    snaps.opening(model.ctx)
    try:
        model.run_model()
    finally:
        model.release()
    return {k: v.value for k, v in measures(snaps.codes, snaps.balances).items()}


def seeds(bt: Backtest, count: int | None = None) -> tuple[int, ...]:
    """The replication seeds (as the runner derives them from the back-test's seed)."""
    return tuple(run_seed(bt.file.seed, r) for r in range(count or bt.file.replications))


def simulate(
    bt: Backtest,
    run_seeds: Sequence[int],
    *,
    portfolio: Portfolio | None = None,
    workers: int = 1,
) -> list[dict[str, float]]:
    """Each replication's measures (``portfolio``: another one, e.g. fitted, on the tape)."""
    p = portfolio or bt.portfolio
    jobs = [(p, bt.scenario, bt.strategy, bt.borrowers, bt.days, s) for s in run_seeds]
    if workers > 1 and len(jobs) > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(min(workers, len(jobs))) as pool:
            return list(pool.map(run_once, *zip(*jobs, strict=True)))
    return [run_once(*job) for job in jobs]
