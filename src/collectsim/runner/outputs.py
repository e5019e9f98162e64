"""CSV rows of a run, formatted once, deterministically, and assembled in a fixed order.

Each finished run is turned into its lines of ``runs.csv``, ``daily.csv`` and
``events.csv`` as soon as it returns; the run store keeps those lines in one
part file per run. Assembling the final files is then concatenation in key
order (strategy, scenario, replication, point), streamed part by part, so the
bytes do not depend on the order runs finished in, and memory does not grow
with the number of runs.

Numbers are written by unit: money (``currency``) with two decimals, counts
as integers, everything else with 12 significant digits; a missing value
(NaN) is an empty field. Text from the user (names, error messages) is
neutralised against spreadsheet formula injection (:func:`safe_cell`).

>>> fmt(1234.5, "currency"), fmt(3.0, "count"), fmt(1 / 3, "fraction"), fmt(float("nan"), "index")
('1234.50', '3', '0.333333333333', '')
"""

from __future__ import annotations

import csv
import io
import itertools
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from collectsim.engine.collectors import COLLECTOR_COLUMNS
from collectsim.errors import ConfigError
from collectsim.metrics import DAILY_NAMES, DAILY_SERIES, METRIC_NAMES, METRICS
from collectsim.runner.atomic import atomic_write_text
from collectsim.runner.backends import RunKey
from collectsim.runner.integrity import DamagedPart
from collectsim.runner.store import RunStore

RUN_ID_COLUMNS = ("experiment", "strategy", "scenario", "replication")
EVENT_COLUMNS = ("day", "account", "event", "detail")
#: units of collectors.csv's columns after the team's name
_COLLECTOR_UNITS = (
    "count",
    "float",
    "count",
    "count",
    "currency",
    "count",
    "count",
    "currency",
    "currency",
)
FAILURE_COLUMNS = ("strategy", "scenario", "replication", "point", "seed", "error", "traceback")


METRIC_UNITS: tuple[str, ...] = tuple(METRICS[name].unit for name in METRIC_NAMES)
DAILY_UNITS: tuple[str, ...] = tuple(DAILY_SERIES[name].unit for name in DAILY_NAMES)


#: a cell starting with one of these is a formula to a spreadsheet (OWASP, CSV injection)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    """Text a spreadsheet shows as text: a leading formula character gets a quote before it.

    >>> safe_cell("=HYPERLINK(1)"), safe_cell("standard")
    ("'=HYPERLINK(1)", 'standard')
    """
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def fmt(value: Any, unit: str = "float") -> str:
    """One value as text: the same value always gives the same characters."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool | np.bool_):
        return "true" if value else "false"
    x = float(value)
    if math.isnan(x):
        return ""
    if unit == "currency":
        text = f"{x:.2f}"
        return "0.00" if text == "-0.00" else text
    if unit == "count" and x.is_integer():
        return str(int(x))
    if isinstance(value, int | np.integer):
        return str(int(value))
    text = f"{x:.12g}"
    return "0" if text == "-0" else text


