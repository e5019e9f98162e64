"""Results of one run: every per-run metric and daily series, declared once with units.

Each :class:`Metric` names its unit and formula; the engine fills a
``dict[name -> value]`` in :data:`METRIC_NAMES` order and the runner writes
money with two decimals. Money is summed in integer cents in the engine and
converted to currency units only here, at the edge.

Glossary of the denominators:

- *opening receivables*: the book's total balance at day 0.

Why ``recovery_rate`` is not collected / balance at first delinquency: an
account that cures returns its whole balance to performing while only its
arrears count as collected, so that ratio rewards nothing. The share of the
money in collections that came back (collected, against collected plus
charged off plus still open) falls when losses rise, as it should.

>>> METRICS["recovery_rate"].unit
'fraction'
"""

from __future__ import annotations

from dataclasses import dataclass

from collectsim.channels import CHANNEL_NAMES


@dataclass(frozen=True)
class Metric:
    name: str
    unit: str
    """'currency' (two decimals), 'fraction', 'count' or 'index'"""
    formula: str
    higher_is_better: bool | None = True


_CORE = [
    Metric(
        "collected",
        "currency",
        "payments received on accounts while past due, incl. "
        "legal and agency recoveries (gross of commission)",
    ),
    Metric(
        "recovery_rate",
        "fraction",
        "collected / (collected + written_off + concessions + balance still past due, in court "
        "or with an agency at the end): the share of money in collections that came back",
    ),
    Metric("cost", "currency", "contact costs + legal costs + agency commission + fines", False),
    Metric(
        "net_recovery",
        "currency",
        "collected + debt_sale_proceeds - cost (cash; what settlements forgive shows in "
        "concessions and lowers recovery_rate)",
    ),
    Metric(
        "cure_rate",
        "fraction",
        "accounts past due at some time and current or paid off in full (not settled at a "
        "discount) at the end / accounts past due at some time",
    ),
    Metric("charge_off_rate", "fraction", "written_off / opening receivables", False),
    Metric(
        "complaints", "count", "all complaints (to the lender, the regulator, in public)", False
    ),
    Metric("regulator_complaints", "count", "complaints taken to the regulator", False),
    Metric("public_complaints", "count", "complaints made in public (social media)", False),
    Metric("complaints_per_10k", "index", "complaints per 10,000 borrowers over the run", False),
    Metric("reputation_final", "index", "the lender's reputation at the end, 0..1"),
    Metric("contacts", "count", "contact attempts carried out (every channel)", None),
    Metric("right_party_contact_rate", "fraction", "attempts that reached the borrower / attempts"),
    Metric("promises", "count", "promises to pay made", None),
    Metric("promise_kept_rate", "fraction", "promises kept / promises that fell due"),
    Metric("plans", "count", "instalment plans, payment holidays and settlements accepted", None),
    Metric("delinquent_accounts", "count", "accounts past due at any time in the run", False),
    Metric("blocked_contacts", "count", "attempts not made because a rule forbade them", None),
    Metric("violations", "count", "attempts made against a rule (strategy ignores rules)", False),
    Metric(
        "unmet_contacts",
        "count",
        "attempts the strategy wanted but capacity or budget did not allow",
        None,
    ),
    Metric("legal_cases", "count", "lawsuits filed", None),
    Metric("legal_cost", "currency", "court fees (sliding scale) + lawyer's fees", False),
    Metric("agency_commission", "currency", "commission paid to outside agencies", False),
    Metric("written_off", "currency", "balance charged off", False),
    Metric("debt_sale_proceeds", "currency", "price received for debt sold"),
    Metric("concessions", "currency", "settlement discounts and waived fees", False),
    Metric(
        "interest_waived",
        "currency",
        "interest not charged during payment holidays (mandated or offered)",
        False,
    ),
    Metric("fines", "currency", "regulator fines", False),
]
_CHANNEL_COSTS = [
    Metric(f"cost_{c}", "currency", f"cost of {c.replace('_', ' ')} attempts", False)
    for c in CHANNEL_NAMES
    if c not in ("litigation", "agency_placement")
]

METRICS: dict[str, Metric] = {m.name: m for m in _CORE + _CHANNEL_COSTS}
METRIC_NAMES: tuple[str, ...] = tuple(METRICS)

#: accounts by state, in the order plots stack them
BUCKETS: tuple[str, ...] = (
    "current",
    "dpd_1_29",
    "dpd_30_59",
    "dpd_60_89",
    "dpd_90_plus",
    "legal",
    "agency",
    "written_off",
    "closed",
)

#: daily model-level series (the DataCollector's reporters), day 0 .. horizon
DAILY_SERIES: dict[str, str] = {
    **{f"accounts_{b}": f"accounts in state '{b}' (count)" for b in BUCKETS},
    "collected_to_date": "cumulative collected (currency)",
    "cost_to_date": "cumulative cost (currency)",
    "complaints_to_date": "cumulative complaints (count)",
    "contacts_to_date": "cumulative contact attempts (count)",
    "reputation": "the lender's reputation (index 0..1)",
    "unemployment_rate": "the scenario's unemployment rate (fraction)",
}
DAILY_NAMES: tuple[str, ...] = tuple(DAILY_SERIES)
