"""A 24-hour AI service that borrowers reach themselves (the large state bank's, the
consumer-finance company's online service).

Each day a borrower behind opens the service with a small chance that rises
with their willingness: more often when they could pay the arrears now
(``service_use_able``) than when they are short and have a problem to raise
(``service_use_short``). It answers at once, for ``cost_per_session``: one
who can pay settles the arrears there and then; one who cannot is offered
what their segment offers (a plan, a holiday), as a collector would, and the
lender learns which of the two the borrower is (the ``learned`` filter), as
from a conversation. Nobody is pushed: a session adds no stress, resistance
or complaint. It runs before the lender's work, so an account settled
through it is not called that day.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from collectsim.channels import CHANNEL_NAMES
from collectsim.engine.offers import offer_subs, offers
from collectsim.engine.payments import able_to_pay, apply_payment
from collectsim.engine.repayment import pay_logit, sigmoid
from collectsim.engine.state import ACTIVE, CAN_PAY, CANNOT_PAY, CURRENT

if TYPE_CHECKING:
    from collectsim.engine.context import Context

#: the service's place among the offer draws' sub-keys, after every channel's
SERVICE = len(CHANNEL_NAMES)


def service_stage(ctx: Context) -> None:
    """Borrowers behind who open the self-service today, and what it does for them."""
    service = ctx.lender.strategy.self_service
    if not service.enabled or ctx.economy.forbearance[ctx.day]:
        return
    b, day, lev = ctx.b, ctx.day, ctx.behaviour.levers
    late = ctx.today.late
    late = late[(b.status[late] == ACTIVE) & (b.delinquent_since[late] > CURRENT)]
    if late.size == 0:
        return
    can = able_to_pay(ctx, late) >= b.arrears[late]
    willing = 2.0 * sigmoid(pay_logit(ctx, late) - ctx.behaviour.pay_logit_base)
    p = np.where(can, lev.service_use_able, lev.service_use_short) * willing
    u = ctx.streams.uniforms(("service", "offer", "offer", "offer"), day, late,
                             subs=(0, *offer_subs(SERVICE)))  # fmt: skip
    opens = u[0] < p
    who, can = late[opens], can[opens]
    if who.size == 0:
        return
    cost = round(service.cost_per_session * 100) * int(who.size)
    ctx.ledger.post("programme_cost", cost)
    counts = ctx.tally.counts
    counts["service_cost"] += cost
    counts["service_sessions"] += int(who.size)
    b.last_session[who] = day
    b.reminded_day[who] = day
    b.known_reason[who] = np.where(can, CAN_PAY, CANNOT_PAY)
    payers = who[can]
    apply_payment(ctx, payers, b.arrears[payers].copy())
    short = ~can & (b.segment[who] >= 0)
    offers(ctx, who[short], b.segment[who[short]], SERVICE, u[1:, opens][:, short])
    ctx.events.record(day, who, "self_service", can.astype(np.int64))
