"""Randomised trials run inside the model, as the field experiments were run on real books.

Each trial is a stage inserted into the day (:func:`with_stage`): it enrols
accounts as they become eligible, assigns each to an arm by a draw of its
own stream (so enrolment changes no other draw), does to each arm what the
published design did, and records the outcomes the paper measured. The lender's
usual strategy goes on for everyone, as it did in the field.

- :class:`CallTrial`, Laudenbach & Siegel (J. Finance 2025): first-time
  delinquent borrowers; the bank's first call falls on a day that decides how
  likely it is to reach them (Saturday 96%, Monday 43%); the instrument gives
  the effect of *talking* on paying within 45 days and on default (90+ days).
- :class:`ReminderTrial`, Cadena & Schoar (NBER WP 17020, 2011): an SMS a
  few days before each due date to a random half of the book; outcome: due
  dates paid on time.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from collectsim.channels import TONE_NAMES
from collectsim.engine.contacts import Attempts, resolve_contacts
from collectsim.engine.context import Context
from collectsim.engine.loop import Stage
from collectsim.engine.state import (
    ACTIVE,
    AGENCY,
    CLOSED,
    CURRENT,
    LEGAL,
    MONTH,
    SOLD,
    WRITTEN_OFF,
)

_NEUTRAL = TONE_NAMES.index("neutral")


def with_stage(day: tuple[Stage, ...], stage: Stage, after: str) -> tuple[Stage, ...]:
    """The day with ``stage`` run right after the stage named ``after``."""
    names = [s.name for s in day]
    at = names.index(after) + 1
    return (*day[:at], stage, *day[at:])


def _call(ctx: Context, acc: np.ndarray, channel: str, reach: np.ndarray | None) -> np.ndarray:
    """One attempt per account on ``channel``, outside the strategy; who was reached."""
    before = ctx.b.reminded_day[acc].copy()
    tones = np.full(acc.size, _NEUTRAL, dtype=np.int8)
    none = np.zeros(acc.size, dtype=bool)
    seg = np.maximum(ctx.b.segment[acc], -1)
    resolve_contacts(ctx, Attempts(channel, acc, tones, none, seg, reach=reach))
    return (ctx.b.reminded_day[acc] == ctx.day) & (before != ctx.day)


@dataclass(eq=False)
class CallTrial:
    """Laudenbach & Siegel's design: the first call's reach decided by an arm."""

    reach: tuple[float, float] = (0.96, 0.43)
    """chance the first call reaches the borrower: arm 0 ('Saturday'), arm 1 ('Monday')"""
    enrol_days: int = 120
    """enrol borrowers who fall behind in the first days of the horizon"""
    call_after: int = 5
    """days after the missed due date that the file reaches the call centre"""
    paid_within: int = 45
    """the paper's 'paid on time': the delinquency resolved within this many days; also the
    window in which a talk counts as the treatment (the first call, or a later one)"""
    default_days: int = 90
    """the paper's default: this many days past due (or in court, charged off, sold)"""
    enrolled: list[np.ndarray] = field(default_factory=list)
    records: dict[str, list[np.ndarray]] = field(default_factory=dict)

    def stage(self) -> Stage:
        return Stage("call_trial", self, "Laudenbach & Siegel's call trial", "engine/trials.py")

    def __call__(self, ctx: Context) -> None:
        b, day = ctx.b, ctx.day
        if day - ctx.start < self.enrol_days + self.call_after:
            late = ctx.today.late
            new = late[(b.delinquent_since[late] == day - self.call_after)]
            new = new[(b.status[new] == ACTIVE) & (b.delinquencies[new] == 1)]
            new = new[b.delinquent_since[new] - ctx.start >= 0]
            if new.size:
                self._enrol(ctx, new)
        self._follow(ctx)

    def _enrol(self, ctx: Context, acc: np.ndarray) -> None:
        arm = ctx.streams.uniform("trial", ctx.day, acc) < 0.5
        arm = arm.astype(np.int8)  # 0 or 1, half each
        reach = np.where(arm == 0, self.reach[0], self.reach[1])
        talked = _call(ctx, acc, "agent_call", reach)
        since = ctx.b.delinquent_since[acc].astype(np.int64)
        for key, values in (
            ("account", acc),
            ("arm", arm),
            ("talked", talked),
            ("since", since),
            ("generation", ctx.b.generation[acc].copy()),
            ("reason", ctx.b.late_reason[acc].copy()),
        ):
            self.records.setdefault(key, []).append(values)
        self.records.setdefault("first_call", []).append(talked.copy())
        self.records.setdefault("paid", []).append(np.zeros(acc.size, dtype=bool))
        self.records.setdefault("default", []).append(np.zeros(acc.size, dtype=bool))

    def _follow(self, ctx: Context) -> None:
        """Mark who has resolved the delinquency in time, and who has defaulted."""
        if not self.records:
            return
        b, day = ctx.b, ctx.day
        for k, acc in enumerate(self.records["account"]):
            same = b.generation[acc] == self.records["generation"][k]
            since = self.records["since"][k]
            st = b.status[acc]
            cured = same & (b.delinquent_since[acc] == CURRENT) & ~b.settled[acc]
            cured &= (st == ACTIVE) | (st == CLOSED)
            in_time = day - since <= self.paid_within
            self.records["paid"][k] |= cured & in_time
            self.records["talked"][k] |= same & in_time & (b.last_talk[acc] == day)
            late = same & (b.delinquent_since[acc] == since) & (day - since >= self.default_days)
            gone = same & ((st == LEGAL) | (st == AGENCY) | (st == WRITTEN_OFF) | (st == SOLD))
            self.records["default"][k] |= (late | gone) & ~self.records["paid"][k]

    def results(self) -> dict[str, np.ndarray]:
        """Per enrolled account: arm, talked on the first call, paid in time, defaulted."""
        return {k: np.concatenate(v) for k, v in self.records.items()}


