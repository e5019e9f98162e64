"""The levers a reviewer moves, each turned into the dotted overrides a variant's ``set`` uses.

A lever reads its value from a loaded preset (what the preset does) and
writes a new value as overrides into the preset's file data, through the
same addresses ``{ name, base, set }`` variants and sweeps take
(:mod:`collectsim.config.paths`). So whatever the page explores can be saved
as an experiment that ``collectsim run`` accepts, and one validation checks both.

A lever that does not apply to a preset (no calls to make less frequent, no
plan to lengthen) reads ``None``, and the page shows it disabled.

>>> from collectsim.config import load_strategy
>>> standard = load_strategy("standard")
>>> STRATEGY_LEVERS["call_every_days"].read(standard)
3
>>> sorted(STRATEGY_LEVERS["call_every_days"].overrides(standard, 5).items())[:2]
[('segments.calls.treatments.1.every_days', 5), ('segments.early.treatments.1.every_days', 5)]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from collectsim.config import Scenario, Strategy

#: channels the call-frequency lever moves
CALL_CHANNELS = ("agent_call", "automated_call")

Window = tuple[int, int]
Kind = Literal["int", "float", "bool", "window"]


@dataclass(frozen=True)
class Lever:
    """One control: what it reads in a preset, which overrides a new value becomes."""

    key: str
    label: str
    """what the control is called on the page"""
    kind: Kind
    read: Callable[[Any], Any]
    """the preset's value (None: the lever does not apply to this preset)"""
    overrides: Callable[[Any, Any], dict[str, Any]]
    """dotted address -> value, for the preset and a new value"""
    unit: str = ""
    low: float = 0
    high: float = 1
    step: float = 1
    missing: str = ""
    """why the lever is off when ``read`` gives None"""

    def words(self, value: Any) -> str:
        """A value as the page writes it: '3 a week', 'allowed', 'days 30-150'."""
        if value is None:
            return "none"
        if self.kind == "bool":
            return "yes" if value else "no"
        if self.kind == "window":
            return "none" if not value else f"days {value[0]}–{value[1]}"
        if self.kind == "float":
            return f"{value:g}{' ' + self.unit if self.unit else ''}"
        return f"{int(value)}{' ' + self.unit if self.unit else ''}"


def _field(address: str) -> Callable[[Any, Any], dict[str, Any]]:
    return lambda _config, value: {address: value}


def _attr(*names: str) -> Callable[[Any], Any]:
    def read(config: Any) -> Any:
        for name in names:
            config = getattr(config, name)
        return config

    return read


# -- scenario levers: the rules in force ---------------------------------------------------------
def _read_window(scenario: Scenario) -> Window | None:
    windows = scenario.regulation.forbearance
    return (windows[0].start_day, windows[0].end_day) if windows else None


def _window_overrides(_scenario: Scenario, value: Window | None) -> dict[str, Any]:
    windows = [] if not value else [{"start_day": int(value[0]), "end_day": int(value[1])}]
    return {"regulation.forbearance": windows}


SCENARIO_LEVERS: dict[str, Lever] = {
    lever.key: lever
    for lever in (
        Lever(
            "contact_cap",
            "Contact cap (calls and visits per borrower a week)",
            "int",
            _attr("regulation", "max_calls_and_visits_per_week"),
            _field("regulation.max_calls_and_visits_per_week"),
            "a week",
            0,
            21,
        ),
        Lever(
            "field_visits",
            "Field visits allowed",
            "bool",
            _attr("regulation", "field_visits_allowed"),
            _field("regulation.field_visits_allowed"),
        ),
        Lever(
            "hardship_plan",
            "Mandated hardship plan",
            "bool",
            _attr("regulation", "mandated_hardship_plan"),
            _field("regulation.mandated_hardship_plan"),
        ),
        Lever(
            "forbearance",
            "Forbearance window (no dues, no collection contact)",
            "window",
            _read_window,
            _window_overrides,
            "",
            0,
            3650,
        ),
    )
}


