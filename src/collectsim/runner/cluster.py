"""Runs on a Dask cluster: a scheduler the user names, or a local cluster.

Before anything is sent, the scheduler is asked who it is, with a hard time
limit (:func:`check_scheduler`): a port that accepts and never answers, or
another service on it, ends in one message and exit 2 within 5 s, never a hang
or a traceback.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Iterator
from typing import Any

from collectsim.errors import ConfigError
from collectsim.runner.backends import Outcome, RunKey, Task, default_workers, failed, run_task

#: seconds to wait for a Dask scheduler before saying it is unreachable (start-up included,
#: the command ends within 5 s)
SCHEDULER_TIMEOUT = 4.0


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
            check_scheduler(address)
            try:
                self._client = Client(address, timeout=SCHEDULER_TIMEOUT)
            except Exception as exc:
                raise ConfigError(
                    None, "scheduler", f"a working Dask scheduler ({exc})", address
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
        inflight: dict[Any, tuple[Any, RunKey]] = {}
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


async def _identity(address: str) -> Any:
    from distributed.comm import connect

    comm = await connect(address, timeout=SCHEDULER_TIMEOUT)
    try:
        await comm.write({"op": "identity", "reply": True})
        return await comm.read()
    finally:
        comm.abort()


def check_scheduler(address: str) -> None:
    """Ask ``address`` who it is, all within SCHEDULER_TIMEOUT: a port that accepts and never
    answers, or a service that is not a Dask scheduler, is a ConfigError, not a hang."""
    try:
        reply = asyncio.run(asyncio.wait_for(_identity(address), SCHEDULER_TIMEOUT))
    except TimeoutError:
        reply = f"none answered within {SCHEDULER_TIMEOUT:g} s"
    except Exception as exc:  # refused, unresolvable, or garbage read as a Dask message
        reply = f"{type(exc).__name__}: {str(exc)[:200]}"
    if isinstance(reply, dict) and reply.get("type") == "Scheduler":
        return
    what = reply if isinstance(reply, str) else "something answered that is not a Dask scheduler"
    raise ConfigError(None, "scheduler", f"a reachable Dask scheduler ({what})", address)
