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
broken here.

Every payment goes through :func:`apply_payment`, the one place where
balances, arrears, days past due and the ledger move together.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from collectsim.engine.population import scheduled_instalment
from collectsim.engine.state import ACTIVE, AGENCY, CLOSED, CURRENT, MONTH

if TYPE_CHECKING:  # the model passes itself in; importing it here would be circular
    from collectsim.model import CollectionModel


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def pay_logit(m: CollectionModel, idx: np.ndarray) -> np.ndarray:
    """Log-odds that each borrower in ``idx`` is willing to pay now."""
    b, beh = m.b, m.behaviour
    community = b.community[idx]
    trust_offset = np.minimum(1.0, beh.public_spread * m.grievance[community])  # m.trust_offset
    return (
        beh.pay_logit_base
        + beh.pay_logit_willingness * (b.willingness[idx] - 0.5)
        + beh.pay_logit_trust * (b.trust[idx] - 0.5 - trust_offset)
        - beh.pay_logit_resistance * b.resistance[idx]
        - beh.pay_logit_stress * b.stress[idx]
        - beh.pay_logit_peer_default * m.peer_default_share[community]
        + beh.pay_logit_reputation * (m.reputation - m.portfolio.initial_reputation)
        + beh.pay_logit_salience * b.salience[idx]
    )


def able_to_pay(m: CollectionModel, idx: np.ndarray) -> np.ndarray:
    """Cash a borrower can spare (cents): cash above the living reserve."""
    reserve = (m.b.expenses[idx] * m.behaviour.reserve_share).astype(np.int64)
    return np.maximum(m.b.cash[idx] - reserve, 0)


def last_due_day(m: CollectionModel, idx: np.ndarray, day: int) -> np.ndarray:
    return day - ((day - m.b.cycle_day[idx].astype(np.int64)) % MONTH)


