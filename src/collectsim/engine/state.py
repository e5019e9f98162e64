"""Borrower state as a struct of arrays, every field declared once with its unit.

Like Starsim's ``define_states``: :data:`STATES` lists each array with its
dtype, unit and meaning, and :class:`Borrowers` allocates them all at once
(narrowest safe dtype; money always int64 cents). Enumerations are small
integer codes declared here too.

>>> b = Borrowers(3)
>>> b.balance.dtype, b.status.tolist()
(dtype('int64'), [0, 0, 0])
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from collectsim.channels import CHANNEL_NAMES

MONTH = 30
"""days in the model's month: incomes, dues and interest follow 30-day cycles"""
YEAR = 365
CURRENT = -(10**9)
"""delinquent_since of an account that is not past due"""
NEVER = -(10**6)
"""a day long before the run: 'no last contact'"""

# account status codes
ACTIVE, LEGAL, AGENCY, WRITTEN_OFF, CLOSED, SOLD = 0, 1, 2, 3, 4, 5
STATUS_NAMES = ("active", "legal", "agency", "written_off", "closed", "sold")

# why a due date was missed: the truth, which the lender does not see
NOT_LATE, OVERLOOKED, SHORT, UNWILLING = 0, 1, 2, 3
LATE_REASONS = ("not_late", "overlooked", "short_of_money", "unwilling")
# what the lender has learned in a conversation
UNKNOWN, CANNOT_PAY, CAN_PAY = 0, 1, 2
KNOWN_REASONS = ("unknown", "cannot_pay", "can_pay")

# product codes, as in config.portfolio.PRODUCT_KINDS
CARD, CONSUMER_LOAN, SME_LOAN = 0, 1, 2


@dataclass(frozen=True)
class State:
    name: str
    dtype: str
    unit: str
    doc: str
    fill: float | int = 0


