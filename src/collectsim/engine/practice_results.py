"""The per-run metrics of the practices' levers and the outcomes they claim (declared in
:mod:`collectsim.metrics`, after the channel costs): early warning, cycle and response
times, cost per account resolved, collector productivity, self-cures, education,
credit reporting, and the customer relationship at the horizon."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from collectsim.engine.state import ACTIVE, CLOSED, CURRENT

if TYPE_CHECKING:
    from collectsim.engine.context import Context


def _ratio(a: float, b: float) -> float:
    return a / b if b else 0.0


def practice_metrics(ctx: Context, cost_cents: int) -> dict[str, float | int]:
    """The practices' metrics of a run at its horizon."""
    c = ctx.tally.counts
    lender = ctx.lender
    days = ctx.day + 1 - ctx.start
    collector_days = lender.strategy.capacity.collectors * lender.scale * days
    return {
        "first_payment_default": _ratio(c["first_missed"], c["first_dues"]),
        "roll_from_current": _ratio(c["current_missed"], c["current_dues"]),
        "flagged_miss_rate": _ratio(c["flagged_missed"], c["flagged_dues"]),
        "flagged_due_dates": c["flagged_dues"],
        "pre_due_contacts": c["pre_due_contacts"],
        "collection_cycle_days": _ratio(c["resolution_days"], c["resolutions"]),
        "response_days": _ratio(c["response_days"], c["responses"]),
        "cost_per_resolution": _ratio(cost_cents, c["resolutions"]) / 100,
        "collector_productivity": _ratio(c["collected"], collector_days) / 100,
        "self_cures": c["self_cures"],
        "service_sessions": c["service_sessions"],
        "cost_self_service": c["service_cost"] / 100,
        "lessons": c["lessons"],
        "cost_education": c["education_cost"] / 100,
        "reported_accounts": c["reported"],
        "disputes": c["disputes"],
        "cost_disputes": c["dispute_cost"] / 100,
        "record_cost_to_borrowers": c["reported"] * ctx.portfolio.relationship.record_cost,
        "days_to_legal": _ratio(c["legal_days"], c["legal_cases"]),
        "legal_recovered": c["court_recovered"] / 100,
        **relationship(ctx),
    }


def relationship(ctx: Context) -> dict[str, float | int]:
    """Trust and satisfaction among those collected on; the customers a cure kept."""
    b, rel = ctx.b, ctx.portfolio.relationship
    touched = (b.last_contact.max(axis=0) >= ctx.start) | (b.last_session >= ctx.start)
    collected_on = b.ever_delinquent & touched
    trust = b.trust[collected_on].astype(np.float64)
    calm = 1.0 - b.stress[collected_on].astype(np.float64)
    cured = b.ever_delinquent & (b.delinquent_since == CURRENT) & ~b.settled
    cured &= (b.status == ACTIVE) | (b.status == CLOSED)
    kept = int(np.count_nonzero(cured & (b.trust >= rel.retention_trust)))
    kept += ctx.tally.counts["departed_retained"]
    return {
        "relationship_trust": float(trust.mean()) if trust.size else 0.0,
        "relationship_satisfaction": float((trust * calm).mean()) if trust.size else 0.0,
        "retained_accounts": kept,
        "retention_value": kept * rel.retention_value,
    }