# -- strategy levers: what the lender does -------------------------------------------------------
def _calls(strategy: Strategy) -> list[tuple[str, int, int]]:
    """(segment, treatment position, every_days) of every call treatment."""
    return [
        (segment.name, i, t.every_days)
        for segment in strategy.segments
        for i, t in enumerate(segment.treatments)
        if t.channel in CALL_CHANNELS
    ]


def _read_calls(strategy: Strategy) -> int | None:
    days = [every for _, _, every in _calls(strategy)]
    return min(days) if days else None


def _call_overrides(strategy: Strategy, value: int) -> dict[str, Any]:
    return {
        f"segments.{seg}.treatments.{i}.every_days": int(value) for seg, i, _ in _calls(strategy)
    }


def _plans(strategy: Strategy) -> list[tuple[str, int]]:
    return [
        (s.name, s.offers.instalment_months)
        for s in strategy.segments
        if s.offers.instalment_months
    ]


def _read_plans(strategy: Strategy) -> int | None:
    months = [m for _, m in _plans(strategy)]
    return max(months) if months else None


def _plan_overrides(strategy: Strategy, value: int) -> dict[str, Any]:
    return {f"segments.{seg}.offers.instalment_months": int(value) for seg, _ in _plans(strategy)}


STRATEGY_LEVERS: dict[str, Lever] = {
    lever.key: lever
    for lever in (
        Lever(
            "call_every_days",
            "Calls every (days; agent and automated, every segment)",
            "int",
            _read_calls,
            _call_overrides,
            "days",
            1,
            60,
            missing="this strategy makes no calls",
        ),
        Lever(
            "plan_months",
            "Instalment plan length (months, where plans are offered)",
            "int",
            _read_plans,
            _plan_overrides,
            "months",
            1,
            120,
            missing="this strategy offers no instalment plans",
        ),
        Lever(
            "collectors",
            "Collectors",
            "int",
            _attr("capacity", "collectors"),
            _field("capacity.collectors"),
            "people",
            0,
            500,
        ),
        Lever(
            "score_auc",
            "Risk-score accuracy (AUC)",
            "float",
            _attr("risk_score", "auc"),
            _field("risk_score.auc"),
            "",
            0.5,
            1.0,
            0.01,
        ),
    )
}


def changed(levers: dict[str, Lever], config: Any, values: dict[str, Any]) -> dict[str, Any]:
    """The levers whose value differs from what ``config`` (the preset) does."""
    out: dict[str, Any] = {}
    for key, value in values.items():
        lever = levers.get(key)
        if lever is None or value is None:
            continue
        preset = lever.read(config)
        if preset is None and lever.kind != "window":
            continue  # the lever does not apply to this preset
        if _normal(lever, value) != _normal(lever, preset):
            out[key] = _normal(lever, value)
    return out


def _normal(lever: Lever, value: Any) -> Any:
    """A comparable value: windows as tuples (or None), floats rounded to the step."""
    if lever.kind == "window":
        return (int(value[0]), int(value[1])) if value else None
    if lever.kind == "float":
        return round(float(value), 6)
    if lever.kind == "bool":
        return bool(value)
    return int(value)


def overrides_for(levers: dict[str, Lever], config: Any, values: dict[str, Any]) -> dict[str, Any]:
    """Dotted overrides for the changed levers, against the preset ``config``."""
    out: dict[str, Any] = {}
    for key, value in changed(levers, config, values).items():
        out.update(levers[key].overrides(config, value))
    return out


def describe(levers: dict[str, Lever], config: Any, values: dict[str, Any]) -> list[str]:
    """What changed against the preset, in words, a sentence per changed lever."""
    lines = []
    for key, value in changed(levers, config, values).items():
        lever = levers[key]
        label = lever.label.split(" (")[0]
        before = lever.words(lever.read(config))
        lines.append(f"{label}: {lever.words(value)} instead of {before} in '{config.name}'.")
    return lines
