"""Successive halving: replications go to promising candidates, not to every candidate.

Every candidate first gets ``screen`` replications; the best ``1/eta`` of the
candidates seen at a rung move on to ``eta`` times as many, up to the full
``replications``. Rungs are compared on the same seeds (common random numbers),
and a candidate must keep every constraint to move on. Promotion is decided
asynchronously, as in ASHA (Li et al. 2020): against the candidates that
reached the rung before it, in trial order, so the decisions do not depend on
how many workers run the batch.

>>> rungs(screen=1, eta=3, replications=9)
[1, 3, 9]
>>> ladder = Ladder(eta=3, signs=(1.0,))
>>> [ladder.promote(0, (value,), True) for value in (5.0, 1.0, 9.0)]
[True, False, True]
"""

from __future__ import annotations

import math
from collections.abc import Sequence


def rungs(screen: int, eta: int, replications: int) -> list[int]:
    """Replications at each rung: screen, screen * eta, ... capped at ``replications``."""
    n = min(screen, replications)
    out = [n]
    while n < replications:
        n = min(replications, n * eta)
        out.append(n)
    return out


def dominates(a: Sequence[float], b: Sequence[float]) -> bool:
    """``a`` is at least as good as ``b`` everywhere and better somewhere (higher is better)."""
    return all(x >= y for x, y in zip(a, b, strict=True)) and any(
        x > y for x, y in zip(a, b, strict=True)
    )


class Ladder:
    """The scores seen at each rung, and the promotion rule."""

    def __init__(self, eta: int, signs: Sequence[float]):
        self.eta = eta
        self.signs = tuple(signs)
        self.seen: dict[int, list[tuple[float, ...]]] = {}

    def record(self, rung: int, values: Sequence[float], feasible: bool) -> tuple[float, ...]:
        """Note a candidate's score at a rung (only feasible ones compete); its signed values."""
        signed = tuple(s * v for s, v in zip(self.signs, values, strict=True))
        if feasible and not any(math.isnan(x) for x in signed):
            self.seen.setdefault(rung, []).append(signed)
        return signed

    def promote(self, rung: int, values: Sequence[float], feasible: bool) -> bool:
        """Record the score; True if it is among the best 1/eta of its rung so far.

        With two objectives: if no candidate at the rung dominates it.
        """
        signed = self.record(rung, values, feasible)
        peers = self.seen.get(rung, [])
        if not feasible or signed not in peers:
            return False
        if len(signed) > 1:
            return not any(dominates(p, signed) for p in peers)
        better = sum(p[0] > signed[0] for p in peers)
        return better < math.ceil(len(peers) / self.eta)
