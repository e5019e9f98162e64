"""Dues and the pay decision: ability (cash) and willingness (attitudes).

On its cycle day an account accrues interest and a new instalment falls due.
The borrower pays what is owed if *able* (cash beyond a living reserve),
*willing* (a logistic function of willingness, trust, resistance, stress,
peers' defaults, the lender's reputation, the commitment a conversation with
the lender left and the salience recent contacts created) and *attentive*
(an inattentive borrower overlooks a due date unless a contact reached them
shortly before it; Cadena & Schoar 2011). A borrower who is able but short
pays part. Why a due date was missed (overlooked, short of money, unwilling)
is recorded: the lender does not see it, but it shapes what happens next.

Between due dates a past-due borrower may still pay: a daily intensity, in
the spirit of Chehrazi, Glynn & Weber (2019), that contacts excite (salience,
decaying at ``salience_decay`` a day) and that a payment itself excites.
Promises to pay fall due ``promise_days`` after they are made and are kept or
broken here. Money moves through :mod:`collectsim.engine.payments`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from collectsim.engine.outcomes import tally_dues
from collectsim.engine.payments import able_to_pay, apply_payment, charge_fee
from collectsim.engine.population import scheduled_instalment
from collectsim.engine.reputation import trust_offset
from collectsim.engine.state import (
    ACTIVE,
    AGENCY,
    CURRENT,
    LEGAL,
    MONTH,
    OVERLOOKED,
    SHORT,
    UNWILLING,
)

if TYPE_CHECKING:
    from collectsim.engine.context import Context


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def ease_to_baseline(level: np.ndarray, baseline: np.ndarray, idx: np.ndarray, rate: float) -> None:
    """A day's easing of ``level`` (stress, resistance) back towards the borrower's own
    ``baseline``, at ``rate`` a day: a push fades, a temperament stays."""
    base = baseline[idx]
    level[idx] = base + (level[idx] - base) * np.float32(1.0 - rate)


def pay_logit(ctx: Context, idx: np.ndarray) -> np.ndarray:
    """Log-odds that each borrower in ``idx`` is willing to pay now."""
    b, beh, social = ctx.b, ctx.behaviour, ctx.social
    community = b.community[idx]
    return (
        beh.pay_logit_base
        + beh.pay_logit_willingness * (b.willingness[idx] - 0.5)
        + beh.pay_logit_trust * (b.trust[idx] - 0.5 - trust_offset(ctx, community))
        - beh.pay_logit_resistance * b.resistance[idx]
        - beh.pay_logit_stress * b.stress[idx]
        - beh.pay_logit_peer_default * social.peer_default_share[community]
        + beh.pay_logit_reputation * (social.reputation - social.initial_reputation)
        + beh.pay_logit_salience * b.salience[idx]
        + b.commitment[idx]
        + b.record_stake[idx]  # a warned credit record at stake (engine/reporting.py)
    )


def due_dates(ctx: Context) -> None:
    """Interest, a new instalment and the pay decision for accounts whose cycle day it is."""
    b, day = ctx.b, ctx.day
    idx = ctx.today.cycle
    st = b.status[idx]
    idx = idx[((st == ACTIVE) | (st == AGENCY)) & (b.balance[idx] > 0)]
    # non-accrual: no interest once an account is this far past due
    dpd = np.where(b.delinquent_since[idx] > CURRENT, day - b.delinquent_since[idx], 0)
    rate = np.where(dpd < ctx.portfolio.non_accrual_days, b.rate[idx].astype(np.float64), 0.0)
    interest = np.rint(b.balance[idx] * (rate / 12.0)).astype(np.int64)
    # a payment holiday (mandated or offered) waives the month's interest: recorded as
    # interest accrued and waived, so that what holidays cost the lender is on the books
    resting = ctx.economy.forbearance[day] | (b.holiday_until[idx] >= day)
    ctx.ledger.post("interest", interest)
    ctx.ledger.post("interest_waived", interest[resting])
    b.balance[idx] += np.where(resting, 0, interest)
    if ctx.economy.forbearance[day]:
        return  # mandated payment holiday: nothing falls due
    idx = idx[~resting]
    if idx.size == 0:
        return
    was_current = b.delinquent_since[idx] == CURRENT
    _fall_due(ctx, idx)
    _decide(ctx, idx[was_current])
    _catch_up(ctx, idx[~was_current])
    behind = idx[b.arrears[idx] > 0]
    _missed(ctx, behind)
    tally_dues(ctx, idx, was_current)  # roll from current, first-payment default


def _decide(ctx: Context, idx: np.ndarray) -> None:
    """A current borrower pays the instalment if able, willing and attentive; a miss is
    recorded with its reason."""
    b, day = ctx.b, ctx.day
    able = able_to_pay(ctx, idx)
    owed = b.arrears[idx]
    willing = ctx.streams.uniform("pay", day, idx) < sigmoid(pay_logit(ctx, idx))
    reminded = day - b.reminded_day[idx] <= ctx.behaviour.reminder_memory_days
    overlooked = ~reminded & (ctx.streams.uniform("overlook", day, idx) < b.inattention[idx])
    pay = np.where(willing & ~overlooked, np.minimum(owed, able), 0)
    apply_payment(ctx, idx, pay)
    reason = np.where(able < owed, SHORT, np.where(willing, OVERLOOKED, UNWILLING))
    b.late_reason[idx] = np.where(b.arrears[idx] > 0, reason, 0).astype(np.int8)


def behind_logit(ctx: Context, idx: np.ndarray) -> np.ndarray:
    """Log-odds of paying up that a borrower behind has lost: ``pay_logit_behind``, and
    ``pay_logit_per_month_behind`` for each month behind after the first (collectability
    falls with age: a borrower long behind has settled into not paying)."""
    beh, b = ctx.behaviour, ctx.b
    since = b.delinquent_since[idx].astype(np.int64)
    months = np.where(since > CURRENT, (ctx.day - since) // MONTH, 0)
    return beh.pay_logit_behind + beh.pay_logit_per_month_behind * months


def _catch_up(ctx: Context, idx: np.ndarray) -> None:
    """Payday for a borrower already behind: paying up is less likely than paying on time
    (:func:`behind_logit`: once behind, many avoid the lender, the more the longer), more so
    after a talk with it (commitment is part of the log-odds)."""
    if idx.size == 0:
        return
    b, day = ctx.b, ctx.day
    logit = pay_logit(ctx, idx) + behind_logit(ctx, idx)
    willing = ctx.streams.uniform("pay", day, idx) < sigmoid(logit)
    pay = np.where(willing, np.minimum(b.arrears[idx], able_to_pay(ctx, idx)), 0)
    apply_payment(ctx, idx, pay)


def _fall_due(ctx: Context, idx: np.ndarray) -> None:
    """This month's instalment (a plan's, or the contract's) joins the arrears."""
    b, day = ctx.b, ctx.day
    ended = idx[(b.plan_until[idx] >= 0) & (b.plan_until[idx] < day)]
    b.plan_until[ended] = -1
    on_plan = b.plan_until[idx] >= 0
    normal = idx[~on_plan]
    b.instalment[normal] = scheduled_instalment(b, normal)
    new_due = np.minimum(b.instalment[idx], b.balance[idx] - b.arrears[idx])
    b.arrears[idx] += new_due
    amort = idx[b.term_left[idx] > 0]
    b.term_left[amort] -= 1


