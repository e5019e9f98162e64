"""A strategy's people: teams, advisers and the agency's conduct, validated with one message
per mistake naming the file and the field; nothing is run or written."""

from __future__ import annotations

import pytest

from collectsim.cli import main
from collectsim.config import load_strategy

STRATEGY = """
name = "teams"
[[segments]]
name = "all"
days_past_due = [1, 10000]
treatments = [{{ channel = "agent_call", every_days = 3 }}]
[[workforce.teams]]
name = "a"
{team}
"""

EXPERIMENT = """
name = "people"
seed = 1
replications = 1
borrowers = 200
horizon_days = 10
portfolio = "mixed"
scenarios = ["baseline"]
strategies = ["standard", "teams.toml"]
"""

BAD = [
    ('collectors = 3\nincentive = "piecework"', "workforce.teams[0].incentive"),
    ("collectors = 3\nlegal_training_hours = -4", "workforce.teams[0].legal_training_hours"),
    ("collectors = 0", "workforce.teams[0].collectors"),
    ("collectors = 3\nskill = { reaching = 1.2 }", "workforce.teams[0].skill.reaching"),
    ("collectors = 3\nskill = { negotiating = -0.1 }", "workforce.teams[0].skill.negotiating"),
]


@pytest.mark.parametrize("team, field", BAD)
def test_bad_team_is_one_message_exit_2_and_nothing_written(
    tmp_path, monkeypatch, capsys, team, field
):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "teams.toml").write_text(STRATEGY.format(team=team))
    (tmp_path / "people.toml").write_text(EXPERIMENT)
    assert main(["run", "people.toml", "--backend", "serial", "--quiet", "--no-report"]) == 2
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "teams.toml" in err and field in err and "Traceback" not in err
    assert not (tmp_path / "results").exists()


def test_a_team_names_itself_once(tmp_path, capsys):
    path = tmp_path / "twice.toml"
    path.write_text(
        STRATEGY.format(team="collectors = 3") + '[[workforce.teams]]\nname = "a"\ncollectors = 2\n'
    )
    assert main(["validate", str(path)]) == 2
    assert "repeated: a" in capsys.readouterr().err


def test_a_strategy_without_teams_has_none_and_teams_read_as_written():
    assert load_strategy("standard").workforce.teams == []
    team = load_strategy("consumer_finance_graded").workforce.teams[0]
    assert (team.collectors, team.legal_training_hours, team.incentive) == (25, 60, "fixed")
    assert load_strategy("internet_bank_automated").workforce.teams[0].incentive == (
        "balanced_scorecard"
    )
    assert load_strategy("regional_three_stage").workforce.legal_advisers.advisers == 2
