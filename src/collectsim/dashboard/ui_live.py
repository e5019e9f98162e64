"""The live page: choose a set-up, move levers, run both strategies and watch them day by day.

State lives in the page (one per browser tab): the set-up being edited, the
run being shown (built from the set-up it was started with), and a counter
the poller bumps while the run's worker thread works, so the charts redraw a
few times a second however fast the engine goes.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from functools import partial
from typing import Any, cast

import solara

from collectsim.dashboard.choice import LiveSetup, Resolved, choices, preset_values, resolve
from collectsim.dashboard.levers import SCENARIO_LEVERS, STRATEGY_LEVERS
from collectsim.dashboard.live import LiveRun
from collectsim.dashboard.live_charts import Names, chart_option, live_charts
from collectsim.dashboard.ui_common import Chart, Messages, guarded, messages_of
from collectsim.dashboard.ui_controls import LeverPanel
from collectsim.dashboard.ui_save import SavePanel
from collectsim.errors import ConfigError

#: how often the page redraws while a run works (seconds)
REDRAW_EVERY = 0.5
#: simulated days per second a reviewer can hold the run to (0: as fast as it goes)
PACES = {"as fast as it goes": 0.0, "50 days/s": 50.0, "10 days/s": 10.0, "2 days/s": 2.0}
#: the set-up's pickers: label, field of LiveSetup, kind of file, the levers it resets
PICKS = (
    ("Portfolio", "portfolio", "portfolio", None),
    ("Scenario", "scenario", "scenario", "scenario_levers"),
    ("Strategy A (champion)", "strategy_a", "strategy", "levers_a"),
    ("Strategy B", "strategy_b", "strategy", "levers_b"),
)
#: a book this large takes visibly long a day: the page says the run is in the background
LARGE_BOOK = 200_000


def initial_setup() -> LiveSetup:
    """The standard strategy against the gentle one in the baseline, levers at the presets."""
    setup = LiveSetup(strategy_b="gentle")
    return dataclasses.replace(
        setup,
        scenario_levers=preset_values("scenario", setup.scenario),
        levers_a=preset_values("strategy", setup.strategy_a),
        levers_b=preset_values("strategy", setup.strategy_b),
    )


def try_resolve(setup: LiveSetup) -> tuple[Resolved | None, list[str]]:
    try:
        return resolve(setup), []
    except Exception as exc:
        return None, messages_of(exc)


@solara.component
def SetupPanel(setup: LiveSetup, on_setup: Any, report: Any) -> None:
    """Portfolio, scenario, the two strategies and the book's size; a preset picked resets
    its levers to what the preset does."""

    def pick(field: str, kind: str, levers_field: str | None) -> Any:
        def set_value(ref: str) -> None:
            def change() -> None:
                changes: dict[str, Any] = {field: ref}
                if levers_field:
                    changes[levers_field] = preset_values(kind, ref)
                on_setup(dataclasses.replace(setup, **changes))

            guarded(change, report)()

        return set_value

    def number(field: str) -> Any:
        return lambda v: on_setup(dataclasses.replace(setup, **{field: v}))

    names = solara.use_memo(
        lambda: {k: choices(k) for k in ("portfolio", "scenario", "strategy")}, []
    )

    for label, field, kind, levers in PICKS:
        solara.Select(
            label,
            names[kind],
            getattr(setup, field),
            pick(field, kind, levers),
            classes=[f"cs-{field.replace('_', '-')}"],
        )
    with solara.Row():
        solara.InputInt("Borrowers", setup.borrowers, number("borrowers"), classes=["cs-borrowers"])
        solara.InputInt("Seed", setup.seed, number("seed"), classes=["cs-seed"])
    solara.InputInt("Days", setup.horizon_days, number("horizon_days"), classes=["cs-days"])


def _presets(scenario: str, a: str, b: str) -> dict[str, dict[str, Any]]:
    """Each lever's preset value, per panel; empty where a preset does not load (the
    set-up's messages say why)."""
    out: dict[str, dict[str, Any]] = {}
    for key, kind, ref in (
        ("scenario", "scenario", scenario),
        ("a", "strategy", a),
        ("b", "strategy", b),
    ):
        try:
            out[key] = preset_values(kind, ref)
        except Exception:
            out[key] = {}
    return out


@solara.component
def LeverCards(setup: LiveSetup, on_setup: Any) -> None:
    """The rules in force (both strategies) and each strategy's own settings."""
    refs = (setup.scenario, setup.strategy_a, setup.strategy_b)
    presets = solara.use_memo(lambda: _presets(*refs), list(refs))
    with solara.Card("Rules in force (both strategies)", margin=0, classes=["cs-rules"]):
        LeverPanel(
            SCENARIO_LEVERS,
            setup.scenario_levers,
            presets["scenario"],
            lambda v: on_setup(dataclasses.replace(setup, scenario_levers=v)),
            "scenario",
        )

    def setter(field: str) -> Callable[[dict[str, Any]], None]:
        def set_levers(values: dict[str, Any]) -> None:
            changes: dict[str, Any] = {field: values}
            on_setup(dataclasses.replace(setup, **changes))

        return set_levers

    for side, label in (("a", "Strategy A"), ("b", "Strategy B")):
        field = f"levers_{side}"
        with solara.Card(f"{label}: {getattr(setup, f'strategy_{side}')}", margin=0):
            LeverPanel(
                STRATEGY_LEVERS,
                getattr(setup, field),
                presets[side],
                setter(field),
                side,
            )


