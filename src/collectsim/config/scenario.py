"""Scenario schema: the economy over time and the rules of conduct in force.

A scenario is an *uncertainty* in EMA Workbench's sense: something the lender
does not choose. Each macro series is a constant or a piecewise-linear path
``{ days = [0, 180], values = [0.05, 0.09] }`` (held flat after its last point).

>>> s = load_scenario("recession")
>>> round(s.economy.unemployment_rate.at(365), 3) > round(s.economy.unemployment_rate.at(0), 3)
True
"""

from __future__ import annotations

import typing
from pathlib import Path
from typing import Any

from pydantic import Field, field_validator, model_validator

from collectsim.config.limits import MAX_DAYS, MAX_MONEY
from collectsim.config.paths import load_named
from collectsim.config.strategy import ContactChannel
from collectsim.config.timepath import TimePath
from collectsim.config.validation import Name, Schema, param

#: every channel that contacts the borrower (the legal steps are not contacts)
CONTACT_CHANNELS: tuple[ContactChannel, ...] = typing.get_args(ContactChannel)
#: what ``max_calls_and_visits_per_week`` counts
CALLS_AND_VISITS: tuple[str, ...] = ("automated_call", "agent_call", "field_visit")


def _as_path(v: object) -> object:
    if isinstance(v, int | float) and not isinstance(v, bool):
        return {"days": [0], "values": [float(v)]}
    return v


def _flat(value: float) -> TimePath:
    return TimePath(days=[0], values=[value])


class Economy(Schema):
    """Macro series, each a constant or a path over days. Rates are fractions; factors
    multiply the portfolio's baseline."""

    unemployment_rate: TimePath = param(unit="fraction", default_factory=lambda: _flat(0.05))
    """share of the labour force unemployed (0..1)"""
    job_finding_rate: TimePath = param(unit="1/month", default_factory=lambda: _flat(0.30))
    """monthly probability an unemployed borrower finds work (0..1)"""
    income_factor: TimePath = param(unit="factor", default_factory=lambda: _flat(1.0))
    """multiplier on wages (1 = the portfolio's baseline)"""
    sme_revenue_factor: TimePath = param(unit="factor", default_factory=lambda: _flat(1.0))
    """multiplier on small businesses' revenue (1 = the portfolio's baseline)"""
    expense_shock_factor: TimePath = param(unit="factor", default_factory=lambda: _flat(1.0))
    """multiplier on the monthly probability of an expense shock (1 = the portfolio's)"""

    @field_validator("*", mode="before")
    @classmethod
    def _scalars(cls, v: object) -> object:
        return _as_path(v)

    @model_validator(mode="after")
    def _ranges(self) -> Economy:
        for name in ("unemployment_rate", "job_finding_rate"):
            vals = getattr(self, name).values
            if not all(0.0 <= x < 1.0 for x in vals):
                raise ValueError(f"'{name}' values between 0 and 1")
        for name in ("income_factor", "sme_revenue_factor", "expense_shock_factor"):
            if not all(x >= 0.0 for x in getattr(self, name).values):
                raise ValueError(f"'{name}' values >= 0")
        return self


class Window(Schema):
    """A span of days, inclusive at both ends."""

    start_day: int = param(unit="day", ge=0, le=MAX_DAYS)
    """first day (day 0 is the run's first)"""
    end_day: int = param(unit="day", ge=0, le=MAX_DAYS)
    """last day"""

    @model_validator(mode="after")
    def _order(self) -> Window:
        if self.end_day < self.start_day:
            raise ValueError("end_day >= start_day")
        return self


