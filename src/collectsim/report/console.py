"""The table ``collectsim run`` ends with: the headline metrics as the report shows them.

Means over replications per strategy and scenario, each rounded to what its
95% interval supports (:mod:`collectsim.report.numbers`), a unit under each
metric's name, and a column saying which budgets a strategy breaks. For a
swept experiment it shows the same sweep point as the report's tables and
says which one, so the terminal and the report never disagree.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from collectsim.metrics import HEADLINE, METRICS
from collectsim.report.numbers import shown
from collectsim.report.plots.common import at_point, sweep_points
from collectsim.report.style import currency_of
from collectsim.report.tables import point_values

UNIT_SHORT = {"fraction": "%"}


def unit_header(metric: str, currency: str) -> str:
    """What a column's values are in: the currency's code, '%' for shares, else the unit."""
    unit = METRICS[metric].unit if metric in METRICS else ""
    return currency if unit == "currency" else UNIT_SHORT.get(unit, unit)


def _breaks(results: Any) -> dict[tuple[str, str], list[str]] | None:
    """(strategy, scenario) -> the budgets it breaks; None when there is no budget."""
    b = results.budget
    if not len(b) or "within" not in b:
        return None
    out: dict[tuple[str, str], list[str]] = {}
    for row in b.to_dict("records"):
        key = (str(row["strategy"]), str(row["scenario"]))
        within = str(row["within"]).strip().lower() in ("true", "1", "yes")
        out.setdefault(key, [])
        if not within:
            out[key].append(str(row["budget"]))
    return out


def _rows(results: Any, metrics: list[str]) -> list[list[str]]:
    """One row of shown values per strategy and scenario, in the experiment's order."""
    s = results.summary
    cells = {
        (str(r["strategy"]), str(r["scenario"]), str(r["metric"])): r
        for r in s[s["metric"].isin(metrics)].to_dict("records")
    }
    breaks = _breaks(results)
    rows = []
    for strategy in (str(x) for x in results.strategies):
        for scenario in (str(x) for x in results.scenarios):
            row = [strategy, scenario]
            for m in metrics:
                c = cells.get((strategy, scenario, m))
                unit = METRICS[m].unit
                row.append(shown(c["mean"], c["ci_low"], c["ci_high"], unit)[0] if c else "–")
            if breaks is not None:
                over = breaks.get((strategy, scenario), [])
                row.append("OVER: " + ", ".join(over) if over else "within")
            rows.append(row)
    return rows


def width(text: str) -> int:
    """Columns ``text`` takes in a terminal: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, columns: int, right: bool) -> str:
    space = " " * max(0, columns - width(text))
    return space + text if right else text + space


def _layout(table: list[list[str]], numeric: range) -> str:
    """Columns padded to their widest cell: names left-aligned, numbers right-aligned."""
    widths = [max(width(r[i]) for r in table) for i in range(len(table[0]))]
    lines = []
    for row in table:
        cells = [_pad(c, w, i in numeric) for i, (c, w) in enumerate(zip(row, widths, strict=True))]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def _note(results: Any, shown_results: Any) -> str:
    n = results.manifest.get("replications", "")
    note = f"Mean over {n} replications, rounded to what its 95% interval supports."
    points = sweep_points(results)
    if len(points) > 1:
        point = getattr(shown_results, "point", points[0])
        values = point_values(results, point)
        note += (
            f"\nSweep point {point} of {len(points)}{f' ({values})' if values else ''}, as in the "
            "report's tables; its Sweep section shows every point."
        )
    return note


def headline_table(results: Any) -> str:
    """The headline metrics per strategy and scenario as text, with units and the budget."""
    if results.summary.empty:
        return "(no finished runs)"
    view = at_point(results)
    present = set(view.summary["metric"].astype(str))
    metrics = [m for m in HEADLINE if m in present]
    currency = currency_of(results)
    budget = ["budget"] if _breaks(view) is not None else []
    names = ["strategy", "scenario", *metrics, *budget]
    units = ["", "", *(unit_header(m, currency) for m in metrics), *(["" for _ in budget])]
    numeric = range(2, 2 + len(metrics))
    return _note(results, view) + "\n" + _layout([names, units, *_rows(view, metrics)], numeric)
