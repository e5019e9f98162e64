"""Strategy schema: what the lender does, as a file a strategy team edits.

A strategy is a *lever* in EMA Workbench's sense. Accounts are matched to the
first segment whose filters they meet (days past due, product, borrower type,
grade, the lender's risk-score band, balance, escalation); the segment's
treatments say which channel, how often and in what tone, and its offers what
the lender concedes. Capacity, compliance, legal, agencies, write-off and debt
sale complete it.

>>> s = load_strategy("standard")
>>> s.segments[0].days_past_due
[1, 14]
"""

from __future__ import annotations

import typing
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from collectsim.channels import CHANNEL_NAMES
from collectsim.config.coverage import check_coverage, check_shadowing
from collectsim.config.levers import Education, History, Reporting, SelfService, window_contains
from collectsim.config.limits import MAX_COUNT, MAX_DAYS, MAX_FACTOR, MAX_MONEY
from collectsim.config.paths import load_named
from collectsim.config.portfolio import GRADES, PRODUCT_KINDS
from collectsim.config.validation import Name, Schema, param
from collectsim.config.workforce import Workforce

ContactChannel = Literal[
    "sms",
    "online_message",
    "automated_call",
    "agent_call",
    "letter",
    "formal_notice",
    "field_visit",
    "lawyer_letter",
]
#: every channel: contacts, plus the two legal steps (typing flattens nested Literals)
ChannelName = Literal[ContactChannel, Literal["litigation", "agency_placement"]]  # noqa: RUF041
Tone = Literal["gentle", "neutral", "firm"]
BorrowerType = Literal["person", "sme"]
Grade = Literal["A", "B", "C", "D", "E"]
Learned = Literal["unknown", "cannot_pay", "can_pay"]
ProductKind = Literal["credit_card", "consumer_loan", "sme_loan"]
MAX_DPD = 10_000
#: days in the model's month: a due date is at most this many days away
MONTH = 30
#: most attempts, or days between attempts, a rule counts
MAX_ATTEMPTS = 1_000
DaysPastDue = Annotated[int, Field(ge=1, le=MAX_DPD)]
DaysToDue = Annotated[int, Field(ge=1, le=MONTH)]
CampaignDay = Annotated[int, Field(ge=0, le=MAX_DAYS)]
Probability = Annotated[float, Field(ge=0, le=1)]
#: a balance filter's bound: the default upper bound 1e15 matches every account
BalanceBound = Annotated[float, Field(ge=0, le=1e15)]
Days = Annotated[int, Field(ge=1, le=MAX_DAYS)]
Cost = Annotated[float, Field(ge=0, le=1e6)]
assert set(CHANNEL_NAMES) == set(typing.get_args(ChannelName))  # one list of channels
assert typing.get_args(ProductKind) == PRODUCT_KINDS and typing.get_args(Grade) == GRADES


def _every(kind: Any) -> Any:
    """A default factory for a filter that matches every value of a Literal type."""
    return lambda: list(typing.get_args(kind))


class Treatment(Schema):
    """One channel a segment uses, how often and in what tone."""

    channel: ChannelName
    """the channel (see channels.py for each one's reach, cost and effect)"""
    every_days: int = param(7, unit="days", ge=1, le=MAX_DAYS)
    """days between attempts on the same account"""
    tone: Tone = "neutral"
    """gentle, neutral or firm: firmer moves more borrowers to pay and to complain"""


class Offers(Schema):
    """What the lender concedes to accounts in a segment."""

    instalment_months: int = param(0, unit="months", ge=0, le=120)
    """restructure arrears and balance into a plan of this many months (0: no plan)"""
    payment_holiday_months: int = param(0, unit="months", ge=0, le=12)
    """months without instalments, interest waived (0: no holiday)"""
    settlement_discount: float = param(0.0, unit="fraction", ge=0, lt=1)
    """share of the balance forgiven if the borrower settles in full now"""
    fee_waiver: bool = False
    """waive late fees for a borrower who pays"""


