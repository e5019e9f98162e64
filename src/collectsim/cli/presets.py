"""Listing and showing built-in presets (``collectsim strategies list|show``)."""

from __future__ import annotations

import tomli_w

from collectsim.config.detect import load_any
from collectsim.config.files import KINDS, list_presets, read_toml, resolve_path


def list_presets_table(kind: str) -> str:
    lines = [f"{KINDS[kind]}:"]
    names = list_presets(kind)
    width = max((len(n) for n in names), default=0)
    for name in names:
        data = read_toml(resolve_path(kind, name))
        lines.append(f"  {name:<{width}}  {data.get('description', '')}")
    return "\n".join(lines)


def show_preset(kind: str, ref: str) -> str:
    """The validated object, with every default filled in, as TOML."""
    _, obj = load_any(resolve_path(kind, ref))
    return tomli_w.dumps(_drop_none(obj.model_dump(mode="json")))


def _drop_none(value):
    if isinstance(value, dict):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_none(v) for v in value]
    return value
