"""Any configuration file, whatever its kind: ``collectsim validate`` and ``strategies show``.

Apart from :mod:`collectsim.config.files` because it needs every loader,
and every loader needs the file helpers.

>>> from collectsim.config.files import resolve_path
>>> load_any(resolve_path("scenario", "baseline"))[0]
'scenario'
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from collectsim.config.backtest import load_backtest
from collectsim.config.experiment import load_experiment
from collectsim.config.files import KINDS, read_toml
from collectsim.config.portfolio import load_portfolio
from collectsim.config.scenario import load_scenario
from collectsim.config.strategy import load_strategy
from collectsim.config.tape import is_tape, load_book
from collectsim.config.targets import load_targets
from collectsim.errors import ConfigError


def guess_kind(path: Path, data: dict[str, Any]) -> str:
    """Which kind of configuration a file holds: by its folder, else by its keys."""
    for kind, folder in KINDS.items():
        if path.parent.name == folder:
            return kind
    if "start" in data and "history" in data:
        return "backtest"
    if "moment" in data and "parameter" in data:
        return "targets"
    if "segments" in data:
        return "strategy"
    if "strategies" in data or "replications" in data:
        return "experiment"
    if "products" in data:
        return "portfolio"
    if "economy" in data or "regulation" in data:
        return "scenario"
    raise ConfigError(
        str(path),
        None,
        "a scenario, portfolio, strategy, experiment, targets or backtest file (could not tell "
        "which)",
    )


def load_any(path: str | Path) -> tuple[str, Any]:
    """Validate any configuration file; return its kind and the validated object."""
    p = Path(path)
    if is_tape(str(p)):
        return "tape", load_book(str(p))
    kind = guess_kind(p, read_toml(p))
    loaders: dict[str, Callable[..., Any]] = {
        "scenario": load_scenario,
        "portfolio": load_portfolio,
        "strategy": load_strategy,
        "experiment": load_experiment,
        "targets": load_targets,
        "backtest": load_backtest,
    }
    return kind, loaders[kind](str(p))