class Segment(Schema):
    """Accounts matched by days past due and filters, and what the lender does to them."""

    name: Name
    """identifier, unique within the strategy"""
    days_past_due: list[DaysPastDue] | None = param(None, unit="days", min_length=2, max_length=2)
    """inclusive range [from, to] of the past-due accounts the segment works"""
    days_to_due: list[DaysToDue] | None = param(None, unit="days", min_length=2, max_length=2)
    """instead of days_past_due: current accounts whose next due date is [from, to] days away
    (early warning and prevention, before the due date; with score_band, those it flags)"""
    products: list[ProductKind] = Field(default_factory=_every(ProductKind))
    """products matched"""
    borrowers: list[BorrowerType] = Field(default_factory=_every(BorrowerType))
    """borrower types matched"""
    grades: list[Grade] = Field(default_factory=_every(Grade))
    """credit grades at origination matched"""
    score_band: list[Probability] = param(
        unit="probability", default_factory=lambda: [0.0, 1.0], min_length=2, max_length=2
    )
    """the lender's predicted repayment probability, inclusive range"""
    balance: list[BalanceBound] = param(
        unit="currency", default_factory=lambda: [0.0, 1e15], min_length=2, max_length=2
    )
    """outstanding balance, inclusive range"""
    escalated: bool | None = None
    """match only escalated (true) or only non-escalated (false) accounts; none: both"""
    learned: list[Learned] = Field(default_factory=_every(Learned))
    """what a conversation told the lender: 'unknown' (no talk yet), 'cannot_pay' (short of
    money), 'can_pay' (could pay, and did not): aim plans at the first, pressure at the last"""
    treatments: list[Treatment] = Field(default_factory=list)
    """channels used on matched accounts (none: the lender waits)"""
    offers: Offers = Field(default_factory=Offers)
    """concessions offered to matched accounts"""
    escalate_after_unanswered: int = param(0, unit="attempts", ge=0, le=MAX_ATTEMPTS)
    """mark the account escalated after this many unanswered attempts in a row (0: never)"""
    escalate_on_broken_promise: bool = False
    """mark the account escalated when it breaks a promise to pay"""
    history: History = Field(default_factory=History)
    """what the lender's records show: contacts answered without payment, broken promises and
    plans, past plans, complaints ([min, max] counts; stages that follow failure)"""
    campaign_days: list[CampaignDay] | None = param(None, unit="days", min_length=2, max_length=2)
    """a campaign bounded in time: the segment works only on these days of the horizon,
    [from, to] inclusive, day 0 first (none: always)"""

    @model_validator(mode="after")
    def _ranges(self) -> Segment:
        channels = [t.channel for t in self.treatments]
        repeated = sorted({c for c in channels if channels.count(c) > 1})
        if repeated:
            raise ValueError(
                f"each channel at most once per segment (repeated: {', '.join(repeated)}); "
                "use 'every_days' for frequency"
            )
        if (self.days_past_due is None) == (self.days_to_due is None):
            raise ValueError(
                "either 'days_past_due' (past-due accounts) or 'days_to_due' (current accounts "
                "before their due date), not both"
            )
        lo, hi = self.days_past_due or self.days_to_due or (1, 1)
        top, span = (MAX_DPD, "days_past_due") if self.days_past_due else (MONTH, "days_to_due")
        if not (1 <= lo <= hi <= top):
            raise ValueError(f"'{span}' as [from, to] with 1 <= from <= to <= {top}")
        legal = sorted({c for c in channels if c in ("litigation", "agency_placement")})
        if self.days_to_due and legal:
            raise ValueError(
                f"contact channels only before the due date (not {', '.join(legal)}: the "
                "account is not past due)"
            )
        if self.campaign_days is not None and self.campaign_days[0] > self.campaign_days[1]:
            raise ValueError(
                "'campaign_days' as [from, to] with from <= to (the campaign ends before it starts)"
            )
        if not (0 <= self.score_band[0] <= self.score_band[1] <= 1):
            raise ValueError("'score_band' as [low, high] within 0..1")
        if not (0 <= self.balance[0] <= self.balance[1]):
            raise ValueError("'balance' as [low, high] with 0 <= low <= high")
        for name in ("products", "borrowers", "grades", "learned"):
            if not getattr(self, name):
                raise ValueError(f"'{name}' not empty")
        return self

    def covers(self, other: Segment) -> bool:
        """True if this segment matches every account ``other`` matches (dpd aside)."""
        return (
            set(other.products) <= set(self.products)
            and set(other.borrowers) <= set(self.borrowers)
            and set(other.grades) <= set(self.grades)
            and set(other.learned) <= set(self.learned)
            and self.score_band[0] <= other.score_band[0]
            and other.score_band[1] <= self.score_band[1]
            and self.balance[0] <= other.balance[0]
            and other.balance[1] <= self.balance[1]
            and (self.escalated is None or self.escalated == other.escalated)
            and self.history.contains(other.history)
            and window_contains(self.campaign_days, other.campaign_days)
        )

    @property
    def pre_due(self) -> bool:
        """Whether the segment works current accounts before their due date."""
        return self.days_to_due is not None


