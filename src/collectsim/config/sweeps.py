"""Sweeps: vary numeric fields of strategies, scenarios or the portfolio across runs.

A ``[[sweep]]`` entry in an experiment names a dotted field with its kind as
prefix (``strategy.capacity.collectors``, ``scenario.economy.income_factor``,
``portfolio.behaviour.complaint_base``) and either a grid of ``values`` or a
``range`` sampled ``samples`` times by Latin hypercube (``method = "lhs"``,
scipy.stats.qmc) or by Saltelli's scheme on a Sobol sequence
(``method = "sobol"``, SALib; ``samples`` is then the base N and the design
has N * (D + 2) points, so Sobol indices can be computed from it).

Grid sweeps are crossed full factorially (the first sweep varies slowest);
sampled sweeps share one joint design; the two are crossed. A point is a
``{field: value}`` dict applied to every strategy (or scenario, or the
portfolio) of the experiment. Lists inside a config are addressed by item
name (segments by ``name``, products by ``kind``) or by position.

>>> f = parse_field("strategy.capacity.collectors")
>>> f.kind, f.path, f.numeric
('strategy', ('capacity', 'collectors'), 'int')
>>> from collectsim.config import load_strategy
>>> apply_point(load_strategy("standard"), "strategy", {f.text: 40}, [f]).capacity.collectors
40
"""

from __future__ import annotations

import itertools
import math
import typing
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel

from collectsim.config.limits import MAX_POINTS
from collectsim.config.paths import PathError, is_table, schema_leaf, set_path, unwrap
from collectsim.config.portfolio import Portfolio
from collectsim.config.scenario import Scenario
from collectsim.config.strategy import Strategy
from collectsim.config.timepath import TimePath
from collectsim.config.validation import validate
from collectsim.errors import ConfigError, ConfigErrors

SWEEP_KINDS: dict[str, type[BaseModel]] = {
    "strategy": Strategy,
    "scenario": Scenario,
    "portfolio": Portfolio,
}

#: mixed into the experiment seed for the sample design, apart from replication seeds
DESIGN_STREAM = 0x5EED_D51C


@dataclass(frozen=True)
class SweepField:
    """A parsed sweep target: which kind of config, the path inside it, its value type."""

    text: str
    kind: str
    path: tuple[str, ...]
    numeric: Literal["int", "float"] | None
    """'int' or 'float' for numeric fields (a range can be sampled); None otherwise"""


#: a sweep field that does not name a single value of the schema (see config.paths)
FieldError = PathError


def _leaf_kind(annotation: Any) -> Literal["int", "float"] | None:
    ann = unwrap(annotation)
    if ann is bool:
        return None
    if ann is int:
        return "int"
    if ann is float or ann is TimePath:
        return "float"
    return None


def parse_field(text: str) -> SweepField:
    """Check a dotted field against the schemas; raise FieldError saying what is known."""
    kind, _, rest = text.partition(".")
    if kind not in SWEEP_KINDS or not rest:
        raise FieldError(f"a field starting with one of {', '.join(SWEEP_KINDS)} and a dot")
    path = tuple(rest.split("."))
    annotation = schema_leaf(SWEEP_KINDS[kind], path, kind)
    if is_table(annotation):
        raise FieldError("a field holding a single value, not a table")
    if typing.get_origin(unwrap(annotation)) in (list, dict):
        raise FieldError("a field holding a single value (add an item name or position)")
    return SweepField(text, kind, path, _leaf_kind(annotation))


def apply_point(
    obj: BaseModel, kind: str, point: dict[str, Any], fields: Sequence[SweepField]
) -> Any:
    """A copy of ``obj`` with the point's values of ``kind`` set, validated again."""
    mine = [f for f in fields if f.kind == kind and f.text in point]
    if not mine:
        return obj
    data = obj.model_dump(mode="python")
    for f in mine:
        set_path(type(obj), data, f.path, point[f.text], f.kind)
    return validate(type(obj), data, None)