@solara.component
def Changes(resolved: Resolved | None, errors: list[str]) -> None:
    """What differs from the presets, in words, and why the two are comparable."""
    if resolved is None:
        Messages(errors)
        return
    s = resolved.setup
    with solara.Div(classes=["cs-changes"]):
        if resolved.changes:
            solara.Text("What changed against the presets:", style={"font-weight": "bold"})
            for line in resolved.changes:
                solara.Text(f"• {line}", style={"display": "block"})
        else:
            solara.Text("Nothing changed: the presets as they are.", style={"display": "block"})
        solara.Text(
            f"A = {resolved.strategy_a.name}, B = {resolved.strategy_b.name}, in "
            f"{resolved.scenario.name}. Both see the same {s.borrowers:,} borrowers and the same "
            f"shocks (seed {s.seed}), so their difference is the strategies' doing.",
            style={"display": "block", "color": "#555"},
        )


@solara.component
def LivePage() -> None:
    """The set-up and levers on the left; the run, its charts and saving on the right."""
    setup, set_setup = solara.use_state(solara.use_memo(initial_setup, []))
    notes, set_notes = solara.use_state(cast(list[str], []))
    resolved, errors = solara.use_memo(lambda: try_resolve(setup), [setup])
    with solara.Columns([1, 3]):
        with solara.Column():
            SetupPanel(setup, set_setup, set_notes)
            Messages(notes)
            LeverCards(setup, set_setup)
        with solara.Column():
            Changes(resolved, errors)
            RunArea(setup, resolved)
            SavePanel(resolved)


@solara.component
def RunArea(setup: LiveSetup, resolved: Resolved | None) -> None:
    """The run and its charts; only this part redraws while the run works."""
    run, set_run = solara.use_state(cast(LiveRun | None, None))
    done, set_done = solara.use_state(cast(threading.Event | None, None))
    tick = solara.use_reactive(0)
    notes, set_notes = solara.use_state(cast(list[str], []))

    def poll(cancel: threading.Event) -> None:
        while done is not None and not done.wait(REDRAW_EVERY) and not cancel.is_set():
            tick.value += 1
        tick.value += 1

    solara.use_thread(poll, dependencies=[done], intrusive_cancel=False)
    solara.use_effect(lambda: lambda: run.close() if run else None, [run])

    def command(days: int | None, pace: float) -> None:
        if resolved is None:
            raise ConfigError(None, None, "a set-up without problems (see above)")
        current = run
        if current is None or current.resolved.setup != setup:
            current = LiveRun(resolved)
            set_run(current)
        current.pace = pace or None
        set_done(current.advance(days))

    RunBar(run, resolved is not None, command, set_notes, tick.value)
    Messages(notes)
    if run is not None and run.resolved.setup != setup:
        Messages(
            ["The set-up changed since this run was built: Run or Step starts a new run with it."],
            "info",
        )
    LiveView(run, tick.value)


@solara.component
def RunBar(run: LiveRun | None, ready: bool, command: Any, report: Any, tick: int) -> None:
    """Run, step, stop and reset; the pace; the day, the speed and the progress."""
    pace, set_pace = solara.use_state("as fast as it goes")
    snap = run.snapshot() if run is not None else None
    busy = snap is not None and snap.busy

    def choose_pace(name: str) -> None:
        """A new pace holds from the next day on, also in a run under way."""
        set_pace(name)
        if run is not None:
            run.pace = PACES[name] or None

    with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
        for label, days, css in (
            ("Run", None, "cs-run"),
            ("Step 1 day", 1, "cs-step"),
            ("Step 30 days", 30, "cs-step30"),
        ):
            solara.Button(
                label,
                on_click=guarded(partial(command, days, PACES[pace]), report),
                disabled=busy or not ready,
                color="primary",
                classes=[css],
            )
        solara.Button(
            "Stop",
            on_click=lambda: run.stop() if run else None,
            disabled=not busy,
            classes=["cs-stop"],
        )
        solara.Select("Pace", list(PACES), pace, choose_pace, style={"max-width": "190px"})
    if snap is None:
        solara.Text("Not started: press Run or Step.", classes=["cs-status"])
        return
    rate = ""
    if snap.day and snap.rate:
        rate = f" · {snap.rate:,.0f} days/s ({snap.cpu_rate:,.0f} per CPU second)"
    message = f" · {snap.message}" if snap.message and snap.status != "failed" else ""
    solara.Text(
        f"Day {snap.day} of {snap.horizon}{rate} · {snap.status}{message}", classes=["cs-status"]
    )
    solara.ProgressLinear(True if snap.status == "building" else 100 * snap.day / snap.horizon)
    if snap.status == "failed":
        Messages([snap.message])
    elif run is not None and run.resolved.setup.borrowers >= LARGE_BOOK and busy:
        Messages(
            [
                f"A large book ({run.resolved.setup.borrowers:,} borrowers): the run works in "
                "the background; Stop ends it after the day in progress."
            ],
            "info",
        )


@solara.component
def LiveView(run: LiveRun | None, tick: int) -> None:
    """Every chart of the live view for the run's latest snapshot."""
    if run is None:
        return
    snap = run.snapshot()
    if not len(snap.days):
        return
    r = run.resolved
    names = Names(r.strategy_a.name, r.strategy_b.name, r.portfolio.currency)
    charts = live_charts()
    Chart(chart_option(snap, charts[0], names), height=360, key=charts[0].key)
    with solara.Div(style={"display": "grid", "grid-template-columns": "1fr 1fr", "gap": "8px"}):
        for chart in charts[1:]:
            Chart(chart_option(snap, chart, names), height=300, key=chart.key)
