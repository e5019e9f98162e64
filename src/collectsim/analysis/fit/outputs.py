"""What a fit leaves in its folder (``results/fit-<name>/`` by default).

- ``fitted.toml``: the fitted parameters as an overlay on the base portfolio,
  ``{ name, base, set = { address = value } }`` (the shape of a variant in an
  experiment); :func:`collectsim.config.targets.load_fitted` loads it;
- ``portfolio.toml``: the whole fitted portfolio, for ``portfolio = "…"`` in
  an experiment or a copy into ``portfolios/``;
- ``fit.csv`` and ``parameters.csv``: the fit table and the parameter table;
  ``fit.txt`` both as text;
- ``fit.json``: the summary (objective, evaluations, convergence, time);
- ``evaluations.jsonl``: the journal every evaluation is appended to as it
  finishes (:mod:`.journal`), from which an interrupted fit resumes.

Every file but the journal is written atomically at the end; the outputs of
an earlier fit are removed when a fit starts, so none is stale.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import tomli_w

from collectsim import __version__
from collectsim.analysis.fit.journal import JOURNAL
from collectsim.analysis.fit.result import FitResult
from collectsim.analysis.fit.tables import (
    FIT_COLUMNS,
    PARAMETER_COLUMNS,
    fit_rows,
    format_fit,
    parameter_rows,
    to_csv,
)
from collectsim.config.files import looks_like_path, resolve_path
from collectsim.config.targets import Targets
from collectsim.errors import ConfigError
from collectsim.runner.atomic import TMP_PREFIX, atomic_write_text
from collectsim.runner.store import check_writable

#: written at the end of a fit (the journal grows during it)
RESULT_FILES = ("fitted.toml", "portfolio.toml", "fit.csv", "parameters.csv", "fit.txt", "fit.json")


def default_out(targets: Targets) -> Path:
    return Path("results") / f"fit-{targets.name}"


def claim_folder(out: str | Path, marker: str, what: str) -> Path:
    """A writable folder that is new or holds ``marker`` (one ``what`` wrote); a folder
    holding other files is never touched."""
    folder = Path(out)
    check_writable(folder)
    if folder.exists():
        if not folder.is_dir():
            raise ConfigError(None, "--out", "a folder (this is a file)", str(folder))
        present = {p.name for p in folder.iterdir() if not p.name.startswith(TMP_PREFIX)}
        if present and marker not in present:
            raise ConfigError(
                None,
                "--out",
                f"a new folder or one {what} wrote (this one holds other files)",
                str(folder),
            )
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def prepare_folder(out: str | Path, *, fresh: bool = False) -> Path:
    """Make ``out`` ready for a fit: new, or one a fit wrote (resumed, or emptied with
    ``fresh``). Any writable folder the user names will do, as for ``collectsim run --out``."""
    folder = claim_folder(out, JOURNAL, "a fit")
    for name in (*RESULT_FILES, *((JOURNAL,) if fresh else ())):
        (folder / name).unlink(missing_ok=True)
    return folder


def _base(targets: Targets, out: Path) -> str:
    """The base portfolio as the overlay names it: a preset name, or a path from ``out``."""
    ref = targets.file.run.portfolio
    if not looks_like_path(ref):
        return ref
    path = resolve_path("portfolio", ref, referrer=targets.source)
    return Path(os.path.relpath(path.resolve(), out.resolve())).as_posix()


def _comment(result: FitResult) -> str:
    return (
        f"# Fitted by collectsim calibrate --fit {Path(result.targets.source).as_posix()}: "
        f"objective {result.objective:.6g} after {result.evaluations} evaluations.\n"
    )


def overlay(result: FitResult, out: Path) -> dict[str, Any]:
    """``fitted.toml``'s content: the base portfolio and each fitted value."""
    base = result.targets.portfolio.name
    return {
        "name": f"{base}_fitted",
        "description": f"{base} with parameters fitted to the targets '{result.targets.name}'",
        "base": _base(result.targets, out),
        "set": result.parameters,
    }


def summary(result: FitResult) -> dict[str, Any]:
    """``fit.json``: what the fit found and how it got there."""
    return {
        "targets": Path(result.targets.source).as_posix(),
        "name": result.targets.name,
        "objective": result.objective,
        "evaluations": result.evaluations,
        "simulations": result.simulations,
        "converged": result.converged,
        "message": result.message,
        "seconds": round(result.seconds, 3),
        "parameters": result.parameters,
        "at_bound": dict(zip(result.parameters, result.at_bound(), strict=True)),
        "collectsim": __version__,
    }


def without_none(data: Any) -> Any:
    """Plain data with every None left out (TOML has no null; the field's default applies).

    >>> without_none({"a": None, "b": [{"c": None, "d": 1}]})
    {'b': [{'d': 1}]}
    """
    if isinstance(data, dict):
        return {k: without_none(v) for k, v in data.items() if v is not None}
    if isinstance(data, list):
        return [without_none(v) for v in data]
    return data


def write_outputs(result: FitResult, out: Path) -> None:
    """Write every result file into ``out`` (see the module's docstring)."""
    over = overlay(result, out)
    fitted = without_none(result.portfolio.model_dump(mode="json"))
    fitted.update(name=over["name"], description=over["description"])
    files = {
        "fitted.toml": _comment(result) + tomli_w.dumps(over),
        "portfolio.toml": _comment(result) + tomli_w.dumps(fitted),
        "fit.csv": to_csv(fit_rows(result), FIT_COLUMNS),
        "parameters.csv": to_csv(parameter_rows(result), PARAMETER_COLUMNS),
        "fit.txt": format_fit(result) + "\n",
        "fit.json": json.dumps(summary(result), indent=2) + "\n",
    }
    for name, text in files.items():
        atomic_write_text(out / name, text)