def sample_values(sweeps: Sequence[Any], seed: int) -> list[tuple[Any, ...]]:
    """The joint sample design of the sampled sweeps (each a row of values, in order)."""
    if not sweeps:
        return [()]
    method = sweeps[0].method or "lhs"
    n = sweeps[0].samples
    lows = np.array([s.range[0] for s in sweeps], dtype=float)
    highs = np.array([s.range[1] for s in sweeps], dtype=float)
    design_seed = int(np.random.SeedSequence([seed, DESIGN_STREAM]).generate_state(1)[0])
    if method == "sobol":
        try:
            from SALib.sample import sobol as salib_sobol
        except ImportError:
            raise ConfigError(
                None,
                "sweep.method",
                "SALib installed for method 'sobol' (pip install 'collectsim[sensitivity]'), "
                "or method 'lhs'",
                "sobol",
            ) from None

        problem = salib_problem([s.field for s in sweeps], lows, highs)
        matrix = salib_sobol.sample(problem, n, calc_second_order=False, seed=design_seed)
    else:
        from scipy.stats import qmc

        unit = qmc.LatinHypercube(d=len(sweeps), rng=np.random.default_rng(design_seed)).random(n)
        matrix = qmc.scale(unit, lows, highs)
    return [tuple(row) for row in matrix.tolist()]


def salib_problem(
    names: Sequence[str], lows: Sequence[float] | np.ndarray, highs: Sequence[float] | np.ndarray
) -> dict[str, Any]:
    """SALib's problem dictionary for the sampled fields."""
    return {
        "num_vars": len(names),
        "names": list(names),
        "bounds": [[float(lo), float(hi)] for lo, hi in zip(lows, highs, strict=True)],
    }


def _cast(value: Any, field: SweepField, *, sampled: bool) -> Any:
    """A design value as its field's type: sampled numbers are rounded for an integer field;
    a grid value only loses a zero fraction (``3.0`` is 3), never a real one (see check_sweeps).
    """
    if field.numeric == "int" and isinstance(value, float):
        if sampled or value.is_integer():
            return round(value)
        return value
    if field.numeric == "float" and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


def count_points(sweeps: Sequence[Any]) -> int:
    """How many points the sweeps make, computed without making them.

    >>> from types import SimpleNamespace as S
    >>> count_points([S(values=[1, 2, 3]), S(values=None, samples=8, method="sobol")] * 1)
    72
    """
    grid = math.prod(len(s.values) for s in sweeps if s.values is not None)
    sampled = [s for s in sweeps if s.values is None]
    if not sampled:
        return grid
    n = sampled[0].samples
    return grid * (n * (len(sampled) + 2) if sampled[0].method == "sobol" else n)


def _fractional(values: Sequence[Any]) -> list[float]:
    return [v for v in values if isinstance(v, float) and not v.is_integer()]


def design_points(sweeps: Sequence[Any], fields: Sequence[SweepField], seed: int) -> list[dict]:
    """Every sweep point, in order: grid (first sweep slowest) crossed with the sample."""
    if not sweeps:
        return [{}]
    by_name = {f.text: f for f in fields}
    grid = [s for s in sweeps if s.values is not None]
    sampled = [s for s in sweeps if s.values is None]
    samples = sample_values(sampled, seed)
    points = []
    for combo in itertools.product(*(s.values for s in grid)):
        for row in samples:
            point = {
                s.field: _cast(v, by_name[s.field], sampled=False)
                for s, v in zip(grid, combo, strict=True)
            }
            point.update(
                {
                    s.field: _cast(v, by_name[s.field], sampled=True)
                    for s, v in zip(sampled, row, strict=True)
                }
            )
            points.append(point)
    return points


def check_sweeps(
    sweeps: Sequence[Any],
    file: str,
    targets: dict[str, Sequence[BaseModel]],
    seed: int,
) -> tuple[tuple[SweepField, ...], tuple[dict[str, Any], ...]]:
    """Validate the sweeps of an experiment; return parsed fields and design points.

    Every point is applied to every strategy, scenario or portfolio it touches
    and validated, so a value the schema rejects is reported now, before any run.
    """
    errors: list[ConfigError] = []
    fields: list[SweepField] = []
    seen: set[str] = set()
    for i, sweep in enumerate(sweeps):
        where = f"sweep[{i}]"
        try:
            field = parse_field(sweep.field)
        except FieldError as exc:
            errors.append(ConfigError(file, f"{where}.field", str(exc), sweep.field))
            continue
        if sweep.field in seen:
            errors.append(
                ConfigError(file, f"{where}.field", "a field swept only once", sweep.field)
            )
        seen.add(sweep.field)
        if sweep.values is None and field.numeric is None:
            errors.append(
                ConfigError(file, f"{where}.range", f"a numeric field for a range ({sweep.field})")
            )
        bad = _fractional(sweep.values or []) if field.numeric == "int" else []
        if bad:
            errors.append(
                ConfigError(
                    file,
                    f"{where}.values",
                    f"whole numbers for the integer field {sweep.field}",
                    bad[0],
                )
            )
        fields.append(field)
    sampled = [s for s in sweeps if s.values is None]
    if len({(s.samples, s.method or "lhs") for s in sampled}) > 1:
        errors.append(
            ConfigError(file, "sweep", "the same 'samples' and 'method' on every sampled sweep")
        )
    if not errors and count_points(sweeps) > MAX_POINTS:
        errors.append(_too_many(sweeps, file))
    if errors:
        raise ConfigErrors(errors)
    points = design_points(sweeps, fields, seed)
    _check_points(points, fields, file, targets, errors)
    if not errors:  # each value is fine alone: now every point, all its values together
        _check_combinations(points, fields, file, targets, errors)
    if errors:
        raise ConfigErrors(errors)
    return tuple(fields), tuple(points)


