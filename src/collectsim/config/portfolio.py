"""Portfolio schema: the loan book, its borrowers and how they behave.

A portfolio lists products (credit cards, consumer loans, SME loans) with
their share of accounts, balance distribution and terms, the borrower mix
(income, savings, grades) and the behavioural parameters of the population.
Money in files is in currency units (e.g. yuan); the engine works in cents.

>>> p = load_portfolio("mixed")
>>> round(sum(prod.share for prod in p.products), 6)
1.0
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from collectsim.config.files import read_named
from collectsim.config.validation import Schema, validate

ProductKind = Literal["credit_card", "consumer_loan", "sme_loan"]
PRODUCT_KINDS: tuple[str, ...] = ("credit_card", "consumer_loan", "sme_loan")
GRADES: tuple[str, ...] = ("A", "B", "C", "D", "E")


class LogNormal(Schema):
    """A positive amount: lognormal with this median and log-scale spread."""

    median: float = Field(gt=0)
    sigma: float = Field(default=0.5, ge=0)


class Product(Schema):
    kind: ProductKind
    share: float = Field(ge=0, le=1)
    """share of accounts"""
    balance: LogNormal
    """outstanding balance at the start (currency units)"""
    income_correlation: float = Field(default=0.8, ge=0, le=1)
    """correlation of log balance with log income: lenders size loans to income"""
    annual_rate: float = Field(ge=0, le=1)
    """nominal annual interest rate (fraction)"""
    term_months: int = Field(default=0, ge=0)
    """remaining term for amortising loans; 0 for revolving (minimum payment)"""
    min_payment_share: float = Field(default=0.05, gt=0, le=1)
    """revolving only: monthly minimum payment as a share of the balance"""
    min_payment: float = Field(default=100.0, ge=0)
    """revolving only: the minimum payment is at least this much (currency units)"""
    late_fee: float = Field(default=50.0, ge=0)
    """fee charged on each missed due date (currency units)"""
    write_off_days: int = Field(default=180, gt=0)
    """days past due at which the account is charged off (FFIEC: 180 revolving, 120 instalment)"""


class PersonIncome(Schema):
    monthly_income: LogNormal = Field(default_factory=lambda: LogNormal(median=8000, sigma=0.5))
    expense_share: float = Field(default=0.50, ge=0, le=2)
    """essential monthly expenses as a share of income"""
    savings_months: LogNormal = Field(default_factory=lambda: LogNormal(median=0.8, sigma=1.0))
    """cash savings, in months of income"""
    unemployment_benefit_share: float = Field(default=0.3, ge=0, le=1)
    """income while unemployed, as a share of the wage"""
    assets_months: LogNormal = Field(default_factory=lambda: LogNormal(median=6, sigma=1.2))
    """seizable assets (a court can reach them), in months of income"""


class SmeFinances(Schema):
    monthly_revenue: LogNormal = Field(default_factory=lambda: LogNormal(median=60000, sigma=0.7))
    cost_share: float = Field(default=0.75, ge=0, le=2)
    """monthly costs as a share of expected revenue"""
    variable_cost_share: float = Field(default=0.5, ge=0, le=1)
    """share of those costs that move with revenue (materials, wages by the hour)"""
    revenue_volatility: float = Field(default=0.15, ge=0)
    """log-sd of the month-to-month revenue shock"""
    savings_months: LogNormal = Field(default_factory=lambda: LogNormal(median=0.5, sigma=0.8))
    assets_months: LogNormal = Field(default_factory=lambda: LogNormal(median=3, sigma=1.0))


class Borrowers(Schema):
    grade_shares: list[float] = Field(default_factory=lambda: [0.2, 0.3, 0.25, 0.15, 0.1])
    """share of borrowers in internal grades A (best) .. E (worst)"""
    grade_willingness: list[float] = Field(default_factory=lambda: [0.90, 0.82, 0.72, 0.55, 0.40])
    """mean willingness to repay (0..1) by grade A..E (assumption, calibrated)"""
    grade_trust: list[float] = Field(default_factory=lambda: [0.75, 0.68, 0.60, 0.52, 0.45])
    """mean trust in the lender (0..1) by grade A..E"""
    grade_savings_factor: list[float] = Field(default_factory=lambda: [1.6, 1.2, 1.0, 0.7, 0.4])
    """multiplier on savings by grade A..E"""
    person: PersonIncome = Field(default_factory=PersonIncome)
    sme: SmeFinances = Field(default_factory=SmeFinances)
    community_size: int = Field(default=100, gt=0)
    """borrowers per social community (peers who see each other's defaults and complaints)"""

    @model_validator(mode="after")
    def _grades(self) -> Borrowers:
        if len(self.grade_shares) != len(GRADES) or abs(sum(self.grade_shares) - 1) > 1e-6:
            raise ValueError("'grade_shares' as 5 shares (grades A..E) summing to 1")
        if any(s < 0 for s in self.grade_shares):
            raise ValueError("'grade_shares' >= 0")
        for name in ("grade_willingness", "grade_trust", "grade_savings_factor"):
            values = getattr(self, name)
            if len(values) != len(GRADES) or any(v < 0 for v in values):
                raise ValueError(f"'{name}' as 5 values >= 0 (grades A..E)")
        if any(v > 1 for v in self.grade_willingness + self.grade_trust):
            raise ValueError("'grade_willingness' and 'grade_trust' within 0..1")
        return self


class Behaviour(Schema):
    """Borrower psychology: the pay decision and reactions to contact.

    Most values are assumptions (no public source); see DOMAIN.md.
    """

    pay_logit_base: float = 4.0
    """log-odds that an able borrower with average attitudes pays when due"""
    pay_logit_willingness: float = 6.0
    """log-odds per unit of willingness above 0.5"""
    pay_logit_trust: float = 2.0
    pay_logit_resistance: float = 3.0
    pay_logit_stress: float = 1.5
    pay_logit_reputation: float = 2.0
    """log-odds per unit of the lender's reputation above where it started"""
    pay_logit_salience: float = 20.0
    """log-odds per unit of salience (the daily repayment intensity contact adds)"""
    pay_logit_peer_default: float = 3.0
    """log-odds lost per unit share of defaulted peers (Guiso et al.: knowing a defaulter
    makes strategic default 82% more likely)"""
    peer_default_days: int = Field(default=90, ge=1)
    """days past due from which peers see an account as defaulted (also in court or
    charged off)"""
    cure_intensity: float = Field(default=0.01, ge=0)
    """daily probability that a delinquent, able and willing borrower pays without contact"""
    payment_excitation: float = Field(default=0.01, ge=0)
    """salience a part payment adds (repayment excites repayment, Chehrazi et al.)"""
    reach_resistance: float = Field(default=0.5, ge=0, le=1)
    """share of a call's or visit's reach lost at full resistance"""
    salience_decay: float = Field(default=0.15, ge=0, le=1)
    """daily decay of the salience a contact creates (Chehrazi et al.'s kappa, per day)"""
    promise_days: int = Field(default=5, gt=0)
    """days between a promise to pay and its due date"""
    promise_share_of_spare_cash: float = Field(default=0.5, ge=0, le=1)
    """a promise is for this share of spare cash (at least an instalment, at most arrears)"""
    promise_unable_share: float = Field(default=0.05, ge=0, le=1)
    """how likely, relative to one who can, a borrower who cannot pay promises anyway"""
    promise_keep_base: float = Field(default=0.90, ge=0, le=1)
    """probability an able borrower of average willingness keeps a promise (calibrated so
    that, with the unable who promise anyway, 50-70% of promises are kept, as in the field)"""
    stress_decay: float = Field(default=0.02, ge=0, le=1)
    """daily easing of a past-due borrower's stress between contacts"""
    resistance_decay: float = Field(default=0.01, ge=0, le=1)
    """daily easing of a past-due borrower's resistance between contacts"""
    resistance_gain: float = Field(default=0.04, ge=0, le=1)
    """share of the remaining room to full resistance that each contact beyond the weekly
    comfort level, or in a firm tone, takes up"""
    trust_loss_broken_promise: float = Field(default=0.05, ge=0)
    trust_change_per_contact: float = Field(default=0.01, ge=0)
    """trust gained from a gentle contact, lost from a pushy one"""
    stress_shortfall: float = Field(default=0.15, ge=0, le=1)
    """stress added by a month short of money or a lost job"""
    stress_monthly_relief: float = Field(default=0.1, ge=0, le=1)
    """share of stress that eases in a month without a shortfall"""
    settlement_acceptance: float = Field(default=0.6, ge=0, le=1)
    """probability, at willingness 1, that an able borrower accepts an offered settlement"""
    plan_acceptance_hardship: float = Field(default=0.7, ge=0, le=1)
    """probability, at willingness 0.5, that a borrower short of cash accepts a plan"""
    plan_acceptance_other: float = Field(default=0.2, ge=0, le=1)
    holiday_acceptance: float = Field(default=0.6, ge=0, le=1)
    """probability, at willingness 0.5, that a borrower short of cash takes a holiday"""
    complaint_base: float = Field(default=0.001, ge=0, le=1)
    """probability a reached contact in a neutral tone draws a complaint from a calm borrower"""
    complaint_calm: float = Field(default=0.3, ge=0)
    complaint_stress: float = Field(default=2.0, ge=0)
    """complaint propensity scales with (complaint_calm + complaint_stress x stress)"""
    comfortable_contacts_per_week: int = Field(default=3, ge=0)
    """capped contacts a week a borrower takes without pushing back"""
    complaint_per_extra_contact: float = Field(default=0.25, ge=0)
    """added complaint propensity per capped contact beyond the comfortable number in a
    week (at most eight counted)"""
    complaint_violation_multiplier: float = Field(default=3.0, ge=1)
    complaint_unanswered_share: float = Field(default=0.2, ge=0, le=1)
    """an unanswered attempt annoys this much as an answered one"""
    complaint_max_probability: float = Field(default=0.03, ge=0, le=1)
    """no single attempt draws a complaint more often than this"""
    third_party_salience: float = Field(default=0.02, ge=0)
    third_party_stress: float = Field(default=0.1, ge=0, le=1)
    third_party_complaint_multiplier: float = Field(default=6.0, ge=0)
    regulator_share: float = Field(default=0.15, ge=0, le=1)
    """share of complaints taken to the regulator (more when a rule was broken)"""
    regulator_violation_multiplier: float = Field(default=2.0, ge=1)
    """the regulator's share of complaints multiplies by this after a broken rule"""
    public_share: float = Field(default=0.05, ge=0, le=1)
    """share of complaints made in public (social media), more under high stress"""
    public_stress_threshold: float = Field(default=0.6, ge=0, le=1)
    public_stress_multiplier: float = Field(default=3.0, ge=0)
    """public share x (1 + multiplier x stress above the threshold)"""
    public_complaint_impact: float = Field(default=0.01, ge=0)
    """reputation lost per public complaint per 10,000 borrowers"""
    reputation_recovery: float = Field(default=0.01, ge=0, le=1)
    """share of the gap to the initial reputation recovered each day"""
    grievance_decay: float = Field(default=0.02, ge=0, le=1)
    """daily fading of a community's grievance over public complaints"""
    public_spread: float = Field(default=0.05, ge=0)
    """trust lost by each peer in the community of a public complainer"""
    reserve_share: float = Field(default=0.3, ge=0, le=1)
    """share of a month's essential expenses a borrower keeps back before paying debt"""
    expense_shock_monthly: float = Field(default=0.06, ge=0, le=1)
    """monthly probability of an expense shock (illness, repair)"""
    expense_shock_size: LogNormal = Field(default_factory=lambda: LogNormal(median=0.5, sigma=0.7))
    """size of an expense shock, in months of income"""


class Portfolio(Schema):
    name: str
    description: str = ""
    currency: str = "CNY"
    initial_delinquent_share: float = Field(default=0.05, ge=0, le=1)
    """share of accounts already 1-89 days past due at day 0"""
    initial_reputation: float = Field(default=0.8, ge=0, le=1)
    non_accrual_days: int = Field(default=90, ge=1)
    """days past due from which interest stops accruing (90+: 'substandard', FFIEC)"""
    products: list[Product] = Field(min_length=1)
    borrowers: Borrowers = Field(default_factory=Borrowers)
    behaviour: Behaviour = Field(default_factory=Behaviour)

    @model_validator(mode="after")
    def _shares(self) -> Portfolio:
        total = sum(p.share for p in self.products)
        if abs(total - 1.0) > 1e-6:
            raise ValueError(f"product shares summing to 1 (they sum to {total:g})")
        return self


def load_portfolio(
    ref: str, *, referrer: str | Path | None = None, field: str | None = None
) -> Portfolio:
    path, data = read_named("portfolio", ref, referrer=referrer, field=field)
    return validate(Portfolio, data, path)
