"""What the day's stages count: declared once here, with units, and tallied in a dict.

Counters only ever grow over a run; the per-run metrics
(:mod:`collectsim.engine.results`) and the regulator's monthly review read
them (the review takes the change since its last look, so no stage keeps a
second monthly tally). Per-channel tallies are arrays indexed like
:data:`collectsim.channels.CHANNEL_NAMES`.

>>> t = Tally()
>>> t.counts["contacts"] += 3
>>> t.counts["contacts"], COUNTERS["contacts"].unit
(3, 'attempts')
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from collectsim.channels import CHANNEL_NAMES


@dataclass(frozen=True)
class Counter:
    name: str
    unit: str
    doc: str


COUNTERS: dict[str, Counter] = {
    c.name: c
    for c in (
        Counter("collected", "cents", "payments received on accounts while past due, any route"),
        Counter("contacts", "attempts", "contact attempts carried out, every channel"),
        Counter("reached", "attempts", "attempts that reached the borrower"),
        Counter("promises", "promises", "promises to pay made"),
        Counter("promises_due", "promises", "promises that fell due"),
        Counter("promises_kept", "promises", "promises kept in full on their day"),
        Counter("plans", "accounts", "plans, payment holidays and settlements accepted"),
        Counter("blocked_contacts", "attempts", "attempts a rule or the lender's own cap stopped"),
        Counter("violations", "attempts", "attempts made against a rule in force"),
        Counter("unmet_contacts", "attempts", "attempts capacity or budget did not allow"),
        Counter("legal_cases", "cases", "lawsuits filed"),
        Counter("complaints", "complaints", "complaints of every kind"),
        Counter("regulator_complaints", "complaints", "complaints taken to the regulator"),
        Counter("public_complaints", "complaints", "complaints made in public"),
        Counter(
            "new_accounts", "accounts", "new borrowers who took over a slot that left the book"
        ),
        Counter(
            "paid_early", "accounts", "current accounts repaid early (cards closed, loans prepaid)"
        ),
        Counter("departed_delinquent", "accounts", "accounts that left the book, once past due"),
        Counter("departed_cured", "accounts", "of those, accounts that left paid off in full"),
        Counter("departed_stressed", "accounts", "accounts that left the book, highly stressed"),
        Counter("cures", "accounts", "past-due accounts paid up to date (plans aside)"),
        Counter("cured_balance", "cents", "balance of accounts when they were paid up to date"),
        Counter("days_to_cure", "days", "days past due of accounts when they were paid up, summed"),
        Counter("misconduct", "attempts", "collectors' conversations that broke a rule of conduct"),
        Counter("reviewed", "attempts", "notices and escalations legal advisers reviewed"),
        Counter("agency_violations", "violations", "rule violations of the outside agency"),
        Counter(
            "hidden_violations",
            "violations",
            "collectors' conduct violations no complaint revealed (the regulator cannot see them)",
        ),
        # the practices' levers and the outcomes they claim (engine/outcomes.py)
        Counter("current_dues", "due dates", "due dates that fell on current accounts"),
        Counter("current_missed", "due dates", "of those, missed: the account rolled from current"),
        Counter("first_dues", "due dates", "first due dates of loans made in the horizon"),
        Counter("first_missed", "due dates", "of those, missed (first-payment default)"),
        Counter("flagged_dues", "due dates", "due dates an early-warning segment flagged"),
        Counter("flagged_missed", "due dates", "of those, missed"),
        Counter("pre_due_contacts", "attempts", "contact attempts before the due date"),
        Counter("lessons", "lessons", "education lessons received"),
        Counter("reported", "accounts", "accounts reported to the credit bureau"),
        Counter("disputes", "disputes", "reports disputed by their borrowers"),
        Counter("service_sessions", "sessions", "self-service sessions borrowers opened"),
        Counter(
            "resolutions", "accounts", "spells behind ended: cured, plan, settled, charged off"
        ),
        Counter("resolution_days", "days", "days past due when those spells ended, summed"),
        Counter(
            "self_cures", "accounts", "spells cured without a talk with a person of the lender"
        ),
        Counter("responses", "accounts", "spells in which the lender first answered the borrower"),
        Counter("response_days", "days", "days past due at that first answer, summed"),
        Counter("legal_days", "days", "days past due of accounts when a lawsuit was filed, summed"),
        Counter("departed_retained", "accounts", "accounts that left cured, trusting the lender"),
        Counter("education_cost", "cents", "cost of education lessons"),
        Counter("service_cost", "cents", "cost of self-service sessions"),
        Counter("dispute_cost", "cents", "cost of handling disputes"),
        Counter("court_recovered", "cents", "recovered by judgments"),
    )
}


class Tally:
    """The run's counters (a plain dict: a stage adds to it in one operation) and the
    per-channel arrays of attempts, right-party contacts and cost."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = dict.fromkeys(COUNTERS, 0)
        n = len(CHANNEL_NAMES)
        #: attempts per channel (count)
        self.contacts_by_channel = np.zeros(n, dtype=np.int64)
        #: attempts that reached the borrower, per channel (count)
        self.reached_by_channel = np.zeros(n, dtype=np.int64)
        #: cost of attempts per channel (cents)
        self.cost_by_channel = np.zeros(n, dtype=np.int64)
