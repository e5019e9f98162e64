"""Where runs execute: in this process, in a pool of processes, or on a Dask cluster.

Every backend maps the same top-level function, :func:`run_task`, over
:class:`Task` objects and yields :class:`Outcome` objects as runs finish, in
whatever order they finish; the runner writes each to disk at once and
assembles the outputs in a fixed order, so the files are byte-identical
whichever backend and however many workers. Tasks and outcomes are plain,
picklable data (configs in, numbers out, never a model), and nothing that
crosses a process is a lambda or a closure, so ``spawn`` (Windows, macOS)
works as well as ``fork``. At most two tasks per worker are in flight, so
memory stays flat however many runs an experiment has.

>>> backend = SerialBackend()
>>> backend.name, backend.workers
('serial', 1)
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
import traceback
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from collectsim.config import Portfolio, Scenario, Strategy
from collectsim.runner import progress

#: the error recorded for a run whose worker process died under it
WORKER_DIED = (
    "worker process died while running this run (killed, out of memory, or crashed); "
    "the other runs went on"
)


@dataclass(frozen=True, order=True)
class RunKey:
    """Which run: indices into the experiment's strategies, scenarios and sweep points.

    Ordered as the outputs are: strategy, scenario, replication, point.
    """

    strategy: int
    scenario: int
    replication: int
    point: int

    @property
    def stem(self) -> str:
        return (
            f"s{self.strategy:03d}-c{self.scenario:03d}-r{self.replication:05d}-p{self.point:05d}"
        )


@dataclass(frozen=True)
class Task:
    """Everything one run needs, self-contained so a remote worker needs no files."""

    key: RunKey
    portfolio: Portfolio
    scenario: Scenario
    strategy: Strategy
    borrowers: int
    horizon_days: int
    seed: int
    trace: int = 0
    progress: bool = False
    """report the day reached (a long run), if this process has a progress sink"""


@dataclass
class Outcome:
    """What a worker sends back: numbers or an error, and how long the model took."""

    key: RunKey
    metrics: dict[str, Any] = field(default_factory=dict)
    daily: dict[str, np.ndarray] = field(default_factory=dict)
    events: list[tuple[int, int, str, str]] = field(default_factory=list)
    seconds: float = 0.0
    error: str | None = None
    traceback: str = ""
    collectors: list[tuple[Any, ...]] = field(default_factory=list)
    """per collector, if the strategy has teams (collectors.csv)"""

    @property
    def ok(self) -> bool:
        return self.error is None


def run_task(task: Task) -> Outcome:
    """Run one simulation; an exception becomes a failed Outcome so the others go on."""
    from collectsim import simulation  # looked up at call time: tests may patch simulate

    start = time.perf_counter()
    extra: dict[str, Any] = {}
    reporter = progress.reporter(task.key.stem) if task.progress else None
    if reporter is not None:
        extra["progress"] = reporter
    try:
        result = simulation.simulate(
            task.portfolio,
            task.scenario,
            task.strategy,
            borrowers=task.borrowers,
            horizon_days=task.horizon_days,
            seed=task.seed,
            trace=task.trace,
            **extra,
        )
        daily = {name: np.asarray(values) for name, values in result.daily.items()}
        return Outcome(
            task.key,
            dict(result.metrics),
            daily,
            list(result.events),
            time.perf_counter() - start,
            collectors=list(result.collectors),
        )
    except Exception as exc:
        return failed(task.key, exc, time.perf_counter() - start)


def failed(key: RunKey, exc: BaseException, seconds: float = 0.0) -> Outcome:
    """An Outcome recording ``exc`` (its type, message and traceback)."""
    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return Outcome(key, seconds=seconds, error=f"{type(exc).__name__}: {exc}", traceback=text)


class Backend(Protocol):
    name: str
    workers: int

    def run(self, tasks: Iterable[Task]) -> Iterator[Outcome]: ...

    def close(self) -> None: ...


def default_workers() -> int:
    """Cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return os.cpu_count() or 1


class SerialBackend:
    """Runs in this process, one after the other: simplest to debug and profile."""

    name = "serial"
    workers = 1

    def run(self, tasks: Iterable[Task]) -> Iterator[Outcome]:
        for task in tasks:
            yield run_task(task)

    def close(self) -> None:
        pass