def csv_lines(rows: Iterable[Sequence[str]]) -> str:
    """Rows as CSV text (quoted where needed, '\\n' line ends)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


@dataclass(frozen=True)
class Layout:
    """Names and columns of one experiment's outputs; formats a run's rows."""

    experiment: str
    strategies: tuple[str, ...]
    scenarios: tuple[str, ...]
    borrowers: int
    horizon_days: int
    sweep_fields: tuple[Any, ...] = ()
    points: tuple[Mapping[str, Any], ...] = ({},)
    collectors: bool = False
    """some strategy has collector teams: write collectors.csv"""

    @property
    def swept(self) -> bool:
        return bool(self.sweep_fields)

    @property
    def point_columns(self) -> tuple[str, ...]:
        return ("point",) if self.swept else ()

    @property
    def runs_columns(self) -> tuple[str, ...]:
        fields = tuple(f.text for f in self.sweep_fields)
        return (
            *RUN_ID_COLUMNS,
            "seed",
            "borrowers",
            "horizon_days",
            *fields,
            *self.point_columns,
            *METRIC_NAMES,
        )

    @property
    def daily_columns(self) -> tuple[str, ...]:
        return (*RUN_ID_COLUMNS, *self.point_columns, "day", *DAILY_NAMES)

    @property
    def events_columns(self) -> tuple[str, ...]:
        return (*RUN_ID_COLUMNS, *self.point_columns, *EVENT_COLUMNS)

    def _id(self, key: RunKey) -> list[str]:
        return [
            safe_cell(self.experiment),
            safe_cell(self.strategies[key.strategy]),
            safe_cell(self.scenarios[key.scenario]),
            str(key.replication),
        ]

    def runs_row(self, key: RunKey, seed: int, metrics: Mapping[str, Any]) -> str:
        point = self.points[key.point]
        sweep = [fmt(point[f.text], f.numeric or "float") for f in self.sweep_fields]
        values = [fmt(metrics.get(n), u) for n, u in zip(METRIC_NAMES, METRIC_UNITS, strict=True)]
        row = [
            *self._id(key),
            str(seed),
            str(self.borrowers),
            str(self.horizon_days),
            *sweep,
            *([str(key.point)] if self.swept else []),
            *values,
        ]
        return csv_lines([row])

    def daily_rows(self, key: RunKey, daily: Mapping[str, Any]) -> str:
        prefix = self._id(key) + ([str(key.point)] if self.swept else [])
        columns = [
            [fmt(v, unit) for v in np.asarray(daily[name]).tolist()]
            for name, unit in zip(DAILY_NAMES, DAILY_UNITS, strict=True)
        ]
        days = len(columns[0]) if columns else 0
        return csv_lines([*prefix, str(day), *(col[day] for col in columns)] for day in range(days))

    def event_rows(self, key: RunKey, events: Iterable[Sequence[Any]]) -> str:
        prefix = self._id(key) + ([str(key.point)] if self.swept else [])
        return csv_lines(
            [*prefix, str(int(day)), str(int(account)), str(event), str(detail)]
            for day, account, event, detail in events
        )

    @property
    def collectors_columns(self) -> tuple[str, ...]:
        return (*RUN_ID_COLUMNS, *self.point_columns, *COLLECTOR_COLUMNS)

    def collector_rows(self, key: RunKey, rows: Iterable[Sequence[Any]]) -> str:
        prefix = self._id(key) + ([str(key.point)] if self.swept else [])
        return csv_lines(
            [
                *prefix,
                safe_cell(str(team)),
                *(fmt(v, u) for v, u in zip(rest, _COLLECTOR_UNITS, strict=True)),
            ]
            for team, *rest in rows
        )

    def failure_row(self, key: RunKey, seed: int, error: str, trace: str) -> list[str]:
        return [
            safe_cell(self.strategies[key.strategy]),
            safe_cell(self.scenarios[key.scenario]),
            str(key.replication),
            str(key.point),
            str(seed),
            safe_cell(error),
            safe_cell(trace),
        ]


def header(columns: Sequence[str]) -> str:
    return csv_lines([list(columns)])


def _stream(target: Path, columns: Sequence[str], chunks: Iterable[str]) -> None:
    """Write a header and chunks to ``target`` atomically."""
    atomic_write_text(target, itertools.chain([header(columns)], chunks))


def assemble(store: RunStore, layout: Layout, keys: Sequence[RunKey], *, trace: bool) -> int:
    """Write runs.csv, daily.csv (events.csv, failures.csv) from the parts into the
    staging folder; return the number of failures.

    Parts are read one at a time in key order, each file once per output, so
    memory stays that of a single run. A part damaged since the run began is
    set aside and the assembly refused (the earlier outputs stay as they were).
    """
    folder = store.staging

    def chunks(section: str) -> Iterator[str]:
        for key in keys:
            try:
                part = store.read_part(key.stem)
            except DamagedPart as exc:
                path = store.parts / f"{key.stem}.json"
                message = store.set_aside(path, str(exc))
                raise ConfigError(
                    str(store.folder), None, f"parts intact while the run went on ({message})"
                ) from None
            if part is not None:
                yield part.get(section, "")

    _stream(folder / "runs.csv", layout.runs_columns, chunks("runs"))
    _stream(folder / "daily.csv", layout.daily_columns, chunks("daily"))
    if trace:
        _stream(folder / "events.csv", layout.events_columns, chunks("events"))
    if layout.collectors:
        _stream(folder / "collectors.csv", layout.collectors_columns, chunks("collectors"))
    wanted = {key.stem for key in keys}
    done = store.done()
    failures = [f for f in store.failures() if f["stem"] in wanted and f["stem"] not in done]
    if failures:
        _stream(folder / "failures.csv", FAILURE_COLUMNS, (csv_lines([f["row"]]) for f in failures))
    return len(failures)