@dataclass(eq=False)
class ReminderTrial:
    """Cadena & Schoar's design: an SMS ``days_before`` each due date to half the book."""

    days_before: int = 3
    channel: str = "sms"
    only_behind_before: bool = False
    """count only borrowers who have fallen behind before (late payment common among them,
    as among Cadena & Schoar's microfinance clients)"""
    due: list[np.ndarray] = field(default_factory=list)
    on_time: list[np.ndarray] = field(default_factory=list)
    arms: list[np.ndarray] = field(default_factory=list)
    _current: np.ndarray | None = None

    def remind(self, ctx: Context) -> None:
        """Before the dues: send the reminders, note who is current on today's due date."""
        b, day = ctx.b, ctx.day
        soon = ctx.cycle_groups[(day + self.days_before) % MONTH]
        soon = soon[(b.status[soon] == ACTIVE) & (b.delinquent_since[soon] == CURRENT)]
        treated = soon[self.arm(ctx, soon) == 1]
        if treated.size:
            _call(ctx, treated, self.channel, None)
        cycle = ctx.cycle_groups[day % MONTH]
        ok = (b.status[cycle] == ACTIVE) & (b.delinquent_since[cycle] == CURRENT)
        ok &= b.balance[cycle] > 0
        if self.only_behind_before:
            ok &= b.delinquencies[cycle] > 0
        self._current = cycle[ok]

    def count(self, ctx: Context) -> None:
        """After the dues: who among those current paid today's due date on time."""
        acc = self._current
        if acc is None or acc.size == 0:
            return
        self.due.append(acc)
        self.on_time.append(ctx.b.delinquent_since[acc] == CURRENT)
        self.arms.append(self.arm(ctx, acc))

    @staticmethod
    def arm(ctx: Context, acc: np.ndarray) -> np.ndarray:
        """1: reminded, 0: not; fixed per account slot for the whole trial."""
        return (ctx.streams.uniform("trial", -1, acc, sub=1) < 0.5).astype(np.int8)

    def stages(self, day: tuple[Stage, ...]) -> tuple[Stage, ...]:
        remind = Stage("reminder_trial", self.remind, "SMS before due dates", "trials.py")
        count = Stage("reminder_count", self.count, "due dates paid on time", "trials.py")
        names = [s.name for s in day]
        at = names.index("dues")
        return (*day[:at], remind, day[at], count, *day[at + 1 :])

    def results(self) -> dict[str, np.ndarray]:
        return {
            "arm": np.concatenate(self.arms) if self.arms else np.empty(0, np.int8),
            "on_time": np.concatenate(self.on_time) if self.on_time else np.empty(0, bool),
        }
