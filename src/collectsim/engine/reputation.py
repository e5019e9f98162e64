"""Complaints, their spread through borrowers' communities, and the lender's reputation.

A complaint goes to the lender, to the regulator (more often after a broken
rule) or into public (more often under high stress). A public complaint is
seen by the complainer's community: peers' grievance rises, which lowers
their willingness to pay, and the lender's reputation falls in proportion to
public complaints per 10,000 borrowers. Reputation recovers slowly toward
where it started, and shapes every borrower's willingness a little.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from collectsim.engine.state import CURRENT, LEGAL, MONTH, SOLD, WRITTEN_OFF

if TYPE_CHECKING:
    from collectsim.engine.context import Context

LENDER, REGULATOR, PUBLIC = 0, 1, 2
COMPLAINT_KINDS = ("lender", "regulator", "public")


def record_complaints(
    ctx: Context,
    who: np.ndarray,
    stress: np.ndarray,
    violation: np.ndarray,
    sub: int,
) -> None:
    """Route complaints; ``sub`` (the channel) keeps each channel's draws apart."""
    beh, day = ctx.behaviour, ctx.day
    u = ctx.streams.uniform("complaint_kind", day, who, sub=sub)
    boost = np.where(violation, beh.regulator_violation_multiplier, 1.0)
    p_reg = np.minimum(1.0, beh.regulator_share * boost)
    distress = np.maximum(0.0, stress - beh.public_stress_threshold)
    p_pub = np.minimum(1.0, beh.public_share * (1.0 + beh.public_stress_multiplier * distress))
    kind = np.where(u < p_reg, REGULATOR, np.where(u > 1.0 - p_pub, PUBLIC, LENDER))
    counts = np.bincount(kind, minlength=3)
    c = ctx.tally.counts
    c["complaints"] += int(who.size)
    np.add.at(ctx.b.complaints_made, who, 1)
    c["regulator_complaints"] += int(counts[REGULATOR])
    c["public_complaints"] += int(counts[PUBLIC])
    public = who[kind == PUBLIC]
    if public.size:
        ctx.social.public_today += int(public.size)
        np.add.at(ctx.social.grievance, ctx.b.community[public], 1.0)
    ctx.events.record(day, who, "complaint", kind, labels=COMPLAINT_KINDS)


def update_reputation(ctx: Context) -> None:
    """Public complaints today move reputation; grievance fades."""
    s, beh = ctx.social, ctx.behaviour
    per_10k = s.public_today * 10_000 / ctx.b.n
    r = (
        s.reputation
        + beh.reputation_recovery * (s.initial_reputation - s.reputation)
        - beh.public_complaint_impact * per_10k
    )
    s.reputation = float(min(1.0, max(0.0, r)))
    s.public_today = 0
    s.grievance *= 1.0 - beh.grievance_decay


def peer_default_share(ctx: Context) -> np.ndarray:
    """Share of each community 90+ days past due, in court or charged off."""
    b = ctx.b
    defaulted = (b.status == LEGAL) | (b.status == WRITTEN_OFF) | (b.status == SOLD)
    days = ctx.behaviour.peer_default_days
    active_late = (b.delinquent_since > CURRENT) & (ctx.day - b.delinquent_since >= days)
    sizes = ctx.social.community_sizes
    bad = np.bincount(b.community[defaulted | active_late], minlength=sizes.size)
    return bad / np.maximum(sizes, 1)


def trust_offset(ctx: Context, community: np.ndarray) -> np.ndarray:
    """Trust lost to public complaints seen in each borrower's community (<= 1)."""
    return np.minimum(1.0, ctx.behaviour.public_spread * ctx.social.grievance[community])


def reputation_stage(ctx: Context) -> None:
    """Today's public complaints move reputation; peers' defaults are seen once a month."""
    update_reputation(ctx)
    if ctx.day % MONTH == MONTH - 1:
        ctx.social.peer_default_share = peer_default_share(ctx)
