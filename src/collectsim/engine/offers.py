"""What the lender concedes to a reached borrower: fee waivers, settlements, plans, holidays.

The account's segment says what is on offer (and a scenario may mandate a
hardship plan for those who lost their income). A settlement closes the
account for less than its balance; a plan folds the arrears into a longer
schedule and re-ages the account; a holiday pauses dues. Re-ageing happens
at most once a year (FFIEC), and a plan is offered only to a borrower whose
monthly surplus in today's economy covers it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from collectsim.engine.payments import able_to_pay, apply_payment
from collectsim.engine.population import annuity
from collectsim.engine.state import CARD, CLOSED, CURRENT, MONTH, YEAR

if TYPE_CHECKING:
    from collectsim.engine.context import Context


def offer_subs(channel: int) -> tuple[int, int, int]:
    """Sub-keys of the three offer decisions (settlement, plan, holiday) of a channel."""
    return (3 * channel, 3 * channel + 1, 3 * channel + 2)


def offers(
    ctx: Context,
    hit: np.ndarray,
    seg: np.ndarray,
    channel: int,
    u: np.ndarray | None = None,
    plan_scale: np.ndarray | None = None,
) -> None:
    """Offers of the account's segment (and a mandated hardship plan) to reached borrowers.

    ``u``: their "offer" draws (settlement, plan, holiday), if taken; ``plan_scale``: plan
    acceptance x this (the collector who made the offer)."""
    if hit.size == 0:
        return
    lender, reg = ctx.lender, ctx.scenario.regulation
    if not reg.mandated_hardship_plan and not lender.offers_any[seg].any():
        return  # no segment here offers anything: nothing can change (most contacts)
    b, beh, day = ctx.b, ctx.behaviour, ctx.day
    months = lender.plan_months[seg]
    able = able_to_pay(ctx, hit)
    hardship = able < owed(ctx, hit)
    must_offer = np.zeros(hit.size, dtype=bool)
    if reg.mandated_hardship_plan:  # owed to those who lost their income, affordable or not
        lost_income = ~b.employed[hit] | (b.cash[hit] < b.expenses[hit])
        must_offer = hardship & lost_income
        months = np.where(must_offer, np.maximum(months, reg.mandated_plan_months), months)
    if u is None:
        u = ctx.streams.uniforms(("offer",) * 3, day, hit, subs=offer_subs(channel))
    w = b.willingness[hit]
    _waive_fees(ctx, hit[lender.fee_waiver[seg] & (b.fees[hit] > 0)])

    # settlement: pay (1 - discount) of the balance now, the rest forgiven
    discount = lender.settlement_discount[seg]
    price = np.ceil(b.balance[hit] * (1.0 - discount)).astype(np.int64)
    settle = (discount > 0) & (able >= price) & (u[0] < beh.settlement_acceptance * w)
    _settle(ctx, hit[settle], price[settle])
    taken = settle.copy()

    # instalment plan: arrears folded into a longer schedule, the account re-aged
    fresh = day - b.restructured_day[hit] >= YEAR  # a re-age at most once a year (FFIEC)
    plan_instalment = annuity(
        b.balance[hit].astype(np.float64), b.rate[hit], np.maximum(months, b.term_left[hit])
    )
    affordable = (monthly_surplus(ctx, hit) >= plan_instalment) | must_offer
    plan = fresh & ~taken & (months > 0) & affordable
    accept = np.where(hardship, beh.plan_acceptance_hardship, beh.plan_acceptance_other)
    if plan_scale is not None:
        accept = accept * plan_scale
    plan &= u[1] < accept * (beh.offer_willingness_offset + w)
    _restructure(ctx, hit[plan], months[plan], "plan")
    taken |= plan

    # payment holiday for those who cannot pay now
    holiday = lender.holiday_months[seg]
    hol = fresh & ~taken & (holiday > 0) & hardship
    hol &= u[2] < beh.holiday_acceptance * (beh.offer_willingness_offset + w)
    who = hit[hol]
    if who.size:
        b.holiday_until[who] = day + MONTH * holiday[hol]
        _restructure(ctx, who, np.zeros(who.size, dtype=np.int64), "payment_holiday")


def owed(ctx: Context, hit: np.ndarray) -> np.ndarray:
    """What a borrower must find now (cents): the arrears, or, for a current account worked
    before its due date, the coming instalment."""
    b = ctx.b
    return np.where(b.arrears[hit] > 0, b.arrears[hit], b.instalment[hit])


def monthly_surplus(ctx: Context, hit: np.ndarray) -> np.ndarray:
    """What a borrower can expect to spare in a month of today's economy (cents): the
    lender's affordability test for a plan. Unemployed people have none; a business's
    variable costs follow its revenue."""
    b, e, day = ctx.b, ctx.economy, ctx.day
    income = b.income[hit].astype(np.float64)
    person = ~b.is_sme[hit]
    var = ctx.portfolio.borrowers.sme.variable_cost_share
    sme_factor = e.sme_revenue_factor[day]
    wage = np.where(b.employed[hit], income * e.income_factor[day], 0.0)
    revenue = income * sme_factor
    costs = b.expenses[hit] * np.where(person, 1.0, (1.0 - var) + var * sme_factor)
    return np.where(person, wage, revenue) - costs


def _waive_fees(ctx: Context, who: np.ndarray) -> None:
    """A fee waiver: a concession, no decision needed."""
    if who.size == 0:
        return
    b = ctx.b
    fees = b.fees[who].copy()
    b.balance[who] -= fees
    b.arrears[who] -= np.minimum(b.arrears[who], fees)
    b.fees[who] = 0
    ctx.ledger.post("concession", fees)


def _settle(ctx: Context, who: np.ndarray, price: np.ndarray) -> None:
    if who.size == 0:
        return
    b = ctx.b
    apply_payment(ctx, who, price)
    rest = b.balance[who].copy()
    b.balance[who] = 0
    b.arrears[who] = 0
    b.fees[who] = 0
    ctx.ledger.post("concession", rest)
    b.status[who] = CLOSED
    b.settled[who] = True
    b.delinquent_since[who] = CURRENT
    ctx.tally.counts["plans"] += int(who.size)
    ctx.events.record(ctx.day, who, "settlement", price)


def _restructure(ctx: Context, who: np.ndarray, months: np.ndarray, label: str) -> None:
    if who.size == 0:
        return
    b, day = ctx.b, ctx.day
    if label == "plan":
        term = np.maximum(months, b.term_left[who]).astype(np.int64)
        # term loans (even matured ones) amortise over the plan; cards stay revolving
        b.term_left[who] = np.where(b.product[who] != CARD, term, 0).astype(np.int16)
        b.instalment[who] = annuity(b.balance[who].astype(np.float64), b.rate[who], term)
        b.plan_until[who] = day + MONTH * months
    b.arrears[who] = 0
    b.delinquent_since[who] = CURRENT
    b.promise_due[who] = -1
    b.escalated[who] = False
    b.restructured_day[who] = day
    b.past_plans[who] += 1
    ctx.tally.counts["plans"] += int(who.size)
    ctx.events.record(day, who, label, months)
