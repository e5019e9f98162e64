"""`collectsim run` from the command line: the output contract, exit codes, bad input.

Bad input must end with exit status 2, one message, and nothing written.
"""

from __future__ import annotations

import dataclasses
import json
import signal
from pathlib import Path

import pandas as pd
import pytest

from collectsim import simulation
from collectsim.cli import main
from collectsim.metrics import DAILY_NAMES, HEADLINE, METRIC_NAMES
from interrupts import interrupt_at_run
from quick_book import write_quick_portfolio

EXPERIMENT = """
name = "cli"
seed = 5
replications = {replications}
borrowers = 300
horizon_days = 30
portfolio = "quick.toml"
scenarios = ["baseline", "recession"]
strategies = ["gentle", "standard"]
champion = "standard"
{extra}
"""


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(folder: Path, replications: int = 2, extra: str = "") -> Path:
    path = folder / "cli.toml"
    write_quick_portfolio(folder)
    path.write_text(EXPERIMENT.format(replications=replications, extra=extra))
    return path


def header(path: Path) -> list[str]:
    return path.read_text().splitlines()[0].split(",")


def test_run_writes_the_output_contract(workdir, capsys):
    exp = write(workdir, extra="[budget]\ncomplaints_per_10k = 5\ncost_ratio = 0.3\n")
    args = ["run", str(exp), "--backend", "serial", "--no-report", "--trace", "3"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "results: results/cli/" in out
    # the closing table: the headline metrics per strategy and scenario, and the budget
    note, names, units, *rows = out.split("\n\nresults:")[0].splitlines()
    assert note.startswith("Mean over 2 replications")
    assert names.split() == ["strategy", "scenario", *HEADLINE, "budget"]
    assert units.split()[:2] == ["CNY", "%"]  # economic_value, loss_rate
    assert [r.split()[:2] for r in rows] == [
        [s, c] for s in ("gentle", "standard") for c in ("baseline", "recession")
    ]
    assert all(r.endswith("within") or "OVER: " in r for r in rows)
    folder = workdir / "results" / "cli"
    ids = ["experiment", "strategy", "scenario", "replication"]
    assert header(folder / "runs.csv") == [*ids, "seed", "borrowers", "horizon_days", *METRIC_NAMES]
    assert header(folder / "daily.csv") == [*ids, "day", *DAILY_NAMES]
    assert header(folder / "summary.csv") == [
        "strategy", "scenario", "metric", "mean", "sd", "ci_low", "ci_high", "n",
    ]  # fmt: skip
    assert header(folder / "comparison.csv") == [
        "challenger", "champion", "scenario", "metric",
        "mean_difference", "sd", "ci_low", "ci_high", "p_value", "n",
    ]  # fmt: skip
    assert header(folder / "budget.csv") == [
        "strategy", "scenario", "budget", "limit", "value", "within",
    ]  # fmt: skip
    assert header(folder / "events.csv") == [*ids, "day", "account", "event", "detail"]
    rows = (folder / "runs.csv").read_text().splitlines()[1:]
    assert [r.split(",")[1:4] for r in rows] == [
        [s, c, str(r)] for s in ("gentle", "standard") for c in ("baseline", "recession")
        for r in (0, 1)
    ]  # fmt: skip
    collected = header(folder / "runs.csv").index("collected")
    assert all(len(r.split(",")[collected].split(".")[1]) == 2 for r in rows)  # money: 2 decimals
    manifest = json.loads((folder / "manifest.json").read_text())
    for key in ("config", "config_hash", "seed", "replications", "champion", "strategies",
                "scenarios", "portfolio", "versions", "backend", "workers", "started",
                "finished", "wall_seconds", "runs", "failures"):  # fmt: skip
        assert key in manifest, key
    assert manifest["versions"]["mesa"] and manifest["versions"]["python"]
    assert not (folder / "failures.csv").exists()


def test_report_is_written_unless_no_report(workdir, monkeypatch, capsys):
    from collectsim.cli import run

    calls = []

    def write_report(folder):
        calls.append(Path(folder))
        return Path(folder) / "report.html"

    monkeypatch.setattr(run, "write_report", write_report)
    exp = write(workdir, replications=1)
    assert main(["run", str(exp), "--backend", "serial", "--quiet"]) == 0
    assert calls == [Path("results/cli")]
    assert "report:  results/cli/report.html" in capsys.readouterr().out
    assert main(["run", str(exp), "--backend", "serial", "--quiet", "--no-report"]) == 0
    assert len(calls) == 1


def test_failures_exit_1_and_a_rerun_retries(workdir, monkeypatch, capsys):
    real = simulation.simulate

    def flaky(portfolio, scenario, strategy, **kw):
        if strategy.name == "gentle" and scenario.name == "recession":
            raise ValueError("no luck")
        return real(portfolio, scenario, strategy, **kw)

    monkeypatch.setattr(simulation, "simulate", flaky)
    exp = write(workdir)
    assert main(["run", str(exp), "--backend", "serial", "--quiet", "--no-report"]) == 1
    assert "2 run(s) failed" in capsys.readouterr().err
    failures = (workdir / "results" / "cli" / "failures.csv").read_text()
    assert failures.count("ValueError: no luck") >= 2
    monkeypatch.setattr(simulation, "simulate", real)
    assert main(["run", str(exp), "--backend", "serial", "--quiet", "--no-report"]) == 0
    assert not (workdir / "results" / "cli" / "failures.csv").exists()


BAD_EXPERIMENTS = {
    "replications": ("", ("replications = 2", "replications = 0")),
    "population too large for memory": ("", ("borrowers = 300", "borrowers = 100000000000")),
    "unknown sweep field": ('[[sweep]]\nfield = "strategy.capacity.colectors"\nvalues = [1]\n', ""),
    "empty grid": ('[[sweep]]\nfield = "strategy.capacity.collectors"\nvalues = []\n', ""),
    "invalid swept value": (
        '[[sweep]]\nfield = "strategy.capacity.collectors"\nvalues = [-2]\n',
        "",
    ),
    "swept values invalid together": (
        '[[sweep]]\nfield = "strategy.legal.duration_days.0"\nvalues = [10, 150]\n'
        '[[sweep]]\nfield = "strategy.legal.duration_days.1"\nvalues = [100, 170]\n',
        "",
    ),
    "range on text": ('[[sweep]]\nfield = "strategy.priority"\nrange = [0, 1]\nsamples = 4\n', ""),
    "unknown budget": ("[budget]\nbogus = 3\n", ""),
    "workers 2**63": ("workers = 9223372036854775807\n", ""),
    "replications 2**63": ("", ("replications = 2", "replications = 9223372036854775807")),
    "horizon 2**40": ("", ("horizon_days = 30", "horizon_days = 1099511627776")),
    "replications 10**6": ("", ("replications = 2", "replications = 1000000")),
    "a name of 256 characters": ("", ('name = "cli"', f'name = "{"x" * 256}"')),
    "a strategy named ''": (
        "",
        ('"gentle", "standard"]', '"gentle", { name = "", base = "standard" }]'),
    ),
    "a strategy name with a newline": (
        "",
        ('"gentle", "standard"]', '"gentle", { name = "a\\nb", base = "standard" }]'),
    ),
    "a NaN budget": ("[budget]\ncomplaints_per_10k = nan\n", ""),
    "an infinite sweep range": (
        '[[sweep]]\nfield = "scenario.economy.income_factor"\nrange = [0, inf]\nsamples = 4\n',
        "",
    ),
    "a NaN cost": (
        "",
        (
            '"gentle", "standard"]',
            '"gentle", { name = "s", base = "standard", set = { "costs.sms" = nan } }]',
        ),
    ),
    "a huge monthly budget": (
        "",
        (
            '"gentle", "standard"]',
            '"gentle", { name = "s", base = "standard", '
            'set = { "capacity.monthly_budget" = 1e307 } }]',
        ),
    ),
    "a grid of 10**8 points": (
        "".join(
            f'[[sweep]]\nfield = "strategy.capacity.collectors"\nvalues = {list(range(100))}\n'
            if i == 0
            else f'[[sweep]]\nfield = "strategy.capacity.{f}"\nvalues = {list(range(100))}\n'
            for i, f in enumerate(
                (
                    "collectors",
                    "calls_per_collector_per_day",
                    "field_visits_per_day",
                    "legal_cases_per_month",
                )
            )
        ),
        "",
    ),
    "TOML nested 1,000 levels": ("deep = " + "[" * 1000 + "]" * 1000 + "\n", ""),
}


def _no_run(*args, **kwargs):
    raise AssertionError("a run started before the experiment was refused")


@pytest.mark.parametrize("case", sorted(BAD_EXPERIMENTS))
def test_bad_experiment_exits_2_and_writes_nothing(workdir, capsys, monkeypatch, case):
    extra, replace = BAD_EXPERIMENTS[case]
    exp = write(workdir, extra=extra)
    if replace:
        exp.write_text(exp.read_text().replace(*replace))
    monkeypatch.setattr(simulation, "simulate", _no_run)  # refused before any run starts
    assert main(["run", str(exp), "--backend", "serial", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "cli.toml" in err and "Traceback" not in err
    assert not (workdir / "results").exists()
    assert main(["validate", str(exp)]) == 2 or case in WORK_ONLY  # validate agrees


#: too much work, though every value is valid: only `run` refuses it
WORK_ONLY = {"population too large for memory", "replications 10**6"}


@pytest.mark.parametrize(
    "options",
    [
        ["--workers", "0"],
        ["--workers", str(2**63)],
        ["--trace", "-1"],
        ["--trace", str(2**63)],
    ],
)
def test_bad_options_exit_2_and_write_nothing(workdir, capsys, options):
    exp = write(workdir)
    assert main(["run", str(exp), "--backend", "serial", "--quiet", *options]) == 2
    assert "expected" in capsys.readouterr().err
    assert sorted(p.name for p in workdir.iterdir()) == ["cli.toml", "quick.toml"]


@pytest.mark.parametrize("where", ["absolute", "relative", "results"])
def test_out_is_any_folder_the_user_names(workdir, tmp_path_factory, capsys, where):
    out = {
        "absolute": tmp_path_factory.mktemp("mine") / "a" / "b",
        "relative": Path("../" + workdir.name + "-sibling/x"),
        "results": Path("results"),
    }[where]
    exp = write(workdir, replications=1)
    assert (
        main(["run", str(exp), "--backend", "serial", "--quiet", "--no-report", "--out", str(out)])
        == 0
    )
    assert (out / "runs.csv").is_file() and f"results: {out}/" in capsys.readouterr().out


def test_a_damaged_part_is_one_line_on_stderr_and_recomputed(workdir, monkeypatch, capsys):
    """A run interrupted after three of its four runs, one finished part damaged since: the
    re-run says so in one line, sets the part aside and computes that run again.

    (A folder whose results are complete is loaded, not run again: its parts are not read.)
    """
    real = interrupt_at_run(monkeypatch, 4)
    exp = write(workdir, replications=1)
    args = ["run", str(exp), "--backend", "serial", "--quiet", "--no-report"]
    assert main(args) == 130
    folder = workdir / "results" / "cli"
    part = sorted((folder / "parts").glob("*.json"))[0]
    part.write_text("")
    capsys.readouterr()
    monkeypatch.setattr(simulation, "simulate", real)
    assert main(args) == 0
    err = capsys.readouterr().err
    assert err.startswith("collectsim: warning: damaged part") and err.count("\n") == 1
    assert f"results/cli/parts/{part.name}" in err
    assert len(list((folder / "parts" / "damaged").iterdir())) == 1
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["status"] == "complete" and manifest["runs_executed"] == 2  # damaged + 4th
    assert len(pd.read_csv(folder / "runs.csv")) == 4


def test_unwritable_results_folder_exits_2(workdir, capsys):
    (workdir / "results").write_text("a file where the results folder should be")
    exp = write(workdir)
    assert main(["run", str(exp), "--backend", "serial", "--quiet"]) == 2
    assert "not a folder" in capsys.readouterr().err
    assert (workdir / "results").is_file()


def test_foreign_folder_is_not_overwritten(workdir, capsys):
    foreign = workdir / "results" / "cli"
    foreign.mkdir(parents=True)
    (foreign / "notes.txt").write_text("mine")
    exp = write(workdir)
    assert main(["run", str(exp), "--backend", "serial", "--quiet", "--fresh"]) == 2
    assert "no manifest.json" in capsys.readouterr().err
    assert sorted(p.name for p in foreign.iterdir()) == ["notes.txt"]


def test_results_of_another_collectsim_version_exit_2(workdir, monkeypatch, capsys):
    import collectsim

    exp = write(workdir, replications=1)
    args = ["run", str(exp), "--backend", "serial", "--quiet", "--no-report"]
    assert main(args) == 0
    monkeypatch.setattr(collectsim, "__version__", "99.0.0")
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "collectsim version" in err and "--fresh" in err and "Traceback" not in err
    assert main([*args, "--fresh"]) == 0


def test_changed_experiment_exits_2_with_a_hint(workdir, capsys):
    exp = write(workdir, replications=1)
    assert main(["run", str(exp), "--backend", "serial", "--quiet", "--no-report"]) == 0
    exp.write_text(exp.read_text().replace("borrowers = 300", "borrowers = 200"))
    assert main(["run", str(exp), "--backend", "serial", "--quiet", "--no-report"]) == 2
    assert "--fresh" in capsys.readouterr().err
    assert main(["run", str(exp), "--backend", "serial", "--quiet", "--no-report", "--fresh"]) == 0


class KillsItsWorker:
    """Unpickled in a worker process, it kills that process (as SIGKILL or the OOM killer would)."""

    def __reduce__(self):
        return signal.raise_signal, (signal.SIGKILL,)


@pytest.mark.slow
def test_a_dying_worker_fails_only_its_run_and_the_others_go_on(workdir, monkeypatch, capsys):
    from collectsim.runner import experiment as runner

    real = runner.make_task

    def make_task(exp, key, trace, *rest):
        task = real(exp, key, trace, *rest)
        if (key.strategy, key.scenario, key.replication) == (0, 1, 0):  # gentle, recession, r0
            return dataclasses.replace(task, strategy=KillsItsWorker())
        return task

    monkeypatch.setattr(runner, "make_task", make_task)
    exp = write(workdir)
    args = ["run", str(exp), "--workers", "2", "--quiet", "--no-report"]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "1 run(s) failed" in err
    folder = workdir / "results" / "cli"
    failures = pd.read_csv(folder / "failures.csv")
    assert failures[["strategy", "scenario", "replication"]].values.tolist() == [
        ["gentle", "recession", 0]
    ]
    assert failures["error"].str.contains("worker process died").all()
    assert len(pd.read_csv(folder / "runs.csv")) == 7  # every other run finished
    monkeypatch.setattr(runner, "make_task", real)
    assert main(args) == 0  # a re-run retries it
    assert len(pd.read_csv(folder / "runs.csv")) == 8
    assert not (folder / "failures.csv").exists()
