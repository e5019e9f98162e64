"""The Dask scheduler check: exit 2 within 5 s for a port that never answers or is not Dask.

Every address here is a local socket the test opens itself.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest

from collectsim.errors import ConfigError
from collectsim.runner.cluster import SCHEDULER_TIMEOUT, check_scheduler


def serve(reply: bytes | None) -> Iterator[str]:
    """A local server that accepts and then says ``reply`` (or nothing, forever)."""
    server = socket.create_server(("127.0.0.1", 0))
    held: list[socket.socket] = []

    def loop() -> None:
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            held.append(conn)
            if reply is not None:
                conn.sendall(reply)

    threading.Thread(target=loop, daemon=True).start()
    try:
        yield f"tcp://127.0.0.1:{server.getsockname()[1]}"
    finally:
        server.close()
        for conn in held:
            conn.close()


@pytest.fixture
def silent() -> Iterator[str]:
    yield from serve(None)


@pytest.fixture
def web() -> Iterator[str]:
    yield from serve(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi" * 20)


def test_a_port_that_accepts_but_never_answers_is_refused_in_time(silent):
    # the message names the timeout that ended the wait (speed belongs in benchmarks/)
    with pytest.raises(ConfigError, match=f"none answered within {SCHEDULER_TIMEOUT:g} s"):
        check_scheduler(silent)


def test_a_service_that_is_not_dask_is_refused_without_a_traceback(web):
    with pytest.raises(ConfigError, match="reachable Dask scheduler") as info:
        check_scheduler(web)
    assert "Traceback" not in str(info.value)


def test_the_command_exits_2_before_any_run(silent, tmp_path, monkeypatch, capsys):
    from collectsim import simulation
    from collectsim.cli import main

    def no_run(*args, **kwargs):
        raise AssertionError("a run started before the scheduler was checked")

    monkeypatch.setattr(simulation, "simulate", no_run)
    monkeypatch.chdir(tmp_path)
    assert main(["run", "quickstart", "--scheduler", silent, "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not (tmp_path / "results").exists()


@pytest.mark.slow
def test_the_command_in_a_new_process_ends_in_one_line(silent, tmp_path):
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "collectsim", "run", "quickstart", "--scheduler", silent],
        cwd=tmp_path, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1, proc.stderr


def test_a_real_scheduler_passes(tmp_path):
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        check_scheduler(cluster.scheduler_address)
