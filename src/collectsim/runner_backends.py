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

>>> backend = open_backend("serial")
>>> backend.name, backend.workers
('serial', 1)
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
import traceback
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from collectsim.config import Portfolio, Scenario, Strategy
from collectsim.errors import ConfigError

#: seconds to wait for a Dask scheduler before saying it is unreachable
SCHEDULER_TIMEOUT = 5.0


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

    @property
    def ok(self) -> bool:
        return self.error is None


def run_task(task: Task) -> Outcome:
    """Run one simulation; an exception becomes a failed Outcome so the others go on."""
    from collectsim import simulation  # looked up at call time: tests may patch simulate

    start = time.perf_counter()
    try:
        result = simulation.simulate(
            task.portfolio,
            task.scenario,
            task.strategy,
            borrowers=task.borrowers,
            horizon_days=task.horizon_days,
            seed=task.seed,
            trace=task.trace,
        )
        daily = {name: np.asarray(values) for name, values in result.daily.items()}
        return Outcome(
            task.key,
            dict(result.metrics),
            daily,
            list(result.events),
            time.perf_counter() - start,
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


def _worker_init(parent: int) -> None:
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


class ProcessBackend:
    """A pool of ``spawn``-started worker processes on this machine.

    Workers exit on their own if the runner dies, and are terminated when
    the runner is interrupted, so no orphan keeps computing a lost run.
    """

    name = "processes"

    def __init__(self, workers: int):
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None

    def run(self, tasks: Iterable[Task]) -> Iterator[Outcome]:
        context = multiprocessing.get_context("spawn")
        self._pool = ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=context,
            initializer=_worker_init,
            initargs=(os.getpid(),),
        )
        inflight: dict[Future, RunKey] = {}
        pending = iter(tasks)
        while True:
            while len(inflight) < 2 * self.workers:
                task = next(pending, None)
                if task is None:
                    break
                inflight[self._pool.submit(run_task, task)] = task.key
            if not inflight:
                break
            done, _ = wait(inflight, return_when=FIRST_COMPLETED)
            for future in done:
                key = inflight.pop(future)
                try:
                    yield future.result()
                except Exception as exc:  # a worker died (killed, out of memory)
                    yield failed(key, exc)
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


class DaskBackend:
    """A Dask cluster: the scheduler at ``address``, or a local cluster when none."""

    name = "dask"

    def __init__(self, workers: int | None, address: str | None):
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise ConfigError(
                None, "backend", "dask installed for backend 'dask' (pip install collectsim[dask])"
            ) from None
        self._cluster = None
        if address:
            try:
                self._client = Client(address, timeout=SCHEDULER_TIMEOUT)
            except (OSError, TimeoutError, ValueError) as exc:
                raise ConfigError(
                    None,
                    "scheduler",
                    f"a reachable Dask scheduler (none answered within "
                    f"{SCHEDULER_TIMEOUT:g} s: {exc})",
                    address,
                ) from None
        else:
            self._cluster = LocalCluster(
                n_workers=workers or default_workers(),
                threads_per_worker=1,
                dashboard_address=None,
            )
            self._client = Client(self._cluster)
        self.workers = max(1, sum(self._client.nthreads().values()))

    def run(self, tasks: Iterable[Task]) -> Iterator[Outcome]:
        from distributed import as_completed

        pending = iter(tasks)
        inflight: dict[str, tuple[Any, RunKey]] = {}
        queue = as_completed()

        def submit_next() -> None:
            task = next(pending, None)
            if task is not None:
                future = self._client.submit(run_task, task, pure=False)
                inflight[future.key] = (future, task.key)
                queue.add(future)

        for _ in range(2 * self.workers):
            submit_next()
        try:
            for future in queue:
                _, key = inflight.pop(future.key)
                try:
                    yield future.result()
                except Exception as exc:  # a worker died (KilledWorker)
                    yield failed(key, exc)
                submit_next()
        finally:
            for future, _ in inflight.values():
                future.cancel()

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()


def open_backend(
    name: str, workers: int | None = None, scheduler: str | None = None
) -> SerialBackend | ProcessBackend | DaskBackend:
    """Start a backend; a Dask scheduler that does not answer is a ConfigError now."""
    if name == "serial":
        return SerialBackend()
    if name == "processes":
        return ProcessBackend(workers or default_workers())
    if name == "dask":
        return DaskBackend(workers, scheduler)
    raise ConfigError(None, "backend", "one of serial, processes, dask", name)
