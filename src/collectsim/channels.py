"""Collection channels: one table of what each contact costs and does.

Declared once, with units, so strategies, the engine and the metrics agree.
Costs are defaults in currency units (CNY) from DOMAIN.md, where the field
has no public source they are assumptions a strategy can override in
``[costs]``. Right-party contact (``reach``) for agent calls is the industry
average ≈ 26%.

>>> CHANNELS["agent_call"].reach
0.26
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Channel:
    name: str
    cost: float
    """cost per attempt, currency units"""
    reach: float
    """probability an attempt reaches the right party (or is read)"""
    salience: float
    """impulse to the borrower's repayment salience when reached"""
    promise: float
    """probability a reached, willing borrower promises to pay"""
    stress: float
    """stress added when reached (before tone)"""
    complaint: float
    """complaint-propensity multiplier relative to a neutral agent call"""
    counts_toward_cap: bool
    """counts toward the regulation's weekly contact cap"""
    is_call: bool = False
    """counts toward the daily call cap"""
    capacity: str | None = None
    """which capacity pool it draws on: 'calls', 'visits', 'legal' or none"""


CHANNELS: dict[str, Channel] = {
    c.name: c
    for c in (
        Channel("sms", 0.05, 0.60, 0.05, 0.02, 0.01, 0.2, False),
        Channel("online_message", 0.02, 0.40, 0.04, 0.03, 0.005, 0.1, False),
        Channel("automated_call", 0.30, 0.15, 0.08, 0.05, 0.02, 0.5, True, is_call=True),
        Channel(
            "agent_call", 4.0, 0.26, 0.25, 0.35, 0.05, 1.0, True, is_call=True, capacity="calls"
        ),
        Channel("letter", 5.0, 0.50, 0.08, 0.03, 0.02, 0.3, False),
        Channel("formal_notice", 20.0, 0.80, 0.20, 0.10, 0.08, 1.0, False),
        Channel("field_visit", 200.0, 0.70, 0.40, 0.45, 0.12, 2.5, True, capacity="visits"),
        Channel("lawyer_letter", 300.0, 0.85, 0.35, 0.15, 0.12, 1.5, False),
        Channel("litigation", 0.0, 1.00, 0.0, 0.0, 0.15, 2.0, False, capacity="legal"),
        Channel("agency_placement", 0.0, 1.00, 0.0, 0.0, 0.0, 0.0, False),
    )
}
CHANNEL_NAMES: tuple[str, ...] = tuple(CHANNELS)
CHANNEL_INDEX: dict[str, int] = {n: i for i, n in enumerate(CHANNEL_NAMES)}

TONES: dict[str, tuple[float, float, float]] = {
    # tone: (salience multiplier, stress multiplier, complaint multiplier)
    "gentle": (0.8, 0.5, 0.5),
    "neutral": (1.0, 1.0, 1.0),
    "firm": (1.3, 2.0, 2.5),
}
TONE_NAMES: tuple[str, ...] = tuple(TONES)


def channel_costs_cents(overrides: dict[str, float] | None = None) -> np.ndarray:
    """Cost per attempt of each channel, in cents, in CHANNEL_NAMES order."""
    overrides = overrides or {}
    return np.array(
        [round(overrides.get(n, CHANNELS[n].cost) * 100) for n in CHANNEL_NAMES], dtype=np.int64
    )


#: order in which a day's attempts are carried out: legal and costly, targeted
#: steps first, so that a cap binds on cheap, repetitive ones
EXECUTION_ORDER: tuple[str, ...] = (
    "litigation",
    "agency_placement",
    "lawyer_letter",
    "field_visit",
    "formal_notice",
    "agent_call",
    "automated_call",
    "letter",
    "sms",
    "online_message",
)
assert set(EXECUTION_ORDER) == set(CHANNEL_NAMES)
