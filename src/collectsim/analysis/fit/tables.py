"""The fit table (moment by moment) and the parameter table, as rows, CSV and text.

The fit table says how well each moment is matched: its target and source,
the simulated value, the error (simulated − target), the weight and the
weighted squared error it contributes to the objective, with its share of the
whole, so a reader sees at once which moment the fit struggles with. The
parameter table gives each fitted value with its bounds and start, and flags
one that ended at a bound.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence
from typing import Any

from collectsim.analysis.fit.result import FitResult

FIT_COLUMNS = (
    "moment",
    "source",
    "target",
    "simulated",
    "error",
    "weight",
    "contribution",
    "share",
)
PARAMETER_COLUMNS = ("parameter", "value", "low", "high", "start", "at_bound")


def fit_rows(result: FitResult) -> list[dict[str, Any]]:
    """One row per moment, in the targets file's order."""
    rows = []
    for m, c in zip(result.targets.moments, result.contributions(), strict=True):
        simulated = result.simulated[m.name]
        share = c / result.objective if result.objective > 0 and math.isfinite(c) else 0.0
        rows.append(
            {
                "moment": m.name,
                "source": m.source,
                "target": m.target,
                "simulated": simulated,
                "error": simulated - m.target,
                "weight": m.effective_weight,
                "contribution": c,
                "share": share,
            }
        )
    return rows


def parameter_rows(result: FitResult) -> list[dict[str, Any]]:
    """One row per parameter: fitted value, bounds, start and whether it ended at a bound."""
    return [
        {
            "parameter": p.name,
            "value": v,
            "low": p.bounds[0],
            "high": p.bounds[1],
            "start": start,
            "at_bound": bound,
        }
        for p, v, start, bound in zip(
            result.targets.parameters,
            result.values,
            result.targets.starts(),
            result.at_bound(),
            strict=True,
        )
    ]


def to_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    """CSV text, numbers at full precision (they round-trip)."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def format_rows(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    """An aligned text table; text columns left, numbers right."""
    cells = [[_cell(r[c]) for c in columns] for r in rows]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(columns)]
    numeric = [bool(rows) and isinstance(rows[0][c], float) for c in columns]

    def line(values: Sequence[str]) -> str:
        parts = [
            v.rjust(w) if num else v.ljust(w)
            for v, w, num in zip(values, widths, numeric, strict=True)
        ]
        return "  ".join(parts).rstrip()

    return "\n".join([line(columns), *(line(row) for row in cells)])


def format_fit(result: FitResult) -> str:
    """The whole fit as text: a summary line, the fit table and the parameter table."""
    state = "converged" if result.converged else "not converged"
    head = (
        f"fit '{result.targets.name}': objective {result.objective:.6g} after "
        f"{result.evaluations} evaluations ({result.simulations} simulated), {state}"
        + (f": {result.message}" if result.message else "")
    )
    fit_cols = [c for c in FIT_COLUMNS if c != "source"] + ["source"]
    return "\n\n".join(
        [
            head,
            format_rows(fit_rows(result), fit_cols),
            format_rows(parameter_rows(result), PARAMETER_COLUMNS),
        ]
    )
