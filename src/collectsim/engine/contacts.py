"""What a contact does: reach, salience, promises, stress, resistance and complaints.

An attempt costs money whether or not it reaches anyone. A reached borrower
is reminded (salience rises, more in a firm tone, less the more resistant
they are), may promise to pay, may accept an offer
(:mod:`collectsim.engine.offers`), and grows more stressed; frequent or firm
contact breeds resistance. Complaints come from stressed, resistant
borrowers met often or harshly, and more often after a rule was broken; a
share goes to the regulator or into public. How strongly each channel and
tone does each of these is the portfolio's behaviour
(:mod:`collectsim.engine.responses`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from collectsim.channels import CHANNEL_INDEX, CHANNEL_NAMES, CHANNELS, TONE_NAMES
from collectsim.engine.offers import offer_subs, offers, owed
from collectsim.engine.payments import able_to_pay
from collectsim.engine.repayment import pay_logit, sigmoid
from collectsim.engine.reputation import record_complaints
from collectsim.engine.state import CAN_PAY, CANNOT_PAY, CURRENT, OVERLOOKED
from collectsim.engine.teams import (
    CrewAttempts,
    after_complaints,
    conversations,
    multiplier,
    scaled,
)

if TYPE_CHECKING:
    from collectsim.engine.context import Context

#: the ``sub`` of draws for third-party contact, apart from every channel's
THIRD = len(CHANNEL_NAMES)
_FIRM, _GENTLE = TONE_NAMES.index("firm"), TONE_NAMES.index("gentle")
#: a contact's draws, taken in one pass over the contacted accounts (counter-based:
#: drawing for accounts that end up not needing a draw changes nothing)
_DRAWS = ("contact_reach", "complaint", "promise_make", "offer", "offer", "offer")


@dataclass
class Attempts:
    """One channel's attempts today: who, in what tone, against a rule or not, in which
    segment, and (once drawn) their uniforms and the weekly count so far."""

    channel: str
    acc: np.ndarray
    tones: np.ndarray
    violation: np.ndarray
    seg: np.ndarray
    reach: np.ndarray | None = None
    """the chance each attempt reaches the borrower, where a trial sets it (else the
    channel's reach, less for resistant borrowers on personal channels)"""
    crew: CrewAttempts | None = None
    """who made each call or visit and what they change (engine/teams.py; None: no one's)"""
    complaint_scale: np.ndarray | None = None
    """complaints x this per attempt (a legal adviser's review; None: 1)"""


def resolve_contacts(ctx: Context, att: Attempts) -> None:
    """Carry out one channel's attempts and everything that follows from them."""
    b, day, acc = ctx.b, ctx.day, att.acc
    k = CHANNEL_INDEX[att.channel]
    cost = ctx.lender.unit_cost[k] * acc.size
    ctx.ledger.post("contact_cost", cost)
    tally = ctx.tally
    tally.cost_by_channel[k] += cost
    tally.counts["contacts"] += acc.size
    b.last_contact[k, acc] = day
    if CHANNELS[att.channel].counts_toward_cap:
        b.week_contacts[day % 7, acc] += 1
    if att.channel in ctx.scenario.regulation.contact_cap_channels:
        b.week_capped[day % 7, acc] += 1
    week = b.week_contacts[:, acc].sum(axis=0, dtype=np.int32)
    # every channel draws apart, and each offer decision has its own draw
    u = ctx.streams.uniforms(_DRAWS, day, acc, subs=(k, k, k, *offer_subs(k)))
    reached = _reach(ctx, att, k, u[0])
    res = b.resistance[acc]  # before today's contact moves it
    _silence(ctx, att, ~reached, k)
    hit = acc[reached]
    if att.crew is not None:  # the collector's conduct: a violation the regulator counts
        broke = conversations(ctx, att.crew, acc, reached, k)
        if broke is not None:
            att.violation = att.violation | broke
    if hit.size:
        _reached(ctx, att, reached, week, res, k)
        ch = ctx.responses.by_channel[k]
        sal_r = ctx.responses.tone[att.tones[reached], 0]
        strength = scaled(ch.promise * sal_r * receptive(ctx, hit), att.crew, "promise", reached)
        _promises(ctx, hit, strength, k, u[2][reached])
        plan = multiplier(att.crew, "plan", reached)
        offers(ctx, hit, att.seg[reached], k, u[3:, reached], plan_scale=plan)
    complains = _complaints(ctx, att, reached, week, res, k, u[1])
    if att.crew is not None:
        after_complaints(ctx, att.crew, complains, att.violation)


def _reach(ctx: Context, att: Attempts, k: int, u_reach: np.ndarray) -> np.ndarray:
    """Who answered (or read): resistance lowers the reach of personal channels."""
    reach = ctx.responses.by_channel[k].reach
    if att.reach is not None:
        reached = u_reach < att.reach
    elif CHANNELS[att.channel].personal:
        res = ctx.b.resistance[att.acc]
        p = scaled(reach * (1.0 - ctx.behaviour.reach_resistance * res), att.crew, "reach")
        reached = u_reach < p
    else:
        reached = u_reach < reach
    n_reached = int(np.count_nonzero(reached))
    ctx.tally.counts["reached"] += n_reached
    ctx.tally.contacts_by_channel[k] += att.acc.size
    ctx.tally.reached_by_channel[k] += n_reached
    ctx.events.record(ctx.day, att.acc, att.channel, reached, labels=("unanswered", "reached"))
    return reached


def _silence(ctx: Context, att: Attempts, unreached: np.ndarray, k: int) -> None:
    """Count silence; escalate where the segment says so; relatives, if the lender asks them."""
    b, lender = ctx.b, ctx.lender
    silent = att.acc[unreached]
    b.unanswered[silent] += 1
    if silent.size and lender.escalate_after.any():
        limit = lender.escalate_after[att.seg[unreached]]
        esc = silent[(limit > 0) & (b.unanswered[silent] >= limit)]
        b.escalated[esc] = True
        ctx.events.record(ctx.day, esc, "escalation", b.unanswered[esc])
    asks_relatives = lender.strategy.compliance.third_party_contact and silent.size
    if asks_relatives and CHANNELS[att.channel].is_call:
        third_party(ctx, silent, k)


def _reached(
    ctx: Context, att: Attempts, reached: np.ndarray, week: np.ndarray, res: np.ndarray, k: int
) -> None:
    """A reached borrower is reminded and stressed; pushed too often or too hard, resists."""
    b, beh = ctx.b, ctx.behaviour
    hit = att.acc[reached]
    b.unanswered[hit] = 0
    b.reminded_day[hit] = ctx.day
    kind = CHANNELS[att.channel]
    if kind.is_call:
        b.last_conversation[hit] = ctx.day
    if kind.conversation:
        _converse(ctx, hit)
    if kind.personal:
        b.answered_unpaid[hit] += 1  # reached, and not paying (a payment resets it)
    # a borrower who overlooked the due date needed only the reminder
    forgot = hit[b.late_reason[hit] == OVERLOOKED]
    b.salience[forgot] += np.float32(beh.reminder_salience)
    ch = ctx.responses.by_channel[k]
    tones_r = att.tones[reached]
    sal_r, stress_r = ctx.responses.tone[tones_r, 0], ctx.responses.tone[tones_r, 1]
    damp = 1.0 - beh.reach_resistance * res[reached]
    impulse = ch.salience * beh.salience_decay * sal_r * damp * receptive(ctx, hit)
    b.salience[hit] += impulse.astype(np.float32)
    # stress and resistance saturate: each push adds a share of what is left
    stress = b.stress[hit]
    stress = stress + scaled(ch.stress * stress_r, att.crew, "stress", reached) * (1.0 - stress)
    b.stress[hit] = stress
    b.stressed[hit] |= stress >= beh.high_stress
    pushy = (week[reached] > beh.comfortable_contacts_per_week) | (tones_r == _FIRM)
    res_hit = b.resistance[hit]
    b.resistance[hit] = res_hit + beh.resistance_gain * pushy * (1.0 - res_hit)
    gentle = tones_r == _GENTLE
    step = beh.trust_change_per_contact
    trust = b.trust[hit] + np.where(gentle, step, np.where(pushy, -step, 0.0))
    if att.crew is not None and att.crew.effect is not None:  # the collector's manner
        trust = trust + step * att.crew.effect["trust"][reached]
    b.trust[hit] = np.minimum(np.maximum(trust, 0), 1)  # np.clip's wrapper costs 4 us a call


def receptive(ctx: Context, hit: np.ndarray) -> np.ndarray:
    """How much a contact still moves a borrower, by how long they have been behind: the
    earlier, the more (collectability falls with age); 1 for a borrower not behind."""
    b = ctx.b
    dpd = np.where(b.delinquent_since[hit] > CURRENT, ctx.day - b.delinquent_since[hit], 0)
    return np.exp(-dpd / ctx.behaviour.contact_effect_days)


def _converse(ctx: Context, hit: np.ndarray) -> None:
    """Talking with a person of the lender: commitment grows (less with each talk), and the
    lender learns whether the borrower cannot pay or can."""
    b, beh = ctx.b, ctx.behaviour
    b.last_talk[hit] = ctx.day
    room = np.maximum(beh.commitment_max - b.commitment[hit], 0.0)
    gain = beh.conversation_commitment * receptive(ctx, hit) * room / max(beh.commitment_max, 1e-9)
    b.commitment[hit] += gain.astype(np.float32)
    short = able_to_pay(ctx, hit) < owed(ctx, hit)
    b.known_reason[hit] = np.where(short, CANNOT_PAY, CAN_PAY)


def _complaints(
    ctx: Context,
    att: Attempts,
    reached: np.ndarray,
    week: np.ndarray,
    res: np.ndarray,
    k: int,
    u_complaint: np.ndarray,
) -> np.ndarray:
    """Stressed, resistant borrowers met often, harshly or against a rule complain (the
    mask of those who did)."""
    beh = ctx.behaviour
    extra = week - beh.comfortable_contacts_per_week
    extra = np.minimum(np.maximum(extra, 0), beh.complaint_extra_contacts_counted)
    stress = ctx.b.stress[att.acc]
    p = (
        beh.complaint_base
        * ctx.responses.by_channel[k].complaint
        * ctx.responses.tone[att.tones, 2]
        * (beh.complaint_calm + beh.complaint_stress * stress)
        * (1.0 + beh.complaint_per_extra_contact * extra)
        * (1.0 + res)
        * np.where(att.violation, beh.complaint_violation_multiplier, 1.0)
        * np.where(reached, 1.0, beh.complaint_unanswered_share)
    )
    p = scaled(p, att.crew, "complaint")
    if att.complaint_scale is not None:
        p = p * att.complaint_scale
    p = np.minimum(p, beh.complaint_max_probability)
    complains = u_complaint < p
    if complains.any():
        who = att.acc[complains]
        record_complaints(ctx, who, stress[complains], att.violation[complains], sub=k)
    return complains


def _promises(
    ctx: Context, hit: np.ndarray, strength: np.ndarray, channel: int, u: np.ndarray | None = None
) -> None:
    """Reached borrowers may promise to pay (``u``: their "promise_make" draws, if taken)."""
    b, beh, day = ctx.b, ctx.behaviour, ctx.day
    if u is None:
        u = ctx.streams.uniform("promise_make", day, hit, sub=channel)
    open_ = b.promise_due[hit] >= 0
    willing = 2.0 * sigmoid(pay_logit(ctx, hit) - beh.pay_logit_base)
    # people mostly promise what they can spare (a share of their spare cash, at least an
    # instalment, at most the arrears); the broke sometimes promise anyway, to end the call
    able = able_to_pay(ctx, hit)
    spare = (able * beh.promise_share_of_spare_cash).astype(np.int64)
    amount = np.minimum(b.arrears[hit], np.maximum(spare, b.instalment[hit]))
    unable = beh.promise_unable_share
    p = np.minimum(
        beh.promise_max_probability, strength * willing * np.where(able >= amount, 1.0, unable)
    )
    make = ~open_ & (u < p) & (amount > 0)  # a current account owes nothing to promise
    who = hit[make]
    if who.size:
        b.promise_due[who] = day + beh.promise_days
        b.promise_amount[who] = amount[make]
        ctx.tally.counts["promises"] += int(who.size)
        ctx.events.record(day, who, "promise", b.promise_amount[who])


def third_party(ctx: Context, silent: np.ndarray, channel: int) -> None:
    """Reaching an unreachable borrower through relatives: effective, and resented."""
    b, beh, day = ctx.b, ctx.behaviour, ctx.day
    forbidden = not ctx.scenario.regulation.third_party_contact_allowed
    if forbidden and ctx.lender.strategy.compliance.respects_rules:
        ctx.tally.counts["blocked_contacts"] += int(silent.size)
        return
    if forbidden:
        ctx.tally.counts["violations"] += int(silent.size)
    b.salience[silent] += np.float32(beh.third_party_salience)
    b.stress[silent] = np.minimum(1.0, b.stress[silent] + beh.third_party_stress)
    b.stressed[silent] |= b.stress[silent] >= beh.high_stress
    stress_term = beh.complaint_calm + beh.complaint_stress * b.stress[silent]
    p = beh.complaint_base * beh.third_party_complaint_multiplier * stress_term
    complains = ctx.streams.uniform("third_party", day, silent, sub=channel) < p
    if complains.any():
        who = silent[complains]
        violation = np.full(who.size, forbidden)
        record_complaints(ctx, who, b.stress[who], violation, sub=THIRD + channel)
    ctx.events.record(day, silent, "third_party_contact", np.zeros(silent.size, dtype=np.int64))
