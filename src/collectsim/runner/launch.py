"""Starting the backend an experiment asked for: serial, a pool of processes, or Dask.

Its own module so that the backends (:mod:`collectsim.runner.backends`) and the
Dask cluster (:mod:`collectsim.runner.cluster`), which builds on them, do not
import each other.

>>> open_backend("serial").name
'serial'
"""

from __future__ import annotations

from collectsim.errors import ConfigError
from collectsim.runner.backends import Backend, ProcessBackend, SerialBackend, default_workers


def open_backend(name: str, workers: int | None = None, scheduler: str | None = None) -> Backend:
    """Start a backend; a Dask scheduler that does not answer is a ConfigError now."""
    if name == "serial":
        return SerialBackend()
    if name == "processes":
        return ProcessBackend(workers or default_workers())
    if name == "dask":
        from collectsim.runner.cluster import DaskBackend

        return DaskBackend(workers, scheduler)
    raise ConfigError(None, "backend", "one of serial, processes, dask", name)
