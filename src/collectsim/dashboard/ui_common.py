"""Pieces every page uses: messages instead of tracebacks, a chart, a section heading.

Bad input is the reviewer's to fix, so it is said in the page's words (the
ConfigError's message, one per problem); anything else that goes wrong in a
callback is logged with its traceback on the server's console and shown on
the page as one line, never as a stack trace.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import solara

from collectsim.errors import CollectsimError, ConfigErrors

log = logging.getLogger(__name__)


def messages_of(exc: BaseException) -> list[str]:
    """One line per problem: each ConfigError of a ConfigErrors, or the error itself."""
    if isinstance(exc, ConfigErrors):
        return [str(e) for e in exc.errors]
    if isinstance(exc, CollectsimError):
        return str(exc).splitlines()
    return [f"something went wrong: {type(exc).__name__}: {exc} (details in the server log)"]


def guarded(action: Callable[[], Any], report: Callable[[list[str]], None]) -> Callable[[], None]:
    """A callback that reports failure as messages (and clears them on success)."""

    def run() -> None:
        try:
            action()
        except Exception as exc:
            if not isinstance(exc, CollectsimError):
                log.exception("dashboard action failed")
            report(messages_of(exc))
        else:
            report([])

    return run


@solara.component
def Messages(lines: list[str], kind: str = "error") -> None:
    """Problems (or notes) as an alert, one line each; nothing when there are none."""
    if not lines:
        return
    alert = {"error": solara.Error, "warning": solara.Warning, "info": solara.Info}[kind]
    with alert(classes=[f"cs-{kind}"]):
        for line in lines:
            solara.Text(line, style={"display": "block"})


@solara.component
def Heading(text: str, level: int = 3) -> None:
    solara.v.Html(tag=f"h{level}", children=[text], style_="margin: 0.6em 0 0.3em 0;")


@solara.component
def Chart(option: dict[str, Any], height: int = 320, key: str = "") -> None:
    """An ECharts figure (hover, legend toggles, save as image) of the given height."""
    with solara.Div(classes=["cs-chart", f"cs-chart-{key}"] if key else ["cs-chart"]):
        solara.FigureEcharts(option, attributes={"style": f"height: {height}px; width: 100%;"})
