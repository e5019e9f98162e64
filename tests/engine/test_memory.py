"""The memory guard: a population that cannot fit is refused before allocating, exit 2."""

from __future__ import annotations

import subprocess
import sys
import tracemalloc

import pytest

from collectsim.engine.memory import check_fits, estimate_bytes
from collectsim.errors import EXIT_BAD_INPUT, ConfigError
from collectsim.model import CollectionModel

HUGE = 100_000_000_000  # far beyond any machine this runs on


def test_huge_population_refused_before_allocating():
    tracemalloc.start()
    try:
        with pytest.raises(ConfigError) as err:
            CollectionModel(borrowers=HUGE, horizon_days=10, seed=1)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 50 * 2**20  # refused without building anything large
    msg = str(err.value)
    assert "borrowers" in msg and "GiB" in msg and "available" in msg
    assert err.value.exit_status == EXIT_BAD_INPUT


def test_hundred_million_refused_on_a_small_machine(monkeypatch):
    import collectsim.engine.memory as memory

    monkeypatch.setattr(memory, "available_bytes", lambda: 16 * 2**30)
    with pytest.raises(ConfigError, match="100,000,000 borrowers need about"):
        check_fits(100_000_000)


def test_workers_multiply_the_estimate():
    assert estimate_bytes(1_000_000, workers=2) == 2 * estimate_bytes(1_000_000)


def test_small_population_passes():
    check_fits(10_000, workers=2)
    m = CollectionModel(borrowers=200, horizon_days=3, seed=1)
    m.run_model()
    assert m.metrics()["contacts"] >= 0


def test_cli_exits_2(tmp_path):
    exp = tmp_path / "huge.toml"
    exp.write_text(
        'name = "huge"\nseed = 1\nreplications = 1\nborrowers = 100000000000\n'
        'horizon_days = 10\nportfolio = "mixed"\nscenarios = ["baseline"]\n'
        'strategies = ["standard"]\nchampion = "standard"\n'
    )
    proc = subprocess.run(
        [sys.executable, "-m", "collectsim", "run", str(exp)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert proc.returncode == EXIT_BAD_INPUT, proc.stderr
    assert "GiB" in proc.stderr and "borrowers" in proc.stderr
    assert "Traceback" not in proc.stderr
