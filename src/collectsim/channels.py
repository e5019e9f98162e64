"""Collection channels: one table of what each channel is and costs the lender.

Declared once, with units, so strategies, the engine and the metrics agree.
Costs are defaults in currency units (CNY) from docs/sources.md; where the field
has no public source they are assumptions a strategy can override in
``[costs]``. How borrowers *respond* to a channel (reach, salience, promise,
stress, complaint) and to a tone is the population's, so it lives in the
portfolio's behaviour (:mod:`collectsim.config.behaviour`).

>>> CHANNELS["agent_call"].capacity
'calls'
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Channel:
    name: str
    cost: float
    """cost per attempt, currency units"""
    counts_toward_cap: bool
    """counts toward the regulation's weekly contact cap"""
    is_call: bool = False
    """counts toward the daily call cap"""
    capacity: str | None = None
    """which capacity pool it draws on: 'calls', 'visits', 'legal' or none"""
    personal: bool = False
    """a call or a visit (resistance lowers its reach)"""
    conversation: bool = False
    """a person of the lender talks with the borrower when it reaches them"""


CHANNELS: dict[str, Channel] = {
    c.name: c
    for c in (
        Channel("sms", 0.05, False),
        Channel("online_message", 0.02, False),
        Channel("automated_call", 0.30, True, is_call=True, personal=True),
        Channel(
            "agent_call",
            4.0,
            True,
            is_call=True,
            capacity="calls",
            personal=True,
            conversation=True,
        ),
        Channel("letter", 5.0, False),
        Channel("formal_notice", 20.0, False),
        Channel("field_visit", 200.0, True, capacity="visits", personal=True, conversation=True),
        Channel("lawyer_letter", 300.0, False),
        Channel("litigation", 0.0, False, capacity="legal"),
        Channel("agency_placement", 0.0, False),
    )
}
CHANNEL_NAMES: tuple[str, ...] = tuple(CHANNELS)
CHANNEL_INDEX: dict[str, int] = {n: i for i, n in enumerate(CHANNEL_NAMES)}
TONE_NAMES: tuple[str, ...] = ("gentle", "neutral", "firm")


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
