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
from typing import Annotated, Literal

from pydantic import Field, model_validator

from collectsim.config.behaviour import Behaviour, LogNormal
from collectsim.config.files import read_named
from collectsim.config.levers import Relationship, Screening
from collectsim.config.limits import MAX_DAYS, MAX_MONEY
from collectsim.config.validation import Name, Schema, param, validate

ProductKind = Literal["credit_card", "consumer_loan", "sme_loan"]
PRODUCT_KINDS: tuple[str, ...] = ("credit_card", "consumer_loan", "sme_loan")
GRADES: tuple[str, ...] = ("A", "B", "C", "D", "E")
Share = Annotated[float, Field(ge=0, le=1)]
Factor = Annotated[float, Field(ge=0, le=100)]
Amount = Annotated[float, Field(ge=0, le=MAX_MONEY)]


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
    term_months: int = Field(default=0, ge=0, le=600)
    """remaining term for amortising loans; 0 for revolving (minimum payment)"""
    min_payment_share: float = Field(default=0.05, gt=0, le=1)
    """revolving only: monthly minimum payment as a share of the balance"""
    min_payment: float = Field(default=100.0, ge=0, le=MAX_MONEY)
    """revolving only: the minimum payment is at least this much (currency units)"""
    late_fee: float = Field(default=50.0, ge=0, le=MAX_MONEY)
    """fee charged on each missed due date (currency units)"""
    write_off_days: int = Field(default=180, gt=0, le=MAX_DAYS)
    """days past due at which the account is charged off (FFIEC: 180 revolving, 120 instalment)"""


class PersonIncome(Schema):
    monthly_income: LogNormal = Field(default_factory=lambda: LogNormal(median=8000, sigma=0.5))
    expense_share: float = Field(default=0.50, ge=0, le=2)
    """median essential monthly expenses as a share of income"""
    expense_share_spread: float = param(0.364, unit="log-odds sd", ge=0, le=5)
    """spread of households' expense shares (sd of their log-odds): some live with room to
    spare, some on the edge, and a downturn pushes the latter under first"""
    savings_months: LogNormal = Field(default_factory=lambda: LogNormal(median=0.8, sigma=1.0))
    """cash savings, in months of income"""
    unemployment_benefit_share: float = Field(default=0.64, ge=0, le=1)
    """income while unemployed, as a share of the wage"""
    assets_months: LogNormal = Field(default_factory=lambda: LogNormal(median=6, sigma=1.2))
    """seizable assets (a court can reach them), in months of income"""


class SmeFinances(Schema):
    monthly_revenue: LogNormal = Field(default_factory=lambda: LogNormal(median=60000, sigma=0.7))
    cost_share: float = Field(default=0.75, ge=0, le=2)
    """monthly costs as a share of expected revenue"""
    variable_cost_share: float = Field(default=0.5, ge=0, le=1)
    """share of those costs that move with revenue (materials, wages by the hour)"""
    revenue_volatility: float = Field(default=0.15, ge=0, le=3)
    """log-sd of the month-to-month revenue shock"""
    savings_months: LogNormal = Field(default_factory=lambda: LogNormal(median=0.5, sigma=0.8))
    assets_months: LogNormal = Field(default_factory=lambda: LogNormal(median=3, sigma=1.0))


