"""Named random streams: one seed, common random numbers across strategies.

Two strategies run on the same replication must see the same borrowers and
the same shocks, so that their difference is the strategy's effect and not
noise. A single generator cannot give that: a strategy that makes more
contacts would consume more draws and shift every later one. So each stream
has its own key, derived from the run seed and the stream's name through
:class:`numpy.random.SeedSequence`, and draws are *counter-based*: the
uniform for (stream, day, borrower) is a hash of the three (SplitMix64's
finaliser, as in counter-based generators such as Random123). A borrower's
job-loss draw on day 40 is then the same whoever else was contacted that day,
and a draw costs only as much as the accounts that need it.

Population draws (fixed size per run) use an ordinary PCG64 generator keyed
the same way.

>>> s = Streams(7)
>>> import numpy as np
>>> a = s.uniform("pay", 3, np.array([5, 9]))
>>> bool(a[1] == s.uniform("pay", 3, np.array([9]))[0])
True
"""

from __future__ import annotations

import zlib

import numpy as np
from scipy.special import ndtri

#: every stream the model draws from, declared once (a check rejects collisions)
STREAM_NAMES: tuple[str, ...] = (
    "population",
    "job",
    "revenue",
    "expense_shock",
    "shock_size",
    "pay",
    "overlook",
    "cure",
    "contact_reach",
    "promise_make",
    "promise_keep",
    "offer",
    "complaint",
    "complaint_kind",
    "legal",
    "third_party",
    "trial",
    "collector",
    "misconduct",
    "agency_conduct",
    "lesson",
    "record",
    "dispute",
    "service",
    "opening",
    "attrition",
)

_MASK = (1 << 64) - 1
_GOLDEN = 0x9E3779B97F4A7C15
_SUB = 0xD1B54A32D192ED03
_G = np.uint64(_GOLDEN)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_S11, _S27, _S30, _S31 = (np.uint64(k) for k in (11, 27, 30, 31))
_INV53 = 1.0 / (1 << 53)


def _mix_scalar(z: int) -> int:
    z &= _MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
    return z ^ (z >> 31)


class Streams:
    """Counter-based uniform draws per (stream, day, account), from one seed."""

    def __init__(self, seed: int, names: tuple[str, ...] = STREAM_NAMES):
        self.seed = int(seed)
        self.keys: dict[str, int] = {}
        for name in names:
            ident = zlib.crc32(name.encode())
            state = np.random.SeedSequence([self.seed, ident]).generate_state(2, np.uint64)
            self.keys[name] = int(state[0]) ^ (int(state[1]) << 1) & _MASK
        if len(set(self.keys.values())) != len(self.keys):
            raise RuntimeError("two random streams share a key")  # pragma: no cover
        self._bases: dict[tuple[str, int, int], np.uint64] = {}

    def generator(self, name: str) -> np.random.Generator:
        """An ordinary generator for fixed-size draws (e.g. building the population)."""
        return np.random.Generator(np.random.PCG64(self.keys[name]))

    def _base(self, name: str, day: int, sub: int = 0) -> np.uint64:
        """The per-(stream, day, sub) offset, cached: a day asks for the same few many times."""
        key = (name, day, sub)
        base = self._bases.get(key)
        if base is None:
            if len(self._bases) > 4096:  # bounded: old days are never asked again
                self._bases.clear()
            z = self.keys[name] + (int(day) + 1) * _GOLDEN + int(sub) * _SUB
            base = self._bases[key] = np.uint64(_mix_scalar(z))
        return base

    def uniform(self, name: str, day: int, idx: np.ndarray, sub: int = 0) -> np.ndarray:
        """Uniforms in [0, 1), one per account in ``idx``, fixed by (stream, day, sub, account).

        ``sub`` tells apart draws of one stream for different purposes on the same day
        (e.g. one per channel), so that two channels never share a draw.
        """
        z = idx.astype(np.uint64)
        z *= _G
        z += self._base(name, day, sub)
        return _finalise(z)

    def uniforms(
        self,
        names: tuple[str, ...],
        day: int,
        idx: np.ndarray,
        subs: tuple[int, ...] | None = None,
    ) -> np.ndarray:
        """``uniform`` for several streams (and subs) at once, one row per name: same values.

        One pass over a (streams x accounts) block instead of one per stream:
        on a few hundred accounts the per-call overhead is most of the cost.
        """
        subs = subs or (0,) * len(names)
        bases = np.array(
            [self._base(n, day, k) for n, k in zip(names, subs, strict=True)], dtype=np.uint64
        )
        z = idx.astype(np.uint64) * _G
        z = z[None, :] + bases[:, None]
        return _finalise(z)

    def normal(self, name: str, day: int, idx: np.ndarray, sub: int = 0) -> np.ndarray:
        """Standard normals by inversion of :meth:`uniform` (same counter property)."""
        return to_normal(self.uniform(name, day, idx, sub))


def to_normal(u: np.ndarray) -> np.ndarray:
    """Standard normals from uniforms by inversion (what :meth:`Streams.normal` returns)."""
    return ndtri(np.minimum(np.maximum(u, 1e-12), 1 - 1e-12))  # np.clip, without its wrapper


def _finalise(z: np.ndarray) -> np.ndarray:
    """SplitMix64's finaliser in place on ``z`` (uint64), then the top 53 bits as [0, 1)."""
    z ^= z >> _S30
    z *= _M1
    z ^= z >> _S27
    z *= _M2
    z ^= z >> _S31
    z >>= _S11
    return np.multiply(z, _INV53)
