"""Scenario variants: a policy reviewer changes one rule without copying a file."""

import pytest

from collectsim.cli import main
from collectsim.config import load_scenario
from collectsim.config.experiment import load_experiment

EXPERIMENT = """
name = "policy"
seed = 1
replications = 1
borrowers = 100
horizon_days = 10
portfolio = "mixed"
strategies = ["standard"]
scenarios = [
  "baseline",
  {{ name = "capped", base = "baseline", set = {{ {setting} }} }},
]
"""


def _write(tmp_path, setting: str):
    path = tmp_path / "policy.toml"
    path.write_text(EXPERIMENT.format(setting=setting))
    return path


def test_a_variant_changes_exactly_one_rule(tmp_path):
    exp = load_experiment(_write(tmp_path, '"regulation.max_calls_and_visits_per_week" = 3'))
    base, capped = exp.scenarios
    assert capped.name == "capped" and capped.regulation.max_calls_and_visits_per_week == 3
    changed = capped.model_dump()
    changed["name"], changed["regulation"]["max_calls_and_visits_per_week"] = "baseline", 7
    assert changed == base.model_dump() == load_scenario("baseline").model_dump()


@pytest.mark.parametrize(
    "setting, needle",
    [
        ('"regulation.max_contacts_a_week" = 3', "set.regulation.max_contacts_a_week"),
        ('"regulation.max_contacts_per_week" = -1', "regulation.max_contacts_per_week"),
    ],
)
def test_a_bad_variant_is_exit_2(tmp_path, capsys, setting, needle):
    assert main(["validate", str(_write(tmp_path, setting))]) == 2
    assert needle in capsys.readouterr().err


def test_a_type_error_in_a_variants_set_names_the_variant(tmp_path, capsys):
    assert main(["validate", str(_write(tmp_path, '"regulation.max_calls_per_day" = "two"'))]) == 2
    err = capsys.readouterr().err
    assert "field 'scenarios[1].set.regulation.max_calls_per_day' (variant 'capped')" in err
    assert "expected an integer, got 'two'" in err


def test_each_weekly_cap_is_named_by_what_it_counts_and_defaults_keep_todays_rules():
    from collectsim.config.scenario import CALLS_AND_VISITS, CONTACT_CHANNELS, Regulation

    rules = Regulation()
    assert rules.max_calls_and_visits_per_week == 7  # calls and visits, as before
    assert rules.max_contacts_per_week is None  # no cap on every contact unless one is set
    assert rules.contact_cap_channels == list(CONTACT_CHANNELS)
    assert set(CALLS_AND_VISITS) < set(CONTACT_CHANNELS) and "sms" in CONTACT_CHANNELS
    assert "litigation" not in CONTACT_CHANNELS  # legal steps are not contacts


def test_strict_contact_cap_caps_contacts_on_every_channel():
    rules = load_scenario("strict_contact_cap").regulation
    assert rules.max_contacts_per_week == 3
    assert {"sms", "online_message", "letter"} <= set(rules.contact_cap_channels)
    assert rules.max_calls_and_visits_per_week == 3 and rules.max_calls_per_day == 1


@pytest.mark.parametrize(
    "setting, needle",
    [
        ('"regulation.contact_cap_channels" = ["sms", "pigeon"]', "contact_cap_channels"),
        ('"regulation.contact_cap_channels" = ["sms", "sms"]', "without repeats"),
        ('"regulation.contact_cap_channels" = ["litigation"]', "contact_cap_channels"),
    ],
)
def test_a_cap_covers_only_contact_channels_each_once(tmp_path, capsys, setting, needle):
    assert main(["validate", str(_write(tmp_path, setting))]) == 2
    assert needle in capsys.readouterr().err


def test_scenarios_show_gives_every_rules_unit():
    from collectsim.cli.presets import show_preset

    lines = show_preset("scenario", "baseline").splitlines()
    week = next(line for line in lines if line.startswith("max_calls_and_visits_per_week"))
    assert "# attempts/week; default 7; call attempts" in week
    assert any(line.startswith("# max_contacts_per_week = (not set)  # attempts/week")
               for line in lines)  # fmt: skip
    assert any("unemployment_rate]  # fraction" in line for line in lines) or any(
        "share of the labour force" in line for line in lines
    )


def test_a_variant_that_sets_only_its_bases_values_is_warned_of(tmp_path, capsys):
    assert main(["validate", str(_write(tmp_path, '"regulation.max_calls_per_day" = 3'))]) == 0
    err = capsys.readouterr().err
    assert "warning" in err and "variant 'capped'" in err and "changes nothing" in err
    assert main(["validate", str(_write(tmp_path, '"regulation.max_calls_per_day" = 2'))]) == 0
    assert "changes nothing" not in capsys.readouterr().err
