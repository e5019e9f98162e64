"""Progress: a bar over runs, and, when runs are long, the day each run has reached.

The bar counts finished runs. A single run of a million borrowers over ten
years takes minutes, so for runs estimated to take longer than
:data:`LONG_RUN_SECONDS` each run reports its day through
:func:`collectsim.simulation.simulate`'s ``progress`` callback, at most once a
second, and the bar shows it (``s000-c000-r00000-p00000: day 1,200/3,650``).

A run reports to this process's *sink*: in the serial backend the bar
itself; in a worker process a queue the pool's initializer hands over,
drained by a thread of the runner (:class:`Watcher`). Reporting never fails
a run: a sink that raises is ignored.

>>> seen = []
>>> report = DayReporter("s000", seen.append, interval=0.0)
>>> report(1, 3); report(3, 3)
>>> seen
[('s000', 1, 3), ('s000', 3, 3)]
"""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

#: runs estimated longer than this show their day on the bar
LONG_RUN_SECONDS = 10.0
#: (run stem, day, horizon)
Message = tuple[str, int, int]
Sink = Callable[[Message], Any]

_sink: Sink | None = None


def set_sink(sink: Sink | None) -> None:
    """Where this process's runs report their day (None: they do not)."""
    global _sink
    _sink = sink


class DayReporter:
    """The ``progress`` callback of one run: throttled, and never raising."""

    def __init__(self, stem: str, sink: Sink, interval: float = 1.0):
        self.stem, self.sink, self.interval = stem, sink, interval
        self.last = time.monotonic()

    def __call__(self, day: int, horizon: int) -> None:
        now = time.monotonic()
        if day >= horizon or now - self.last >= self.interval:
            self.last = now
            with contextlib.suppress(Exception):
                self.sink((self.stem, day, horizon))


def reporter(stem: str) -> DayReporter | None:
    """A reporter for the run ``stem`` if this process has a sink, else None."""
    return DayReporter(stem, _sink) if _sink is not None else None


def runs_bar(total: int, initial: int, name: str, quiet: bool) -> Any:
    """The bar over runs (tqdm), disabled when ``quiet``."""
    from tqdm.auto import tqdm

    return tqdm(
        total=total, initial=initial, desc=name, unit="run", disable=quiet, dynamic_ncols=True
    )


class Watcher:
    """Shows reported days on the bar: called directly, or draining a worker queue."""

    def __init__(self, bar: Any):
        self.bar = bar
        self.stop = threading.Event()

    def show(self, message: Message) -> None:
        stem, day, horizon = message
        self.bar.set_postfix_str(f"{stem}: day {day:,}/{horizon:,}")

    def drain(self, source: Any) -> None:
        """Until stopped: show every message the workers put on ``source``."""
        while not self.stop.is_set():
            try:
                self.show(source.get(timeout=0.2))
            except queue.Empty:
                continue
            except (OSError, EOFError, ValueError):  # the queue was closed
                return


@contextlib.contextmanager
def within_runs(bar: Any, source: Any | None, enabled: bool) -> Iterator[None]:
    """While the runs execute: report days to the bar (from ``source``, a worker queue,
    or in this process when there is none)."""
    if not enabled or getattr(bar, "disable", False):
        yield
        return
    watcher = Watcher(bar)
    thread = None
    if source is None:
        set_sink(watcher.show)
    else:
        thread = threading.Thread(target=watcher.drain, args=(source,), daemon=True)
        thread.start()
    try:
        yield
    finally:
        set_sink(None)
        watcher.stop.set()
        if thread is not None:
            thread.join(timeout=1.0)