class Regulation(Schema):
    """Rules of conduct in force (docs/sources.md, 'Rules of conduct').

    Each contact cap is named by what it counts: ``max_calls_per_day`` (calls),
    ``max_calls_and_visits_per_week`` (calls and field visits) and
    ``max_contacts_per_week`` (the channels ``contact_cap_channels`` lists, every
    contact channel unless it says otherwise). An attempt that would break one is
    blocked, or for a strategy that ignores rules carried out as a violation.
    """

    max_calls_and_visits_per_week: int = param(7, unit="attempts/week", ge=0, le=1_000)
    """call attempts (agent or automated) and field visits per borrower in any 7 days
    (Regulation F presumes more than 7 call attempts in 7 days to be harassment); written
    channels (SMS, app messages, letters, notices) do not count: max_contacts_per_week does"""
    max_contacts_per_week: int | None = param(None, unit="attempts/week", ge=0, le=1_000)
    """contact attempts on any of contact_cap_channels per borrower in any 7 days, written
    ones included (none: no such cap)"""
    contact_cap_channels: list[ContactChannel] = Field(
        default_factory=lambda: list(CONTACT_CHANNELS)
    )
    """the channels max_contacts_per_week counts (default: every contact channel: sms,
    online_message, automated_call, agent_call, letter, formal_notice, field_visit,
    lawyer_letter)"""
    max_calls_per_day: int = param(3, unit="attempts/day", ge=0, le=100)
    """call attempts (agent or automated) per borrower per day (CBA guideline: <= 3 connected)"""
    quiet_days_after_conversation: int = param(0, unit="days", ge=0, le=365)
    """no call for this many days after a call that reached the borrower (0: no such rule;
    Regulation F presumes a call within 7 days of a conversation to be harassment)"""
    field_visits_allowed: bool = True
    """false: no home or business visits"""
    third_party_contact_allowed: bool = False
    """whether reaching a borrower through relatives and contacts is allowed"""
    mandated_hardship_plan: bool = False
    """the lender must offer an instalment plan to borrowers who lost their income"""
    forbearance: list[Window] = Field(default_factory=list)
    """mandated payment holidays: no instalment falls due and no collection contact"""
    review_complaints_per_10k: float = param(
        1.0, unit="complaints/10k borrowers/month", ge=0, le=10_000
    )
    """regulator complaints per 10,000 borrowers in a month that trigger a warning"""
    fine_from_warning: int = param(2, unit="warnings", ge=1, le=1_000)
    """the warning from which each warning also brings a fine (1: the first)"""
    fine_base: float = param(50_000.0, unit="currency", ge=0, le=MAX_MONEY)
    """fine for each warning from ``fine_from_warning`` on (currency units)"""
    mandated_plan_months: int = param(6, unit="months", ge=1, le=120)
    """shortest instalment plan a mandated hardship plan may offer"""
    fine_reputation_loss: float = param(0.02, unit="index", ge=0, le=1)
    """reputation lost when a fine is published"""
    fine_per_violation: float = param(500.0, unit="currency", ge=0, le=MAX_MONEY)
    """added to a fine for each rule violation that month (currency units)"""
    balanced_scorecard_required: bool = False
    """collectors may not be judged on amounts recovered alone (China's card rules): a team
    paid by commission is paid by a balanced scorecard instead; a lender that ignores rules
    keeps its commission, a violation per commission-paid collector a month"""

    @model_validator(mode="after")
    def _channels(self) -> Regulation:
        channels = self.contact_cap_channels
        if len(set(channels)) != len(channels):
            raise ValueError("'contact_cap_channels' without repeats")
        return self


class Scenario(Schema):
    """An economy and the rules in force: what the lender does not choose."""

    name: Name
    """identifier, shown in results and reports"""
    description: str = ""
    """what it models, in a sentence"""
    economy: Economy = Field(default_factory=Economy)
    regulation: Regulation = Field(default_factory=Regulation)

    def in_forbearance(self, day: int) -> bool:
        return any(w.start_day <= day <= w.end_day for w in self.regulation.forbearance)


def load_scenario(
    ref: str,
    *,
    referrer: str | Path | None = None,
    field: str | None = None,
    name: str | None = None,
    overrides: dict[str, Any] | None = None,
) -> Scenario:
    """Load a scenario preset or file, optionally renamed and with dotted overrides
    (``regulation.max_contacts_per_week = 3``): one rule changed, no file copied."""
    return load_named(
        "scenario", Scenario, ref, referrer=referrer, field=field, name=name, overrides=overrides
    )
