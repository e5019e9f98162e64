"""Borrower behaviour: the pay decision, reactions to contact, complaints and reputation.

Part of a portfolio (``[behaviour]``): how this population pays, answers,
promises, complains. Every number the engine uses to move a borrower is a
field here (or in the channel and tone responses below it), with its unit,
so calibration and sweeps reach it (``portfolio.behaviour.channels.sms.reach``).
Values are assumptions calibrated to the field figures in ``docs/model.md``
unless the docstring names a source.

>>> Behaviour().channels.agent_call.reach  # before resistance: 0.26 of attempts reach, as measured
0.31
"""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import Field, model_validator

from collectsim.config.levers import LeverResponses
from collectsim.config.validation import Schema, param


class LogNormal(Schema):
    """A positive amount: lognormal with this median and log-scale spread."""

    median: float = Field(gt=0, le=1e12)
    """the median (in the unit of the field that holds it)"""
    sigma: float = param(0.5, unit="log-sd", ge=0, le=3)
    """standard deviation of the amount's logarithm"""


class ChannelResponse(Schema):
    """How a borrower responds to one attempt on a channel."""

    reach: float = param(unit="probability", ge=0, le=1)
    """probability an attempt reaches the right party (or is read)"""
    salience: float = param(unit="1/day", ge=0, le=10)
    """impulse to the borrower's daily repayment intensity when reached, before tone"""
    promise: float = param(unit="probability", ge=0, le=1)
    """probability a reached, willing borrower promises to pay"""
    stress: float = param(unit="share of the room left", ge=0, le=1)
    """stress added when reached (before tone), as a share of the way to full stress"""
    complaint: float = param(unit="multiplier", ge=0, le=1000)
    """complaint propensity relative to a neutral agent call"""


#: default responses per contact channel: reach, salience, promise, stress, complaint
CHANNEL_DEFAULTS: dict[str, tuple[float, float, float, float, float]] = {
    "sms": (0.60, 0.05, 0.02, 0.01, 0.2),
    "online_message": (0.40, 0.04, 0.03, 0.005, 0.1),
    "automated_call": (0.15, 0.08, 0.05, 0.02, 0.5),
    "agent_call": (0.31, 0.25, 0.35, 0.05, 1.0),
    "letter": (0.50, 0.08, 0.03, 0.02, 0.3),
    "formal_notice": (0.80, 0.20, 0.10, 0.08, 1.0),
    "field_visit": (0.70, 0.40, 0.45, 0.12, 2.5),
    "lawyer_letter": (0.85, 0.35, 0.15, 0.12, 1.5),
}
#: default tone multipliers: salience, stress, complaint
TONE_DEFAULTS: dict[str, tuple[float, float, float]] = {
    "gentle": (0.8, 0.5, 0.5),
    "neutral": (1.0, 1.0, 1.0),
    "firm": (1.3, 2.0, 2.5),
}


def _fill_defaults(
    data: object, defaults: Mapping[str, tuple[float, ...]], fields: tuple[str, ...]
) -> object:
    """A table that sets some channels (or tones), some of their fields: the rest default."""
    if not isinstance(data, dict):
        return data
    out = {}
    for name, values in defaults.items():
        given = data.get(name, {})
        base = dict(zip(fields, values, strict=True))
        out[name] = {**base, **given} if isinstance(given, dict) else given
    out.update({k: v for k, v in data.items() if k not in defaults})  # unknown: an error
    return out


class ChannelResponses(Schema):
    """Responses per contact channel; a file sets only what it changes. Right-party contact
    of agent calls: the industry average of about 26% (20-30%); the rest are assumptions."""

    sms: ChannelResponse
    online_message: ChannelResponse
    automated_call: ChannelResponse
    agent_call: ChannelResponse
    letter: ChannelResponse
    formal_notice: ChannelResponse
    field_visit: ChannelResponse
    lawyer_letter: ChannelResponse

    @model_validator(mode="before")
    @classmethod
    def _defaults(cls, data: object) -> object:
        return _fill_defaults(data, CHANNEL_DEFAULTS, tuple(ChannelResponse.model_fields))


class ToneResponse(Schema):
    """What a tone multiplies in a reached borrower's response."""

    salience: float = param(unit="multiplier", ge=0, le=1000)
    """multiplies the salience a reached contact adds"""
    stress: float = param(unit="multiplier", ge=0, le=1000)
    """multiplies the stress a reached contact adds"""
    complaint: float = param(unit="multiplier", ge=0, le=1000)
    """multiplies the complaint propensity"""


