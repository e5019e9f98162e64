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
    exp = load_experiment(_write(tmp_path, '"regulation.max_contacts_per_week" = 3'))
    base, capped = exp.scenarios
    assert capped.name == "capped" and capped.regulation.max_contacts_per_week == 3
    changed = capped.model_dump()
    changed["name"], changed["regulation"]["max_contacts_per_week"] = "baseline", 7
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
