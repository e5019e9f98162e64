"""The runner against what goes wrong around it: damaged parts, full or read-only disks,
edited code, folders of other experiments, one strategy, work too large to finish.

Small experiments of the real engine in a temporary working directory; no
test depends on a model output's value, only on outputs being whole and equal.
"""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest

from collectsim.analysis.results import load_results
from collectsim.errors import ConfigError, ConfigErrors
from collectsim.runner import atomic, manifest, outputs, store
from collectsim.runner.atomic import TMP_PREFIX

EXPERIMENT = """
name = "{name}"
seed = 3
replications = 2
borrowers = 200
horizon_days = 15
portfolio = "mixed"
scenarios = ["baseline"]
strategies = {strategies}
{extra}
"""
OUTPUTS = ("runs.csv", "daily.csv", "summary.csv", "comparison.csv")


def run_experiment(exp, out=None, **kwargs):
    """The runner itself, run or resumed (``collectsim.run_experiment`` only loads a folder
    it finds complete, and these tests damage complete folders)."""
    from collectsim.analysis.stats import write_tables
    from collectsim.runner.experiment import run

    return load_results(run(exp, out, tables=write_tables, **kwargs))


def write(folder: Path, name: str = "exp", strategies: str = '["gentle", "standard"]', extra=""):
    path = folder / f"{name}.toml"
    path.write_text(EXPERIMENT.format(name=name, strategies=strategies, extra=extra))
    return path


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def snapshot(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in OUTPUTS}


def leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.rglob("*") if p.name.startswith((TMP_PREFIX, ".lock"))]


@pytest.mark.parametrize("damage", ["truncated", "empty", "empty object", "failed record"])
def test_a_damaged_part_is_set_aside_and_recomputed(workdir, damage):
    exp = write(workdir)
    first = run_experiment(exp, backend="serial")
    before = snapshot(first.folder)
    parts = first.folder / "parts"
    part = sorted(parts.glob("*.json"))[1]
    if damage == "truncated":
        part.write_text(part.read_text()[:50])
    elif damage == "empty":
        part.write_text("")
    elif damage == "empty object":
        part.write_text("{}")
    else:  # a corrupt record of a failure, beside a finished part
        (parts / "failed" / part.name).write_text("{")
    with pytest.warns(UserWarning, match="set aside"):
        again = run_experiment(exp, backend="serial")
    assert again.manifest["status"] == "complete"
    assert again.manifest["runs_executed"] == (0 if damage == "failed record" else 1)
    assert snapshot(again.folder) == before
    assert len(list((parts / "damaged").iterdir())) == 1


def _failing_writes(monkeypatch, error: int, *, after: int = 0, where: str = "") -> None:
    """From the ``after``-th write on (of files whose name contains ``where``), the disk fails."""
    real = atomic.atomic_write_text
    count = {"n": 0}

    def write(path, text):
        if where in path.name:
            count["n"] += 1
            if count["n"] > after:
                tmp = path.with_name(f"{TMP_PREFIX}{path.name}.1")
                tmp.write_text("half")  # what a real failed write leaves, removed below
                tmp.unlink()
                raise OSError(error, os.strerror(error), str(path))
        return real(path, text)

    for module in (store, outputs):
        monkeypatch.setattr(module, "atomic_write_text", write)


def test_a_disk_that_fills_while_assembling_keeps_the_earlier_outputs(workdir, monkeypatch):
    exp = write(workdir)
    first = run_experiment(exp, backend="serial")
    before = snapshot(first.folder)
    (first.folder / "parts" / "s000-c000-r00000-p00000.json").unlink()  # one run to redo
    _failing_writes(monkeypatch, errno.ENOSPC, where=".csv")
    with pytest.raises(ConfigError, match=r"No space left on device.*finished before are kept"):
        run_experiment(exp, backend="serial")
    assert snapshot(first.folder) == before  # nothing replaced by half an assembly
    status = json.loads((first.folder / "manifest.json").read_text())["status"]
    assert status == "interrupted" and not leftovers(first.folder)
    monkeypatch.undo()
    monkeypatch.chdir(workdir)
    again = run_experiment(exp, backend="serial")  # the run redone before the disk filled
    assert again.manifest["runs_executed"] == 0 and snapshot(again.folder) == before


@pytest.mark.parametrize("error", [errno.ENOSPC, errno.EROFS])
def test_a_disk_that_fails_mid_run_ends_in_one_message(workdir, monkeypatch, error):
    exp = write(workdir)
    _failing_writes(monkeypatch, error, after=2, where="s0")
    with pytest.raises(ConfigError, match="a folder collectsim can write to") as info:
        run_experiment(exp, backend="serial")
    assert os.strerror(error) in str(info.value)
    folder = workdir / "results" / "exp"
    assert json.loads((folder / "manifest.json").read_text())["status"] == "interrupted"
    assert not leftovers(folder) and not (folder / store.RESERVE).exists()
    assert len(list((folder / "parts").glob("*.json"))) == 2  # what was written is kept


