"""``collectsim validate``: every file checked, preset names accepted as `run` takes them."""

from __future__ import annotations

from pathlib import Path

import pytest

from collectsim.cli import main


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_preset_names_validate_as_run_accepts_them(workdir, capsys) -> None:
    assert main(["validate", "quickstart", "standard", "baseline", "mixed"]) == 0
    out = capsys.readouterr().out.splitlines()
    kinds = [line.rsplit("(", 1)[1].rstrip(")") for line in out]
    assert kinds == ["experiment", "strategy", "scenario", "portfolio"]


def test_every_file_is_checked_even_after_a_bad_one(workdir, capsys) -> None:
    bad = workdir / "scenarios" / "bad.toml"
    bad.parent.mkdir()
    bad.write_text('name = "bad"\n[regulation]\nmax_calls_per_day = -1\n')
    worse = workdir / "scenarios" / "worse.toml"
    worse.write_text('name = "worse"\n[economy]\nincome_factor = "high"\n')
    assert main(["validate", str(bad), "baseline", str(worse), "no_such_preset"]) == 2
    captured = capsys.readouterr()
    assert "baseline" in captured.out and "ok (scenario)" in captured.out
    assert "bad.toml" in captured.err and "max_calls_per_day" in captured.err
    assert "worse.toml" in captured.err and "income_factor" in captured.err
    assert "no_such_preset" in captured.err and "preset name" in captured.err
    assert "3 of 4" in captured.err
    assert "Traceback" not in captured.err


@pytest.mark.parametrize(
    ("command", "argument", "words"),
    [
        (["validate"], "FILE", "preset name"),
        (["report"], "folder", "results folder"),
        (["sensitivity"], "folder", "results folder"),
        (["scenarios", "show"], "name", "scenario preset"),
    ],
)
def test_positional_arguments_are_described(capsys, command, argument, words) -> None:
    with pytest.raises(SystemExit):
        main([*command, "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    described = help_text.split("positional arguments:")[1]
    assert argument in described and words in described


def test_calibrate_options_say_what_they_do_and_their_defaults(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["calibrate", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    for option, default in (("--strategy", "standard"), ("--borrowers", "20000"),
                            ("--horizon-days", "365"), ("--seed", "1")):  # fmt: skip
        after = help_text.split(option, 2)[-1]
        assert f"(default: {default})" in after.split("--")[0], option


def test_scenarios_can_be_listed_and_shown(capsys) -> None:
    assert main(["scenarios", "list"]) == 0
    listed = capsys.readouterr().out
    assert listed.startswith("scenarios:") and "strict_contact_cap" in listed
    assert main(["scenarios", "show", "recession"]) == 0
    shown = capsys.readouterr().out
    assert shown.startswith('name = "recession"') and "[regulation]" in shown
    assert main(["scenarios", "show", "nowhere"]) == 2
    assert "scenario preset" in capsys.readouterr().err


def test_validate_reads_a_path_given_relative_to_the_working_folder(workdir, capsys) -> None:
    path = Path("mine.toml")
    path.write_text('name = "mine"\n[regulation]\nmax_calls_per_day = 2\n')
    assert main(["validate", "mine.toml"]) == 0
    assert "mine.toml: ok (scenario)" in capsys.readouterr().out
