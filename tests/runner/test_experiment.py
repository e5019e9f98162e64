"""The experiment runner: identical bytes on every backend, resume, failures, interrupts.

Every test runs the real engine on small experiments (a few hundred
borrowers, a few weeks) inside a temporary working directory.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from collectsim import run_experiment, simulation
from collectsim.errors import ConfigError
from collectsim.report.results import load_results
from collectsim.runner.backends import ProcessBackend, SerialBackend
from collectsim.runner.seeds import run_seed
from interrupts import interrupt_at_run
from quick_book import write_quick_portfolio

EXPERIMENT = """
name = "{name}"
seed = 11
replications = {replications}
borrowers = {borrowers}
horizon_days = {horizon}
portfolio = "quick.toml"
scenarios = ["baseline", "recession"]
strategies = ["gentle", "standard", {{ name = "standard_copy", base = "standard" }}]
champion = "standard"
"""


def write_experiment(
    folder: Path, name: str = "exp", replications: int = 2, borrowers: int = 300, horizon: int = 40
) -> Path:
    path = folder / f"{name}.toml"
    write_quick_portfolio(folder)
    path.write_text(
        EXPERIMENT.format(
            name=name, replications=replications, borrowers=borrowers, horizon=horizon
        )
    )
    return path


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def read(path: Path) -> bytes:
    return path.read_bytes()


def resume(exp: Path, **kwargs):
    """The runner itself on a folder it ran before (``run_experiment`` would load it)."""
    from collectsim.analysis.stats import write_tables
    from collectsim.runner.experiment import run

    return load_results(run(exp, tables=write_tables, **kwargs))


@pytest.mark.slow
def test_backends_give_identical_bytes(workdir):
    from distributed import LocalCluster

    exp = write_experiment(workdir)
    serial = run_experiment(exp, "results/serial", backend="serial")
    procs = run_experiment(exp, "results/procs", backend="processes", workers=2)
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        dask = run_experiment(
            exp, "results/dask", backend="dask", scheduler=cluster.scheduler_address
        )
    for name in ("runs.csv", "daily.csv", "summary.csv", "comparison.csv"):
        assert read(serial.folder / name) == read(procs.folder / name), name
        assert read(serial.folder / name) == read(dask.folder / name), name
    assert len(serial.runs) == 3 * 2 * 2
    assert procs.manifest["backend"] == "processes" and procs.manifest["workers"] == 2
    assert dask.manifest["backend"] == "dask"


@pytest.mark.slow
def test_common_random_numbers_and_recorded_seeds(workdir):
    res = run_experiment(write_experiment(workdir, replications=3), backend="serial")
    seeds = res.runs.groupby("replication")["seed"].unique()
    for replication, values in seeds.items():
        assert list(values) == [run_seed(11, replication)]  # one seed for every cell
    assert res.runs["seed"].nunique() == 3
    # a variant without overrides is the champion itself: zero paired difference
    copy = res.comparison[res.comparison["challenger"] == "standard_copy"]
    assert len(copy) > 0
    assert (copy["mean_difference"] == 0).all()
    assert (copy["p_value"].dropna() == 1).all()
    gentle = res.comparison[res.comparison["challenger"] == "gentle"]
    assert (gentle["mean_difference"] != 0).any()


@pytest.mark.slow
def test_rerun_skips_finished_runs(workdir):
    exp = write_experiment(workdir)
    first = run_experiment(exp, backend="serial")
    before = read(first.folder / "runs.csv")
    second = resume(exp, backend="serial")
    assert second.manifest["runs_executed"] == 0
    assert second.manifest["runs_skipped"] == 12
    assert read(second.folder / "runs.csv") == before


@pytest.mark.slow
def test_changed_experiment_is_refused_unless_fresh(workdir):
    exp = write_experiment(workdir)
    run_experiment(exp, backend="serial")
    exp.write_text(exp.read_text().replace("seed = 11", "seed = 12"))
    with pytest.raises(ConfigError, match="--fresh"):
        run_experiment(exp, backend="serial")
    res = run_experiment(exp, backend="serial", fresh=True)
    assert res.manifest["seed"] == 12 and res.manifest["runs_executed"] == 12


def test_runs_of_another_collectsim_version_or_format_are_not_mixed_in(workdir, monkeypatch):
    import collectsim
    from collectsim.runner import manifest as runner

    exp = write_experiment(workdir, replications=1)
    first = run_experiment(exp, backend="serial")
    assert first.manifest["collectsim_version"] == collectsim.__version__
    assert first.manifest["collectsim_results"] == runner.RESULTS_FORMAT
    old = collectsim.__version__
    monkeypatch.setattr(collectsim, "__version__", "99.0.0")
    with pytest.raises(ConfigError, match=rf"collectsim version \({old} -> 99.0.0\).*--fresh"):
        run_experiment(exp, backend="serial")
    monkeypatch.setattr(collectsim, "__version__", old)
    monkeypatch.setattr(runner, "RESULTS_FORMAT", runner.RESULTS_FORMAT + 1)
    with pytest.raises(ConfigError, match=r"results format \(1 -> 2\)"):
        run_experiment(exp, backend="serial")
    res = run_experiment(exp, backend="serial", fresh=True)
    assert res.manifest["collectsim_results"] == 2 and res.manifest["runs_executed"] == 6


@pytest.mark.slow
def test_execution_settings_do_not_count_as_a_change(workdir):
    exp = write_experiment(workdir)
    run_experiment(exp, backend="serial")
    exp.write_text(exp.read_text() + 'backend = "serial"\nworkers = 3\n')
    res = resume(exp)
    assert res.manifest["runs_executed"] == 0


def _failing_simulate(real):
    def simulate(portfolio, scenario, strategy, **kw):
        if strategy.name == "gentle" and kw["seed"] == run_seed(11, 1):
            raise RuntimeError("boom in gentle")
        return real(portfolio, scenario, strategy, **kw)

    return simulate


@pytest.mark.slow
def test_failing_run_is_recorded_and_retried(workdir, monkeypatch):
    exp = write_experiment(workdir)
    clean = run_experiment(exp, "results/clean", backend="serial")
    monkeypatch.setattr(simulation, "simulate", _failing_simulate(simulation.simulate))
    with pytest.warns(RuntimeWarning, match="2 run"):
        res = run_experiment(exp, backend="serial")
    assert res.manifest["status"] == "failures" and res.manifest["failures"] == 2
    assert len(res.runs) == 10
    assert list(res.failures["strategy"]) == ["gentle", "gentle"]
    assert list(res.failures["scenario"]) == ["baseline", "recession"]
    assert (res.failures["replication"] == 1).all()
    assert res.failures["error"].str.contains("boom in gentle").all()
    monkeypatch.undo()
    monkeypatch.chdir(workdir)
    again = run_experiment(exp, backend="serial")
    assert again.manifest["runs_executed"] == 2 and again.manifest["failures"] == 0
    assert not (again.folder / "failures.csv").exists()
    assert read(again.folder / "runs.csv") == read(clean.folder / "runs.csv")


@pytest.mark.slow
def test_interrupt_keeps_finished_runs(workdir, monkeypatch):
    exp = write_experiment(workdir)
    real = interrupt_at_run(monkeypatch, 4)
    with pytest.raises(KeyboardInterrupt):
        run_experiment(exp, backend="serial")
    folder = workdir / "results" / "exp"
    assert json.loads((folder / "manifest.json").read_text())["status"] == "interrupted"
    assert len(list((folder / "parts").glob("*.json"))) == 3
    with pytest.raises(ConfigError, match="interrupted"):
        load_results(folder)
    monkeypatch.setattr(simulation, "simulate", real)
    res = run_experiment(exp, backend="serial")
    assert res.manifest["runs_skipped"] == 3 and len(res.runs) == 12


@pytest.mark.slow
def test_killed_process_resumes_to_the_same_runs(workdir):
    # runs long enough (~0.1 s each) that the kill lands mid-way even on a loaded machine
    exp = write_experiment(workdir, replications=4, borrowers=1500, horizon=90)
    reference = run_experiment(exp, "results/reference", backend="serial")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2] / "src")}
    cmd = [sys.executable, "-m", "collectsim", "run", str(exp), "--backend", "serial"]
    proc = subprocess.Popen(
        [*cmd, "--quiet", "--no-report"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    parts = workdir / "results" / "exp" / "parts"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(parts.glob("*.json"))) < 5:
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    finished = len(list(parts.glob("*.json")))
    assert 5 <= finished < 24, "the run should be killed mid-way"
    res = run_experiment(exp, backend="serial")
    assert res.manifest["runs_skipped"] == finished
    assert res.manifest["runs_executed"] == 24 - finished
    assert read(res.folder / "runs.csv") == read(reference.folder / "runs.csv")
    assert read(res.folder / "daily.csv") == read(reference.folder / "daily.csv")


@pytest.mark.slow
def test_backends_keep_few_runs_in_flight(workdir):
    """Tasks are pulled lazily: memory does not grow with the number of runs."""
    from collectsim.config.experiment import load_experiment
    from collectsim.runner.experiment import make_task, run_keys

    exp = load_experiment(write_experiment(workdir, replications=3, borrowers=100, horizon=5))
    pulled = {"n": 0}

    def tasks():
        for key in run_keys(exp):
            pulled["n"] += 1
            yield make_task(exp, key, 0)

    for backend, limit in ((SerialBackend(), 1), (ProcessBackend(2), 4)):
        pulled["n"] = 0
        stream = backend.run(tasks())
        next(stream)
        assert pulled["n"] <= limit + 1
        stream.close()


def test_unreachable_scheduler_is_a_quick_config_error(workdir, monkeypatch):
    import collectsim.runner.cluster as cluster

    monkeypatch.setattr(cluster, "SCHEDULER_TIMEOUT", 1.0)
    exp = write_experiment(workdir)
    with pytest.raises(ConfigError, match=r"reachable Dask scheduler"):
        run_experiment(exp, backend="dask", scheduler="tcp://127.0.0.1:9")
    assert not (workdir / "results").exists()


@pytest.mark.slow
def test_trace_writes_events(workdir):
    res = run_experiment(write_experiment(workdir, replications=1), backend="serial", trace=5)
    assert list(res.events.columns) == [
        "experiment", "strategy", "scenario", "replication", "day", "account", "event", "detail",
    ]  # fmt: skip
    assert len(res.events) > 0
    assert set(res.events["account"]) <= set(range(5))


@pytest.mark.slow
def test_sigterm_stops_workers_and_keeps_finished_runs(workdir):
    exp = write_experiment(workdir, replications=8, borrowers=1000, horizon=60)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2] / "src")}
    cmd = [sys.executable, "-m", "collectsim", "run", str(exp), "--workers", "2"]
    proc = subprocess.Popen(
        [*cmd, "--quiet", "--no-report"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    parts = workdir / "results" / "exp" / "parts"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(parts.glob("*.json"))) < 3:
        time.sleep(0.02)
    proc.terminate()
    _, err = proc.communicate(timeout=60)  # stderr closes only when the workers are gone too
    assert proc.returncode == 130, err
    assert "finished runs are kept" in err
    manifest = json.loads((workdir / "results" / "exp" / "manifest.json").read_text())
    assert manifest["status"] == "interrupted"
    kept = list(parts.glob("*.json"))
    assert 3 <= len(kept) < 48
    assert all(json.loads(p.read_text())["body"]["runs"].count("\n") == 1 for p in kept)  # whole


def test_a_folder_another_live_run_writes_to_is_refused(workdir):
    exp = write_experiment(workdir, replications=1)
    res = run_experiment(exp, backend="serial")
    assert not (res.folder / ".lock").exists()  # released at the end
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        (res.folder / ".lock").write_text(str(sleeper.pid))
        with pytest.raises(ConfigError, match=f"process {sleeper.pid} is running"):
            run_experiment(exp, backend="serial", fresh=True)
        assert (res.folder / "runs.csv").exists()  # nothing touched
    finally:
        sleeper.kill()
        sleeper.wait()
    again = resume(exp, backend="serial")  # a dead process's lock is taken over
    assert again.manifest["runs_executed"] == 0 and not (again.folder / ".lock").exists()