def apply_payment(
    m: CollectionModel, idx: np.ndarray, amount: np.ndarray, day: int, route: str = "borrower"
) -> None:
    """Take ``amount`` cents from each borrower's cash and credit the loan."""
    keep = amount > 0
    if not keep.all():
        idx, amount = idx[keep], amount[keep]
    if idx.size == 0:
        return
    # ``idx`` holds each account once, so each column is gathered once and written back
    b = m.b
    balance = b.balance[idx]
    amount = np.minimum(amount, balance)
    if route != "court":
        cash = b.cash[idx]
        b.cash[idx] = cash - np.minimum(amount, cash)
    since, status = b.delinquent_since[idx], b.status[idx]
    past_due = (since > CURRENT) | (status != ACTIVE)
    balance -= amount
    b.balance[idx] = balance
    fees = b.fees[idx]
    fees -= np.minimum(fees, amount)
    b.fees[idx] = fees
    arrears = b.arrears[idx]
    arrears -= np.minimum(arrears, amount)
    b.arrears[idx] = arrears
    m.ledger.post("payment", amount)
    m.counters["collected"] += int(amount[past_due].sum())
    m.events.record(day, idx, "payment", amount)
    if route == "borrower":
        agency = status == AGENCY
        if agency.any():
            commission = np.rint(amount[agency] * m.strategy.agency.commission).astype(np.int64)
            m.ledger.post("agency_commission", commission)

    cured = arrears == 0
    fixed = idx[cured]
    b.delinquent_since[fixed] = CURRENT
    b.promise_due[fixed] = -1
    b.unanswered[fixed] = 0
    b.escalated[fixed] = False
    # partial payment: days past due follow the oldest instalment still unpaid
    part_mask = ~cured & (since > CURRENT)
    if part_mask.any():
        part = idx[part_mask]
        inst = np.maximum(b.instalment[part], 1)
        # contractual delinquency counts unpaid instalments, not fees still owed
        owed = arrears[part_mask]
        unpaid = owed - np.minimum(fees[part_mask], owed)
        behind = np.maximum(1, -(-unpaid // inst))
        anchor = last_due_day(m, part, day) - MONTH * (behind - 1)
        b.delinquent_since[part] = np.maximum(since[part_mask], anchor).astype(np.int32)
    done_mask = balance == 0
    if done_mask.any():
        done = idx[done_mask]
        b.status[done] = CLOSED
        b.delinquent_since[done] = CURRENT
        b.arrears[done] = 0
        arrears[done_mask] = 0
    # a payment excites further payments (self-exciting repayment) until the account is cured
    b.salience[idx[arrears > 0]] += np.float32(m.behaviour.payment_excitation)
    b.salience[idx[arrears == 0]] = 0.0


def charge_fee(m: CollectionModel, idx: np.ndarray) -> None:
    fee = m.b.late_fee[idx]
    m.b.balance[idx] += fee
    m.b.fees[idx] += fee
    m.b.arrears[idx] += fee
    m.ledger.post("fee", fee)


def due_dates(m: CollectionModel, idx: np.ndarray, day: int) -> None:
    """Interest, a new instalment and the pay decision for accounts whose cycle day it is."""
    b = m.b
    st = b.status[idx]
    idx = idx[((st == ACTIVE) | (st == AGENCY)) & (b.balance[idx] > 0)]
    # non-accrual: no interest once an account is this far past due
    dpd = np.where(b.delinquent_since[idx] > CURRENT, day - b.delinquent_since[idx], 0)
    rate = np.where(dpd < m.portfolio.non_accrual_days, b.rate[idx].astype(np.float64), 0.0)
    interest = np.rint(b.balance[idx] * (rate / 12.0)).astype(np.int64)
    # a payment holiday (mandated or offered) waives the month's interest: recorded as
    # interest accrued and waived, so that what holidays cost the lender is on the books
    resting = m.economy.forbearance[day] | (b.holiday_until[idx] >= day)
    m.ledger.post("interest", interest)
    m.ledger.post("interest_waived", interest[resting])
    b.balance[idx] += np.where(resting, 0, interest)
    if m.economy.forbearance[day]:
        return  # mandated payment holiday: nothing falls due
    idx = idx[~resting]
    if idx.size == 0:
        return

    ended = idx[(b.plan_until[idx] >= 0) & (b.plan_until[idx] < day)]
    b.plan_until[ended] = -1
    on_plan = b.plan_until[idx] >= 0
    normal = idx[~on_plan]
    b.instalment[normal] = scheduled_instalment(b, normal)
    new_due = np.minimum(b.instalment[idx], b.balance[idx] - b.arrears[idx])
    b.arrears[idx] += new_due
    amort = idx[b.term_left[idx] > 0]
    b.term_left[amort] -= 1

    able = able_to_pay(m, idx)
    willing = m.streams.uniform("pay", day, idx) < sigmoid(pay_logit(m, idx))
    pay = np.where(willing, np.minimum(b.arrears[idx], able), 0)
    apply_payment(m, idx, pay, day)

    missed = idx[b.arrears[idx] > 0]
    if missed.size == 0:
        return
    charge_fee(m, missed)
    newly = missed[b.delinquent_since[missed] == CURRENT]
    b.delinquent_since[newly] = day
    first = newly[~b.ever_delinquent[newly]]
    b.ever_delinquent[first] = True
    broke_plan = missed[b.plan_until[missed] >= 0]
    b.plan_until[broke_plan] = -1
    b.escalated[broke_plan] = True
    m.events.record(day, missed, "missed_payment", b.arrears[missed])


def freeze_days_past_due(m: CollectionModel, late: np.ndarray) -> None:
    """A mandated payment holiday stops the delinquency clock of accounts the lender works."""
    st = m.b.status[late]
    held = late[(st == ACTIVE) | (st == AGENCY)]
    m.b.delinquent_since[held] += 1


def daily_payments(m: CollectionModel, idx: np.ndarray, day: int) -> None:
    """Past-due borrowers who pay between due dates, and promises falling due."""
    b, beh = m.b, m.behaviour
    st = b.status[idx]
    idx = idx[(st == ACTIVE) | (st == AGENCY)]
    if idx.size == 0:
        return
    # promises to pay that fall due today
    due = idx[b.promise_due[idx] == day]
    if due.size:
        able = able_to_pay(m, due)
        amount = np.minimum(b.promise_amount[due], b.arrears[due])
        keep_p = beh.promise_keep_base * (0.3 + b.willingness[due])  # = base at w = 0.7
        kept = (able >= amount) & (m.streams.uniform("promise_keep", day, due) < keep_p)
        m.counters["promises_due"] += int(due.size)
        m.counters["promises_kept"] += int(np.count_nonzero(kept))
        b.promise_due[due] = -1
        broken = due[~kept]
        b.trust[broken] = np.maximum(0.0, b.trust[broken] - beh.trust_loss_broken_promise)
        esc = broken[m.segment_escalates_on_broken_promise(broken)]
        b.escalated[esc] = True
        m.events.record(day, broken, "promise_broken", b.promise_amount[broken])
        apply_payment(m, due[kept], amount[kept], day)
        idx = idx[b.arrears[idx] > 0]

    # spontaneous or contact-excited payments
    logit = pay_logit(m, idx) - beh.pay_logit_base
    intensity = beh.cure_intensity * 2.0 * sigmoid(logit) + b.salience[idx]
    # agencies work placed accounts, except in a mandated holiday (no collection at all)
    agency = (b.status[idx] == AGENCY) & (not m.economy.forbearance[day])
    intensity = np.where(agency, intensity * m.strategy.agency.effectiveness, intensity)
    pays = m.streams.uniform("cure", day, idx) < -np.expm1(-intensity)
    payers = idx[pays]
    if payers.size:
        amount = np.minimum(b.arrears[payers], able_to_pay(m, payers))
        apply_payment(m, payers, amount, day)
    b.salience[idx] *= np.float32(1.0 - beh.salience_decay)
    # between pushes, stress and resistance ease
    b.stress[idx] *= np.float32(1.0 - beh.stress_decay)
    b.resistance[idx] *= np.float32(1.0 - beh.resistance_decay)
