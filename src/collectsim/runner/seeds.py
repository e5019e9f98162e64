"""Replication seeds: one per replication, shared by every strategy, scenario and sweep point.

Common random numbers make comparisons paired: the champion and a challenger
on replication ``r`` meet the same borrowers and the same shocks, so their
difference is the strategy's effect, not noise. The seed of replication ``r``
depends on the experiment seed and ``r`` only, through numpy's SeedSequence
(``SeedSequence(seed).spawn(n)[r]`` gives the same stream), so adding
replications or strategies never changes the seeds of existing runs.

>>> run_seed(20261123, 0) == run_seed(20261123, 0)
True
>>> run_seed(20261123, 0) != run_seed(20261123, 1)
True
"""

from __future__ import annotations

import numpy as np


def run_seed(experiment_seed: int, replication: int) -> int:
    """The seed of replication ``replication``: a non-negative 63-bit integer.

    63 bits rather than 64 so the seed fits a signed integer column in any
    CSV reader (pandas, R, spreadsheets) without turning into a float.
    """
    seq = np.random.SeedSequence(experiment_seed, spawn_key=(replication,))
    return int(seq.generate_state(1, dtype=np.uint64)[0] >> np.uint64(1))
