"""The day's observation: the book by delinquency bucket and the running totals.

What the model's DataCollector records each day (the state at the start of
the next day), one number per :data:`collectsim.metrics.DAILY_NAMES` entry.
Counting by status is cheap byte compares; only the late active accounts are
re-coded by days past due, so there is no full-array gather per day.
"""

from __future__ import annotations

import numpy as np

from collectsim.engine.context import Context
from collectsim.engine.state import ACTIVE, AGENCY, CLOSED, CURRENT, LEGAL, SOLD, WRITTEN_OFF
from collectsim.engine.valuation import book_value
from collectsim.metrics import BUCKETS

# bucket code per status: active accounts are re-coded by days past due
_STATUS_CODE = np.zeros(6, dtype=np.int64)
_STATUS_CODE[LEGAL] = BUCKETS.index("legal")
_STATUS_CODE[AGENCY] = BUCKETS.index("agency")
_STATUS_CODE[WRITTEN_OFF] = BUCKETS.index("written_off")
_STATUS_CODE[SOLD] = BUCKETS.index("written_off")
_STATUS_CODE[CLOSED] = BUCKETS.index("closed")


def cost_cents(ctx: Context) -> int:
    """What collecting has cost so far: contacts, legal, agency commission, fines; the
    collectors' and advisers' pay, training and agency audits; and the programmes
    (education, the self-service, disputes)."""
    t = ctx.ledger.totals
    people = t["wages"] + t["commission"] + t["training"] + t["agency_audit"]
    cost = t["contact_cost"] + t["legal_cost"] + t["agency_commission"] + t["fine"]
    return cost + people + t["programme_cost"]


def observe(ctx: Context, day: int) -> dict[str, float]:
    """The book at the start of ``day``, and totals so far."""
    b = ctx.b
    counts = np.zeros(len(BUCKETS), dtype=np.int64)
    for status, code in enumerate(_STATUS_CODE):
        counts[code] += np.count_nonzero(b.status == status)
    cand = ctx.late
    late = cand[(b.delinquent_since[cand] > CURRENT) & (b.status[cand] == ACTIVE)]
    dpd = day - b.delinquent_since[late]
    codes = 1 + np.minimum(dpd // 30, 3)
    counts[0] -= late.size
    counts += np.bincount(codes, minlength=len(BUCKETS))
    obs: dict[str, float] = {
        f"accounts_{name}": int(c) for name, c in zip(BUCKETS, counts, strict=True)
    }
    c, t = ctx.tally.counts, ctx.ledger.totals
    obs["economic_value_to_date"] = (
        ctx.ledger.cash + book_value(ctx, day) - ctx.opening_value
    ) / 100
    obs["losses_to_date"] = (t["write_off"] + t["concession"]) / 100
    obs["collected_to_date"] = c["collected"] / 100
    obs["cost_to_date"] = cost_cents(ctx) / 100
    obs["complaints_to_date"] = c["complaints"]
    obs["contacts_to_date"] = c["contacts"]
    obs["reputation"] = round(ctx.social.reputation, 6)
    obs["mean_stress"] = round(float(b.stress.mean()), 6)
    obs["unemployment_rate"] = round(float(ctx.economy.unemployment[day]), 6)
    return obs