class Capacity(Schema):
    """How much the lender can do a day or a month."""

    collectors: int = param(20, unit="people", ge=0, le=MAX_COUNT)
    """collectors making agent calls"""
    accounts_served: int = param(0, unit="accounts", ge=0, le=10**9)
    """the book the team above (collectors, visits, legal cases) serves: capacity scales with
    the simulated book in proportion, so a sample of a tenth of it gets a tenth of the team
    (0: the numbers above, whatever the book's size)"""
    calls_per_collector_per_day: int = param(110, unit="calls/day", ge=0, le=10_000)
    """agent call attempts one collector makes a day (field: 100-120)"""
    field_visits_per_day: int = param(5, unit="visits/day", ge=0, le=MAX_COUNT)
    """field visits the lender can make a day, in all"""
    legal_cases_per_month: int = param(50, unit="cases/month", ge=0, le=MAX_COUNT)
    """lawsuits the lender can file a month"""
    monthly_budget: float = param(0.0, unit="currency/month", ge=0, le=MAX_MONEY)
    """contact spending per calendar month of 30 days (0: unlimited)"""


class Compliance(Schema):
    """Whether and how the lender keeps to the rules of conduct."""

    respects_rules: bool = True
    """false: a treatment that breaks a rule is carried out and counted as a violation"""
    max_calls_and_visits_per_week: int | None = param(
        None, unit="attempts/week", ge=0, le=MAX_ATTEMPTS
    )
    """the lender's own cap on call attempts and field visits per borrower in any 7 days,
    tighter than the regulation's (none: the regulation's)"""
    max_contacts_per_week: int | None = param(None, unit="attempts/week", ge=0, le=MAX_ATTEMPTS)
    """the lender's own cap on contact attempts per borrower in any 7 days, counted on the
    channels the regulation's contact_cap_channels lists, written ones included (none: no
    cap of its own)"""
    third_party_contact: bool = False
    """reach an unreachable borrower through relatives and contacts (a violation where banned)"""


class RiskScore(Schema):
    """The lender's prediction of who will repay, which ranks accounts for scarce capacity."""

    auc: float = param(0.70, unit="AUC", ge=0.5, le=1.0)
    """accuracy of the lender's repayment prediction, as the AUC it aims for"""
    calibration_accounts: int = Field(default=5000, ge=100, le=1_000_000)
    """accounts (the first of the book) on which the score's noise is set to reach the AUC"""


class Legal(Schema):
    """Lawsuits: their cost, length and what a judgment recovers."""

    lawyer_fee: float = param(3000.0, unit="currency", ge=0, le=MAX_MONEY)
    """lawyer's fee per case (court fees follow the sliding scale)"""
    duration_days: list[Days] = param(
        unit="days", default_factory=lambda: [60, 180], min_length=2, max_length=2
    )
    """shortest and longest time from filing to judgment, [min, max]"""
    success_probability: float = param(0.85, unit="probability", ge=0, le=1)
    """chance a case ends in a judgment for the lender"""
    recovery_share: float = param(0.4, unit="fraction", ge=0, le=1)
    """share of the borrower's seizable assets and cash a judgment recovers"""
    asset_preservation: bool = False
    """freeze assets at filing: a judgment then recovers more (see preservation_multiplier)"""
    preservation_multiplier: float = param(2.0, unit="factor", ge=1, le=MAX_FACTOR)
    """with asset preservation, the recovery share is multiplied by this (capped at 1)"""

    @model_validator(mode="after")
    def _duration(self) -> Legal:
        if not (1 <= self.duration_days[0] <= self.duration_days[1]):
            raise ValueError("'duration_days' as [min, max] with 1 <= min <= max")
        return self