def _watch_parent(parent: int) -> None:
    """In a worker: exit if the runner that started it is gone (killed with SIGKILL)."""
    while True:
        time.sleep(1.0)
        if os.getppid() != parent:
            os._exit(1)


def _worker_init(parent: int, days: Any = None) -> None:
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if days is not None:
        progress.set_sink(days.put_nowait)


class ProcessBackend:
    """A pool of ``spawn``-started worker processes on this machine.

    Workers exit on their own if the runner dies, and are terminated when
    the runner is interrupted, so no orphan keeps computing a lost run.

    A worker that dies (killed, out of memory) breaks the whole pool: every
    run in flight is lost with it. The pool is then started again and the
    experiment goes on; a lost run that was the only one in flight is the one
    that died, and is recorded as failed (:data:`WORKER_DIED`); when several
    were lost, each is run again alone, so only the run that kills its worker
    fails and the others finish.
    """

    name = "processes"

    def __init__(self, workers: int):
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None
        self._context = multiprocessing.get_context("spawn")
        #: where workers report the day a long run has reached
        self.days: Any = self._context.Queue()
        #: keep the workers between calls of :meth:`run` until :meth:`close` (the optimiser's
        #: batches: workers keep their imports and the books they have burnt in)
        self.keep_pool = False

    def _start(self) -> None:
        self._pool = ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=self._context,
            initializer=_worker_init,
            initargs=(os.getpid(), self.days),
        )

    def _restart(self) -> None:
        """Replace a broken pool (its processes are already gone) with a new one."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
        self._start()

    def _submit(self, task: Task, inflight: dict[Future, Task]) -> bool:
        """Start ``task``; False if the pool is broken (a worker died meanwhile)."""
        assert self._pool is not None
        try:
            inflight[self._pool.submit(run_task, task)] = task
        except BrokenProcessPool:
            return False
        return True

    def run(self, tasks: Iterable[Task]) -> Iterator[Outcome]:
        if self._pool is None:
            self._start()
        pending = iter(tasks)
        unstarted: deque[Task] = deque()  # taken from ``tasks``, not submitted: pool broken
        suspects: deque[Task] = deque()  # lost with a dead worker: each runs again alone
        inflight: dict[Future, Task] = {}
        idle_breaks = 0  # pool breaks in a row that lost no run
        while True:
            broken = False
            if suspects:
                if not inflight:
                    task = suspects.popleft()
                    if not self._submit(task, inflight):
                        suspects.appendleft(task)
                        broken = True
            else:
                while len(inflight) < 2 * self.workers:
                    nxt = unstarted.popleft() if unstarted else next(pending, None)
                    if nxt is None:
                        break
                    if not self._submit(nxt, inflight):
                        unstarted.appendleft(nxt)
                        broken = True
                        break
            lost: list[Task] = []
            if inflight:
                done, _ = wait(inflight, return_when=FIRST_COMPLETED)
                if any(isinstance(f.exception(), BrokenProcessPool) for f in done):
                    done = wait(inflight).done  # the pool is dead: every run ends now
                for future in sorted(done, key=lambda f: inflight[f].key):
                    task = inflight.pop(future)
                    exc = future.exception()
                    if isinstance(exc, BrokenProcessPool):
                        lost.append(task)
                    elif exc is not None:  # e.g. an outcome that could not be sent back
                        yield failed(task.key, exc)
                    else:
                        yield future.result()
            elif not broken:
                break
            if len(lost) == 1:  # the only run lost: it was running in the worker that died
                yield Outcome(lost[0].key, error=WORKER_DIED)
            else:
                suspects.extend(lost)
            if lost or broken:
                idle_breaks = 0 if lost else idle_breaks + 1
                if idle_breaks > 3:
                    raise RuntimeError("worker processes keep dying before running anything")
                self._restart()
        assert self._pool is not None
        if not self.keep_pool:
            self._pool.shutdown(wait=True)
            self._pool = None

    def close(self) -> None:
        """After an interrupt: stop the workers now rather than after their current run."""
        if self._pool is None:
            return
        # ProcessPoolExecutor.terminate_workers() arrives in Python 3.14; until then:
        for process in list((getattr(self._pool, "_processes", None) or {}).values()):
            process.terminate()
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = None
