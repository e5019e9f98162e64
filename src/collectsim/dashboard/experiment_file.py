"""Save what a reviewer explored as an experiment TOML that ``collectsim run`` accepts.

The set-up becomes presets and variants (``{ name, base, set }`` with the
levers' dotted overrides), strategy A the champion. The file is written next
to where it will live (so relative references resolve as they will later),
validated by the code behind ``collectsim validate``, and only then renamed
into place: a set-up that would not run is never saved.

>>> from collectsim.dashboard.choice import LiveSetup, resolve
>>> data = experiment_data(resolve(LiveSetup(levers_b={"collectors": 40})), "capped", 3)
>>> data["strategies"][1]
{'name': 'standard_b', 'base': 'standard', 'set': {'capacity.collectors': 40}}
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import tomli_w

from collectsim.config import load_any
from collectsim.config.validation import NAME_PATTERN
from collectsim.dashboard.choice import Resolved, Side
from collectsim.errors import ConfigError

#: where saved experiments go, relative to the project folder
EXPERIMENTS = "experiments"


def _entry(name: str, base: str, overrides: dict[str, Any]) -> str | dict[str, Any]:
    """A preset name when nothing changed, else a variant."""
    if not overrides and name == Path(base).stem:
        return base
    return {"name": name, "base": base, "set": dict(overrides)}


def _strategy(side: Side) -> str | dict[str, Any]:
    return _entry(side.config.name, side.base, side.overrides)


def experiment_data(resolved: Resolved, name: str, replications: int) -> dict[str, Any]:
    """The experiment file's content for a resolved set-up."""
    setup = resolved.setup
    what = " ".join(resolved.changes) or "The presets as they are."
    return {
        "name": name,
        "description": f"Saved from the dashboard: {resolved.a.config.name} against "
        f"{resolved.b.config.name} in {resolved.scenario.name}. {what}",
        "seed": setup.seed,
        "replications": replications,
        "borrowers": setup.borrowers,
        "horizon_days": setup.horizon_days,
        "portfolio": setup.portfolio,
        "scenarios": [_entry(resolved.scenario.name, setup.scenario, resolved.scenario_overrides)],
        "strategies": [_strategy(resolved.a), _strategy(resolved.b)],
        "champion": resolved.a.config.name,
    }


def check_name(name: str) -> str:
    """An experiment name that is also a safe file name; ConfigError otherwise."""
    name = name.strip()
    if not re.fullmatch(NAME_PATTERN, name) or name.startswith("."):
        raise ConfigError(
            None, "name", "letters, digits, '_', '.' or '-', starting with a letter or digit", name
        )
    return name


def save_experiment(resolved: Resolved, name: str, replications: int) -> Path:
    """Write ``experiments/<name>.toml`` in the project (the working folder, where preset
    names resolve), validated; return its path. An existing file is never overwritten."""
    name = check_name(name)
    if isinstance(replications, bool) or not isinstance(replications, int) or replications < 1:
        raise ConfigError(None, "replications", "a whole number >= 1", replications)
    folder = Path(EXPERIMENTS)
    target = folder / f"{name}.toml"
    if target.exists():
        raise ConfigError(str(target), None, "a new file name (this one exists; choose another)")
    folder.mkdir(parents=True, exist_ok=True)
    draft = folder / f".{name}.{os.getpid()}.draft.toml"
    draft.write_text(tomli_w.dumps(experiment_data(resolved, name, replications)), "utf-8")
    try:
        load_any(draft)  # what `collectsim validate` runs
        draft.replace(target)
    finally:
        draft.unlink(missing_ok=True)
    return target