def _missed(ctx: Context, missed: np.ndarray) -> None:
    """A due date missed: a fee, the delinquency clock starts, a plan is broken."""
    if missed.size == 0:
        return
    b, day = ctx.b, ctx.day
    charge_fee(ctx, missed)
    newly = missed[b.delinquent_since[missed] == CURRENT]
    b.delinquent_since[newly] = day
    b.delinquencies[newly] += 1
    first = newly[~b.ever_delinquent[newly]]
    b.ever_delinquent[first] = True
    broke_plan = missed[b.plan_until[missed] >= 0]
    b.broken_plans[broke_plan] += 1
    b.plan_until[broke_plan] = -1
    b.escalated[broke_plan] = True
    ctx.events.record(day, missed, "missed_payment", b.arrears[missed])


def freeze_days_past_due(ctx: Context, late: np.ndarray) -> None:
    """A mandated payment holiday stops the delinquency clock of accounts the lender works."""
    b = ctx.b
    st = b.status[late]
    held = late[(st == ACTIVE) | (st == AGENCY)]
    b.delinquent_since[held] += 1


def promises_due(ctx: Context, idx: np.ndarray) -> np.ndarray:
    """Promises to pay falling due today are kept or broken; returns ``idx`` still in arrears."""
    b, beh, day = ctx.b, ctx.behaviour, ctx.day
    due = idx[b.promise_due[idx] == day]
    if due.size == 0:
        return idx
    able = able_to_pay(ctx, due)
    amount = np.minimum(b.promise_amount[due], b.arrears[due])
    keep_p = beh.promise_keep_base * (beh.promise_keep_willingness_offset + b.willingness[due])
    kept = (able >= amount) & (ctx.streams.uniform("promise_keep", day, due) < keep_p)
    counts = ctx.tally.counts
    counts["promises_due"] += int(due.size)
    counts["promises_kept"] += int(np.count_nonzero(kept))
    b.promise_due[due] = -1
    broken = due[~kept]
    b.broken_promises[broken] += 1
    b.trust[broken] = np.maximum(0.0, b.trust[broken] - beh.trust_loss_broken_promise)
    esc = broken[ctx.lender.escalates_on_broken_promise(b.segment[broken])]
    b.escalated[esc] = True
    ctx.events.record(day, broken, "promise_broken", b.promise_amount[broken])
    apply_payment(ctx, due[kept], amount[kept])
    return idx[b.arrears[idx] > 0]


