"""Every number in every config has a range a real book could have, and none is NaN or inf.

The walk covers every schema reachable from the four kinds of file. The
portfolio's schemas (``Portfolio``, ``Behaviour`` and theirs) are checked in a
test of their own, as the engine's behaviour adds fields to them most often.
"""

from __future__ import annotations

import typing

import annotated_types as at
import pytest
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from collectsim.config import behaviour, portfolio, scenario, strategy, timepath
from collectsim.config.experiment import ExperimentFile
from collectsim.config.limits import MAX_BOOK, MAX_MONEY

#: values for other fields: each is checked against the bounds of the field it sets
EXEMPT = {("Sweep", "values"), ("Sweep", "range"), ("Variant", "set")}
#: schemas whose bounds are the lead's to set (config/portfolio.py, config/behaviour.py)
LEADS = {portfolio.__name__, behaviour.__name__}


def bounds(metadata: list) -> tuple[bool, bool]:
    low = any(isinstance(m, at.Ge | at.Gt) for m in metadata)
    high = any(isinstance(m, at.Le | at.Lt) for m in metadata)
    return low, high


def _without_none(annotation):
    """``X`` from ``X | None`` (keeping ``Annotated``, whose constraints are read here)."""
    if typing.get_origin(annotation) in (typing.Union, __import__("types").UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


def numbers(annotation, metadata) -> list[list]:
    """The metadata of each number the annotation holds (itself, or its items)."""
    ann = _without_none(annotation)
    if typing.get_origin(ann) is typing.Annotated:
        base, *extra = typing.get_args(ann)
        inner = [m for e in extra if isinstance(e, FieldInfo) for m in e.metadata]
        return numbers(base, metadata + inner)
    if ann in (int, float):
        return [metadata]
    if typing.get_origin(ann) in (list, dict):
        item = typing.get_args(ann)[-1]
        outer = [m for m in metadata if not isinstance(m, at.MinLen | at.MaxLen)]
        return numbers(item, outer)
    if typing.get_origin(ann) in (typing.Union, __import__("types").UnionType):
        return [n for a in typing.get_args(ann) for n in numbers(a, metadata)]
    return []


def schemas() -> list[type[BaseModel]]:
    seen: list[type[BaseModel]] = []
    todo = [ExperimentFile, strategy.Strategy, scenario.Scenario, portfolio.Portfolio]
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.append(model)
        for field in model.model_fields.values():
            stack = [field.annotation]
            while stack:
                ann = stack.pop()
                if isinstance(ann, type) and issubclass(ann, BaseModel):
                    todo.append(ann)
                stack.extend(typing.get_args(ann))
    return seen


def unbounded(model: type[BaseModel]) -> list[str]:
    missing = []
    for name, field in model.model_fields.items():
        if (model.__name__, name) in EXEMPT:
            continue
        for metadata in numbers(field.annotation, list(field.metadata)):
            if not all(bounds(metadata)):
                missing.append(f"{model.__name__}.{name}")
    return missing


def test_the_walk_reaches_every_kind_of_schema():
    names = {m.__name__ for m in schemas()}
    assert {"Treatment", "TimePath", "Window", "Sweep", "LogNormal", "ChannelResponse"} <= names


@pytest.mark.parametrize(
    "model", [m for m in schemas() if m.__module__ not in LEADS], ids=lambda m: m.__name__
)
def test_every_number_has_finite_bounds(model):
    assert unbounded(model) == []


def test_every_number_of_the_portfolio_has_finite_bounds():
    gaps = [name for m in schemas() if m.__module__ in LEADS for name in unbounded(m)]
    assert gaps == [], f"{len(gaps)} unbounded: {', '.join(sorted(gaps))}"


def test_money_bounds_keep_a_run_inside_int64_cents():
    assert MAX_MONEY * 100 < 2**63 and MAX_BOOK * 100 * 900 < 2**63


@pytest.mark.parametrize(
    ("model", "data"),
    [
        (strategy.Capacity, {"monthly_budget": float("nan")}),
        (strategy.Capacity, {"monthly_budget": float("inf")}),
        (strategy.Legal, {"lawyer_fee": float("-inf")}),
        (timepath.TimePath, {"days": [0], "values": [float("nan")]}),
    ],
)
def test_nan_and_inf_are_refused_by_every_schema(model, data):
    from collectsim.config.validation import validate
    from collectsim.errors import ConfigErrors

    with pytest.raises(ConfigErrors, match="a finite number"):
        validate(model, data, "x.toml")
