"""Two strategies on the same borrowers, advanced day by day in a background thread.

Both models get the same seed, portfolio and scenario, so they draw the same
borrowers and the same shocks (common random numbers by construction): what
differs between their series is the strategies' doing. The models are built
and stepped in one worker thread, never the page's, because building
includes the book's burn-in and a large book takes a while a day; the page
reads :meth:`LiveRun.snapshot` whenever it redraws, so drawing never slows
the simulation more than its own cost.

>>> from collectsim.dashboard.choice import LiveSetup, resolve
>>> run = LiveRun(resolve(LiveSetup(borrowers=300, horizon_days=5)))
>>> run.advance(None).wait(60)
True
>>> snap = run.snapshot()
>>> snap.status, snap.day, len(snap.days)
('finished', 5, 6)
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from collectsim.dashboard.choice import Resolved
from collectsim.errors import CollectsimError
from collectsim.metrics import DAILY_NAMES

# imported here, not in the worker thread: importing pandas (through Mesa) in one thread while
# the page's threads look it up fails with a partially initialised module
from collectsim.model import CollectionModel

log = logging.getLogger(__name__)

SIDES = ("a", "b")
#: what each status means on the page
BUSY = frozenset({"building", "running"})


@dataclass(frozen=True)
class Snapshot:
    """The run as the page draws it: copies, safe to read while the run goes on."""

    status: str
    """new, building, ready, running, stopped, finished or failed"""
    day: int
    horizon: int
    days: np.ndarray
    series: dict[str, dict[str, np.ndarray]]
    """side ('a', 'b') -> series name -> value per day"""
    message: str = ""
    rate: float = 0.0
    """simulated days per second over the last advance (both strategies)"""
    cpu_rate: float = 0.0
    """the same per CPU second of this process (engine and page together): the speed on one
    core of its own, whatever else the machine runs"""
    build_seconds: float = 0.0

    @property
    def busy(self) -> bool:
        return self.status in BUSY


@dataclass
class _Record:
    """Series per side, appended in the worker thread, copied under the lock."""

    values: dict[str, dict[str, list[float]]] = field(
        default_factory=lambda: {side: {name: [] for name in DAILY_NAMES} for side in SIDES}
    )

    def add(self, side: str, observation: dict[str, float]) -> None:
        for name, values in self.values[side].items():
            values.append(float(observation.get(name, np.nan)))


def _default_factory(resolved: Resolved, side: str) -> CollectionModel:
    setup = resolved.setup
    return CollectionModel(
        portfolio=resolved.portfolio,
        scenario=resolved.scenario,
        strategy=resolved.strategy_a if side == "a" else resolved.strategy_b,
        borrowers=setup.borrowers,
        horizon_days=setup.horizon_days,
        seed=setup.seed,
    )


class LiveRun:
    """A pair of models for one resolved set-up, driven by commands to a worker thread.

    ``advance(days)`` queues days to simulate (None: to the horizon) and
    returns an Event set when they are done, stopped or failed; ``stop()``
    ends the current advance after the day in progress. ``pace`` caps the
    simulated days per second (None: as fast as the engine goes).
    """

    def __init__(
        self,
        resolved: Resolved,
        factory: Callable[[Resolved, str], Any] = _default_factory,
        on_change: Callable[[], None] | None = None,
    ):
        self.resolved = resolved
        self.horizon = resolved.setup.horizon_days
        self.pace: float | None = None
        self._factory = factory
        self._on_change = on_change or (lambda: None)
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._queue: queue.Queue[tuple[int | None, threading.Event]] = queue.Queue()
        self._models: dict[str, Any] = {}
        self._record = _Record()
        self._status, self._message = "new", ""
        self._rate = self._cpu_rate = self._build_seconds = 0.0
        self._day = 0
        self._thread = threading.Thread(target=self._work, name="collectsim-live", daemon=True)
        self._thread.start()

    # -- commands (any thread) -------------------------------------------------------------------
    def advance(self, days: int | None) -> threading.Event:
        """Simulate ``days`` more days (None: to the horizon), building the models first."""
        done = threading.Event()
        self._stop.clear()
        self._queue.put((days, done))
        return done

    def stop(self) -> None:
        """Stop after the day in progress; queued advances are dropped."""
        self._stop.set()

    def close(self) -> None:
        """Stop and let the worker thread end (the page was closed or reset)."""
        self._stop.set()
        self._queue.put((-1, threading.Event()))

    def snapshot(self) -> Snapshot:
        with self._lock:
            series = {
                side: {name: np.asarray(v, dtype=float) for name, v in values.items()}
                for side, values in self._record.values.items()
            }
            status, message, day = self._status, self._message, self._day
            rate, cpu_rate = self._rate, self._cpu_rate
        return Snapshot(
            status,
            day,
            self.horizon,
            np.arange(len(series["a"][DAILY_NAMES[0]])),
            series,
            message,
            rate,
            cpu_rate,
            self._build_seconds,
        )

    # -- the worker thread -----------------------------------------------------------------------
    def _set(self, status: str, message: str = "") -> None:
        with self._lock:
            self._status, self._message = status, message
        self._on_change()

    def _work(self) -> None:
        while True:
            days, done = self._queue.get()
            if days == -1:
                done.set()
                return
            try:
                if self._stop.is_set():
                    continue
                if not self._models:
                    self._build()
                self._advance(days)
            except CollectsimError as exc:
                self._set("failed", str(exc))
            except Exception as exc:  # the page shows a message; the server log the traceback
                log.exception("live run failed")
                self._set("failed", f"the simulation stopped: {type(exc).__name__}: {exc}")
            finally:
                done.set()

    def _build(self) -> None:
        started = time.perf_counter()
        models = {}
        for i, side in enumerate(SIDES):
            self._set("building", f"building strategy {side.upper()}'s book ({i + 1} of 2)")
            models[side] = self._factory(self.resolved, side)
        self._models = models
        with self._lock:
            for side in SIDES:
                self._record.add(side, self._models[side].observation)
            self._build_seconds = time.perf_counter() - started
        self._set("ready")

    def _advance(self, days: int | None) -> None:
        end = self.horizon if days is None else min(self.horizon, self._day + days)
        if self._day >= self.horizon:
            self._set("finished", "the horizon is reached")
            return
        self._set("running")
        started, cpu, first = time.perf_counter(), time.process_time(), self._day
        while self._day < end and not self._stop.is_set():
            day_started = time.perf_counter()
            for side in SIDES:
                self._models[side].step()
            with self._lock:
                for side in SIDES:
                    self._record.add(side, self._models[side].observation)
                self._day += 1
                elapsed = time.perf_counter() - started
                used = time.process_time() - cpu
                self._rate = (self._day - first) / elapsed if elapsed > 0 else 0.0
                self._cpu_rate = (self._day - first) / used if used > 0 else 0.0
            self._pause(day_started)
        if self._day >= self.horizon:
            self._set("finished", "the horizon is reached")
        else:
            self._set("stopped" if self._stop.is_set() else "ready")

    def _pause(self, day_started: float) -> None:
        """Hold the pace: a day takes at least 1 / pace seconds (read each day, so a new
        pace holds from the next day on)."""
        pace = self.pace
        if pace:
            wait = day_started + 1.0 / pace - time.perf_counter()
            if wait > 0:
                self._stop.wait(wait)
