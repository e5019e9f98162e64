"""What a contact does: reach, salience, promises, offers, stress and complaints.

An attempt costs money whether or not it reaches anyone. A reached borrower
is reminded (salience rises, more in a firm tone, less the more resistant
they are), may promise to pay, may accept an offer (instalment plan, payment
holiday, settlement, fee waiver), and grows more stressed; frequent or firm
contact breeds resistance. Complaints come from stressed, resistant
borrowers met often or harshly, and three times as often after a rule was
broken; a share goes to the regulator or into public.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from collectsim.channels import CHANNEL_INDEX, CHANNEL_NAMES, CHANNELS, TONE_NAMES, TONES
from collectsim.engine.population import annuity
from collectsim.engine.repayment import able_to_pay, apply_payment, pay_logit, sigmoid
from collectsim.engine.reputation import record_complaints
from collectsim.engine.state import CARD, CLOSED, CURRENT, MONTH, YEAR

if TYPE_CHECKING:  # the model passes itself in; importing it here would be circular
    from collectsim.model import CollectionModel

#: the ``sub`` of draws for third-party contact, apart from every channel's
THIRD = len(CHANNEL_NAMES)
_TONE = np.array([TONES[t] for t in TONE_NAMES], dtype=np.float64)  # (tone, 3)
_FIRM, _GENTLE = TONE_NAMES.index("firm"), TONE_NAMES.index("gentle")
#: a contact's draws, taken in one pass over the contacted accounts (counter-based:
#: drawing for accounts that end up not needing a draw changes nothing)
_DRAWS = ("contact_reach", "complaint", "promise_make", "offer", "offer", "offer")


def _offer_subs(channel: int) -> tuple[int, int, int]:
    """Sub-keys of the three offer decisions (settlement, plan, holiday) of a channel."""
    return (3 * channel, 3 * channel + 1, 3 * channel + 2)


def resolve_contacts(
    m: CollectionModel,
    channel: str,
    acc: np.ndarray,
    tones: np.ndarray,
    violation: np.ndarray,
    seg: np.ndarray,
    day: int,
) -> None:
    b, beh, ch = m.b, m.behaviour, CHANNELS[channel]
    k = CHANNEL_INDEX[channel]
    n = acc.size
    cost = m.unit_cost[k]
    m.ledger.post("contact_cost", cost * n)
    m.cost_by_channel[k] += cost * n
    m.counters["contacts"] += n
    b.last_contact[k, acc] = day
    if ch.counts_toward_cap:
        b.week_contacts[day % 7, acc] += 1
    week = b.week_contacts[:, acc].sum(axis=0, dtype=np.int32)

    # every channel draws apart, and each offer decision has its own draw
    draws = m.streams.uniforms(_DRAWS, day, acc, subs=(k, k, k, *_offer_subs(k)))
    u_reach, u_complaint, u_promise = draws[0], draws[1], draws[2]
    u_offer = draws[3:]
    res = b.resistance[acc]
    personal = ch.is_call or channel == "field_visit"
    p_reach = ch.reach * ((1.0 - beh.reach_resistance * res) if personal else 1.0)
    reached = u_reach < p_reach
    n_reached = int(np.count_nonzero(reached))
    m.counters["reached"] += n_reached
    m.contacts_by_channel[k] += n
    m.reached_by_channel[k] += n_reached
    m.events.record(day, acc, channel, reached, labels=("unanswered", "reached"))

    sal_m, stress_m, compl_m = _TONE[tones].T
    complaint_boost = np.where(violation, beh.complaint_violation_multiplier, 1.0)

    # silence: count it, escalate where the segment says so
    unreached = ~reached
    silent = acc[unreached]
    b.unanswered[silent] += 1
    if silent.size and m.escalate_after.any():
        limit = m.escalate_after[seg[unreached]]
        esc = silent[(limit > 0) & (b.unanswered[silent] >= limit)]
        b.escalated[esc] = True
        m.events.record(day, esc, "escalation", b.unanswered[esc])
    if ch.is_call and m.strategy.compliance.third_party_contact and silent.size:
        _third_party(m, silent, day, k)

    # reached: reminded, stressed, maybe resistant
    hit = acc[reached]
    b.unanswered[hit] = 0
    if ch.is_call:
        b.last_conversation[hit] = day
    sal_r, tones_r = sal_m[reached], tones[reached]
    sal_gain = (
        ch.salience * beh.salience_decay * sal_r * (1.0 - beh.reach_resistance * res[reached])
    )
    b.salience[hit] += sal_gain.astype(np.float32)
    # stress and resistance saturate: each push adds a share of what is left
    stress = b.stress[hit]
    b.stress[hit] = stress + ch.stress * stress_m[reached] * (1.0 - stress)
    pushy = (week[reached] > beh.comfortable_contacts_per_week) | (tones_r == _FIRM)
    res_hit = b.resistance[hit]
    b.resistance[hit] = res_hit + beh.resistance_gain * pushy * (1.0 - res_hit)
    gentle = tones_r == _GENTLE
    step = beh.trust_change_per_contact
    trust = b.trust[hit] + np.where(gentle, step, np.where(pushy, -step, 0.0))
    b.trust[hit] = np.minimum(np.maximum(trust, 0), 1)  # np.clip's wrapper costs 4 us a call

    if hit.size:
        _promises(m, hit, ch.promise * sal_r, day, k, u_promise[reached])
        _offers(m, hit, seg[reached], day, k, u_offer[:, reached])

    # complaints
    extra = week - beh.comfortable_contacts_per_week
    stress = b.stress[acc]
    p = (
        beh.complaint_base
        * ch.complaint
        * compl_m
        * (beh.complaint_calm + beh.complaint_stress * stress)
        * (1.0 + beh.complaint_per_extra_contact * np.minimum(np.maximum(extra, 0), 8))
        * (1.0 + res)
        * complaint_boost
        * np.where(reached, 1.0, beh.complaint_unanswered_share)
    )
    p = np.minimum(p, beh.complaint_max_probability)
    complains = u_complaint < p
    if complains.any():
        who = acc[complains]
        record_complaints(m, who, stress[complains], violation[complains], day, sub=k)


def _promises(
    m: CollectionModel,
    hit: np.ndarray,
    strength: np.ndarray,
    day: int,
    channel: int,
    u: np.ndarray | None = None,
) -> None:
    """Reached borrowers may promise to pay (``u``: their "promise_make" draws, if taken)."""
    b = m.b
    if u is None:
        u = m.streams.uniform("promise_make", day, hit, sub=channel)
    open_ = b.promise_due[hit] >= 0
    willing = 2.0 * sigmoid(pay_logit(m, hit) - m.behaviour.pay_logit_base)
    # people mostly promise what they can spare (half their spare cash, at least an
    # instalment, at most the arrears); the broke
    # sometimes promise anyway, to end the call
    able = able_to_pay(m, hit)
    spare = (able * m.behaviour.promise_share_of_spare_cash).astype(np.int64)
    amount = np.minimum(b.arrears[hit], np.maximum(spare, b.instalment[hit]))
    unable = m.behaviour.promise_unable_share
    p = np.minimum(0.95, strength * willing * np.where(able >= amount, 1.0, unable))
    make = ~open_ & (u < p)
    who = hit[make]
    if who.size:
        b.promise_due[who] = day + m.behaviour.promise_days
        b.promise_amount[who] = amount[make]
        m.counters["promises"] += int(who.size)
        m.events.record(day, who, "promise", b.promise_amount[who])


def _offers(
    m: CollectionModel,
    hit: np.ndarray,
    seg: np.ndarray,
    day: int,
    channel: int,
    u: np.ndarray | None = None,
) -> None:
    """Offers of the account's segment (and a mandated hardship plan) to reached borrowers.

    ``u``: their three "offer" draws (settlement, plan, holiday), if already taken.
    """
    if hit.size == 0:
        return
    mandated = m.scenario.regulation.mandated_hardship_plan
    if not mandated and not m.offers_any[seg].any():
        return  # no segment here offers anything: nothing can change (most contacts)
    b, beh = m.b, m.behaviour
    months = m.plan_months[seg]
    discount = m.settlement_discount[seg]
    holiday = m.holiday_months[seg]
    waiver = m.fee_waiver[seg]
    able = able_to_pay(m, hit)
    hardship = able < b.arrears[hit]
    # a re-age at most once a year (FFIEC), and a plan only for those who can keep it
    fresh = day - b.restructured_day[hit] >= YEAR
    surplus = monthly_surplus(m, hit, day)
    must_offer = np.zeros(hit.size, dtype=bool)
    if mandated:  # the plan is owed to those who lost their income, affordable or not
        lost_income = ~b.employed[hit] | (b.cash[hit] < b.expenses[hit])
        must_offer = hardship & lost_income
        shortest = m.scenario.regulation.mandated_plan_months
        months = np.where(must_offer, np.maximum(months, shortest), months)
    if u is None:
        u = m.streams.uniforms(("offer",) * 3, day, hit, subs=_offer_subs(channel))
    u_settle, u_plan, u_holiday = u[0], u[1], u[2]
    w = b.willingness[hit]

    # fee waiver: a concession, no decision needed
    wv = hit[waiver & (b.fees[hit] > 0)]
    if wv.size:
        fees = b.fees[wv].copy()
        b.balance[wv] -= fees
        b.arrears[wv] -= np.minimum(b.arrears[wv], fees)
        b.fees[wv] = 0
        m.ledger.post("concession", fees)

    # settlement: pay (1 - discount) of the balance now, the rest forgiven
    price = np.ceil(b.balance[hit] * (1.0 - discount)).astype(np.int64)
    settle = (discount > 0) & (able >= price) & (u_settle < beh.settlement_acceptance * w)
    _settle(m, hit[settle], price[settle], day)
    taken = settle.copy()

    # instalment plan: arrears folded into a longer schedule, the account re-aged
    plan_instalment = annuity(
        b.balance[hit].astype(np.float64), b.rate[hit], np.maximum(months, b.term_left[hit])
    )
    affordable = (surplus >= plan_instalment) | must_offer
    plan = fresh & ~taken & (months > 0) & affordable
    accept = np.where(hardship, beh.plan_acceptance_hardship, beh.plan_acceptance_other)
    plan &= u_plan < accept * (0.5 + w)
    _restructure(m, hit[plan], months[plan], day, "plan")
    taken |= plan

    # payment holiday for those who cannot pay now
    hol = fresh & ~taken & (holiday > 0) & hardship
    hol &= u_holiday < beh.holiday_acceptance * (0.5 + w)
    who = hit[hol]
    if who.size:
        b.holiday_until[who] = day + MONTH * holiday[hol]
        _restructure(m, who, np.zeros(who.size, dtype=np.int64), day, "payment_holiday")


def monthly_surplus(m: CollectionModel, hit: np.ndarray, day: int) -> np.ndarray:
    """What a borrower can expect to spare in a month of today's economy (cents): the
    lender's affordability test for a plan. Unemployed people have none; a business's
    variable costs follow its revenue."""
    b, e = m.b, m.economy
    income = b.income[hit].astype(np.float64)
    person = ~b.is_sme[hit]
    var = m.portfolio.borrowers.sme.variable_cost_share
    sme_factor = e.sme_revenue_factor[day]
    wage = np.where(b.employed[hit], income * e.income_factor[day], 0.0)
    revenue = income * sme_factor
    costs = b.expenses[hit] * np.where(person, 1.0, (1.0 - var) + var * sme_factor)
    return np.where(person, wage, revenue) - costs


def _settle(m: CollectionModel, who: np.ndarray, price: np.ndarray, day: int) -> None:
    if who.size == 0:
        return
    b = m.b
    apply_payment(m, who, price, day)
    rest = b.balance[who].copy()
    b.balance[who] = 0
    b.arrears[who] = 0
    b.fees[who] = 0
    m.ledger.post("concession", rest)
    b.status[who] = CLOSED
    b.settled[who] = True
    b.delinquent_since[who] = CURRENT
    m.counters["plans"] += int(who.size)
    m.events.record(day, who, "settlement", price)


def _restructure(
    m: CollectionModel, who: np.ndarray, months: np.ndarray, day: int, label: str
) -> None:
    if who.size == 0:
        return
    b = m.b
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
    m.counters["plans"] += int(who.size)
    m.events.record(day, who, label, months)


def _third_party(m: CollectionModel, silent: np.ndarray, day: int, channel: int) -> None:
    """Reaching an unreachable borrower through relatives: effective, and resented."""
    b = m.b
    forbidden = not m.scenario.regulation.third_party_contact_allowed
    if forbidden and m.strategy.compliance.respects_rules:
        m.counters["blocked_contacts"] += int(silent.size)
        return
    if forbidden:
        m.count_violations(int(silent.size))
    beh = m.behaviour
    b.salience[silent] += np.float32(beh.third_party_salience)
    b.stress[silent] = np.minimum(1.0, b.stress[silent] + beh.third_party_stress)
    stress_term = beh.complaint_calm + beh.complaint_stress * b.stress[silent]
    p = beh.complaint_base * beh.third_party_complaint_multiplier * stress_term
    complains = m.streams.uniform("third_party", day, silent, sub=channel) < p
    if complains.any():
        who = silent[complains]
        violation = np.full(who.size, forbidden)
        record_complaints(m, who, b.stress[who], violation, day, sub=THIRD + channel)
    m.events.record(day, silent, "third_party_contact", np.zeros(silent.size, dtype=np.int64))