def test_a_resume_after_a_code_change_is_refused_unless_fresh(workdir, monkeypatch):
    exp = write(workdir)
    first = run_experiment(exp, backend="serial")
    assert len(first.manifest["code_fingerprint"]) == 64
    monkeypatch.setattr(manifest, "code_fingerprint", lambda: "f" * 64)
    with pytest.raises(ConfigError, match=r"code that computes results.*--fresh"):
        run_experiment(exp, backend="serial")
    again = run_experiment(exp, backend="serial", fresh=True)
    assert again.manifest["code_fingerprint"] == "f" * 64
    assert again.manifest["runs_executed"] == 4


@pytest.mark.parametrize("sweep", [False, True])
def test_one_strategy_is_a_normal_experiment(workdir, sweep):
    from collectsim.report.html import write_report

    extra = '[[sweep]]\nfield = "strategy.capacity.collectors"\nvalues = [5, 10]\n' if sweep else ""
    res = run_experiment(write(workdir, strategies='["standard"]', extra=extra), backend="serial")
    assert res.manifest["status"] == "complete"
    assert len(res.runs) == (4 if sweep else 2) and not res.summary.empty
    assert res.comparison.empty and "mean_difference" in res.comparison.columns
    assert write_report(res.folder).is_file()


def test_out_is_any_writable_folder_absolute_or_relative(workdir, tmp_path_factory):
    exp = write(workdir)
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "deep" / "mine"
    assert run_experiment(exp, elsewhere, backend="serial").folder == elsewhere
    assert run_experiment(exp, "mine", backend="serial").folder == Path("mine")
    assert (workdir / "mine" / "runs.csv").is_file() and not (workdir / "results").exists()


def test_a_folder_of_another_experiment_is_named_not_offered_to_fresh(workdir):
    run_experiment(write(workdir, name="theirs"), "shared", backend="serial")
    for fresh in (False, True):
        with pytest.raises(ConfigError, match="experiment 'theirs'") as info:
            run_experiment(write(workdir, name="mine"), "shared", backend="serial", fresh=fresh)
        assert "--fresh" not in str(info.value)
    assert json.loads((workdir / "shared" / "manifest.json").read_text())["experiment"] == "theirs"


@pytest.mark.parametrize(
    ("extra", "replace", "match"),
    [
        ("", ("replications = 2", "replications = 100000"), "--allow-long"),
        ("", ("2\nborrowers = 200\nhorizon_days = 15",
              "50\nborrowers = 100000\nhorizon_days = 36500"), "--allow-long"),
        ("", ("borrowers = 200", "borrowers = 1000000000"), "fits in memory"),
        ('[[sweep]]\nfield = "strategy.capacity.collectors"\nvalues = [1, 2]\n'
         '[[sweep]]\nfield = "strategy.capacity.field_visits_per_day"\nvalues = [1, 2]\n'
         '[[sweep]]\nfield = "scenario.economy.income_factor"\nrange = [0.5, 1]\n'
         "samples = 5000\n", ("replications = 2", "replications = 10"), "--allow-long"),
    ],
)  # fmt: skip
def test_work_that_cannot_finish_is_refused_before_anything(
    workdir, monkeypatch, extra, replace, match
):
    from collectsim.runner import experiment

    def no_backend(*args):
        raise AssertionError("refused too late: a backend was opened")

    monkeypatch.setattr(experiment, "open_backend", no_backend)
    path = write(workdir, extra=extra)
    path.write_text(path.read_text().replace(*replace))
    with pytest.raises(ConfigError, match=match) as info:
        run_experiment(path, backend="serial")
    assert "GiB of memory" in str(info.value) or match == "fits in memory"
    assert not (workdir / "results").exists()


def test_money_that_could_overflow_int64_cents_is_refused(workdir):
    portfolio = workdir / "portfolios" / "huge.toml"
    portfolio.parent.mkdir()
    from collectsim.config.files import builtin_dir

    text = (builtin_dir("portfolio") / "mixed.toml").read_text()
    # within the schema's bound on any one amount (1e12), but its tail is not
    portfolio.write_text(text.replace("median = 15000,", "median = 1e11,", 1))
    path = write(workdir)
    path.write_text(path.read_text().replace('portfolio = "mixed"', 'portfolio = "huge"'))
    with pytest.raises(ConfigError, match="overflows int64 cents"):
        run_experiment(path, backend="serial")
    portfolio.write_text(text.replace("median = 15000,", "median = 1e15,", 1))
    with pytest.raises(ConfigErrors, match=r"balance\.median"):  # beyond any amount at all
        run_experiment(path, backend="serial")
