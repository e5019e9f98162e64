"""The parameter reference, printed from the declarations: one row per field, with its
default, unit and meaning, so the docs cannot say something the code does not.

``docs/model.md`` holds the portfolio's tables between marker comments; this
module writes them (``python -m collectsim.config.reference docs/model.md``)
and a test checks they are current.

>>> from collectsim.config.behaviour import Behaviour
>>> rows = parameter_rows(Behaviour, "behaviour")
>>> address, default, unit, _ = rows[0]
>>> address, unit, default == f"{Behaviour().pay_logit_base:g}"
('behaviour.pay_logit_base', 'log-odds', True)
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from collectsim.config.validation import unit_of

START, END = "<!-- parameters:{name}:start -->", "<!-- parameters:{name}:end -->"


def _default(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):
        return "[" + ", ".join(_default(v) for v in value) + "]"
    return str(value)


def parameter_rows(
    model: type[BaseModel] | BaseModel, prefix: str
) -> list[tuple[str, str, str, str]]:
    """(address, default, unit, description) of every field, sub-schemas expanded; a class
    is read at its defaults."""
    instance = model if isinstance(model, BaseModel) else model.model_validate({})
    cls = type(instance)
    rows: list[tuple[str, str, str, str]] = []
    for name, field in cls.model_fields.items():
        address = f"{prefix}.{name}"
        value = getattr(instance, name)
        if isinstance(value, BaseModel):
            rows.extend(parameter_rows(value, address))
            continue
        doc = " ".join((field.description or "").split())
        rows.append((address, _default(value), unit_of(cls, name) or "", doc))
    return rows


def markdown(rows: list[tuple[str, str, str, str]]) -> str:
    lines = ["| parameter | default | unit | meaning |", "|---|---|---|---|"]
    lines += [f"| `{a}` | {d} | {u} | {m} |" for a, d, u, m in rows]
    return "\n".join(lines)


def tables() -> dict[str, str]:
    """The docs' generated tables, by marker name."""
    from collectsim.config.behaviour import Behaviour
    from collectsim.config.levers import Relationship, Screening
    from collectsim.config.portfolio import Book, ExpectedLoss
    from collectsim.config.portfolio import Borrowers as BorrowerMix

    return {
        "behaviour": markdown(parameter_rows(Behaviour, "behaviour")),
        "borrowers": markdown(parameter_rows(BorrowerMix, "borrowers")),
        "book": markdown(
            parameter_rows(Book, "book") + parameter_rows(ExpectedLoss, "expected_loss")
        ),
        "practices": markdown(
            parameter_rows(Screening, "screening") + parameter_rows(Relationship, "relationship")
        ),
    }


def update(text: str) -> str:
    """``text`` with every marked table replaced by its current version."""
    for name, table in tables().items():
        start, end = START.format(name=name), END.format(name=name)
        pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.S)
        text = pattern.sub(_literally(f"{start}\n{table}\n{end}"), text)
    return text


def _literally(text: str) -> Callable[[re.Match[str]], str]:
    """A replacement for ``re.sub`` that inserts ``text`` as it is (no escapes read)."""
    return lambda _match: text


if __name__ == "__main__":  # pragma: no cover - a maintainer's tool
    path = Path(sys.argv[1])
    path.write_text(update(path.read_text(encoding="utf-8")), encoding="utf-8")
