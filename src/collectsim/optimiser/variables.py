"""Decision variables: addresses into the base strategy, the values they may take, and how
a candidate's values become a strategy.

Addresses are those of sweeps and variants (:mod:`collectsim.config.paths`,
parsed by :func:`collectsim.config.sweeps.parse_field` and applied by
:func:`collectsim.config.sweeps.apply_point`), so the three accept the same
addresses and report the same errors. Each variable is checked against the
base strategy before anything runs: its address, its type (a range needs a
numeric field; a choice must validate as the field's type) and its ends.

>>> from collectsim.config import load_strategy
>>> from collectsim.optimiser.spec import VariableSpec
>>> spec = VariableSpec(address="capacity.collectors", range=[5, 60])
>>> (v,) = check_variables([spec], load_strategy("standard"), "f.toml")
>>> v.kind, v.apply(load_strategy("standard"), {"capacity.collectors": 40}).capacity.collectors
('int', 40)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from collectsim.config.strategy import Strategy
from collectsim.config.sweeps import FieldError, SweepField, apply_point, parse_field
from collectsim.errors import ConfigError, ConfigErrors


@dataclass(frozen=True)
class Variable:
    """One checked decision variable."""

    address: str
    field: SweepField
    kind: str
    """'int' or 'float' for a range; 'choice' for a list of choices"""
    low: float = 0.0
    high: float = 0.0
    step: float | None = None
    log: bool = False
    choices: tuple[Any, ...] = ()
    linked: tuple[tuple[SweepField, int], ...] = ()

    def suggest(self, trial: Any) -> Any:
        """The candidate's value, drawn by an Optuna trial (the address is the parameter)."""
        if self.kind == "choice":
            return trial.suggest_categorical(self.address, list(self.choices))
        if self.kind == "int":
            step = int(self.step or 1)
            return trial.suggest_int(
                self.address, int(self.low), int(self.high), step=step, log=self.log
            )
        return trial.suggest_float(self.address, self.low, self.high, step=self.step, log=self.log)

    def point(self, value: Any) -> dict[str, Any]:
        """Every address this value sets: its own, and each linked one at its offset."""
        out = {self.field.text: value}
        for field, offset in self.linked:
            out[field.text] = int(value) + offset
        return out

    def fields(self) -> list[SweepField]:
        return [self.field, *(f for f, _ in self.linked)]

    def apply(self, strategy: Strategy, values: Mapping[str, Any]) -> Strategy:
        """``strategy`` with this variable alone set from ``values`` (by address)."""
        return apply_strategy(strategy, [self], values)


def apply_strategy(
    strategy: Strategy, variables: Sequence[Variable], values: Mapping[str, Any]
) -> Strategy:
    """``strategy`` with every variable set, validated again (ConfigErrors if they clash)."""
    point: dict[str, Any] = {}
    fields: list[SweepField] = []
    for v in variables:
        point.update(v.point(values[v.address]))
        fields.extend(v.fields())
    result: Strategy = apply_point(strategy, "strategy", point, fields)
    return result


def _field(address: str, file: str, where: str) -> SweepField:
    try:
        return parse_field(f"strategy.{address}")
    except FieldError as exc:
        raise ConfigError(file, where, str(exc), address) from None


def _kind(spec: Any, field: SweepField, file: str, where: str) -> str:
    """'choice', or the numeric type a range is searched in; bad ranges are ConfigErrors."""
    if spec.choices is not None:
        return "choice"
    if field.numeric is None:
        raise ConfigError(file, f"{where}.range", f"a numeric field for a range ({spec.address})")
    low, high = spec.range
    if field.numeric == "int":
        bad = [x for x in (low, high, spec.step) if isinstance(x, float) and not x.is_integer()]
        if bad:
            raise ConfigError(file, f"{where}.range", f"whole numbers for {spec.address}", bad[0])
    if spec.log and low <= 0:
        raise ConfigError(file, f"{where}.range", "a positive range for 'log = true'", spec.range)
    if spec.step is not None and (spec.step <= 0 or spec.step > high - low):
        raise ConfigError(file, f"{where}.step", "a step > 0 and within the range", spec.step)
    return field.numeric


def _linked(spec: Any, file: str, where: str) -> tuple[tuple[SweepField, int], ...]:
    out = []
    for address, offset in spec.linked.items():
        field = _field(address, file, f"{where}.linked.{address}")
        if field.numeric != "int":
            raise ConfigError(file, f"{where}.linked.{address}", "an integer field", address)
        out.append((field, offset))
    return tuple(out)


def _cast(value: Any, field: SweepField) -> Any:
    """A file's number as the field's type: 3 for a float field is 3.0, 3.0 for an int is 3."""
    if field.numeric == "float" and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if field.numeric == "int" and isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _one(spec: Any, base: Strategy, file: str, where: str) -> Variable:
    field = _field(spec.address, file, f"{where}.address")
    kind = _kind(spec, field, file, where)
    linked = _linked(spec, file, where)
    if kind == "choice":
        choices = tuple(_cast(c, field) for c in spec.choices)
        variable = Variable(spec.address, field, kind, choices=choices, linked=linked)
        trial_values = list(variable.choices)
        label = "choices"
    else:
        low, high = spec.range
        variable = Variable(
            spec.address, field, kind, float(low), float(high),
            None if spec.step is None else float(spec.step), spec.log, linked=linked,
        )  # fmt: skip
        trial_values = [_cast(low, field), _cast(high, field)]
        label = "range"
    for value in trial_values:
        try:
            variable.apply(base, {spec.address: value})
        except FieldError as exc:  # an item the base strategy does not have
            raise ConfigError(file, f"{where}.address", f"{exc} (in '{base.name}')") from None
        except ConfigErrors as exc:
            inner = "; ".join(e.expected for e in exc.errors)
            raise ConfigError(
                file, f"{where}.{label}", f"values valid for {spec.address} ({inner})", value
            ) from None
    return variable


def check_variables(specs: Sequence[Any], base: Strategy, file: str) -> tuple[Variable, ...]:
    """Each variable checked against the base strategy; every problem reported at once."""
    errors: list[ConfigError] = []
    out: list[Variable] = []
    seen: set[str] = set()
    for i, spec in enumerate(specs):
        where = f"variable[{i}]"
        if spec.address in seen:
            errors.append(ConfigError(file, f"{where}.address", "each address once", spec.address))
            continue
        seen.add(spec.address)
        try:
            out.append(_one(spec, base, file, where))
        except ConfigError as exc:
            errors.append(exc)
    if errors:
        raise ConfigErrors(errors)
    return tuple(out)
