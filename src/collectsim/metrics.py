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

>>> METRICS["recovery_rate"].unit, METRICS["cost"].direction.name
('fraction', 'MINIMIZE')
>>> DAILY_SERIES["cost_to_date"].unit
'currency'
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from collectsim.channels import CHANNEL_NAMES


class Direction(Enum):
    """Which way is better: what budgets (floor or cap), tables and plots read."""

    MAXIMIZE = "maximize"
    MINIMIZE = "minimize"
    INFO = "info"
    """neither: a count that describes the run (contacts made, promises)"""


MAX, MIN, INFO = Direction.MAXIMIZE, Direction.MINIMIZE, Direction.INFO


@dataclass(frozen=True)
class Metric:
    """One number per run."""

    name: str
    unit: str
    """'currency' (two decimals), 'fraction', 'count', 'index' (0..1), 'days' or 'ratio'"""
    formula: str
    direction: Direction = MAX


_CORE = [
    Metric(
        "economic_value",
        "currency",
        "what the book returned over the horizon, as a lender counts it: cash in (every "
        "payment, recoveries, debt-sale proceeds) - collection cost (contacts, legal, agency "
        "commission, fines, collector_cost, training_cost, agency audits, programmes) - money "
        "lent (new loans, card purchases) + the book's value at the horizon - its value at "
        "day 0, each open balance valued net of the loss expected in its state (the "
        "portfolio's [expected_loss]) + retention_value",
    ),
    Metric(
        "loss_rate",
        "fraction",
        "(written off + concessions + loss expected on the book at the horizon) / receivables "
        "at day 0",
        MIN,
    ),
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
    Metric(
        "cost",
        "currency",
        "contact costs + legal costs + agency commission + fines + collector_cost + "
        "training_cost + agency audits + programmes (education, the self-service, handling "
        "disputes)",
        MIN,
    ),
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
    Metric("charge_off_rate", "fraction", "written_off / opening receivables", MIN),
    Metric(
        "npl_ratio",
        "fraction",
        "balance 90+ days past due, in court or with an agency / open balance, at the horizon",
        MIN,
    ),
    Metric(
        "cured_balance",
        "currency",
        "balance of past-due accounts when they were paid up to date (plans aside)",
    ),
    Metric(
        "days_to_cure",
        "days",
        "mean days past due of accounts when they were paid up to date, among those that were",
        MIN,
    ),
    Metric("complaints", "count", "all complaints (to the lender, the regulator, in public)", MIN),
    Metric("regulator_complaints", "count", "complaints taken to the regulator", MIN),
    Metric("public_complaints", "count", "complaints made in public (social media)", MIN),
    Metric("complaints_per_10k", "index", "complaints per 10,000 borrowers over the run", MIN),
    Metric("reputation_final", "index", "the lender's reputation at the end, 0..1"),
    Metric(
        "high_stress_share",
        "fraction",
        "borrowers whose stress reached the high-stress threshold in the horizon / borrowers "
        "on the book in the horizon (borrower harm)",
        MIN,
    ),
    Metric(
        "stress_final",
        "index",
        "mean stress at the horizon of the borrowers contacted in the horizon, 0..1",
        MIN,
    ),
    Metric(
        "trust_final",
        "index",
        "mean trust in the lender at the horizon of the borrowers contacted in the horizon, 0..1",
    ),
    Metric(
        "contacts_per_delinquent",
        "ratio",
        "contact attempts / accounts past due at any time in the horizon",
        INFO,
    ),
    Metric("contacts", "count", "contact attempts carried out (every channel)", INFO),
    Metric("right_party_contact_rate", "fraction", "attempts that reached the borrower / attempts"),
    Metric("promises", "count", "promises to pay made", INFO),
    Metric("promise_kept_rate", "fraction", "promises kept / promises that fell due"),
    Metric("plans", "count", "instalment plans, payment holidays and settlements accepted", INFO),
    Metric("delinquent_accounts", "count", "accounts past due at any time in the run", MIN),
    Metric("blocked_contacts", "count", "attempts not made because a rule forbade them", INFO),
    Metric("violations", "count", "attempts made against a rule (strategy ignores rules)", MIN),
    Metric(
        "unmet_contacts",
        "count",
        "attempts the strategy wanted but capacity or budget did not allow",
        INFO,
    ),
    Metric("legal_cases", "count", "lawsuits filed", INFO),
    Metric("legal_cost", "currency", "court fees (sliding scale) + lawyer's fees", MIN),
    Metric("agency_commission", "currency", "commission paid to outside agencies", MIN),
    Metric("written_off", "currency", "balance charged off", MIN),
    Metric("debt_sale_proceeds", "currency", "price received for debt sold"),
    Metric("concessions", "currency", "settlement discounts and waived fees", MIN),
    Metric(
        "interest_waived",
        "currency",
        "interest not charged during payment holidays (mandated or offered)",
        MIN,
    ),
    Metric("fines", "currency", "regulator fines", MIN),
]
_CHANNEL_COSTS = [
    Metric(f"cost_{c}", "currency", f"cost of {c.replace('_', ' ')} attempts", MIN)
    for c in CHANNEL_NAMES
    if c not in ("litigation", "agency_placement")
]