def _too_many(sweeps: Sequence[Any], file: str) -> ConfigError:
    return ConfigError(
        file,
        "sweep",
        f"at most {MAX_POINTS:,} sweep points (these sweeps make {count_points(sweeps):,}; "
        "use fewer values or samples)",
    )


def _values_to_check(points: Sequence[dict[str, Any]], field: SweepField) -> list[Any]:
    """Distinct values of a field; for sampled numbers only the extremes (bounds are monotone)."""
    values = list(dict.fromkeys(p[field.text] for p in points))
    if field.numeric is not None and len(values) > 16:
        return [min(values), max(values)]
    return values


def _check_points(
    points: Sequence[dict[str, Any]],
    fields: Sequence[SweepField],
    file: str,
    targets: dict[str, Sequence[BaseModel]],
    errors: list[ConfigError],
) -> None:
    """Apply each field's values to each target it touches; record one problem per field."""
    for f in fields:
        for value in _values_to_check(points, f):
            problem = _first_problem(f, value, targets.get(f.kind, ()), file)
            if problem is not None:
                errors.append(problem)
                break


def _first_problem(
    field: SweepField, value: Any, objects: Sequence[BaseModel], file: str
) -> ConfigError | None:
    for obj in objects:
        name = getattr(obj, "name", field.kind)
        try:
            apply_point(obj, field.kind, {field.text: value}, [field])
        except FieldError as exc:
            return ConfigError(file, field.text, f"{exc} (in {field.kind} '{name}')")
        except ConfigErrors as exc:
            inner = "; ".join(e.expected for e in exc.errors)
            return ConfigError(
                file, field.text, f"a valid value for {field.kind} '{name}' ({inner})", value
            )
    return None


def _check_combinations(
    points: Sequence[dict[str, Any]],
    fields: Sequence[SweepField],
    file: str,
    targets: dict[str, Sequence[BaseModel]],
    errors: list[ConfigError],
) -> None:
    """Apply every whole point to every target it touches (values can clash, e.g. a
    [min, max] pair swept separately); record the first bad point per target."""
    for kind in SWEEP_KINDS:
        mine = [f for f in fields if f.kind == kind]
        if len(mine) < 2:  # one field alone: its values were each checked already
            continue
        for obj in targets.get(kind, ()):
            seen: set[tuple[Any, ...]] = set()
            for number, point in enumerate(points):
                values = tuple(point[f.text] for f in mine)
                if values in seen:
                    continue
                seen.add(values)
                try:
                    apply_point(obj, kind, point, mine)
                except (FieldError, ConfigErrors) as exc:
                    errors.append(_point_error(exc, obj, kind, mine, values, number, file))
                    break


def _point_error(
    exc: Exception,
    obj: BaseModel,
    kind: str,
    fields: Sequence[SweepField],
    values: tuple[Any, ...],
    number: int,
    file: str,
) -> ConfigError:
    """Name the file, the sweep point (its number and values) and the fields at fault."""
    name = getattr(obj, "name", kind)
    if isinstance(exc, ConfigErrors):
        inner = "; ".join(f"{e.field}: {e.expected}" if e.field else e.expected for e in exc.errors)
        where = [".".join(f.path) for f in fields]
        blamed = [
            f.text
            for f, path in zip(fields, where, strict=True)
            for e in exc.errors
            if e.field and (path.startswith(e.field) or e.field.startswith(path))
        ]
    else:
        inner, blamed = str(exc), []
    blamed = list(dict.fromkeys(blamed)) or [f.text for f in fields]
    shown = ", ".join(f"{f.text} = {v!r}" for f, v in zip(fields, values, strict=True))
    return ConfigError(
        file,
        ", ".join(blamed),
        f"values valid together for {kind} '{name}' at sweep point {number} ({shown}): {inner}",
    )
