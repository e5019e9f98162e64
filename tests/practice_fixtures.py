"""Helpers for the practices' tests: strategies changed in a line, paired runs, and a stage
that follows accounts through their spell behind.

Paired: every arm of a comparison runs on the same seeds (common random numbers: the same
borrowers, the same shocks), so a difference is the lever's effect, not noise. No helper
holds a model output: tests compare arms.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from collectsim.config import load_strategy
from collectsim.config.strategy import Strategy
from collectsim.engine.context import Context
from collectsim.engine.loop import DAY, Stage
from collectsim.engine.state import ACTIVE, CLOSED, CURRENT, LEGAL, SOLD, WRITTEN_OFF
from collectsim.engine.trials import with_stage
from collectsim.model import CollectionModel


def variant(base: str, name: str, first: Iterable[dict] = (), **top: Any) -> Strategy:
    """``base`` renamed, with segments ``first`` put before its own and top-level tables
    replaced (``self_service={"enabled": True}``)."""
    data = load_strategy(base).model_dump(mode="json")
    data["name"] = name
    data["segments"] = [*first, *data["segments"]]
    data.update(top)
    return Strategy.model_validate(data)


def edited(base: str, name: str, edit: Callable[[dict], None]) -> Strategy:
    """``base`` renamed and changed in place by ``edit`` (on its plain data)."""
    data = load_strategy(base).model_dump(mode="json")
    data["name"] = name
    edit(data)
    return Strategy.model_validate(data)


def run(strategy: Strategy | str, seed: int, stages: tuple[Stage, ...] = DAY, **kw: Any):
    """A finished model (defaults: the mixed book, the baseline, 3,000 borrowers, 240 days)."""
    kw = {"borrowers": 3000, "horizon_days": 240, **kw}
    m = CollectionModel(strategy=strategy, seed=seed, stages=stages, **kw)
    m.run_model()
    return m


def paired(
    arms: dict[str, Strategy | str], names: Iterable[str], seeds: Iterable[int], **kw: Any
) -> dict[str, dict[str, np.ndarray]]:
    """arm -> metric -> one value per seed, every arm on the same seeds."""
    names, seeds = list(names), list(seeds)
    out: dict[str, dict[str, list[float]]] = {a: {n: [] for n in names} for a in arms}
    for seed in seeds:
        for arm, strategy in arms.items():
            metrics = run(strategy, seed, **kw).metrics()
            for n in names:
                out[arm][n].append(float(metrics[n]))
    return {a: {n: np.array(v) for n, v in d.items()} for a, d in out.items()}


@dataclass(eq=False)
class Follow:
    """Follows the accounts behind at day 0 and those falling behind in the first
    ``enrol_days`` through that spell: cured or charged off first, the day past due each was
    sued on and what the lender had learned by then, whether they value their record."""

    enrol_days: int = 90
    account: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))
    generation: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))
    values_record: np.ndarray = field(default_factory=lambda: np.empty(0, bool))
    cured: np.ndarray = field(default_factory=lambda: np.empty(0, bool))
    lost: np.ndarray = field(default_factory=lambda: np.empty(0, bool))
    sued_at: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))
    learned: np.ndarray = field(default_factory=lambda: np.empty(0, np.int8))

    def stage(self) -> tuple[Stage, ...]:
        return with_stage(DAY, Stage("follow", self, "test tracker", "tests"), after="outcomes")

    def __call__(self, ctx: Context) -> None:
        b, day = ctx.b, ctx.day
        if day - ctx.start <= self.enrol_days:
            late = ctx.late[b.delinquent_since[ctx.late] > CURRENT]
            new = np.setdiff1d(late[b.status[late] == ACTIVE], self.account)
            if new.size:
                self._enrol(ctx, new)
        acc = self.account
        if acc.size == 0:
            return
        same = b.generation[acc] == self.generation
        st = b.status[acc]
        cured = same & (b.delinquent_since[acc] == CURRENT) & ~b.settled[acc]
        cured &= (st == ACTIVE) | (st == CLOSED)
        cured |= ~same  # paid off and handed on (a charged-off slot is seen before it is)
        self.cured |= cured & ~self.lost
        self.lost |= same & ((st == WRITTEN_OFF) | (st == SOLD)) & ~self.cured
        sued = same & (st == LEGAL) & (self.sued_at < 0)
        self.sued_at[sued] = day - b.delinquent_since[acc[sued]]
        self.learned[sued] = b.known_reason[acc[sued]]

    def _enrol(self, ctx: Context, new: np.ndarray) -> None:
        from collectsim.engine.reporting import values_record

        self.account = np.concatenate([self.account, new])
        self.generation = np.concatenate([self.generation, ctx.b.generation[new]])
        self.values_record = np.concatenate([self.values_record, values_record(ctx, new)])
        for name, fill in (("cured", False), ("lost", False), ("sued_at", -1), ("learned", 0)):
            old = getattr(self, name)
            setattr(self, name, np.concatenate([old, np.full(new.size, fill, old.dtype)]))
