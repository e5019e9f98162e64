"""What borrowers see of each other and of the lender: reputation, grievance, peers' defaults.

The state only; :mod:`collectsim.engine.reputation` moves it.

>>> import numpy as np
>>> from collectsim.engine.state import Borrowers
>>> b = Borrowers(4); b.community[:] = [0, 0, 1, 1]
>>> Social.of(b, 0.8).community_sizes.tolist()
[2, 2]
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from collectsim.engine.state import Borrowers


@dataclass(eq=False)
class Social:
    """What borrowers see of each other and of the lender."""

    reputation: float
    """the lender's reputation, 0..1"""
    initial_reputation: float
    """where it started (it recovers toward this)"""
    community_sizes: np.ndarray
    """borrowers per community"""
    grievance: np.ndarray = field(init=False)
    """public complaints seen in each community, fading (count)"""
    peer_default_share: np.ndarray = field(init=False)
    """share of each community in default, refreshed monthly (fraction)"""
    public_today: int = 0
    """public complaints made today (count)"""

    def __post_init__(self) -> None:
        self.grievance = np.zeros(self.community_sizes.size)
        self.peer_default_share = np.zeros(self.community_sizes.size)

    @classmethod
    def of(cls, b: Borrowers, initial_reputation: float) -> Social:
        return cls(initial_reputation, initial_reputation, np.bincount(b.community))