def payment_intensity(ctx: Context, idx: np.ndarray) -> np.ndarray:
    """Daily intensity (1/day) with which each past-due borrower in ``idx`` pays what they
    can spare: attitudes, the salience contacts left, an overlooked due date noticed, and
    the pressure of an agency or a lawsuit."""
    b, beh, day = ctx.b, ctx.behaviour, ctx.day
    logit = pay_logit(ctx, idx) - beh.pay_logit_base
    logit += behind_logit(ctx, idx) - beh.pay_logit_behind  # the longer behind, the less
    intensity = beh.cure_intensity * 2.0 * sigmoid(logit) + b.salience[idx]
    intensity += np.where(b.late_reason[idx] == OVERLOOKED, beh.overlooked_notice_rate, 0.0)
    if ctx.economy.forbearance[day]:
        return intensity  # a mandated holiday: no agency or court pressure
    status = b.status[idx]
    effect = ctx.lender.strategy.agency.effectiveness
    intensity = np.where(status == AGENCY, intensity * effect, intensity)
    return np.where(status == LEGAL, intensity * beh.legal_pressure, intensity)


def daily_payments(ctx: Context, idx: np.ndarray) -> None:
    """Past-due borrowers who pay between due dates, and promises falling due."""
    b, beh, day = ctx.b, ctx.behaviour, ctx.day
    st = b.status[idx]
    idx = idx[(st == ACTIVE) | (st == AGENCY) | (st == LEGAL)]
    if idx.size == 0:
        return
    idx = promises_due(ctx, idx)
    intensity = payment_intensity(ctx, idx)
    pays = ctx.streams.uniform("cure", day, idx) < -np.expm1(-intensity)
    payers = idx[pays]
    if payers.size:
        amount = np.minimum(b.arrears[payers], able_to_pay(ctx, payers))
        apply_payment(ctx, payers, amount)
    b.salience[idx] *= np.float32(1.0 - beh.salience_decay)
    # between pushes, stress and resistance ease
    ease_to_baseline(b.stress, b.stress_baseline, idx, beh.stress_decay)
    ease_to_baseline(b.resistance, b.resistance_baseline, idx, beh.resistance_decay)
