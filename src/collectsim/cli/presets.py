"""Listing and showing presets (``collectsim presets``, ``strategies list|show``).

``show`` prints the resolved object as TOML that validates back to it, every
field with a comment read from its declaration: the unit (declared with
``param``), the default and the description (the docstring under the field).
A field left unset (TOML has no null) is shown commented out.

>>> print(show_preset("strategy", "standard").splitlines()[0])
name = "standard"  # identifier, shown in results and reports
"""

from __future__ import annotations

from typing import Any

import tomli_w
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from collectsim.config.detect import load_any
from collectsim.config.files import KINDS, list_presets, read_toml, resolve_path
from collectsim.config.validation import unit_of


def list_presets_table(kind: str) -> str:
    lines = [f"{KINDS[kind]}:"]
    names = list_presets(kind)
    width = max((len(n) for n in names), default=0)
    for name in names:
        data = read_toml(resolve_path(kind, name))
        lines.append(f"  {name:<{width}}  {data.get('description', '')}")
    return "\n".join(lines)


def show_preset(kind: str, ref: str) -> str:
    """The validated object, with every default filled in, as commented TOML."""
    _, obj = load_any(resolve_path(kind, ref))
    lines: list[str] = []
    _table(obj, (), lines)
    return "\n".join(lines).strip() + "\n"


def _value(value: Any) -> str:
    """A value as TOML writes it on the right of ``=``, on one line."""
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "{ " + ", ".join(f"{k} = {_value(v)}" for k, v in value.items()) + " }"
    return tomli_w.dumps({"v": value}).partition(" = ")[2].strip()


def _comment(model: type[BaseModel], name: str, field: FieldInfo, value: Any) -> str:
    """'days; default 7; days between attempts on the same account' (what is known)."""
    parts = []
    unit = unit_of(model, name)
    if unit:
        parts.append(unit)
    if not field.is_required():
        default = field.get_default(call_default_factory=True)
        if not isinstance(default, BaseModel) and not _is_table_list(default):
            parts.append("default none" if default is None else f"default {_value(default)}")
    if field.description:
        parts.append(" ".join(field.description.split()))
    return f"  # {'; '.join(parts)}" if parts else ""


def _is_table_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and isinstance(value[0], BaseModel)


def _table(obj: BaseModel, path: tuple[str, ...], lines: list[str]) -> None:
    """Fields holding values first (TOML's rule), then each sub-table under its header."""
    model = type(obj)
    tables: list[tuple[str, Any]] = []
    for name, field in model.model_fields.items():
        value = getattr(obj, name)
        if isinstance(value, BaseModel) or _is_table_list(value):
            tables.append((name, value))
        elif value is None:  # TOML has no null: the field is shown, commented out
            lines.append(f"# {name} = (not set){_comment(model, name, field, value)}")
        else:
            lines.append(f"{name} = {_value(value)}{_comment(model, name, field, value)}")
    for name, value in tables:
        header = ".".join((*path, name))
        items = value if isinstance(value, list) else [value]
        doc = model.model_fields[name].description or type(items[0]).__doc__ or ""
        doc = "; ".join(filter(None, (unit_of(model, name), " ".join(doc.split()))))
        note = f"  # {doc}" if doc else ""
        for item in items:
            lines.append("")
            lines.append(f"[[{header}]]{note}" if isinstance(value, list) else f"[{header}]{note}")
            _table(item, (*path, name), lines)
