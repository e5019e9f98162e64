"""The practices' levers beyond contact: education, credit reporting, a self-service, and what
the lender's records show; the book's screening and what a kept relationship is worth.

Strategy side (what the lender does, each off unless switched on, so a strategy that does
not name a lever behaves as before):

- ``[education]``: lessons in credit and repayment awareness, at a cost, that raise
  willingness to repay over time and make borrowers less likely to dispute;
- ``[reporting]``: delinquency reported to the credit bureau at a days-past-due threshold;
  the warning deters borrowers who value their credit record, the report draws disputes;
- ``[self_service]``: a 24-hour AI service borrowers reach themselves, when they have the
  money or a problem, answered at once;
- ``segments.*.history``: segments on what the lender's records show (contacts answered
  without a payment, broken promises and plans, past plans, complaints).

Portfolio side: ``[screening]`` (how strict pre-loan assessment was: the mix of the book)
and ``[relationship]`` (what a cured, trusting borrower is worth; what a credit record costs
its borrower). Borrowers' responses are ``behaviour.levers`` (:class:`LeverResponses`).

>>> History().restricts(), History(broken_promises=[1, 1000]).restricts()
(False, True)
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from collectsim.config.limits import MAX_MONEY
from collectsim.config.validation import Schema, param

#: most events of one kind the history filters count
MAX_EVENTS = 1_000
Count = Annotated[int, Field(ge=0, le=MAX_EVENTS)]
Share = Annotated[float, Field(ge=0, le=1)]
#: the channels a lesson can come by
LessonChannel = Literal["sms", "online_message", "letter", "agent_call", "field_visit"]
Audience = Literal["all", "new_loans", "behind"]
#: what a segment's history filter counts, in the order the engine keeps the counts
HISTORY_FIELDS: tuple[str, ...] = (
    "answered_without_payment",
    "broken_promises",
    "broken_plans",
    "past_plans",
    "complaints",
)


def _range(default_hi: int = MAX_EVENTS) -> Any:
    return param(unit="count", default_factory=lambda: [0, default_hi], min_length=2, max_length=2)


class History(Schema):
    """What the lender's records show of an account, as [min, max] counts (both inclusive):
    a segment matches only accounts within every range. The defaults match every account."""

    answered_without_payment: list[Count] = _range()
    """calls and visits that reached the borrower since their last payment: 'reached but not
    paying after N contacts' (a payment resets it)"""
    broken_promises: list[Count] = _range()
    """promises to pay broken (on the account, since it was opened)"""
    broken_plans: list[Count] = _range()
    """instalment plans broken by a missed due date"""
    past_plans: list[Count] = _range()
    """instalment plans and payment holidays taken"""
    complaints: list[Count] = _range()
    """complaints the borrower has made (to the lender, the regulator or in public)"""

    @model_validator(mode="after")
    def _ordered(self) -> History:
        for name in HISTORY_FIELDS:
            lo, hi = getattr(self, name)
            if lo > hi:
                raise ValueError(f"'{name}' as [min, max] with min <= max")
        return self

    def bounds(self) -> tuple[list[int], list[int]]:
        """(minimums, maximums) in :data:`HISTORY_FIELDS` order."""
        pairs = [getattr(self, name) for name in HISTORY_FIELDS]
        return [p[0] for p in pairs], [p[1] for p in pairs]

    def restricts(self) -> bool:
        """Whether any range leaves some account out."""
        lo, hi = self.bounds()
        return any(v > 0 for v in lo) or any(v < MAX_EVENTS for v in hi)

    def contains(self, other: History) -> bool:
        """Every account ``other`` matches, this matches too."""
        (lo, hi), (olo, ohi) = self.bounds(), other.bounds()
        return all(a <= c and d <= b for a, b, c, d in zip(lo, hi, olo, ohi, strict=True))


class Education(Schema):
    """Lessons in credit and repayment awareness (the practices' customer education): a
    cost now, borrowers more willing to repay and less likely to dispute later."""

    enabled: bool = False
    """run the programme (false: no lessons, no cost)"""
    audience: Audience = "all"
    """who is taught, on their monthly cycle day: 'all' active accounts, 'new_loans' (in their
    first months on the book) or 'behind' (accounts past due)"""
    channel: LessonChannel = "online_message"
    """how a lesson comes: only a borrower the channel reaches (its reach) learns"""
    lessons: int = param(6, unit="lessons", ge=1, le=120)
    """lessons per borrower, one a month"""
    cost_per_lesson: float = param(1.0, unit="currency", ge=0, le=MAX_MONEY)
    """cost of a lesson sent (content and delivery; assumption: a short course in an app)"""


class Reporting(Schema):
    """Credit-bureau reporting of delinquency (the large state bank's blacklist)."""

    enabled: bool = False
    """report delinquent accounts to the credit bureau"""
    days_past_due: int = param(90, unit="days", ge=1, le=10_000)
    """report an account when it reaches this many days past due (PBOC's credit reference
    centre takes every overdue record; 90 days is where a record turns 'bad')"""
    warn: bool = True
    """the lender's contacts warn of the report before it is made (the deterrent works only
    on a borrower the lender has reached since falling behind)"""
    dispute_cost: float = param(100.0, unit="currency", ge=0, le=MAX_MONEY)
    """cost of handling one dispute of a report (staff time; assumption)"""


