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

from collectsim.engine.state import CURRENT, LEGAL, SOLD, WRITTEN_OFF

if TYPE_CHECKING:  # the model passes itself in; importing it here would be circular
    from collectsim.model import CollectionModel

LENDER, REGULATOR, PUBLIC = 0, 1, 2
COMPLAINT_KINDS = ("lender", "regulator", "public")


def record_complaints(
    m: CollectionModel,
    who: np.ndarray,
    stress: np.ndarray,
    violation: np.ndarray,
    day: int,
    sub: int,
) -> None:
    """Route complaints; ``sub`` (the channel) keeps each channel's draws apart."""
    beh = m.behaviour
    u = m.streams.uniform("complaint_kind", day, who, sub=sub)
    boost = np.where(violation, beh.regulator_violation_multiplier, 1.0)
    p_reg = np.minimum(1.0, beh.regulator_share * boost)
    distress = np.maximum(0.0, stress - beh.public_stress_threshold)
    p_pub = np.minimum(1.0, beh.public_share * (1.0 + beh.public_stress_multiplier * distress))
    kind = np.where(u < p_reg, REGULATOR, np.where(u > 1.0 - p_pub, PUBLIC, LENDER))
    counts = np.bincount(kind, minlength=3)
    m.counters["complaints"] += int(who.size)
    m.counters["regulator_complaints"] += int(counts[REGULATOR])
    m.counters["public_complaints"] += int(counts[PUBLIC])
    m.regulator_complaints_month += int(counts[REGULATOR])
    public = who[kind == PUBLIC]
    if public.size:
        m.public_today += int(public.size)
        np.add.at(m.grievance, m.b.community[public], 1.0)
    m.events.record(day, who, "complaint", kind, labels=COMPLAINT_KINDS)


def update_reputation(m: CollectionModel) -> None:
    """Public complaints today move reputation; grievance fades."""
    r0 = m.portfolio.initial_reputation
    per_10k = m.public_today * 10_000 / m.b.n
    beh = m.behaviour
    r = (
        m.reputation
        + beh.reputation_recovery * (r0 - m.reputation)
        - beh.public_complaint_impact * per_10k
    )
    m.reputation = float(min(1.0, max(0.0, r)))
    m.public_today = 0
    m.grievance *= 1.0 - beh.grievance_decay


def peer_default_share(m: CollectionModel) -> np.ndarray:
    """Share of each community 90+ days past due, in court or charged off."""
    b = m.b
    defaulted = (b.status == LEGAL) | (b.status == WRITTEN_OFF) | (b.status == SOLD)
    days = m.behaviour.peer_default_days
    active_late = (b.delinquent_since > CURRENT) & (m.day - b.delinquent_since >= days)
    bad = np.bincount(b.community[defaulted | active_late], minlength=m.community_sizes.size)
    return bad / np.maximum(m.community_sizes, 1)
