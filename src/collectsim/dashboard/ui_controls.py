"""A control for each lever, drawn from its declaration (kind, label, the preset's value).

Each control shows the preset's value until moved, and says "preset: …" once
it differs, so a reviewer always sees what was changed. A lever that does
not apply to the chosen preset is shown greyed with the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import solara

from collectsim.dashboard.levers import Lever

SMALL = {"font-size": "0.8em", "color": "#666", "display": "block", "margin-top": "-0.4em"}


@solara.component
def LeverControl(
    lever: Lever, value: Any, preset: Any, on_value: Callable[[Any], None], prefix: str
) -> None:
    """One lever's widget; ``prefix`` names it for the browser test (cs-<prefix>-<key>)."""
    css = [f"cs-{prefix}-{lever.key}"]
    if preset is None and lever.kind != "window":
        solara.Text(f"{lever.label}: — ({lever.missing})", style={**SMALL, "margin-top": "0"})
        return
    if lever.kind == "bool":
        with solara.Div(classes=css):
            solara.Checkbox(label=lever.label, value=bool(value), on_value=on_value)
    elif lever.kind == "window":
        _Window(lever, value, on_value, css)
    elif lever.kind == "float":
        solara.InputFloat(lever.label, value=float(value), on_value=on_value, classes=css)
    else:
        solara.InputInt(lever.label, value=int(value), on_value=on_value, classes=css)
    if lever.kind == "float":
        differs = value is not None and round(float(value), 6) != round(float(preset), 6)
    else:
        differs = _window(value) != _window(preset) if lever.kind == "window" else value != preset
    if differs:
        solara.Text(f"preset: {lever.words(preset)}", style={**SMALL, "color": "#b35900"})


def _window(value: Any) -> tuple[int, int] | None:
    return (int(value[0]), int(value[1])) if value else None


@solara.component
def _Window(lever: Lever, value: Any, on_value: Callable[[Any], None], css: list[str]) -> None:
    """A checkbox that turns the window on, and its first and last day."""
    on = bool(value)
    start, end = (int(value[0]), int(value[1])) if on else (30, 150)
    with solara.Div(classes=css):
        solara.Checkbox(
            label=lever.label, value=on, on_value=lambda v: on_value((start, end) if v else ())
        )
        if on:
            with solara.Row():
                solara.InputInt("from day", value=start, on_value=lambda d: on_value((d, end)))
                solara.InputInt("to day", value=end, on_value=lambda d: on_value((start, d)))


@solara.component
def LeverPanel(
    levers: dict[str, Lever],
    values: dict[str, Any],
    presets: dict[str, Any],
    on_values: Callable[[dict[str, Any]], None],
    prefix: str,
) -> None:
    """Every lever of one kind (the scenario's rules, or a strategy's settings)."""
    for key, lever in levers.items():

        def set_one(v: Any, key: str = key) -> None:
            on_values({**values, key: v})

        LeverControl(lever, values.get(key), presets.get(key), set_one, prefix)
