"""The lender's people: collector teams, legal advisers and the agency's conduct.

A strategy's ``[[workforce.teams]]`` lists its collector teams (skill,
training, experience, a day's calls, pay and incentive scheme); without any,
the lender has one team of ``capacity.collectors`` identical collectors of
the reference kind the channel responses describe, and behaves as before
teams existed. How much skill, training, fatigue and incentives move an
outcome is :class:`~collectsim.config.collector_effects.CollectorEffects`
(``[workforce.effects]``).

>>> Workforce().teams
[]
>>> Team(name="early", collectors=5, incentive="commission").skill.negotiating
0.5
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from collectsim.config.collector_effects import CollectorEffects
from collectsim.config.limits import MAX_COUNT, MAX_MONEY
from collectsim.config.validation import Name, Schema, param

Incentive = Literal["fixed", "commission", "balanced_scorecard"]
INCENTIVES: tuple[str, ...] = ("fixed", "commission", "balanced_scorecard")
TeamChannel = Literal["agent_call", "field_visit"]
TEAM_CHANNELS: tuple[TeamChannel, ...] = ("agent_call", "field_visit")
#: training hours a year no team can exceed (a full working year is about 2,000 hours)
MAX_TRAINING_HOURS = 500


class Skill(Schema):
    """A collector's skill, 0..1; 0.5 is the average collector the channel responses
    describe (the reference)."""

    reaching: float = param(0.5, unit="0..1", ge=0, le=1)
    """getting the borrower on the line and keeping them there: moves reach"""
    negotiating: float = param(0.5, unit="0..1", ge=0, le=1)
    """turning a conversation into a promise or a plan: moves promises and plans"""


class Team(Schema):
    """A team of identical collectors: who they are, how much they work, how they are paid."""

    name: Name
    """identifier, unique within the strategy (rows of collectors.csv)"""
    collectors: int = param(unit="people", ge=1, le=MAX_COUNT)
    """collectors in the team (at least one)"""
    channels: list[TeamChannel] = Field(default_factory=lambda: list(TEAM_CHANNELS))
    """what the team does: agent calls, field visits or both"""
    skill: Skill = Field(default_factory=Skill)
    """skill of the team's collectors (0.5: the reference)"""
    legal_training_hours: float = param(0.0, unit="hours/year", ge=0, le=MAX_TRAINING_HOURS)
    """training a collector gets a year in the law of collection (rules of conduct, what may
    and may not be said): fewer violations and complaints, more plans"""
    emotion_training_hours: float = param(0.0, unit="hours/year", ge=0, le=MAX_TRAINING_HOURS)
    """training a collector gets a year in communication and handling emotion: less stress
    and fewer complaints, more trust and plans"""
    experience_years: float = param(2.0, unit="years", ge=0, le=50)
    """years in collection (the reference collector has 2): experience adds to skill"""
    calls_per_collector_per_day: int | None = param(None, unit="calls/day", ge=0, le=10_000)
    """agent call attempts a collector makes a day (none: capacity.calls_per_collector_per_day);
    beyond effects.fresh_calls_per_day a long day tires them"""
    incentive: Incentive = "fixed"
    """how the team is paid: 'fixed' (pay that does not depend on what it collects),
    'commission' (plus commission_rate of what it collects) or 'balanced_scorecard' (plus a
    bonus at commission_rate, cut for each complaint and violation that month: recovery
    judged with conduct)"""
    monthly_wage: float = param(0.0, unit="currency/month", ge=0, le=MAX_MONEY)
    """a collector's fixed pay per 30-day month, paid idle or not (0: the collector's time is
    priced in each call's cost, [costs] agent_call = 4 CNY, which docs/sources.md derives
    from a wage of about 8,000 CNY a month, as for a strategy without teams; with a wage, set
    [costs] agent_call to the line's own cost so the time is not paid twice)"""
    commission_rate: float = param(0.02, unit="fraction", ge=0, le=1)
    """under 'commission' and 'balanced_scorecard': the share of amounts collected after a
    conversation with the collector that is paid to them (assumption: 1-3% is common)"""

    @model_validator(mode="after")
    def _channels(self) -> Team:
        if not self.channels or len(set(self.channels)) != len(self.channels):
            raise ValueError("'channels' not empty and without repeats")
        return self


