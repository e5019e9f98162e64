"""The search space: each parameter's box [low, high] mapped onto the whole real line.

The local search works on ``z = logit((x - low) / (high - low))``: every real
``z`` is a point strictly inside the bounds, so Nelder–Mead needs no
constraint handling and never proposes a value the schema rejects. The price
is that a bound is reached only in the limit: :meth:`Box.at_bound` reports a
parameter that ends within :data:`BOUND_SHARE` of one, a sign that the bounds
or the moments need a second look.

>>> box = Box.of([(0.0, 10.0), (1.0, 2.0)])
>>> box.from_z(box.to_z([2.5, 1.5])).round(12).tolist()
[2.5, 1.5]
>>> box.to_z([5.0, 1.5]).tolist()
[0.0, 0.0]
>>> box.at_bound([9.9999, 1.5])
['high', '']
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.special import expit, logit

#: shares of the bounds kept clear of them when mapping to z (a start on a bound)
EDGE = 1e-9
#: a parameter this close to a bound (as a share of its range) has ended at it
BOUND_SHARE = 1e-3


@dataclass(frozen=True)
class Box:
    """Lower and upper bounds of the parameters, in their order."""

    low: np.ndarray
    high: np.ndarray

    @classmethod
    def of(cls, bounds: Sequence[Sequence[float]]) -> Box:
        arr = np.asarray(bounds, dtype=float).reshape(-1, 2)
        return cls(arr[:, 0].copy(), arr[:, 1].copy())

    @property
    def dim(self) -> int:
        return len(self.low)

    def to_unit(self, x: Sequence[float] | np.ndarray) -> np.ndarray:
        return (np.asarray(x, dtype=float) - self.low) / (self.high - self.low)

    def from_unit(self, u: Sequence[float] | np.ndarray) -> np.ndarray:
        u = np.clip(np.asarray(u, dtype=float), 0.0, 1.0)
        return np.clip(self.low + u * (self.high - self.low), self.low, self.high)

    def to_z(self, x: Sequence[float] | np.ndarray) -> np.ndarray:
        return np.asarray(logit(np.clip(self.to_unit(x), EDGE, 1 - EDGE)), dtype=float)

    def from_z(self, z: Sequence[float] | np.ndarray) -> np.ndarray:
        return self.from_unit(expit(np.asarray(z, dtype=float)))

    def at_bound(self, x: Sequence[float] | np.ndarray) -> list[str]:
        """'low', 'high' or '' per parameter."""
        u = self.to_unit(x)
        return ["low" if v <= BOUND_SHARE else "high" if v >= 1 - BOUND_SHARE else "" for v in u]

    def latin_hypercube(self, n: int, seed: int) -> list[np.ndarray]:
        """``n`` points spread over the box, one per row and column of an n-grid."""
        if n <= 0:
            return []
        from scipy.stats import qmc

        unit = qmc.LatinHypercube(d=self.dim, rng=np.random.default_rng(seed)).random(n)
        return [self.from_unit(row) for row in unit]

    def simplex(self, x: Sequence[float] | np.ndarray, step: float) -> np.ndarray:
        """Nelder–Mead's first simplex in z around ``x``: one vertex per parameter moved
        by ``step`` of its range toward the middle (so it stays inside the box)."""
        u = np.clip(self.to_unit(x), EDGE, 1 - EDGE)
        vertices = [u]
        for i in range(self.dim):
            v = u.copy()
            v[i] = v[i] + step if v[i] <= 0.5 else v[i] - step
            vertices.append(v)
        return np.asarray(logit(np.clip(np.array(vertices), EDGE, 1 - EDGE)), dtype=float)