class Borrowers(Schema):
    grade_shares: list[Share] = Field(default_factory=lambda: [0.2, 0.3, 0.25, 0.15, 0.1])
    """share of borrowers in internal grades A (best) .. E (worst)"""
    grade_willingness: list[Share] = Field(default_factory=lambda: [0.90, 0.82, 0.72, 0.55, 0.40])
    """mean willingness to repay (0..1) by grade A..E (assumption, calibrated)"""
    grade_trust: list[Share] = Field(default_factory=lambda: [0.75, 0.68, 0.60, 0.52, 0.45])
    """mean trust in the lender (0..1) by grade A..E"""
    grade_savings_factor: list[Factor] = Field(default_factory=lambda: [1.6, 1.2, 1.0, 0.7, 0.4])
    """multiplier on savings by grade A..E"""
    person: PersonIncome = Field(default_factory=PersonIncome)
    sme: SmeFinances = Field(default_factory=SmeFinances)
    excess_savings_spent: float = param(0.5, unit="1/month", ge=0, le=1)
    """share of cash above a borrower's usual savings (the savings drawn at the start)
    spent each month: households consume, so savings stay near their level"""
    community_size: int = Field(default=100, gt=0, le=1_000_000)
    """borrowers per social community (peers who see each other's defaults and complaints)"""
    willingness_spread: float = param(0.6, unit="log-odds sd", ge=0, le=5)
    """spread of willingness around its grade's median (sd of its log-odds)"""
    trust_spread: float = param(0.6, unit="log-odds sd", ge=0, le=5)
    """spread of trust around its grade's median (sd of its log-odds)"""
    initial_stress: float = param(0.08, unit="0..1", ge=0, le=1)
    """median stress of a new borrower, the level it eases back to (assumption, no field
    source: the level a borrower's stress settled at when it eased to zero, ~0.1)"""
    stress_spread: float = param(0.8, unit="log-odds sd", ge=0, le=5)
    """spread of stress around its median (sd of its log-odds)"""
    resistance_base: float = param(0.1, unit="0..1", ge=0, le=1)
    """median resistance to collection at grade A"""
    resistance_per_grade: float = param(0.05, unit="0..1 per grade", ge=0, le=0.2)
    """median resistance added per grade below A"""
    resistance_spread: float = param(0.85, unit="log-odds sd", ge=0, le=5)
    """spread of resistance around its grade's median (sd of its log-odds)"""
    inattention: float = param(0.051, unit="probability", ge=0, le=1)
    """median chance that a borrower overlooks a due date nobody reminded them of"""
    inattention_spread: float = param(1.0, unit="log-odds sd", ge=0, le=5)
    """spread of inattention across borrowers (sd of its log-odds)"""

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


class CourtFees(Schema):
    """Court acceptance fees for a money claim, on a sliding scale, in the portfolio's
    currency. Defaults: China's scale for property cases (诉讼费用交纳办法, 2007), in yuan."""

    flat_fee: float = param(50.0, unit="currency", ge=0, le=MAX_MONEY)
    """fee for a claim up to ``flat_up_to``"""
    flat_up_to: float = param(10_000.0, unit="currency", ge=0, le=MAX_MONEY)
    """the largest claim that pays only the flat fee"""
    bands: list[list[Amount]] = Field(
        default_factory=lambda: [
            [100_000.0, 0.025],
            [200_000.0, 0.02],
            [500_000.0, 0.015],
            [1_000_000.0, 0.01],
        ]
    )
    """[upper bound of the band (currency), marginal rate (fraction)], in increasing order"""
    top_rate: float = param(0.009, unit="fraction", ge=0, le=1)
    """marginal rate above the last band"""

    @model_validator(mode="after")
    def _bands(self) -> CourtFees:
        lower = self.flat_up_to
        for band in self.bands:
            if len(band) != 2 or band[0] <= lower or not (0 <= band[1] <= 1):
                raise ValueError(
                    "'bands' as [upper bound, rate] pairs with increasing upper bounds above "
                    "'flat_up_to' and rates within 0..1"
                )
            lower = band[0]
        return self


class ExpectedLoss(Schema):
    """Share of an open balance the lender expects to lose, by the account's state: how the
    book is valued at day 0 and at the horizon (IFRS 9's convention: 12-month loss while
    performing, lifetime loss from 30 and from 90 days past due). Defaults: the chance of
    reaching charge-off implied by card-trust roll rates (about 0.26, 0.75, 0.87 a month)
    times a loss given default of 0.8 (issuers recover 11-32% of charge-offs); UK card books
    carry 1-2% on performing, 17-32% in stage 2, 49-82% in stage 3 (Barclays, Lloyds)."""

    current: float = param(0.02, unit="fraction", ge=0, le=1)
    """performing accounts (stage 1)"""
    restructured: float = param(0.15, unit="fraction", ge=0, le=1)
    """current on an instalment plan or a payment holiday (re-aged accounts default again
    about 22% of the time within two years, Agarwal et al. 2008)"""
    dpd_1_29: float = param(0.12, unit="fraction", ge=0, le=1)
    """1-29 days past due"""
    dpd_30_59: float = param(0.45, unit="fraction", ge=0, le=1)
    """30-59 days past due (stage 2)"""
    dpd_60_89: float = param(0.65, unit="fraction", ge=0, le=1)
    """60-89 days past due (stage 2)"""
    dpd_90_plus: float = param(0.75, unit="fraction", ge=0, le=1)
    """90 days past due or more (stage 3)"""
    legal: float = param(0.70, unit="fraction", ge=0, le=1)
    """in court"""
    agency: float = param(0.80, unit="fraction", ge=0, le=1)
    """placed with an outside agency"""