class SelfService(Schema):
    """A 24-hour AI service the borrower reaches: answered at once, at a low cost per session."""

    enabled: bool = False
    """offer the service to borrowers past due"""
    cost_per_session: float = param(0.5, unit="currency", ge=0, le=MAX_MONEY)
    """cost of one session (assumption: a fraction of an agent call's 4)"""


class LeverResponses(Schema):
    """How borrowers respond to education, credit reporting and a self-service (the portfolio's
    ``behaviour.levers``). None acts unless a strategy uses the lever."""

    education_willingness_gain: float = param(0.005, unit="share of the room left", ge=0, le=1)
    """share of the way to full willingness that one lesson read takes a borrower
    (assumption, small: financial education moves behaviour by about 0.07 standard deviations
    on average, Kaiser & Menkhoff 2017, and its effects fade, Fernandes, Lynch & Netemeyer 2014;
    0.07 sd of willingness is about 0.01, which six lessons give at 0.005 each)"""
    education_dispute_reduction: float = param(0.05, unit="fraction per lesson", ge=0, le=1)
    """share of a borrower's propensity to dispute that each lesson received removes
    (compounding; assumption)"""
    record_valuers: list[Share] = param(
        unit="fraction", default_factory=lambda: [0.85, 0.75, 0.6, 0.45, 0.3]
    )
    """share of borrowers by grade A..E who value their credit record (want to borrow again;
    assumption: the better the grade, the more)"""
    reporting_deterrence: float = param(1.0, unit="log-odds", ge=0, le=10)
    """willingness to pay (log-odds) a borrower who values the record gains from a warning
    that the lender will report (assumption; borrowers pay to keep a clean record: Liberman,
    J. Financial Economics 2016)"""
    reported_deterrence_share: float = param(0.3, unit="fraction", ge=0, le=1)
    """share of that deterrence left once the report is made (paying still marks the record
    settled; assumption)"""
    dispute_probability: float = param(0.04, unit="probability", ge=0, le=1)
    """chance a reported borrower of trust 0.5 disputes the report (scaled by 2 x (1 - trust);
    assumption: credit reporting draws the most consumer complaints, CFPB)"""
    dispute_complaint_share: float = param(0.5, unit="fraction", ge=0, le=1)
    """share of disputes that become complaints"""
    service_use_able: float = param(0.01, unit="1/day", ge=0, le=1)
    """daily chance a borrower behind who could pay the arrears now opens the self-service,
    at average willingness (assumption)"""
    service_use_short: float = param(0.01, unit="1/day", ge=0, le=1)
    """daily chance a borrower behind who is short of money opens it to raise the problem,
    at average willingness (assumption)"""

    @model_validator(mode="after")
    def _grades(self) -> LeverResponses:
        if len(self.record_valuers) != 5:
            raise ValueError("'record_valuers' as 5 shares (grades A..E)")
        return self


class Screening(Schema):
    """How strict pre-loan assessment was: it shifts the book's mix of grades and borrower
    types (the book's size stays; the lending a stricter lender forgoes is not valued)."""

    strictness: float = param(0.0, unit="0..1", ge=0, le=1)
    """0: the portfolio's mix as stated; 1: the strictest assessment modelled"""
    grade_tilt: float = param(1.0, unit="log-share per grade", ge=0, le=10)
    """at full strictness, each grade below A keeps exp(-grade_tilt) as large a share,
    relative to the grade above, as before (assumption)"""
    sme_cut: float = param(0.5, unit="fraction", ge=0, le=1)
    """at full strictness, share of small-business lending not approved (assumption)"""


class Relationship(Schema):
    """What the customer relationship is worth: to the lender a cured borrower who still
    trusts it (they keep borrowing), to the borrower a clean credit record."""

    retention_value: float = param(0.0, unit="currency", ge=0, le=MAX_MONEY)
    """value to the lender of each account cured in the horizon whose borrower's trust
    holds, added to economic_value (a kept customer's future margin; 0: not valued)"""
    retention_trust: float = param(0.5, unit="0..1", ge=0, le=1)
    """trust at the horizon from which a cured borrower's trust holds"""
    record_cost: float = param(3000.0, unit="currency", ge=0, le=MAX_MONEY)
    """cost to a borrower of a bad credit record, after the horizon: dearer or refused credit
    while it stays (five years from settlement in China, 征信业管理条例 art. 16; the amount
    is an assumption); reported, never inside the lender's value"""


def window_contains(outer: list[int] | None, inner: list[int] | None) -> bool:
    """A campaign window (none: always) that holds every day of another."""
    if outer is None:
        return True
    return inner is not None and outer[0] <= inner[0] and inner[1] <= outer[1]
