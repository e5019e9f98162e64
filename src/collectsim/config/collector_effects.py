"""How much a collector's skill, training, experience, fatigue and pay move an outcome.

The channel responses of the portfolio's behaviour describe the *reference*
collector: skill 0.5, ``reference_experience_years`` of experience, no
training beyond it, fixed pay, a day of at most ``fresh_calls_per_day``
calls. Every effect here is relative to that collector, so a strategy
without teams (all reference collectors) behaves as before. None has a
public source of its size: each is an assumption, stated with the direction
the issue and the lenders' practice give it (training lowers violations and
complaints and raises plans; commission raises effort and firmness and, with
them, violations and complaints; a balanced scorecard trades some recovery
for conduct; China's card rules forbid judging collectors on amounts
recovered alone).

>>> CollectorEffects().fresh_calls_per_day
120
"""

from __future__ import annotations

from collectsim.config.validation import Schema, param


class CollectorEffects(Schema):
    """Effects of the collector on a call or visit they make, each relative to the reference."""

    # -- skill and experience -------------------------------------------------------------------
    reach_skill: float = param(0.6, unit="multiplier per unit skill", ge=0, le=2)
    """reach x (1 + reach_skill x (reaching skill - 0.5)) (assumption)"""
    promise_skill: float = param(1.0, unit="multiplier per unit skill", ge=0, le=2)
    """promises x (1 + promise_skill x (negotiating skill - 0.5)) (assumption)"""
    plan_skill: float = param(0.6, unit="multiplier per unit skill", ge=0, le=2)
    """plans accepted x (1 + plan_skill x (negotiating skill - 0.5)) (assumption)"""
    experience_skill: float = param(0.2, unit="skill", ge=0, le=1)
    """skill experience adds at most, spread as 1 - exp(-years / experience_years_scale),
    counted from the reference's experience (assumption)"""
    experience_years_scale: float = param(2.0, unit="years", gt=0, le=50)
    """years in which experience gives 63% of what it can (assumption)"""
    reference_experience_years: float = param(2.0, unit="years", ge=0, le=50)
    """the experience of the collector the channel responses describe"""

    # -- training -------------------------------------------------------------------------------
    training_hours_scale: float = param(40.0, unit="hours/year", gt=0, le=500)
    """training hours a year that give 63% of a training's effect (1 - exp(-hours / scale);
    assumption: a week of training a year does most of what training can)"""
    legal_violation_cut: float = param(0.6, unit="fraction", ge=0, le=1)
    """share of a collector's conduct violations full legal training prevents (assumption)"""
    legal_complaint_cut: float = param(0.35, unit="fraction", ge=0, le=1)
    """share of complaints full legal training prevents (assumption)"""
    legal_plan_gain: float = param(0.1, unit="fraction", ge=0, le=2)
    """plans accepted x (1 + gain) at full legal training: offers explained lawfully
    and clearly (assumption)"""
    emotion_complaint_cut: float = param(0.45, unit="fraction", ge=0, le=1)
    """share of complaints full emotion training prevents (assumption)"""
    emotion_violation_cut: float = param(0.3, unit="fraction", ge=0, le=1)
    """share of conduct violations full emotion training prevents: a calm collector does not
    threaten (assumption)"""
    emotion_stress_cut: float = param(0.4, unit="fraction", ge=0, le=1)
    """share of the stress a contact adds that full emotion training spares (assumption)"""
    emotion_plan_gain: float = param(0.2, unit="fraction", ge=0, le=2)
    """plans accepted x (1 + gain) at full emotion training: hardship heard (assumption)"""
    emotion_trust_gain: float = param(1.0, unit="contacts' trust change", ge=0, le=10)
    """trust a conversation with a fully emotion-trained collector adds, in units of the
    behaviour's trust_change_per_contact (assumption)"""

    # -- fatigue --------------------------------------------------------------------------------
    fresh_calls_per_day: int = param(120, unit="calls/day", ge=0, le=10_000)
    """calls a day a collector makes without tiring (docs/sources.md: 100-120 a day is the
    norm; that the norm is sustainable is an assumption)"""
    fatigue_per_call: float = param(0.004, unit="1/call", ge=0, le=1)
    """promises and plans x exp(-fatigue_per_call x calls made that day beyond
    fresh_calls_per_day): the 200th call of a day converts 27% less (assumption)"""

    # -- incentives: commission pressure, the scorecard's checks ---------------------------------
    commission_effort: float = param(0.1, unit="fraction", ge=0, le=2)
    """reach x (1 + effort x pressure): a commission makes a collector try harder (assumption)"""
    commission_promise_gain: float = param(0.15, unit="fraction", ge=0, le=2)
    """promises x (1 + gain x pressure): a firmer collector extracts more promises
    (assumption)"""
    commission_plan_cut: float = param(0.2, unit="fraction", ge=0, le=1)
    """plans accepted x (1 - cut x pressure): a plan pays no commission now (assumption)"""
    commission_stress: float = param(0.5, unit="fraction", ge=0, le=10)
    """stress a contact adds x (1 + stress x pressure) (assumption)"""
    commission_complaints: float = param(0.6, unit="fraction", ge=0, le=10)
    """complaints x (1 + complaints x pressure) (assumption)"""
    commission_trust_loss: float = param(1.0, unit="contacts' trust change", ge=0, le=10)
    """trust a conversation under full pressure costs, in units of trust_change_per_contact
    (assumption)"""
    misconduct_per_conversation: float = param(0.003, unit="probability", ge=0, le=1)
    """chance a conversation under full pressure breaks a rule of conduct (threats, abuse,
    telling others of the debt); fixed pay has no such pressure (assumption)"""
    scorecard_pressure: float = param(0.5, unit="fraction", ge=0, le=1)
    """a balanced scorecard's pressure for recovery, as a share of a commission's (1)"""
    scorecard_quality_cut: float = param(0.5, unit="fraction", ge=0, le=1)
    """share of complaints and violations a scorecard's quality checks (call reviews)
    prevent (assumption)"""
    scorecard_penalty: float = param(0.1, unit="1/event", ge=0, le=1)
    """share of a month's scorecard bonus each of the collector's complaints or violations
    that month takes away (assumption)"""
