"""``collectsim sensitivity``: sensitivity.csv for a real sweep; exit 2 until a design is whole."""

from __future__ import annotations

import pandas as pd
import pytest

from collectsim import run_experiment
from collectsim.cli import main
from collectsim.metrics import HEADLINE

SOBOL_EXPERIMENT = """
name = "sob"
seed = 3
replications = 1
borrowers = 200
horizon_days = 20
portfolio = "mixed"
scenarios = ["baseline"]
strategies = ["standard"]

[[sweep]]
field = "strategy.legal.lawyer_fee"
range = [1000, 5000]
samples = 2
method = "sobol"
"""


@pytest.mark.slow
def test_sensitivity_command_on_a_real_lhs_sweep(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    exp = tmp_path / "lhs.toml"
    exp.write_text(
        """
name = "lhs"
seed = 3
replications = 1
borrowers = 300
horizon_days = 30
portfolio = "mixed"
scenarios = ["baseline"]
strategies = ["standard"]

[[sweep]]
field = "portfolio.behaviour.complaint_base"
range = [0.005, 0.1]
samples = 8
method = "lhs"

[[sweep]]
field = "strategy.legal.lawyer_fee"
range = [1000, 5000]
samples = 8
method = "lhs"
"""
    )
    run_experiment(exp, backend="serial")
    assert main(["sensitivity", "results/lhs"]) == 0
    out = capsys.readouterr().out
    assert "SRC per input" in out and "sensitivity.csv" in out
    assert HEADLINE[0] in out  # the printed table: the headline metrics
    table = pd.read_csv(tmp_path / "results" / "lhs" / "sensitivity.csv")
    assert list(table.columns) == [
        "strategy", "scenario", "metric", "input", "index", "value", "conf",
    ]  # fmt: skip
    # complaints are rare in 30 days on 300 borrowers (none below a base of ~0.02): the range
    # reaches bases at which a few happen, so their rank follows the base
    complaints = table[(table["metric"] == "complaints") & (table["index"] == "spearman")]
    by_input = dict(zip(complaints["input"], complaints["value"], strict=True))
    assert by_input["portfolio.behaviour.complaint_base"] > 0.5  # complaints follow their base


def test_sensitivity_command_on_a_sobol_sweep_with_a_failed_run(tmp_path, monkeypatch, capsys):
    from collectsim import simulation

    monkeypatch.chdir(tmp_path)
    exp = tmp_path / "sob.toml"
    exp.write_text(SOBOL_EXPERIMENT)
    real = simulation.simulate
    calls = {"n": 0}

    def flaky(*args, **kw):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("lost run")
        return real(*args, **kw)

    monkeypatch.setattr(simulation, "simulate", flaky)
    assert main(["run", str(exp), "--backend", "serial", "--quiet", "--no-report"]) == 1
    capsys.readouterr()
    assert main(["sensitivity", "results/sob"]) == 2
    err = capsys.readouterr().err
    assert "1 runs failed; re-run the experiment to complete the design" in err
    assert "Traceback" not in err
    assert not (tmp_path / "results" / "sob" / "sensitivity.csv").exists()
    monkeypatch.setattr(simulation, "simulate", real)
    assert main(["run", str(exp), "--backend", "serial", "--quiet", "--no-report"]) == 0
    assert main(["sensitivity", "results/sob"]) == 0


def test_report_command_style_exit_2_for_a_bad_folder(tmp_path, capsys):
    from collectsim.cli import main

    assert main(["sensitivity", str(tmp_path)]) == 2
    assert "results folder" in capsys.readouterr().err


def test_a_sobol_design_too_small_is_warned_of_before_it_runs(tmp_path, capsys):
    exp = tmp_path / "sob.toml"
    exp.write_text(SOBOL_EXPERIMENT)
    assert main(["validate", str(exp)]) == 0
    err = capsys.readouterr().err
    assert "collectsim: warning:" in err and "sweep[0].samples" in err and "too few" in err
    exp.write_text(SOBOL_EXPERIMENT.replace("samples = 2", "samples = 64"))
    assert main(["validate", str(exp)]) == 0
    assert "warning" not in capsys.readouterr().err


def test_sobol_indices_outside_their_range_are_called_unreliable():
    from collectsim.analysis.sensitivity import unreliable

    rows = [["ST", 1.43, 0.9], ["S1", 0.2, 0.05]]
    frame = pd.DataFrame(
        [["standard", "baseline", "cost", "x", i, v, c] for i, v, c in rows],
        columns=["strategy", "scenario", "metric", "input", "index", "value", "conf"],
    )
    assert "too small" in unreliable(frame, "sobol") and "1.43" in unreliable(frame, "sobol")
    fine = frame.assign(value=[0.7, 0.6], conf=[0.03, 0.02])
    assert unreliable(fine, "sobol") == "" and unreliable(frame, "lhs") == ""
