"""Experiment schema: which strategies, scenarios and replications to cross.

Strategies are levers, scenarios uncertainties; they are crossed full
factorially, each cell replicated ``replications`` times. Replication ``r``
uses one seed for every strategy and scenario (common random numbers), so
differences between strategies are paired.

A strategy entry is a preset name, a path, or a variant
``{ name = "capped", base = "standard", set = { "compliance.max_contacts_per_week" = 3 } }``.

>>> e = load_experiment("quickstart")
>>> e.champion
'standard'
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import Field, model_validator

from collectsim.config.files import read_toml, resolve_path
from collectsim.config.portfolio import Portfolio, load_portfolio
from collectsim.config.scenario import Scenario, load_scenario
from collectsim.config.strategy import Strategy, load_strategy
from collectsim.config.validation import Schema, validate
from collectsim.errors import ConfigError, ConfigErrors

NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"


class Variant(Schema):
    name: str = Field(min_length=1)
    base: str = Field(min_length=1)
    set: dict[str, Any] = Field(default_factory=dict)


class ExperimentFile(Schema):
    name: str = Field(pattern=NAME_PATTERN)
    """identifier; also the results folder name"""
    description: str = ""
    seed: int = Field(ge=0)
    replications: int = Field(ge=1)
    borrowers: int = Field(ge=1)
    horizon_days: int = Field(ge=1)
    portfolio: str
    scenarios: list[str] = Field(min_length=1)
    strategies: list[str | Variant] = Field(min_length=1)
    champion: str | None = None

    @model_validator(mode="after")
    def _unique(self) -> ExperimentFile:
        if len(set(self.scenarios)) != len(self.scenarios):
            raise ValueError("scenario names without repeats")
        return self


@dataclass(frozen=True)
class Experiment:
    """A validated experiment with every referenced file loaded."""

    file: ExperimentFile
    source: str
    portfolio: Portfolio
    scenarios: tuple[Scenario, ...]
    strategies: tuple[Strategy, ...]

    @property
    def name(self) -> str:
        return self.file.name

    @property
    def champion(self) -> str:
        return self.file.champion or self.strategies[0].name

    def resolved(self) -> dict[str, Any]:
        """The whole configuration as plain data (what the manifest records)."""
        return {
            "experiment": self.file.model_dump(mode="json"),
            "portfolio": self.portfolio.model_dump(mode="json"),
            "scenarios": [s.model_dump(mode="json") for s in self.scenarios],
            "strategies": [s.model_dump(mode="json") for s in self.strategies],
        }

    def config_hash(self) -> str:
        blob = json.dumps(self.resolved(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(blob.encode()).hexdigest()


def load_experiment(ref: str | Path) -> Experiment:
    """Load and validate an experiment and everything it names; collect all errors."""
    path = resolve_path("experiment", str(ref))
    data = read_toml(path)
    spec = validate(ExperimentFile, data, path)
    errors: list[ConfigError] = []

    def attempt(fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except ConfigError as exc:
            errors.append(exc)
        except ConfigErrors as exc:
            errors.extend(exc.errors)
        return None

    portfolio = attempt(load_portfolio, spec.portfolio, referrer=path, field="portfolio")
    scenarios = [
        attempt(load_scenario, s, referrer=path, field=f"scenarios[{i}]")
        for i, s in enumerate(spec.scenarios)
    ]
    strategies = []
    for i, entry in enumerate(spec.strategies):
        field = f"strategies[{i}]"
        if isinstance(entry, Variant):
            strategies.append(
                attempt(
                    load_strategy,
                    entry.base,
                    referrer=path,
                    field=f"{field}.base",
                    name=entry.name,
                    overrides=entry.set,
                )
            )
        else:
            strategies.append(attempt(load_strategy, entry, referrer=path, field=field))
    if errors:
        raise ConfigErrors(errors)

    names = [s.name for s in strategies]
    for label, values in (("strategies", names), ("scenarios", [s.name for s in scenarios])):
        dup = sorted({n for n in values if values.count(n) > 1})
        if dup:
            errors.append(
                ConfigError(str(path), label, f"distinct names (repeated: {', '.join(dup)})")
            )
    if spec.champion is not None and spec.champion not in names:
        errors.append(
            ConfigError(str(path), "champion", f"one of the strategies ({', '.join(names)})", spec.champion)
        )
    if errors:
        raise ConfigErrors(errors)
    return Experiment(spec, str(path), portfolio, tuple(scenarios), tuple(strategies))
