"""Who makes each call and visit, what that changes, and what the collectors are paid.

Each agent call or field visit is given a collector by a counter-based draw
(stream ``collector``): collector *c* takes a share of the day's attempts in
proportion to the calls they can make (visits: equally among those who
visit), so two strategies with the same teams give an account the same
collector on the same day. The same draw places the attempt in the
collector's day: an attempt a fraction *t* into it comes after
*t x expected load* calls, and beyond ``fresh_calls_per_day`` the collector
tires: promises and plans fall by ``exp(-fatigue_per_call x calls beyond)``.
Each collector's multipliers (:mod:`collectsim.engine.collectors`) then move
reach, promises, plans, stress, trust and complaints, and a conversation
under pressure for recovery may break a rule of conduct (stream
``misconduct``), a violation the regulator counts. The total capacity is the
strategy's (``ration``); a collector's own share is met on average, not
exactly.

Money: fixed pay and training are paid each day, commission and scorecard
bonuses as payments come in on accounts the collector last talked with
(within ``workforce.commission_window_days``), all through the ledger.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from collectsim.engine.collectors import EFFECTS, TALLIES, Crew
from collectsim.engine.state import MONTH

if TYPE_CHECKING:
    from collectsim.engine.context import Context

#: channels collectors work (the rest are machines, letters or lawyers)
WORKED = ("agent_call", "field_visit")


@dataclass(eq=False)
class CrewAttempts:
    """The collector of each attempt and, unless every collector is the reference, what
    they change (multipliers per attempt; trust: a shift in steps)."""

    who: np.ndarray
    effect: dict[str, np.ndarray] | None = None
    broke: np.ndarray | None = None
    """the attempts whose collector broke a rule of conduct (None: none)"""


def assign(ctx: Context, channel: str, k: int, acc: np.ndarray) -> CrewAttempts | None:
    """Give each attempt of a collector's channel its collector (None: no collector's)."""
    crew = ctx.lender.crew
    if channel not in WORKED or crew.size == 0:
        return None
    weights = np.where(crew.does[channel], crew.calls if channel == "agent_call" else 1.0, 0.0)
    total = float(weights.sum())
    if total <= 0:
        return None
    cum = np.cumsum(weights)
    x = ctx.streams.uniform("collector", ctx.day, acc, sub=k) * total
    who = np.minimum(np.searchsorted(cum, x, side="right"), crew.size - 1)
    crew.count("contacts", who)
    if crew.neutral:
        return CrewAttempts(who)
    effect = {name: crew.effect[name][who] for name in EFFECTS}
    if channel == "agent_call":
        share = weights[who]
        into_day = (x - (cum[who] - share)) / share  # 0..1: how far into the collector's day
        load = acc.size * share / total / max(ctx.lender.scale, 1e-12)  # a real collector's
        fx = ctx.lender.strategy.workforce.effects
        beyond = np.maximum(into_day * load - fx.fresh_calls_per_day, 0.0)
        tired = np.exp(-fx.fatigue_per_call * beyond)
        effect["promise"] = effect["promise"] * tired
        effect["plan"] = effect["plan"] * tired
    return CrewAttempts(who, effect)


def conversations(
    ctx: Context, crew_att: CrewAttempts, acc: np.ndarray, reached: np.ndarray, k: int
) -> np.ndarray | None:
    """Record who talked with whom; draw conduct violations (a mask over the attempts,
    None if none can happen)."""
    crew = ctx.lender.crew
    who = crew_att.who[reached]
    crew.count("reached", who)
    if crew.last is None:
        crew.last = np.full(ctx.b.n, -1, dtype=np.int32)
    hit = acc[reached]
    crew.last[hit] = who
    if crew_att.effect is None:
        return None
    p = crew_att.effect["misconduct"][reached]
    if not p.any():
        return None
    broke = ctx.streams.uniform("misconduct", ctx.day, hit, sub=k) < p
    n = int(np.count_nonzero(broke))
    ctx.tally.counts["violations"] += n
    ctx.tally.counts["misconduct"] += n
    out = np.zeros(acc.size, dtype=bool)
    out[np.flatnonzero(reached)[broke]] = True
    crew_att.broke = out
    return out


def after_complaints(
    ctx: Context, crew_att: CrewAttempts, complains: np.ndarray, violation: np.ndarray
) -> None:
    """Tally each collector's complaints and violations (a scorecard's bonus reads them);
    misconduct no complaint reveals stays hidden from the regulator."""
    crew = ctx.lender.crew
    if crew_att.broke is not None:
        ctx.tally.counts["hidden_violations"] += int(np.count_nonzero(crew_att.broke & ~complains))
    bad_c, bad_v = crew_att.who[complains], crew_att.who[violation]
    crew.count("complaints", bad_c)
    crew.count("violations", bad_v)
    for who in (bad_c, bad_v):
        if who.size:
            crew.month += np.bincount(who, minlength=crew.size)


def credit_collectors(ctx: Context, idx: np.ndarray, amount: np.ndarray) -> None:
    """Payments on past-due accounts: credited to the collector who last talked with the
    borrower within the window, and their commission or scorecard bonus paid."""
    crew = ctx.lender.crew
    if crew.last is None or idx.size == 0:
        return
    window = ctx.lender.strategy.workforce.commission_window_days
    who = crew.last[idx]
    who = np.where(ctx.day - ctx.b.last_talk[idx] <= window, who, -1)
    if not (who >= 0).any():
        return
    crew.count("collected", who, amount.astype(np.float64))
    if not crew.commission_rate.any():
        return
    mine = who >= 0
    who, amount = who[mine], amount[mine]
    rate = crew.commission_rate[who] * _bonus_share(ctx, crew)[who]
    paid = np.rint(amount * rate).astype(np.int64)
    ctx.ledger.post("commission", paid)
    crew.count("pay", who, paid.astype(np.float64))


def _bonus_share(ctx: Context, crew: Crew) -> np.ndarray:
    """Share of the commission rate paid: 1, or a scorecard's, less for this month's
    complaints and violations."""
    penalty = ctx.lender.strategy.workforce.effects.scorecard_penalty
    cut = np.maximum(0.0, 1.0 - penalty * crew.month)
    return np.where(crew.scorecard, cut, 1.0)


def pay_day(ctx: Context) -> None:
    """The day's fixed pay and training, through the ledger; a scorecard's month restarts."""
    crew = ctx.lender.crew
    if ctx.day % MONTH == 0:
        crew.month[:] = 0
        ctx.tally.counts["violations"] += crew.unlawful
    if crew.size == 0:
        return
    if crew.wage_day.any():
        ctx.ledger.post("wages", crew.wage_day)
        crew.tally[TALLIES.index("pay")] += crew.wage_day
    if crew.training_day.any():
        ctx.ledger.post("training", crew.training_day)
        crew.tally[TALLIES.index("training")] += crew.training_day


def multiplier(
    crew_att: CrewAttempts | None, name: str, mask: np.ndarray | None = None
) -> np.ndarray | None:
    """The collectors' multiplier ``name`` per attempt (of those in ``mask``); None when no
    collector changes anything."""
    if crew_att is None or crew_att.effect is None:
        return None
    mult = crew_att.effect[name]
    return mult if mask is None else mult[mask]


def scaled(
    value: np.ndarray, crew_att: CrewAttempts | None, name: str, mask: np.ndarray | None = None
) -> np.ndarray:
    """``value`` x the collectors' multiplier ``name``; ``value`` itself when none applies."""
    mult = multiplier(crew_att, name, mask)
    return value if mult is None else value * mult
