"""``collectsim calibrate`` prints every target with the model's value."""

from __future__ import annotations

import pytest

from collectsim.analysis.calibration import MOMENTS
from collectsim.cli import main
from collectsim.config.targets import load_fitted
from fit_fixtures import TRUE, targets_at, write_targets


@pytest.mark.slow
def test_calibrate_command(capsys):
    """One row per moment, by its name, with the model's value, the target and the source."""
    assert main(["calibrate", "--borrowers", "1500", "--horizon-days", "150"]) == 0
    header, *rows = capsys.readouterr().out.splitlines()
    assert header.split()[:4] == ["moment", "model", "target", "range"]
    assert [row.split()[0] for row in rows] == list(MOMENTS)
    promises = rows[list(MOMENTS).index("promises_kept")].split()
    assert 0 <= float(promises[1]) <= 1 and float(promises[2]) == MOMENTS["promises_kept"].target
    assert rows[list(MOMENTS).index("promises_kept")].endswith(MOMENTS["promises_kept"].source)


def test_fit_writes_its_files_and_resumes(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    path = write_targets(tmp_path / "targets", targets_at(search={"max_evaluations": 80}))
    assert main(["calibrate", "--fit", str(path), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "fit 'analytic': objective" in out and "at_bound" in out
    folder = tmp_path / "results" / "fit-analytic"
    assert load_fitted(folder / "fitted.toml").behaviour.pay_logit_base == pytest.approx(
        TRUE[1], abs=0.05
    )
    assert main(["calibrate", "--fit", str(path), "--quiet"]) == 0
    assert "(0 simulated)" in capsys.readouterr().out  # every point from the journal


def test_fit_shows_progress_on_stderr(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    path = write_targets(tmp_path / "targets", targets_at(search={"max_evaluations": 5}))
    assert main(["calibrate", "--fit", str(path), "--out", "results/x"]) == 0
    assert "5/5" in capsys.readouterr().err
    assert (tmp_path / "results" / "x" / "fit.csv").is_file()


def test_fit_bad_input_is_one_message_and_exit_2(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    data = targets_at()
    data["parameter"][1]["address"] = "behaviour.pay_logit_bse"
    path = write_targets(tmp_path / "targets", data)
    assert main(["calibrate", "--fit", str(path)]) == 2
    err = capsys.readouterr().err
    assert str(path) in err and "parameter[1].address" in err and "Traceback" not in err
    assert not (tmp_path / "results").exists()
    good = write_targets(tmp_path / "targets", targets_at(), "good.toml")
    (tmp_path / "a_file").write_text("not a folder")
    assert main(["calibrate", "--fit", str(good), "--out", str(tmp_path / "a_file" / "x")]) == 2
    assert "is a file" in capsys.readouterr().err
