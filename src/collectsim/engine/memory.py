"""Refuse a run that cannot fit in memory, before allocating anything.

A model holds its borrowers as arrays (:class:`~collectsim.engine.state.Borrowers`),
so its peak memory is close to linear in the number of borrowers: the state
arrays, times a factor for the day's temporaries (gathers, masks, the daily
working sets), plus a fixed cost per process (Python, NumPy, SciPy, Mesa).
Both constants were measured with ``benchmarks/run.py`` (peak RSS of a child
process at 10k, 100k and 1M borrowers x 365 days: about 1.7x the state
arrays plus about 150 MiB); they are rounded up here so the check errs on
the side of refusing. A request is refused if ``workers`` such processes
would need more than the memory available now.

>>> check_fits(1_000)
>>> try:
...     check_fits(10**11)
... except ConfigError as e:
...     "GiB" in str(e)
True
"""

from __future__ import annotations

import os

from collectsim.engine.state import Borrowers
from collectsim.errors import ConfigError

#: peak memory of a run / bytes of its borrower state (measured 1.7, rounded up)
OVERHEAD_FACTOR = 2.0
#: fixed memory of one process running a model: interpreter and libraries (measured ~150 MiB)
PROCESS_BASE_BYTES = 200 * 2**20
GIB = 2**30


def available_bytes() -> int:
    """Memory available to new allocations now (Linux MemAvailable, else physical memory)."""
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):  # pragma: no cover - exotic platforms
        return 2**62


def estimate_bytes(borrowers: int, workers: int = 1) -> int:
    """Estimated peak memory of ``workers`` processes each running a model of ``borrowers``."""
    per_run = int(borrowers) * Borrowers.bytes_per_borrower() * OVERHEAD_FACTOR
    return int(max(1, workers) * (per_run + PROCESS_BASE_BYTES))


def check_fits(borrowers: int, workers: int = 1, *, file: str | None = None) -> None:
    """Raise ConfigError (exit 2) if the runs would not fit in the memory available."""
    need = estimate_bytes(borrowers, workers)
    limit = available_bytes()
    if need > limit:
        who = f"{workers} worker(s) x " if workers > 1 else ""
        raise ConfigError(
            file,
            "borrowers",
            f"a population that fits in memory: {who}{int(borrowers):,} borrowers need "
            f"about {need / GIB:.1f} GiB (estimate), but only {limit / GIB:.1f} GiB is "
            "available",
            got=int(borrowers),
        )
