"""Turning pydantic validation errors into messages a person can act on.

Each error names the file, the field (dotted path, list positions as
``[i]``) and what is expected, e.g.
``strategies/x.toml: field 'capacity.collectors': expected an integer >= 0, got -3``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import PydanticUndefined

from collectsim.config.limits import MAX_NAME
from collectsim.errors import ConfigError, ConfigErrors

M = TypeVar("M", bound=BaseModel)


class Schema(BaseModel):
    """Base for every config schema: unknown fields are errors, types are strict,
    numbers finite (TOML's ``nan`` and ``inf`` are refused everywhere).

    A field's description is the docstring under it (``use_attribute_docstrings``)
    and its unit, where it has one, is declared with :func:`param`: one declaration
    that ``strategies show`` and the docs print.
    """

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        frozen=True,
        use_attribute_docstrings=True,
        allow_inf_nan=False,
    )


def param(default: Any = PydanticUndefined, *, unit: str, **constraints: Any) -> Any:
    """A config field with its unit (e.g. ``"days"``, ``"currency"``, ``"1/day"``,
    ``"fraction"``, ``"log-odds"``); constraints as for :func:`pydantic.Field`.

    >>> class P(Schema):
    ...     delay: int = param(5, unit="days", ge=0)
    >>> unit_of(P, "delay")
    'days'
    """
    return Field(default, json_schema_extra={"unit": unit}, **constraints)


def unit_of(model: type[BaseModel], name: str) -> str | None:
    """The unit declared for a field with :func:`param`, or None."""
    extra = model.model_fields[name].json_schema_extra
    return extra.get("unit") if isinstance(extra, dict) else None  # type: ignore[return-value]


#: identifiers that become folder names
NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"


def check_name(value: str) -> str:
    """A name is an identifier: shown in tables, written to CSV cells, never a path.

    Non-empty, at most :data:`MAX_NAME` characters, starting with a letter, a
    digit or '_' (any script: Chinese names are welcome; never '=', '+', '-',
    '@' or a space, which a spreadsheet could read as a formula), with no
    control, format or line-breaking characters and no '/' or '\\'.

    >>> check_name("催收_A")
    '催收_A'
    """
    if not value:
        raise ValueError("a non-empty name")
    if len(value) > MAX_NAME:
        raise ValueError(f"a name of at most {MAX_NAME} characters (this one has {len(value)})")
    if not (value[0].isalnum() or value[0] == "_"):
        raise ValueError("a name that starts with a letter, a digit or '_'")
    bad = [c for c in value if c != " " and unicodedata.category(c)[0] in "CZ"]
    if bad or "/" in value or "\\" in value:
        shown = repr(bad[0]) if bad else "'/' or '\\'"
        raise ValueError(
            f"a name without control characters, line breaks, '/' or '\\' (found {shown})"
        )
    return value


#: a strategy, scenario, segment or variant name (see :func:`check_name`)
Name = Annotated[str, AfterValidator(check_name)]

_TYPE_WORDS = {
    "int_type": "an integer",
    "int_from_float": "an integer",
    "float_type": "a number",
    "string_type": "a string",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a table",
    "model_type": "a table",
    "model_attributes_type": "a table",
    "missing": "a value (this field is required)",
    "finite_number": "a finite number (not nan or inf)",
}


def field_path(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif not str(part).startswith("function-") and not str(part).endswith("]"):
            out += ("." if out else "") + str(part)
    return out


def describe(error: Mapping[str, Any], model: type[BaseModel]) -> str:
    """What was expected, in words."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "extra_forbidden":
        return "a known field (this one is not part of the schema; check its spelling)"
    if kind in _TYPE_WORDS:
        return _TYPE_WORDS[kind]
    if kind == "greater_than":
        return f"a number > {ctx.get('gt')}"
    if kind == "greater_than_equal":
        return f"a number >= {ctx.get('ge')}"
    if kind == "less_than":
        return f"a number < {ctx.get('lt')}"
    if kind == "less_than_equal":
        return f"a number <= {ctx.get('le')}"
    if kind == "string_pattern_mismatch":
        if ctx.get("pattern") == NAME_PATTERN:
            return "a name of letters, digits, '_', '.' and '-' that starts with a letter or digit"
        return f"a string matching {ctx.get('pattern')}"
    if kind == "literal_error":
        return f"one of {ctx.get('expected')}"
    if kind in ("too_short", "too_long"):
        return error["msg"].lower()
    if kind == "value_error":
        return str(ctx.get("error", error["msg"])).removeprefix("Value error, ")
    return error["msg"]


def validate(model: type[M], data: Any, file: str | Path | None, prefix: str = "") -> M:
    """Validate ``data`` against ``model``; raise ConfigErrors naming ``file``."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = []
        for err in exc.errors():
            path = field_path(err["loc"])
            if prefix:
                path = f"{prefix}.{path}" if path else prefix
            got = err.get("input")
            has_got = err["type"] not in ("missing",) and not isinstance(got, dict)
            if has_got:
                errors.append(
                    ConfigError(
                        str(file) if file else None, path or None, describe(err, model), got
                    )
                )
            else:
                errors.append(
                    ConfigError(str(file) if file else None, path or None, describe(err, model))
                )
        raise ConfigErrors(errors) from None
