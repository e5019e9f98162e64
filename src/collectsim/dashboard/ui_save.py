"""Save the live set-up as an experiment file, so what a reviewer explored can be re-run."""

from __future__ import annotations

import re
from typing import cast

import solara

from collectsim.dashboard.choice import Resolved
from collectsim.dashboard.experiment_file import save_experiment
from collectsim.dashboard.ui_common import Messages, guarded


def default_name(resolved: Resolved) -> str:
    """'baseline_standard_vs_gentle', made a valid experiment name."""
    raw = f"{resolved.scenario.name}_{resolved.strategy_a.name}_vs_{resolved.strategy_b.name}"
    return re.sub(r"[^A-Za-z0-9_.-]", "_", raw).lstrip("._-") or "dashboard"


@solara.component
def SavePanel(resolved: Resolved | None) -> None:
    """A name, the replications, a button; the saved path and the command to run it."""
    name, set_name = solara.use_state("")
    replications, set_replications = solara.use_state(5)
    saved, set_saved = solara.use_state("")
    problems, set_problems = solara.use_state(cast(list[str], []))
    if resolved is None:
        return
    chosen = name or default_name(resolved)

    def save() -> None:
        set_saved("")
        path = save_experiment(resolved, chosen, replications)
        set_saved(f"Saved {path}. Run it with: collectsim run {path.as_posix()}")

    with solara.Card("Save this set-up as an experiment", margin=0, classes=["cs-save"]):
        with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
            solara.InputText("Experiment name", chosen, set_name, classes=["cs-save-name"])
            solara.InputInt("Replications", replications, set_replications)
            solara.Button(
                "Save experiment",
                on_click=guarded(save, set_problems),
                color="primary",
                classes=["cs-save-button"],
            )
        Messages(problems)
        if saved:
            solara.Success(saved, classes=["cs-saved"])