class LegalAdvisers(Schema):
    """Legal advisers beside the collectors: they review notices and escalations (formal
    notices, lawyer's letters, lawsuits, agency placements) before they go out, keeping
    collection lawful; they send nothing themselves."""

    advisers: int = param(0, unit="people", ge=0, le=MAX_COUNT)
    """legal advisers (0: no review)"""
    reviews_per_adviser_per_day: int = param(40, unit="documents/day", ge=1, le=10_000)
    """notices and escalations one adviser reviews a day (assumption)"""
    monthly_salary: float = param(15000.0, unit="currency/month", ge=0, le=MAX_MONEY)
    """an adviser's pay per 30-day month (assumption: about twice a collector's)"""
    dispute_cut: float = param(0.5, unit="fraction", ge=0, le=1)
    """share of the complaints (disputes) a reviewed notice or escalation would draw that the
    review prevents (assumption: a lawful, clear notice is rarely disputed)"""


class AgencyConduct(Schema):
    """How the outside agency behaves with the accounts placed with it: its complaints and
    violations are the lender's in the regulator's and the public's eyes."""

    complaints_per_account_month: float = param(0.0, unit="1/account/month", ge=0, le=1)
    """complaints an account with the agency draws a month (0: none, as before agencies had
    conduct; assumption for a rough agency: 0.01)"""
    violations_per_account_month: float = param(0.0, unit="1/account/month", ge=0, le=1)
    """rule violations the agency commits per account it holds, a month"""
    audited: bool = False
    """the lender audits the agency monthly: fewer violations and complaints, at a cost"""
    audit_cost_per_month: float = param(20000.0, unit="currency/month", ge=0, le=MAX_MONEY)
    """what a month's audit costs (assumption)"""
    audit_effect: float = param(0.5, unit="fraction", ge=0, le=1)
    """share of the agency's violations and complaints an audit prevents (assumption)"""
    drop_after_violations: int = param(0, unit="violations/month", ge=0, le=MAX_COUNT)
    """stop placing accounts with the agency after a month with at least this many of its
    violations (0: never drop it)"""


class Workforce(Schema):
    """The lender's collectors, legal advisers and the agency's conduct."""

    teams: list[Team] = Field(default_factory=list)
    """collector teams; with teams, the teams' collectors make the agent calls and
    capacity.collectors is not read (none: one team of capacity.collectors reference
    collectors, as before teams existed)"""
    effects: CollectorEffects = Field(default_factory=CollectorEffects)
    """how skill, training, experience, fatigue and incentives move outcomes"""
    legal_advisers: LegalAdvisers = Field(default_factory=LegalAdvisers)
    """compliance review of notices and escalations"""
    agency: AgencyConduct = Field(default_factory=AgencyConduct)
    """the outside agency's conduct"""
    training_cost_per_hour: float = param(200.0, unit="currency/hour", ge=0, le=MAX_MONEY)
    """what an hour of a collector's training costs the lender (trainer, materials;
    assumption); the hours are also taken off the phone"""
    working_hours_per_year: float = param(2000.0, unit="hours/year", ge=100, le=8760)
    """a collector's working hours a year: training hours take this share off their calls"""
    commission_window_days: int = param(30, unit="days", ge=0, le=3650)
    """a payment on a past-due account is credited to the collector who last talked with the
    borrower, if within this many days (assumption; commission and collectors.csv read it)"""

    @model_validator(mode="after")
    def _names(self) -> Workforce:
        names = [t.name for t in self.teams]
        dup = sorted({n for n in names if names.count(n) > 1})
        if dup:
            raise ValueError(f"unique team names (repeated: {', '.join(dup)})")
        return self
