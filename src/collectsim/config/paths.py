"""Dotted addresses inside a config, shared by sweeps and strategy variants' ``set``.

An address is a dotted path from a schema (``Strategy``, ``Scenario``,
``Portfolio``) down to a value: table fields by name, dict entries by key,
list items by name (segments by ``name``, products by ``kind``) or by
position (``segments.early.treatments.0.every_days``). Both
``[[sweep]] field = "strategy.…"`` and ``set = { "…" = … }`` go through the
functions here, so they accept the same addresses and report the same errors.

>>> from collectsim.config.strategy import Strategy
>>> data = {"segments": [{"name": "early", "treatments": [{"channel": "sms"}]}]}
>>> set_path(Strategy, data, "segments.early.treatments.0.every_days".split("."), 2, "strategy")
>>> data["segments"][0]["treatments"][0]["every_days"]
2
>>> schema_leaf(Strategy, ("capacity", "collectors"), "strategy")
<class 'int'>
"""

from __future__ import annotations

import copy
import types
import typing
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from collectsim.config.files import read_named
from collectsim.config.timepath import TimePath
from collectsim.config.validation import validate
from collectsim.errors import ConfigError

M = TypeVar("M", bound=BaseModel)

#: models set as one value (a time path takes a number: a constant path)
LEAF_MODELS: tuple[type[BaseModel], ...] = (TimePath,)


class PathError(ValueError):
    """An address that names no value of the schema, or no item of the data."""


def unwrap(annotation: Any) -> Any:
    """Drop ``None`` from ``X | None`` and the constraints of ``Annotated[X, ...]``, so the
    walk sees the real type."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


def is_table(annotation: Any) -> bool:
    """A model walked into by field name (not a leaf model such as a time path)."""
    ann = unwrap(annotation)
    return isinstance(ann, type) and issubclass(ann, BaseModel) and ann not in LEAF_MODELS


def _where(label: str, path: Sequence[str], i: int) -> str:
    return ".".join((label, *path[:i])) if label else ".".join(path[:i])


def _step(annotation: Any, path: Sequence[str], i: int, label: str) -> Any:
    """The annotation one step down the schema at ``path[i]``; PathError if there is none."""
    ann = unwrap(annotation)
    part = path[i]
    if is_table(ann):
        fields = ann.model_fields
        if part not in fields:
            where = _where(label, path, i) or ann.__name__
            raise PathError(f"a field of {where} (known: {', '.join(sorted(fields))})")
        return fields[part].annotation
    origin = typing.get_origin(ann)
    if origin is list:
        return typing.get_args(ann)[0]  # an item: by name, kind or position
    if origin is dict:
        return typing.get_args(ann)[1]
    raise PathError(f"a path that ends at a value ('{_where(label, path, i)}' holds one)")


def schema_leaf(model: type[BaseModel], path: Sequence[str], label: str = "") -> Any:
    """The annotation at the end of ``path`` in ``model``'s schema; PathError if none."""
    annotation: Any = model
    for i in range(len(path)):
        annotation = _step(annotation, path, i, label)
    return annotation


def _item(node: list[Any], path: Sequence[str], i: int, label: str) -> int:
    """The index of the list item ``path[i]`` names: a position, or a name or kind."""
    part = path[i]
    where = _where(label, path, i)
    if part.isdigit():
        if int(part) < len(node):
            return int(part)
        raise PathError(f"a position below {len(node)} in {where}, not {part}")
    for j, item in enumerate(node):
        if isinstance(item, dict) and part in (item.get("name"), item.get("kind")):
            return j
    names = [
        str(item.get("name", item.get("kind")))
        for item in node
        if isinstance(item, dict) and ("name" in item or "kind" in item)
    ]
    known = f" (known: {', '.join(names)})" if names else ""
    raise PathError(f"an item of {where} named '{part}' or a position{known}")


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="python")
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _missing(holder: Any, part: str, child: Any) -> Any:
    """What a config file left out, as plain data: the field's default, or an empty table."""
    holder = unwrap(holder)
    if is_table(holder):
        field = holder.model_fields[part]
        if not field.is_required():
            default = field.get_default(call_default_factory=True)
            if default is not None:
                return _plain(default)
    return [] if typing.get_origin(unwrap(child)) is list else {}


def set_path(
    model: type[BaseModel], data: dict[str, Any], path: Sequence[str], value: Any, label: str = ""
) -> None:
    """Set ``value`` at ``path`` in plain config data of ``model`` (a file or a dump).

    The schema is walked with the data: a field the schema lacks, or a list
    item that does not exist, is a PathError naming what is known there. A
    table the data leaves out is filled with its defaults first.
    """
    annotation: Any = model
    node: Any = data
    for i, part in enumerate(path):
        child = _step(annotation, path, i, label)
        last = i == len(path) - 1
        if isinstance(node, list):
            key: Any = _item(node, path, i, label)
        elif isinstance(node, dict):
            key = part
            if not last and node.get(part) is None:
                node[part] = _missing(annotation, part, child)
        else:
            raise PathError(f"a table or list at '{_where(label, path, i)}'")
        if last:
            node[key] = value
            return
        node, annotation = node[key], child


def apply_set(
    model: type[BaseModel], data: dict[str, Any], overrides: dict[str, Any], file: str, kind: str
) -> dict[str, Any]:
    """A copy of raw config ``data`` with each dotted address in ``overrides`` set.

    A field the schema does not have, or an item that does not exist, is a
    ConfigError naming ``set.<address>``, so a typo never passes silently.
    """
    out = copy.deepcopy(data)
    for dotted, value in overrides.items():
        try:
            set_path(model, out, dotted.split("."), value, kind)
        except PathError as exc:
            raise ConfigError(file, f"set.{dotted}", str(exc)) from None
    return out


def load_named(
    kind: str,
    model: type[M],
    ref: str,
    *,
    referrer: str | Path | None = None,
    field: str | None = None,
    name: str | None = None,
    overrides: dict[str, Any] | None = None,
) -> M:
    """Load a preset or file of ``kind``, optionally renamed and with dotted overrides.

    The one loader behind strategy and scenario variants (``{ name, base, set }``);
    errors in overrides name the referring file, others the loaded file.
    """
    path, data = read_named(kind, ref, referrer=referrer, field=field)
    source = str(referrer or path)
    if overrides:
        data = apply_set(model, data, overrides, source, kind)
    if name:
        data["name"] = name
    return validate(model, data, source if overrides else path)