class Book(Schema):
    """How the book stays in steady state: seasoned loans at the start, accounts that leave
    replaced by new ones, and a burn-in under the lender's usual strategy before day 0."""

    seasoned: bool = True
    """term loans start part repaid (months paid uniform over the term), as a running book"""
    replace_exits: bool = True
    """an account that leaves the book (paid off, settled, charged off, sold) is replaced on
    its next cycle day by a new borrower with a new loan of the portfolio's mix"""
    burn_in_days: int = param(270, unit="days", ge=0, le=3650, multiple_of=30)
    """days the book runs under ``business_as_usual`` before day 0, so that day 0 finds
    delinquency in steady state (0: none; a multiple of the 30-day month)"""
    business_as_usual: str = "standard"
    """the strategy (preset name or path) the lender ran before day 0"""
    card_attrition: float = param(0.15, unit="1/year", ge=0, le=2)
    """yearly rate at which holders of current cards pay them off and leave (attrition to
    other lenders, cards no longer used); assumption: 10-20% a year is what card issuers
    report as voluntary attrition. Without it a revolving book never turns over, and its
    steady state would hold only borrowers who never default"""
    loan_prepayment: float = param(0.10, unit="1/year", ge=0, le=2)
    """yearly rate at which current term loans are repaid early (assumption: consumer
    instalment loans prepay at 10-25% a year; the lower end, as a collections book is
    weighted to weaker borrowers)"""
    stationary_pilot_borrowers: int = param(20_000, unit="borrowers", ge=0, le=1_000_000)
    """size of the pilot book on which the hazard of default is fitted, to draw the opening
    book in its stationary mix (engine.stationary); 0: draw it as new loans are drawn"""
    stationary_pilot_days: int = param(360, unit="days", ge=30, le=3650, multiple_of=30)
    """days the pilot book runs under business as usual"""


class Portfolio(Schema):
    name: Name
    description: str = ""
    currency: str = "CNY"
    initial_delinquent_share: float = Field(default=0.05, ge=0, le=1)
    """share of accounts already past due at day 0 (1 to initial_days_past_due_max days)"""
    initial_days_past_due_max: int = param(89, unit="days", ge=1, le=10_000)
    """the most days past due an account is behind at day 0 (uniform from 1)"""
    initial_late_stress: float = param(0.2, unit="0..1", ge=0, le=1)
    """stress added to borrowers already behind at day 0"""
    initial_late_savings_share: float = param(0.25, unit="fraction", ge=0, le=1)
    """share of their savings left to borrowers already behind at day 0 (the less able)"""
    expected_loss: ExpectedLoss = Field(default_factory=ExpectedLoss)
    """loss expected on open balances by state: the value of the book"""
    book: Book = Field(default_factory=Book)
    """steady state: seasoning, replacement of accounts that leave, burn-in"""
    court_fees: CourtFees = Field(default_factory=CourtFees)
    """court fees in this book's jurisdiction and currency"""
    screening: Screening = Field(default_factory=Screening)
    """how strict pre-loan assessment was: the mix of grades and borrower types"""
    relationship: Relationship = Field(default_factory=Relationship)
    """what a kept customer is worth to the lender, and a credit record costs its borrower"""
    initial_reputation: float = Field(default=0.8, ge=0, le=1)
    non_accrual_days: int = Field(default=90, ge=1, le=MAX_DAYS)
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
