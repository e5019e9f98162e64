"""A saved set-up is an experiment `collectsim validate` and `load_experiment` accept, with the
levers as variants; a file is never overwritten and a bad name is a message."""

from __future__ import annotations

from pathlib import Path

import pytest

from collectsim.cli import main
from collectsim.config.experiment import load_experiment
from collectsim.dashboard.choice import LiveSetup, resolve
from collectsim.dashboard.experiment_file import save_experiment
from collectsim.errors import ConfigError


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_saved_experiment_validates_and_carries_the_levers(
    project: Path, capsys: pytest.CaptureFixture
) -> None:
    setup = LiveSetup(
        strategy_b="standard",
        scenario_levers={"forbearance": (20, 80), "field_visits": False},
        levers_b={"call_every_days": 7},
        borrowers=500,
        seed=11,
    )
    path = save_experiment(resolve(setup), "reviewer_check", 2)
    assert path == Path("experiments/reviewer_check.toml") and path.is_file()
    assert main(["validate", str(path)]) == 0
    assert "ok (experiment)" in capsys.readouterr().out
    exp = load_experiment(path)
    assert exp.champion == "standard" and exp.file.seed == 11 and exp.file.replications == 2
    (scenario,) = exp.scenarios
    assert scenario.in_forbearance(20) and not scenario.regulation.field_visits_allowed
    b = exp.strategies[1]
    calls = [t.every_days for s in b.segments for t in s.treatments if t.channel == "agent_call"]
    assert calls and set(calls) == {7}
    assert sorted(p.name for p in (project / "experiments").iterdir()) == ["reviewer_check.toml"]


def test_an_existing_file_is_never_overwritten(project: Path) -> None:
    resolved = resolve(LiveSetup())
    first = save_experiment(resolved, "twice", 1)
    before = first.read_text()
    with pytest.raises(ConfigError, match="exists"):
        save_experiment(resolve(LiveSetup(levers_b={"collectors": 3})), "twice", 1)
    assert first.read_text() == before


@pytest.mark.parametrize(("name", "replications"), [("../out", 1), ("", 1), ("ok", 0)])
def test_bad_names_and_counts_are_refused(project: Path, name: str, replications: int) -> None:
    with pytest.raises(ConfigError):
        save_experiment(resolve(LiveSetup()), name, replications)
    assert not (project / "experiments").exists() or not list((project / "experiments").iterdir())