class ToneResponses(Schema):
    """Multipliers per tone; a file sets only what it changes."""

    gentle: ToneResponse
    neutral: ToneResponse
    firm: ToneResponse

    @model_validator(mode="before")
    @classmethod
    def _defaults(cls, data: object) -> object:
        return _fill_defaults(data, TONE_DEFAULTS, tuple(ToneResponse.model_fields))


class Behaviour(Schema):
    """Borrower psychology: the pay decision and reactions to contact."""

    # -- the pay decision (log-odds of paying when able) --------------------------------------
    pay_logit_base: float = param(5.2, unit="log-odds", ge=-50, le=50)
    """log-odds that an able borrower with average attitudes pays when due"""
    pay_logit_willingness: float = param(6.0, unit="log-odds per unit", ge=-50, le=50)
    """log-odds per unit of willingness above 0.5"""
    pay_logit_trust: float = param(2.0, unit="log-odds per unit", ge=-50, le=50)
    """log-odds per unit of trust above 0.5 (less trust lost to public complaints seen)"""
    pay_logit_resistance: float = param(3.0, unit="log-odds per unit", ge=-50, le=50)
    """log-odds lost per unit of resistance to collection"""
    pay_logit_stress: float = param(1.5, unit="log-odds per unit", ge=-50, le=50)
    """log-odds lost per unit of stress"""
    pay_logit_reputation: float = param(2.0, unit="log-odds per unit", ge=-50, le=50)
    """log-odds per unit of the lender's reputation above where it started"""
    pay_logit_salience: float = param(20.0, unit="log-odds per 1/day", ge=0, le=1000)
    """log-odds per unit of salience (the daily repayment intensity contact adds)"""
    pay_logit_peer_default: float = param(3.0, unit="log-odds per unit", ge=-50, le=50)
    """log-odds lost per unit share of defaulted peers (Guiso et al.: knowing a defaulter
    makes strategic default 82% more likely)"""
    pay_logit_behind: float = param(-4.0, unit="log-odds", ge=-20, le=0)
    """log-odds a borrower already behind loses at each payday against one paying on time:
    once behind, many avoid the lender, unless something (a talk, pressure) moves them"""
    pay_logit_per_month_behind: float = param(-2.2, unit="log-odds per month", ge=-20, le=0)
    """log-odds of paying up lost for each month behind after the first (collectability
    falls with age); also lowers the unprompted daily payment intensity"""
    peer_default_days: int = param(90, unit="days", ge=1, le=3650)
    """days past due from which peers see an account as defaulted (also in court or
    charged off)"""
    reserve_share: float = param(0.115, unit="fraction", ge=0, le=1)
    """share of a month's essential expenses a borrower keeps back before paying debt"""

    # -- payments between due dates (self-exciting, Chehrazi et al. 2019) ---------------------
    cure_intensity: float = param(0.0042, unit="1/day", ge=0, le=10)
    """daily probability that a delinquent, able borrower of average attitudes pays
    without contact (scaled by 2 x sigmoid of the attitude log-odds)"""
    payment_excitation: float = param(0.01, unit="1/day", ge=0, le=10)
    """salience a part payment adds (repayment excites repayment, Chehrazi et al.)"""
    salience_decay: float = param(0.15, unit="1/day", ge=0, le=1)
    """daily decay of the salience a contact creates (Chehrazi et al.'s kappa, per day)"""

    overlooked_notice_rate: float = param(0.193, unit="1/day", ge=0, le=10)
    """daily intensity with which a borrower who overlooked a due date notices it unaided"""
    reminder_memory_days: int = param(7, unit="days", ge=0, le=60)
    """a contact that reached the borrower this many days before a due date (or less)
    keeps it from being overlooked (Cadena & Schoar 2011: a reminder before the due date)"""
    reminder_salience: float = param(1.0, unit="1/day", ge=0, le=10)
    """payment intensity a reached contact adds for a borrower who overlooked the due date
    (the reminder is all they needed)"""
    legal_pressure: float = param(3.0, unit="multiplier", ge=0, le=100)
    """payment intensity of a borrower being sued, relative to the same borrower unsued
    (a credible legal step moves those who can pay)"""

    # -- contact ------------------------------------------------------------------------------
    reach_resistance: float = param(0.5, unit="fraction", ge=0, le=1)
    """share of a call's or visit's reach lost at full resistance"""
    channels: ChannelResponses = Field(default_factory=lambda: ChannelResponses.model_validate({}))
    """responses per contact channel"""
    tones: ToneResponses = Field(default_factory=lambda: ToneResponses.model_validate({}))
    """what each tone multiplies"""
    comfortable_contacts_per_week: int = param(3, unit="attempts/week", ge=0, le=1000)
    """capped contacts a week a borrower takes without pushing back"""
    resistance_gain: float = param(0.04, unit="share of the room left", ge=0, le=1)
    """share of the remaining room to full resistance that each contact beyond the weekly
    comfort level, or in a firm tone, takes up"""
    trust_change_per_contact: float = param(0.01, unit="0..1 per contact", ge=0, le=1)
    """trust gained from a gentle contact, lost from a pushy one"""
    stress_decay: float = param(0.02, unit="1/day", ge=0, le=1)
    """daily easing of a past-due borrower's stress between contacts, towards the
    borrower's own baseline (the level drawn with them)"""
    resistance_decay: float = param(0.01, unit="1/day", ge=0, le=1)
    """daily easing of a past-due borrower's resistance between contacts, towards the
    borrower's own baseline (the level drawn with them)"""

    conversation_commitment: float = param(2.0, unit="log-odds", ge=0, le=10)
    """willingness to pay (log-odds) that talking with a person of the lender adds, as a
    share of what is left below commitment_max (Laudenbach & Siegel 2025: talking cuts
    default sharply and lastingly, through commitment rather than information)"""
    contact_effect_days: float = param(14.0, unit="days", gt=0, le=3650)
    """what a contact does (salience, a talk's commitment) falls by a factor e for each this
    many days the borrower has been behind: collectability falls with age (about 90% in the
    first 60 days, 50% after 90, 20% after 180, a commercial rule of thumb)"""
    commitment_max: float = param(9.09, unit="log-odds", ge=0, le=10)
    """the most commitment conversations can build: each adds less than the one before"""
    commitment_monthly_decay: float = param(0.15, unit="1/month", ge=0, le=1)
    """share of the commitment that fades each month"""

    # -- promises to pay ----------------------------------------------------------------------
    promise_days: int = param(5, unit="days", gt=0, le=365)
    """days between a promise to pay and its due date"""
    promise_share_of_spare_cash: float = param(0.5, unit="fraction", ge=0, le=1)
    """a promise is for this share of spare cash (at least an instalment, at most arrears)"""
    promise_unable_share: float = param(0.05, unit="relative probability", ge=0, le=1)
    """how likely, relative to one who can, a borrower who cannot pay promises anyway"""
    promise_max_probability: float = param(0.95, unit="probability", ge=0, le=1)
    """no reached borrower promises more surely than this"""
    promise_keep_base: float = param(0.735, unit="probability", ge=0, le=1)
    """probability an able borrower of average willingness keeps a promise (calibrated so
    that, with the unable who promise anyway, 50-70% of promises are kept, as in the field)"""
    promise_keep_willingness_offset: float = param(0.3, unit="0..1", ge=0, le=10)
    """keeping scales with (offset + willingness): 1 at the average willingness of 0.7"""
    trust_loss_broken_promise: float = param(0.05, unit="0..1", ge=0, le=1)
    """trust a borrower loses in the lender's eyes and own by breaking a promise"""

    # -- offers -------------------------------------------------------------------------------
    settlement_acceptance: float = param(0.6, unit="probability", ge=0, le=1)
    """probability, at willingness 1, that an able borrower accepts an offered settlement"""
    plan_acceptance_hardship: float = param(0.274, unit="probability", ge=0, le=1)
    """probability, at willingness 0.5, that a borrower short of cash accepts a plan"""
    plan_acceptance_other: float = param(0.2, unit="probability", ge=0, le=1)
    """probability, at willingness 0.5, that a borrower who could pay accepts a plan"""
    holiday_acceptance: float = param(0.6, unit="probability", ge=0, le=1)
    """probability, at willingness 0.5, that a borrower short of cash takes a holiday"""
    offer_willingness_offset: float = param(0.5, unit="0..1", ge=0, le=10)
    """plan and holiday acceptance scale with (offset + willingness): 1 at willingness 0.5"""

    # -- money and stress ---------------------------------------------------------------------
    high_stress: float = param(0.8, unit="0..1", ge=0, le=1)
    """stress from which a borrower counts as highly stressed (a measure of borrower harm)"""
    stress_shortfall: float = param(0.15, unit="0..1", ge=0, le=1)
    """stress added by a month short of money or a lost job"""
    stress_monthly_relief: float = param(0.1, unit="fraction", ge=0, le=1)
    """share of stress that eases in a month without a shortfall"""
    expense_shock_monthly: float = param(0.012, unit="1/month", ge=0, le=1)
    """monthly probability of an expense shock (illness, repair)"""
    expense_shock_size: LogNormal = Field(default_factory=lambda: LogNormal(median=0.5, sigma=0.7))
    """size of an expense shock, in months of income"""

    # -- complaints ---------------------------------------------------------------------------
    complaint_base: float = param(0.001, unit="probability", ge=0, le=1)
    """probability a reached contact in a neutral tone draws a complaint from a calm borrower"""
    complaint_calm: float = param(0.3, unit="multiplier", ge=0, le=1000)
    """complaint propensity of a borrower without stress (see complaint_stress)"""
    complaint_stress: float = param(2.0, unit="multiplier per unit", ge=0, le=1000)
    """complaint propensity scales with (complaint_calm + complaint_stress x stress)"""
    complaint_per_extra_contact: float = param(0.25, unit="multiplier per attempt", ge=0, le=1000)
    """added complaint propensity per capped contact beyond the comfortable number in a
    week (at most complaint_extra_contacts_counted counted)"""
    complaint_extra_contacts_counted: int = param(8, unit="attempts", ge=0, le=1000)
    """contacts beyond the comfortable number in a week that still add to complaints"""
    complaint_violation_multiplier: float = param(3.0, unit="multiplier", ge=1, le=1000)
    """complaints multiply by this when the attempt broke a rule"""
    complaint_unanswered_share: float = param(0.2, unit="fraction", ge=0, le=1)
    """an unanswered attempt annoys this much as an answered one"""
    complaint_max_probability: float = param(0.03, unit="probability", ge=0, le=1)
    """no single attempt draws a complaint more often than this"""
    third_party_salience: float = param(0.02, unit="1/day", ge=0, le=10)
    """salience added when relatives or contacts pass the message on"""
    third_party_stress: float = param(0.1, unit="0..1", ge=0, le=1)
    """stress added by the lender contacting relatives or contacts"""
    third_party_complaint_multiplier: float = param(6.0, unit="multiplier", ge=0, le=1000)
    """complaint propensity of third-party contact relative to a neutral agent call"""
    regulator_share: float = param(0.15, unit="fraction", ge=0, le=1)
    """share of complaints taken to the regulator (more when a rule was broken)"""
    regulator_violation_multiplier: float = param(2.0, unit="multiplier", ge=1, le=1000)
    """the regulator's share of complaints multiplies by this after a broken rule"""
    public_share: float = param(0.05, unit="fraction", ge=0, le=1)
    """share of complaints made in public (social media), more under high stress"""
    public_stress_threshold: float = param(0.6, unit="0..1", ge=0, le=1)
    """stress above which a complaint is more likely to go public"""
    public_stress_multiplier: float = param(3.0, unit="multiplier per unit", ge=0, le=1000)
    """public share x (1 + multiplier x stress above the threshold)"""

    # -- reputation ---------------------------------------------------------------------------
    public_complaint_impact: float = param(0.01, unit="0..1 per complaint per 10k", ge=0, le=1)
    """reputation lost per public complaint per 10,000 borrowers"""
    reputation_recovery: float = param(0.01, unit="1/day", ge=0, le=1)
    """share of the gap to the initial reputation recovered each day"""
    grievance_decay: float = param(0.02, unit="1/day", ge=0, le=1)
    """daily fading of a community's grievance over public complaints"""
    public_spread: float = param(0.05, unit="0..1 per complaint", ge=0, le=1)
    """trust lost by each peer in the community of a public complainer"""

    # -- the practices' levers (engine/education.py, reporting.py, service.py) ----------------
    levers: LeverResponses = Field(default_factory=LeverResponses)
    """responses to customer education, credit reporting and a self-service"""
