"""``collectsim presets`` and ``strategies list|show``: what is built in, one in full."""

from __future__ import annotations

import tomllib

import pytest

from collectsim.cli import main
from collectsim.cli.presets import list_presets_table, show_preset
from collectsim.config import list_presets, load_strategy
from collectsim.config.strategy import Strategy
from collectsim.config.validation import validate


def test_the_list_names_every_preset_with_its_description() -> None:
    table = list_presets_table("strategy")
    assert table.splitlines()[0] == "strategies:"
    for name in list_presets("strategy"):
        line = next(line for line in table.splitlines() if line.split()[:1] == [name])
        assert load_strategy(name).description[:20] in line


@pytest.mark.parametrize("name", list_presets("strategy"))
def test_show_is_toml_that_validates_back_to_the_same_strategy(name: str) -> None:
    shown = tomllib.loads(show_preset("strategy", name))
    assert validate(Strategy, shown, None) == load_strategy(name)


def test_show_prints_each_fields_unit_default_and_description() -> None:
    lines = show_preset("strategy", "standard").splitlines()
    every = next(line for line in lines if line.startswith("every_days = 3"))
    assert every.endswith("# days; default 7; days between attempts on the same account")
    visits = next(line for line in lines if line.startswith("field_visits_per_day ="))
    assert "# visits/day; default 5; field visits the lender can make a day" in visits
    # a field left unset is still shown, with its default, commented out
    assert any(
        line.startswith("# max_contacts_per_week = (not set)  # attempts/week") for line in lines
    )
    assert "[capacity]  # How much the lender can do a day or a month." in lines


def test_commands_print_the_list_and_refuse_an_unknown_name(capsys) -> None:
    assert main(["presets"]) == 0
    out = capsys.readouterr().out
    for header in ("scenarios:", "portfolios:", "strategies:", "experiments:"):
        assert header in out
    assert main(["strategies", "show", "nonexistent"]) == 2
    assert "strategy preset" in capsys.readouterr().err
