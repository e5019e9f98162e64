"""``collectsim report``: a report for a finished folder; one message and exit 2 otherwise."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from collectsim.cli import main
from report_fixtures import make_results_folder


def _report_exit(folder: Path, capsys: pytest.CaptureFixture) -> tuple[int, str]:
    status = main(["report", str(folder)])
    return status, capsys.readouterr().err


@pytest.mark.slow
def test_cli_writes_the_report(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    folder = make_results_folder(tmp_path / "demo")
    assert main(["report", str(folder)]) == 0
    assert f"report: {folder / 'report.html'}" in capsys.readouterr().out
    assert (folder / "report.html").stat().st_size > 10_000


def test_cli_missing_folder_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    status, err = _report_exit(tmp_path / "nowhere", capsys)
    assert status == 2 and "no such folder" in err


def test_cli_non_results_folder_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    (tmp_path / "notes.txt").write_text("hello")
    status, err = _report_exit(tmp_path, capsys)
    assert status == 2 and "not a results folder" in err and "manifest.json" in err
    assert not (tmp_path / "report.html").exists()


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda f: (f / "summary.csv").unlink(), "missing summary.csv"),
        (lambda f: (f / "comparison.csv").write_text(""), "expected columns"),
        (lambda f: (f / "daily.csv").write_text((f / "daily.csv").open().readline()), "no rows"),
        (lambda f: (f / "manifest.json").write_text("{"), "not valid JSON"),
    ],
)
def test_cli_incomplete_folder_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture, damage, message: str
) -> None:
    folder = make_results_folder(tmp_path / "broken")
    damage(folder)
    status, err = _report_exit(folder, capsys)
    assert status == 2 and message in err, err
    assert "Traceback" not in err
    assert not (folder / "report.html").exists()


def test_cli_unfinished_run_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    folder = make_results_folder(tmp_path / "running")
    manifest = json.loads((folder / "manifest.json").read_text())
    (folder / "manifest.json").write_text(json.dumps({**manifest, "status": "running"}))
    status, err = _report_exit(folder, capsys)
    assert status == 2 and "running" in err


@pytest.mark.slow
def test_cli_writes_figures_at_a_dpi_and_as_vectors(tmp_path: Path) -> None:
    import matplotlib.image

    folder = make_results_folder(tmp_path / "paper")
    assert main(["report", str(folder), "--dpi", "200", "--format", "svg", "--format", "pdf"]) == 0
    png = matplotlib.image.imread(folder / "plots" / "tradeoff.png")
    fig_inches = 4.4 * 2 + 0.4  # two scenario panels, as plots.tradeoff sizes it
    assert png.shape[1] == pytest.approx(fig_inches * 200, abs=2)
    assert (folder / "plots" / "tradeoff.svg").read_text()[:5] == "<?xml"
    assert (folder / "plots" / "frontier.pdf").read_bytes()[:4] == b"%PDF"


def test_cli_refuses_a_nonsense_dpi(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    folder = make_results_folder(tmp_path / "demo")
    assert main(["report", str(folder), "--dpi", "0"]) == 2
    assert "--dpi" in capsys.readouterr().err
    assert not (folder / "report.html").exists()