#: the lender's people (engine/teams.py, engine/conduct.py): inside cost and economic_value
_WORKFORCE = [
    Metric(
        "collector_cost",
        "currency",
        "wages of collectors and legal advisers + collectors' commission and scorecard "
        "bonuses (a strategy without teams pays its collectors through the cost of calls)",
        MIN,
    ),
    Metric("training_cost", "currency", "collectors' training", MIN),
]
#: the outcomes the five practices claim, and their levers' costs (engine/practice_results.py)
_PRACTICES = [
    Metric(
        "first_payment_default",
        "fraction",
        "first due dates missed / first due dates, of loans made after the opening book",
        MIN,
    ),
    Metric(
        "roll_from_current",
        "fraction",
        "due dates missed by accounts current before them / due dates of current accounts",
        MIN,
    ),
    Metric(
        "flagged_miss_rate",
        "fraction",
        "due dates missed / due dates an early-warning (pre-due) segment flagged",
        MIN,
    ),
    Metric("flagged_due_dates", "count", "due dates an early-warning segment flagged", INFO),
    Metric("pre_due_contacts", "count", "contact attempts before the due date", INFO),
    Metric(
        "collection_cycle_days",
        "days",
        "mean days past due when a spell behind ended (cured, plan, settlement, charge-off), "
        "over spells that ended",
        MIN,
    ),
    Metric(
        "response_days",
        "days",
        "mean days past due at the lender's first answer in a spell behind (a talk with a "
        "person, or a self-service session), over spells answered",
        MIN,
    ),
    Metric("cost_per_resolution", "currency", "cost / spells behind that ended", MIN),
    Metric(
        "collector_productivity",
        "currency",
        "collected / collector-days (collectors x the book's share of the team x days)",
    ),
    Metric(
        "self_cures",
        "count",
        "spells behind cured with no talk with a person of the lender (reminders and the "
        "self-service only)",
    ),
    Metric("service_sessions", "count", "self-service sessions borrowers opened", INFO),
    Metric("cost_self_service", "currency", "cost of self-service sessions", MIN),
    Metric("lessons", "count", "education lessons read", INFO),
    Metric("cost_education", "currency", "cost of education lessons sent", MIN),
    Metric("reported_accounts", "count", "accounts reported to the credit bureau", INFO),
    Metric("disputes", "count", "credit reports disputed by their borrowers", MIN),
    Metric("cost_disputes", "currency", "cost of handling disputes", MIN),
    Metric(
        "record_cost_to_borrowers",
        "currency",
        "reported_accounts x the portfolio's relationship.record_cost: what the bad records "
        "cost their borrowers after the horizon (borrower harm; not in economic_value)",
        MIN,
    ),
    Metric("days_to_legal", "days", "mean days past due when a lawsuit was filed", INFO),
    Metric("legal_recovered", "currency", "recovered by judgments (part of collected)"),
    Metric(
        "relationship_trust",
        "index",
        "mean trust at the horizon of the borrowers collected on (behind at some time in the "
        "horizon and contacted), 0..1",
    ),
    Metric(
        "relationship_satisfaction",
        "index",
        "mean of trust x (1 - stress) at the horizon of the borrowers collected on, 0..1: "
        "trusting the lender and not distressed by it (assumption: no survey to fit)",
    ),
    Metric(
        "retained_accounts",
        "count",
        "accounts behind at some time, cured (or paid off) with trust at least "
        "relationship.retention_trust",
    ),
    Metric(
        "retention_value",
        "currency",
        "retained_accounts x the portfolio's relationship.retention_value (in economic_value)",
    ),
]

METRICS: dict[str, Metric] = {m.name: m for m in _CORE + _CHANNEL_COSTS + _WORKFORCE + _PRACTICES}
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

#: the metrics read first: the command line's table, the report's head tables and forest
#: plot, and the sensitivity table, in this order
HEADLINE: tuple[str, ...] = (
    "economic_value",
    "loss_rate",
    "cost",
    "complaints_per_10k",
    "high_stress_share",
    "reputation_final",
)


@dataclass(frozen=True)
class Series:
    """One number per run and day (a column of ``daily.csv``)."""

    name: str
    unit: str
    """'currency', 'count', 'fraction' (0..1) or 'index' (0..1)"""
    label: str
    """what it is, short enough for an axis or a title"""
    direction: Direction = INFO


#: daily model-level series (the DataCollector's reporters), day 0 .. horizon
DAILY_SERIES: dict[str, Series] = {
    s.name: s
    for s in (
        *(Series(f"accounts_{b}", "count", f"accounts in state '{b}'") for b in BUCKETS),
        Series("economic_value_to_date", "currency", "value created so far", MAX),
        Series("losses_to_date", "currency", "written off and conceded so far", MIN),
        Series("collected_to_date", "currency", "cumulative collected", MAX),
        Series("cost_to_date", "currency", "cumulative cost", MIN),
        Series("complaints_to_date", "count", "cumulative complaints", MIN),
        Series("contacts_to_date", "count", "cumulative contact attempts"),
        Series("reputation", "index", "reputation", MAX),
        Series("mean_stress", "index", "borrowers' mean stress", MIN),
        Series("unemployment_rate", "fraction", "unemployment rate"),
    )
}
DAILY_NAMES: tuple[str, ...] = tuple(DAILY_SERIES)

assert set(HEADLINE) <= set(METRICS)