class Agency(Schema):
    """Outside collection agencies: what they cost and how much more they collect."""

    commission: float = param(0.30, unit="fraction", ge=0, le=1)
    """share of amounts the agency collects (field: 20-40%, up to 50% legal)"""
    effectiveness: float = param(3.0, unit="factor", ge=0, le=MAX_FACTOR)
    """multiplier on the borrower's daily repayment intensity while placed"""
    placement_days: int = param(120, unit="days", ge=1, le=MAX_DAYS)
    """how long an account stays with the agency before it is recalled"""


class WriteOff(Schema):
    """When the lender charges an account off."""

    days_past_due: int = param(0, unit="days", ge=0, le=MAX_DPD)
    """charge off at this many days past due (0: each product's own rule)"""


class DebtSale(Schema):
    """Selling charged-off debt to a buyer."""

    enabled: bool = False
    """sell accounts at write-off instead of keeping them"""
    price_fraction: float = param(0.08, unit="fraction", ge=0, le=1)
    """sale price as a share of face value, at write-off (field: 4-17%)"""


class Strategy(Schema):
    """What the lender does: segments of accounts and their treatments, within its means."""

    name: Name
    """identifier, shown in results and reports"""
    description: str = ""
    """the practice it models, in a sentence"""
    priority: Literal["expected_recovery", "expected_loss", "swing", "balance", "days_past_due"] = (
        "expected_recovery"
    )
    """which accounts get scarce capacity first: the highest expected recovery (score x
    balance), expected loss ((1 - score) x balance), 'swing' (score x (1 - score) x balance:
    the accounts on the fence, whom a contact is likeliest to move), balance, or days past
    due"""
    segments: list[Segment] = Field(min_length=1)
    """first match wins; together they cover every days past due from 1"""
    capacity: Capacity = Field(default_factory=Capacity)
    compliance: Compliance = Field(default_factory=Compliance)
    risk_score: RiskScore = Field(default_factory=RiskScore)
    costs: dict[ContactChannel, Cost] = param(unit="currency/attempt", default_factory=dict)
    """per-attempt cost overrides (legal costs are set in [legal], agency costs are its
    commission)"""
    legal: Legal = Field(default_factory=Legal)
    agency: Agency = Field(default_factory=Agency)
    write_off: WriteOff = Field(default_factory=WriteOff)
    debt_sale: DebtSale = Field(default_factory=DebtSale)
    # -- the lender's people (config/workforce.py) --
    workforce: Workforce = Field(default_factory=Workforce)
    """collector teams, legal advisers, the agency's conduct (no teams: capacity.collectors
    reference collectors)"""
    education: Education = Field(default_factory=Education)
    """customer education: lessons that raise willingness and lower disputes, at a cost"""
    reporting: Reporting = Field(default_factory=Reporting)
    """credit-bureau reporting of delinquency: a deterrent, disputes, a record"""
    self_service: SelfService = Field(default_factory=SelfService)
    """a 24-hour AI service borrowers reach themselves"""

    @model_validator(mode="after")
    def _segments(self) -> Strategy:
        names = [s.name for s in self.segments]
        dup = {n for n in names if names.count(n) > 1}
        if dup:
            raise ValueError(f"unique segment names (repeated: {', '.join(sorted(dup))})")
        if any(c < 0 for c in self.costs.values()):
            raise ValueError("'costs' >= 0")
        check_coverage(self.segments)
        check_shadowing(self.segments)
        return self


def load_strategy(
    ref: str,
    *,
    referrer: str | Path | None = None,
    field: str | None = None,
    name: str | None = None,
    overrides: dict[str, Any] | None = None,
) -> Strategy:
    """Load a strategy preset or file, optionally renamed and with dotted overrides
    (``compliance.max_contacts_per_week = 3``; segments by name or position)."""
    return load_named(
        "strategy", Strategy, ref, referrer=referrer, field=field, name=name, overrides=overrides
    )
