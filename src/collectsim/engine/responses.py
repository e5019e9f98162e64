"""How borrowers respond to each channel and tone, read once from the portfolio's behaviour.

The response numbers are parameters of the portfolio (``[behaviour.channels.<name>]``
and ``[behaviour.tones.<name>]``), so calibration and sweeps can move them;
this module only lays them out for the engine: one record per channel, in
:data:`collectsim.channels.CHANNEL_NAMES` order, and the tone multipliers as
a (tone x 3) array.

>>> from collectsim.config import load_portfolio
>>> r = Responses.of(load_portfolio("mixed").behaviour)
>>> r.channel("agent_call").reach
0.31
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from collectsim.channels import CHANNEL_INDEX, CHANNEL_NAMES, TONE_NAMES
from collectsim.config.behaviour import Behaviour, ChannelResponse

#: no response: the legal steps, which never go through a contact
_NONE = ChannelResponse(reach=1.0, salience=0.0, promise=0.0, stress=0.0, complaint=0.0)


@dataclass(frozen=True)
class Responses:
    by_channel: tuple[ChannelResponse, ...]
    """response per channel, CHANNEL_NAMES order"""
    tone: np.ndarray
    """(tone, 3): salience, stress and complaint multipliers, TONE_NAMES order"""

    @classmethod
    def of(cls, behaviour: Behaviour) -> Responses:
        channels = behaviour.channels
        by_channel = tuple(getattr(channels, name, _NONE) for name in CHANNEL_NAMES)
        tones = behaviour.tones
        tone = np.array(
            [
                [getattr(tones, t).salience, getattr(tones, t).stress, getattr(tones, t).complaint]
                for t in TONE_NAMES
            ],
            dtype=np.float64,
        )
        return cls(by_channel, tone)

    def channel(self, name: str) -> ChannelResponse:
        return self.by_channel[CHANNEL_INDEX[name]]
