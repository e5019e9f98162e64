"""Targets files: the example loads; every bad input is one message naming file and field."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from collectsim.cli import main
from collectsim.config import load_portfolio
from collectsim.config.behaviour import Behaviour
from collectsim.config.targets import apply_values, load_fitted, load_targets
from collectsim.errors import ConfigError, ConfigErrors
from fit_fixtures import targets_at, write_targets


def test_the_example_loads_with_its_portfolio_scenarios_and_weights() -> None:
    t = load_targets("example")
    assert t.portfolio.name == "mixed" and [s.name for s in t.scenarios] == ["baseline"]
    assert t.strategy.name == "standard"
    weights = t.weights()
    assert weights["baseline.promise_kept_rate"] == pytest.approx(1 / 0.05**2)
    assert t.starts() == [0.9, 4.0]


def test_weight_defaults_to_one_and_start_to_the_middle(tmp_path: Path) -> None:
    data = targets_at(start=None)
    data["moment"][1].pop("weight")
    t = load_targets(write_targets(tmp_path, data))
    assert t.weights()["late"] == 1.0
    assert t.starts() == [pytest.approx(0.325), 4.0, pytest.approx(0.645)]


def test_an_address_may_carry_the_sweeps_portfolio_prefix(tmp_path: Path) -> None:
    data = targets_at()
    data["parameter"][0]["address"] = "portfolio.behaviour.channels.agent_call.reach"
    t = load_targets(write_targets(tmp_path, data))
    assert t.parameters[0].name == "behaviour.channels.agent_call.reach"
    assert t.apply([0.2, 4.0, 0.8]).behaviour.channels.agent_call.reach == 0.2


def test_apply_sets_each_value_and_leaves_the_rest() -> None:
    t = load_targets("example")
    p = t.apply([0.7, 3.25])
    assert p.behaviour.promise_keep_base == 0.7 and p.behaviour.pay_logit_base == 3.25
    assert p.borrowers == t.portfolio.borrowers
    assert t.portfolio.behaviour.pay_logit_base == Behaviour().pay_logit_base  # untouched


def _bad(change: Any) -> dict[str, Any]:
    data = copy.deepcopy(targets_at())
    change(data)
    return data


BAD = [
    (lambda d: d["parameter"][0].update(address="behaviour.reachh"), "parameter[0].address"),
    (lambda d: d["parameter"][0].update(address="behaviour.channels.pigeon.reach"), "pigeon"),
    (lambda d: d["parameter"][0].update(address="behaviour.promise_days"), "an integer"),
    (lambda d: d["parameter"][0].update(address="behaviour.channels"), "parameter[0].address"),
    (lambda d: d["parameter"][0].update(bounds=[0.1, 1.5]), "parameter[0].bounds"),
    (lambda d: d["parameter"][0].update(bounds=[0.5, 0.1]), "low < high"),
    (lambda d: d["parameter"][0].update(start=0.9), "'start' within 'bounds'"),
    (lambda d: d["parameter"][1].update(address=d["parameter"][0]["address"]), "repeated"),
    (lambda d: d["moment"][0].update(weight=2.0), "either 'weight' or 'se'"),
    (lambda d: d["moment"][0].update(se=-1.0), "moment[0].se"),
    (lambda d: d["moment"][1].update(name="contact"), "repeated: contact"),
    (lambda d: d["moment"][0].update(target="high"), "moment[0].target"),
    (lambda d: d["run"].update(borrowers=0), "run.borrowers"),
    (lambda d: d["run"].update(portfolio="nope"), "run.portfolio"),
    (lambda d: d["run"].update(scenarios=["baseline", "moon"]), "run.scenarios[1]"),
    (lambda d: d["run"].update(colour="red"), "run.colour"),
    (lambda d: d.update(parameter=[]), "parameter"),
    (lambda d: d["search"].update(initial_step=0.9), "search.initial_step"),
]


@pytest.mark.parametrize("change, needle", BAD)
def test_bad_targets_one_clear_message_exit_2(tmp_path, capsys, change, needle) -> None:
    path = write_targets(tmp_path / "targets", _bad(change))
    with pytest.raises((ConfigError, ConfigErrors)) as info:
        load_targets(path)
    assert str(path) in str(info.value) and needle in str(info.value)
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert str(path) in err and needle in err and "Traceback" not in err


def test_a_scenario_variant_can_be_run(tmp_path: Path) -> None:
    data = targets_at()
    data["run"]["scenarios"] = [
        "baseline",
        {"name": "capped", "base": "baseline", "set": {"regulation.max_contacts_per_week": 3}},
    ]
    t = load_targets(write_targets(tmp_path, data))
    assert [s.name for s in t.scenarios] == ["baseline", "capped"]
    assert t.scenarios[1].regulation.max_contacts_per_week == 3


def test_a_fitted_overlay_loads_onto_its_base(tmp_path: Path) -> None:
    (tmp_path / "fitted.toml").write_text(
        'name = "mixed_fitted"\nbase = "mixed"\n[set]\n"behaviour.pay_logit_base" = 3.5\n'
    )
    p = load_fitted(tmp_path / "fitted.toml")
    assert p.name == "mixed_fitted" and p.behaviour.pay_logit_base == 3.5
    assert p.products == load_portfolio("mixed").products


def test_a_fitted_overlay_with_a_bad_address_names_it(tmp_path: Path) -> None:
    (tmp_path / "fitted.toml").write_text(
        'name = "f"\nbase = "mixed"\n[set]\n"behaviour.nope" = 3.5\n'
    )
    with pytest.raises(ConfigError, match=r"set\.behaviour\.nope"):
        load_fitted(tmp_path / "fitted.toml")


def test_apply_values_rejects_a_value_the_schema_rejects() -> None:
    t = load_targets("example")
    with pytest.raises(ConfigErrors, match="promise_keep_base"):
        apply_values(t.portfolio, t.parameters, [1.5, 4.0], "x.toml")
