"""Per-run metrics, computed from the run's ledger, counters and book at the horizon.

Each metric is declared once, with unit, formula and direction, in
:mod:`collectsim.metrics`; this is where they are computed. The books are
checked to the cent first: a run whose ledger does not explain its balances
has a bug and reports nothing.
"""

from __future__ import annotations

from collectsim.channels import CHANNEL_INDEX
from collectsim.engine.context import Context
from collectsim.engine.observe import cost_cents
from collectsim.engine.practice_results import practice_metrics
from collectsim.engine.state import ACTIVE, AGENCY, CLOSED, CURRENT, LEGAL
from collectsim.engine.valuation import book_value, expected_loss
from collectsim.metrics import METRIC_NAMES


def _ratio(a: float, b: float) -> float:
    return a / b if b else 0.0


def run_metrics(ctx: Context) -> dict[str, float | int]:
    """Every metric of :data:`collectsim.metrics.METRIC_NAMES`, in that order."""
    b, t, c = ctx.b, ctx.ledger.totals, ctx.tally.counts
    ctx.ledger.check(b.balance)
    ever = b.ever_delinquent
    open_late = (b.delinquent_since > CURRENT) | (b.status == LEGAL) | (b.status == AGENCY)
    forgone = t["write_off"] + t["concession"] + int(b.balance[open_late].sum())
    resolved = c["collected"] + forgone
    cured = ever & (b.delinquent_since == CURRENT) & ~b.settled
    cured &= (b.status == ACTIVE) | (b.status == CLOSED)
    delinquent = int(ever.sum()) + c["departed_delinquent"]
    cost = cost_cents(ctx)
    practices = practice_metrics(ctx, cost)
    out: dict[str, float | int] = {
        **practices,
        **_value(ctx, practices["retention_value"]),
        **_harm(ctx, delinquent),
        "collected": c["collected"] / 100,
        "recovery_rate": c["collected"] / resolved if resolved else 0.0,
        "cost": cost / 100,
        "net_recovery": (c["collected"] + t["debt_sale"] - cost) / 100,
        "cure_rate": _ratio(int(cured.sum()) + c["departed_cured"], delinquent),
        "charge_off_rate": t["write_off"] / ctx.ledger.opening_receivables,
        "complaints": c["complaints"],
        "regulator_complaints": c["regulator_complaints"],
        "public_complaints": c["public_complaints"],
        "complaints_per_10k": c["complaints"] * 10_000 / b.n,
        "reputation_final": ctx.social.reputation,
        "contacts": c["contacts"],
        "right_party_contact_rate": c["reached"] / c["contacts"] if c["contacts"] else 0.0,
        "promises": c["promises"],
        "promise_kept_rate": c["promises_kept"] / c["promises_due"] if c["promises_due"] else 0.0,
        "plans": c["plans"],
        "delinquent_accounts": delinquent,
        "blocked_contacts": c["blocked_contacts"],
        "violations": c["violations"],
        "unmet_contacts": c["unmet_contacts"],
        "legal_cases": c["legal_cases"],
        "legal_cost": t["legal_cost"] / 100,
        "agency_commission": t["agency_commission"] / 100,
        "written_off": t["write_off"] / 100,
        "debt_sale_proceeds": t["debt_sale"] / 100,
        "concessions": t["concession"] / 100,
        "interest_waived": t["interest_waived"] / 100,
        "fines": t["fine"] / 100,
    }
    out["collector_cost"] = (t["wages"] + t["commission"]) / 100
    out["training_cost"] = t["training"] / 100
    for name in METRIC_NAMES:
        if name.startswith("cost_") and name[5:] in CHANNEL_INDEX:
            out[name] = int(ctx.tally.cost_by_channel[CHANNEL_INDEX[name[5:]]]) / 100
    return {name: out[name] for name in METRIC_NAMES}


def _value(ctx: Context, retention: float) -> dict[str, float | int]:
    """The value created (with the customers kept, ``retention`` in currency) and the
    losses, cured balances, the bad loans left."""
    b, t, c = ctx.b, ctx.ledger.totals, ctx.tally.counts
    day = ctx.day + 1  # the book at the start of the day after the last
    closing, left = book_value(ctx, day), expected_loss(ctx, day)
    dpd = day - b.delinquent_since
    bad = (b.delinquent_since > CURRENT) & (dpd >= 90) & (b.status == ACTIVE)
    bad |= (b.status == LEGAL) | (b.status == AGENCY)
    return {
        "economic_value": (ctx.ledger.cash + closing - ctx.opening_value) / 100 + retention,
        "loss_rate": _ratio(
            t["write_off"] + t["concession"] + left, ctx.ledger.opening_receivables
        ),
        "npl_ratio": _ratio(int(b.balance[bad].sum()), int(b.balance.sum())),
        "cured_balance": c["cured_balance"] / 100,
        "days_to_cure": _ratio(c["days_to_cure"], c["cures"]),
    }


def _harm(ctx: Context, delinquent: int) -> dict[str, float | int]:
    """What collection did to borrowers: high stress, stress and trust left, contacts."""
    b, c = ctx.b, ctx.tally.counts
    contacted = b.last_contact.max(axis=0) >= ctx.start
    on_book = b.n + c["new_accounts"]
    return {
        "high_stress_share": _ratio(int(b.stressed.sum()) + c["departed_stressed"], on_book),
        "stress_final": float(b.stress[contacted].mean()) if contacted.any() else 0.0,
        "trust_final": float(b.trust[contacted].mean()) if contacted.any() else 0.0,
        "contacts_per_delinquent": _ratio(c["contacts"], delinquent),
    }
