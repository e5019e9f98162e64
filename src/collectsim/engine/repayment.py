"""Dues and the pay decision: ability (cash) and willingness (attitudes).

On its cycle day an account accrues interest and a new instalment falls due.
The borrower pays what is owed if *able* (cash beyond a living reserve) and
*willing* (a logistic function of willingness, trust, resistance, stress,
peers' defaults, the lender's reputation and the salience recent contacts
created). A borrower who is able but short pays part.

Between due dates a past-due borrower may still pay: a daily intensity, in
the spirit of Chehrazi, Glynn & Weber (2019), that contacts excite (salience,
decaying at ``salience_decay`` a day) and that a payment itself excites.
Promises to pay fall due ``promise_days`` after they are made and are kept or
broken here. Money moves through :mod:`collectsim.engine.payments`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from collectsim.engine.payments import able_to_pay, apply_payment, charge_fee
from collectsim.engine.population import scheduled_instalment
from collectsim.engine.reputation import trust_offset
from collectsim.engine.state import ACTIVE, AGENCY, CURRENT

if TYPE_CHECKING:
    from collectsim.engine.context import Context


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


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
    _fall_due(ctx, idx)
    able = able_to_pay(ctx, idx)
    willing = ctx.streams.uniform("pay", day, idx) < sigmoid(pay_logit(ctx, idx))
    pay = np.where(willing, np.minimum(b.arrears[idx], able), 0)
    apply_payment(ctx, idx, pay)
    _missed(ctx, idx[b.arrears[idx] > 0])


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
    first = newly[~b.ever_delinquent[newly]]
    b.ever_delinquent[first] = True
    broke_plan = missed[b.plan_until[missed] >= 0]
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
    b.trust[broken] = np.maximum(0.0, b.trust[broken] - beh.trust_loss_broken_promise)
    esc = broken[ctx.lender.escalates_on_broken_promise(b.segment[broken])]
    b.escalated[esc] = True
    ctx.events.record(day, broken, "promise_broken", b.promise_amount[broken])
    apply_payment(ctx, due[kept], amount[kept])
    return idx[b.arrears[idx] > 0]


def daily_payments(ctx: Context, idx: np.ndarray) -> None:
    """Past-due borrowers who pay between due dates, and promises falling due."""
    b, beh, day = ctx.b, ctx.behaviour, ctx.day
    st = b.status[idx]
    idx = idx[(st == ACTIVE) | (st == AGENCY)]
    if idx.size == 0:
        return
    idx = promises_due(ctx, idx)
    # spontaneous or contact-excited payments
    logit = pay_logit(ctx, idx) - beh.pay_logit_base
    intensity = beh.cure_intensity * 2.0 * sigmoid(logit) + b.salience[idx]
    # agencies work placed accounts, except in a mandated holiday (no collection at all)
    agency = (b.status[idx] == AGENCY) & (not ctx.economy.forbearance[day])
    effect = ctx.lender.strategy.agency.effectiveness
    intensity = np.where(agency, intensity * effect, intensity)
    pays = ctx.streams.uniform("cure", day, idx) < -np.expm1(-intensity)
    payers = idx[pays]
    if payers.size:
        amount = np.minimum(b.arrears[payers], able_to_pay(ctx, payers))
        apply_payment(ctx, payers, amount)
    b.salience[idx] *= np.float32(1.0 - beh.salience_decay)
    # between pushes, stress and resistance ease
    b.stress[idx] *= np.float32(1.0 - beh.stress_decay)
    b.resistance[idx] *= np.float32(1.0 - beh.resistance_decay)