STATES: tuple[State, ...] = (
    # who
    State("is_sme", "bool", "flag", "a small business rather than a person"),
    State("product", "int8", "code", "credit_card 0, consumer_loan 1, sme_loan 2"),
    State("grade", "int8", "code", "internal credit grade A=0 .. E=4"),
    State("community", "int32", "id", "social community (peers)"),
    State("cycle_day", "int8", "day of month", "day of the 30-day month when income and dues fall"),
    State("generation", "int16", "count", "borrowers who held this account slot before this one"),
    # finances
    State("income", "int64", "cents/month", "wage (person) or expected revenue (SME)"),
    State("expenses", "int64", "cents/month", "essential expenses or fixed business costs"),
    State("cash", "int64", "cents", "cash on hand"),
    State("savings_target", "int64", "cents", "the cash buffer a borrower keeps; more is spent"),
    State("assets", "int64", "cents", "assets a court can reach"),
    State("employed", "bool", "flag", "person has a job (SMEs: always true)", 1),
    # loan
    State(
        "principal", "int64", "cents", "amount lent (term loans); revolving balance kept (cards)"
    ),
    State("balance", "int64", "cents", "outstanding balance incl. interest and fees"),
    State("fees", "int64", "cents", "part of the balance that is unpaid fees"),
    State("arrears", "int64", "cents", "amount past due (<= balance)"),
    State("instalment", "int64", "cents/month", "scheduled monthly payment"),
    State("rate", "float32", "1/year", "nominal annual interest rate"),
    State("term_left", "int16", "months", "remaining term (0: revolving)"),
    State("min_payment_share", "float32", "fraction", "revolving minimum payment share"),
    State("late_fee", "int64", "cents", "fee per missed due date"),
    State("min_payment", "int64", "cents", "revolving minimum payment floor"),
    State("write_off_days", "int16", "days", "days past due at which it is charged off"),
    State("status", "int8", "code", "active, legal, agency, written_off, closed, sold"),
    State("delinquent_since", "int32", "day", "day the oldest unpaid due date passed", CURRENT),
    State("ever_delinquent", "bool", "flag", "past due at any time in the run"),
    State("delinquencies", "int16", "count", "times this borrower has fallen behind"),
    State(
        "plan_until",
        "int32",
        "day",
        "on an instalment plan until this day (-1: none)",
        -1,
    ),
    State("settled", "bool", "flag", "closed by a discounted settlement (not a cure)"),
    State(
        "restructured_day",
        "int32",
        "day",
        "last re-age by a plan or holiday (FFIEC: at most once a year)",
        NEVER,
    ),
    State("holiday_until", "int32", "day", "no dues until this day (-1: none)", -1),
    # attitudes, 0..1
    State("willingness", "float32", "0..1", "moral and habitual willingness to repay"),
    State("trust", "float32", "0..1", "trust in the lender"),
    State("stress", "float32", "0..1", "financial and collection stress"),
    State("stressed", "bool", "flag", "stress reached the high-stress threshold in the horizon"),
    State("resistance", "float32", "0..1", "resistance to collection contact"),
    State("stress_baseline", "float32", "0..1", "the borrower's usual stress: stress eases to it"),
    State("resistance_baseline", "float32", "0..1", "usual resistance: resistance eases to it"),
    State("salience", "float32", "1/day", "extra daily repayment intensity from recent contact"),
    State(
        "commitment", "float32", "log-odds", "willingness added by talking with the lender, fading"
    ),
    State("inattention", "float32", "probability", "chance of overlooking a due date unreminded"),
    State("score_noise", "float32", "sd", "fixed error of the lender's risk score"),
    # collection
    State("segment", "int16", "index", "strategy segment the account was last in (-1: none)", -1),
    State("last_conversation", "int32", "day", "last call that reached the borrower", NEVER),
    State("reminded_day", "int32", "day", "last day any contact reached the borrower", NEVER),
    State("last_talk", "int32", "day", "last day a person of the lender talked with them", NEVER),
    State(
        "late_reason", "int8", "code", "why the oldest unpaid due date was missed (LATE_REASONS)"
    ),
    State("known_reason", "int8", "code", "what a conversation told the lender (KNOWN_REASONS)"),
    State("unanswered", "int16", "count", "unanswered attempts in a row"),
    State("escalated", "bool", "flag", "escalated by a broken promise or silence"),
    State("promise_due", "int32", "day", "day an open promise to pay falls due (-1: none)", -1),
    State("promise_amount", "int64", "cents", "amount promised"),
    State("legal_until", "int32", "day", "judgment day of an open lawsuit (-1: none)", -1),
    State("agency_until", "int32", "day", "placement with an agency ends (-1: none)", -1),
    # what the lender's records show, and the practices' levers (config/levers.py)
    State(
        "answered_unpaid", "int16", "count", "calls and visits that reached them since a payment"
    ),
    State("broken_promises", "int16", "count", "promises to pay broken"),
    State("broken_plans", "int16", "count", "instalment plans broken by a missed due date"),
    State("past_plans", "int16", "count", "instalment plans and payment holidays taken"),
    State("complaints_made", "int16", "count", "complaints the borrower has made"),
    State("dues_seen", "int16", "count", "due dates since the loan was made"),
    State(
        "flagged_due", "int32", "day", "due date an early-warning segment flagged (-1: none)", -1
    ),
    State("lessons", "int16", "count", "education lessons received"),
    State("record_stake", "float32", "log-odds", "willingness added by the threat to the record"),
    State(
        "reported_day", "int32", "day", "day delinquency was reported to the bureau (-1: no)", -1
    ),
    State("last_session", "int32", "day", "last self-service session they opened", NEVER),
    State("answered", "bool", "flag", "the lender has answered them in this spell behind"),
)


class Borrowers:
    """All borrowers of one run; attribute per state, plus per-channel contact history."""

    def __init__(self, n: int):
        self.n = int(n)
        for s in STATES:
            setattr(self, s.name, np.full(self.n, s.fill, dtype=s.dtype))
        #: day of the last attempt per channel (channels x accounts)
        self.last_contact = np.full((len(CHANNEL_NAMES), self.n), NEVER, dtype=np.int32)
        #: attempts counting toward the weekly cap, per day of the week (7 x accounts)
        self.week_contacts = np.zeros((7, self.n), dtype=np.uint8)
        #: attempts on the regulation's contact_cap_channels, per day of the week (7 x accounts)
        self.week_capped = np.zeros((7, self.n), dtype=np.uint8)

    if TYPE_CHECKING:  # every state in STATES is an array attribute, set in __init__

        def __getattr__(self, name: str) -> np.ndarray: ...

    def nbytes(self) -> int:
        return sum(getattr(self, s.name).nbytes for s in STATES) + (
            self.last_contact.nbytes + self.week_contacts.nbytes + self.week_capped.nbytes
        )

    @staticmethod
    def bytes_per_borrower() -> int:
        per = sum(np.dtype(s.dtype).itemsize for s in STATES)
        return per + 4 * len(CHANNEL_NAMES) + 7 + 7
