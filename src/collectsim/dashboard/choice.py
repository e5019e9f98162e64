"""What a reviewer chose on the live page, and the configs it resolves to.

A :class:`LiveSetup` is plain data (names, lever values, sizes), so the page
can keep it, compare it with the set-up a run was built from, and save it as
an experiment. :func:`resolve` loads the presets and applies the changed
levers as dotted overrides with the loaders variants use, so bad input is a
ConfigError naming the field, shown on the page like ``collectsim validate``
would print it.

>>> s = LiveSetup(strategy_b="gentle", scenario_levers={"contact_cap": 3})
>>> r = resolve(s)
>>> r.scenario.regulation.max_calls_and_visits_per_week, r.scenario.name, r.strategy_b.name
(3, 'baseline_adjusted', 'gentle')
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from collectsim.config import (
    KINDS,
    Portfolio,
    Scenario,
    Strategy,
    list_presets,
    load_portfolio,
    load_scenario,
    load_strategy,
)
from collectsim.dashboard.levers import (
    SCENARIO_LEVERS,
    STRATEGY_LEVERS,
    describe,
    overrides_for,
)
from collectsim.errors import ConfigError, ConfigErrors

#: the live view's bounds: below MIN a day is noise; above MAX_BORROWERS memory is the limit
MIN_BORROWERS = 100
MAX_BORROWERS = 2_000_000
MAX_HORIZON = 3650


@dataclass(frozen=True)
class LiveSetup:
    """Everything the live page lets a reviewer choose."""

    portfolio: str = "mixed"
    scenario: str = "baseline"
    strategy_a: str = "standard"
    strategy_b: str = "standard"
    scenario_levers: dict[str, Any] = field(default_factory=dict)
    levers_a: dict[str, Any] = field(default_factory=dict)
    levers_b: dict[str, Any] = field(default_factory=dict)
    borrowers: int = 10_000
    horizon_days: int = 365
    seed: int = 1


@dataclass(frozen=True)
class Side:
    """One strategy as the run uses it: its preset, the overrides and the loaded config."""

    base: str
    preset: Strategy
    overrides: dict[str, Any]
    config: Strategy


@dataclass(frozen=True)
class Resolved:
    """A set-up's configs, loaded and validated."""

    setup: LiveSetup
    portfolio: Portfolio
    scenario: Scenario
    scenario_overrides: dict[str, Any]
    a: Side
    b: Side
    changes: list[str]
    """what differs from the presets, in words"""

    @property
    def strategy_a(self) -> Strategy:
        return self.a.config

    @property
    def strategy_b(self) -> Strategy:
        return self.b.config


def choices(kind: str, project: Path | None = None) -> list[str]:
    """Names to pick from: the built-in presets and the project's own files of ``kind``
    (a bare name resolves to the project's copy first, as everywhere)."""
    folder = (project or Path.cwd()) / KINDS[kind]
    local = {p.stem for p in folder.glob("*.toml")} if folder.is_dir() else set()
    return sorted(set(list_presets(kind)) | local)


def check_sizes(setup: LiveSetup) -> list[ConfigError]:
    """The counts the page accepts, as messages (the model checks them again)."""
    rules = (
        ("borrowers", setup.borrowers, MIN_BORROWERS, MAX_BORROWERS),
        ("horizon_days", setup.horizon_days, 1, MAX_HORIZON),
        ("seed", setup.seed, 0, 2**63 - 1),
    )
    return [
        ConfigError(None, name, f"a whole number from {low:,} to {high:,}", value)
        for name, value, low, high in rules
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high
    ]


def _strategy_name(base: str, overrides: dict[str, Any], other: str | None) -> str | None:
    """A variant's name: the preset's with a suffix when changed or when it would clash."""
    stem = Path(base).stem
    if overrides:
        return f"{stem}_{'b' if other is not None else 'a'}"
    if other is not None and stem == other:
        return f"{stem}_b"
    return None


def _side(ref: str, values: dict[str, Any], field_name: str, other: str | None) -> Side:
    base = load_strategy(ref, field=field_name)
    overrides = overrides_for(STRATEGY_LEVERS, base, values)
    name = _strategy_name(ref, overrides, other)
    config = load_strategy(ref, field=field_name, name=name, overrides=overrides or None)
    return Side(ref, base, overrides, config)


def resolve(setup: LiveSetup) -> Resolved:
    """Load and check everything; ConfigErrors lists every problem at once."""
    errors = check_sizes(setup)
    found: dict[str, Any] = {}

    def attempt(key: str, fn: Any, *args: Any) -> None:
        try:
            found[key] = fn(*args)
        except ConfigError as exc:
            errors.append(exc)
        except ConfigErrors as exc:
            errors.extend(exc.errors)

    attempt("portfolio", load_portfolio, setup.portfolio)
    attempt("scenario", _scenario, setup)
    attempt("a", _side, setup.strategy_a, setup.levers_a, "strategy A", None)
    if "a" in found:
        attempt("b", _side, setup.strategy_b, setup.levers_b, "strategy B", found["a"].config.name)
    if errors:
        raise ConfigErrors(errors)
    scenario, scenario_overrides, scenario_base = found["scenario"]
    a, b = found["a"], found["b"]
    changes = describe(SCENARIO_LEVERS, scenario_base, setup.scenario_levers)
    for label, side, values in (("A", a, setup.levers_a), ("B", b, setup.levers_b)):
        lines = describe(STRATEGY_LEVERS, side.preset, values)
        changes += [f"Strategy {label}: {line}" for line in lines]
    return Resolved(setup, found["portfolio"], scenario, scenario_overrides, a, b, changes)


def _scenario(setup: LiveSetup) -> tuple[Scenario, dict[str, Any], Scenario]:
    base = load_scenario(setup.scenario, field="scenario")
    overrides = overrides_for(SCENARIO_LEVERS, base, setup.scenario_levers)
    if not overrides:
        return base, {}, base
    name = f"{Path(setup.scenario).stem}_adjusted"
    return load_scenario(setup.scenario, name=name, overrides=overrides), overrides, base


def preset_values(kind: str, ref: str) -> dict[str, Any]:
    """Each lever's value in a preset (None where it does not apply): the controls' start."""
    if kind == "scenario":
        scenario = load_scenario(ref)
        return {key: lever.read(scenario) for key, lever in SCENARIO_LEVERS.items()}
    strategy = load_strategy(ref)
    return {key: lever.read(strategy) for key, lever in STRATEGY_LEVERS.items()}
