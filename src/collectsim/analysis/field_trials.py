"""The published field experiments, run on the simulated book, with their estimates.

- :func:`call_trial`: Laudenbach & Siegel's instrument (the first call's day
  decides its reach). First stage = the difference in the share who talked
  with the lender within the window (the first call or a later one: the
  lender's usual calls go on for both arms, as they did in the field);
  reduced forms = the differences in paying within 45 days and in default;
  Wald estimates (reduced form / first stage) = the effect of talking for
  borrowers the instrument moves, the paper's LATE (+34.4 points paid in
  time, -23.8 points default).
- :func:`reminder_trial`: Cadena & Schoar's SMS before the due date; the
  relative gain in due dates paid on time (published: 7-9%).

>>> r = call_trial(borrowers=2000, horizon_days=200, seed=1)
>>> r["enrolled"] > 0, r["first_stage"] > 0  # the first call's day moves who it reaches
(True, True)
>>> sorted(key for key in r if key.startswith("late_"))
['late_default', 'late_paid']
"""

from __future__ import annotations

from typing import Any

from collectsim.config import Portfolio, Scenario, Strategy
from collectsim.engine.loop import DAY
from collectsim.engine.trials import CallTrial, ReminderTrial, with_stage
from collectsim.model import CollectionModel


def _ratio(a: float, b: float) -> float:
    return a / b if b else float("nan")


def call_trial(
    portfolio: Portfolio | str = "mixed",
    scenario: Scenario | str = "baseline",
    strategy: Strategy | str = "standard",
    *,
    borrowers: int = 20_000,
    horizon_days: int = 365,
    seed: int = 1,
    trial: CallTrial | None = None,
) -> dict[str, Any]:
    """Run Laudenbach & Siegel's design on the simulated book; their estimates."""
    trial = trial or CallTrial()
    stages = with_stage(DAY, trial.stage(), after="lender")
    model = CollectionModel(
        portfolio, scenario, strategy, borrowers, horizon_days, seed=seed, stages=stages
    )
    model.run_model()
    r = trial.results()
    if not r:
        raise ValueError("no borrower fell behind for the first time early enough to enrol")
    arm = r["arm"]
    means = {
        key: [float(r[key][arm == a].mean()) if (arm == a).any() else float("nan") for a in (0, 1)]
        for key in ("first_call", "talked", "paid", "default")
    }
    # the treatment is talking with the lender in the window (on the first call or a later
    # one): the first stage is the instrument's effect on that, not on the first call alone
    first = means["talked"][0] - means["talked"][1]
    paid = means["paid"][0] - means["paid"][1]
    default = means["default"][0] - means["default"][1]
    return {
        "enrolled": int(arm.size),
        "first_stage": first,
        "first_call_by_arm": means["first_call"],
        "talked_by_arm": means["talked"],
        "paid_by_arm": means["paid"],
        "default_by_arm": means["default"],
        "late_paid": _ratio(paid, first),
        "late_default": _ratio(default, first),
    }


def reminder_trial(
    portfolio: Portfolio | str = "mixed",
    scenario: Scenario | str = "baseline",
    strategy: Strategy | str = "standard",
    *,
    borrowers: int = 20_000,
    horizon_days: int = 365,
    seed: int = 1,
    trial: ReminderTrial | None = None,
) -> dict[str, Any]:
    """Run Cadena & Schoar's design on the simulated book; the on-time gain."""
    trial = trial or ReminderTrial()
    model = CollectionModel(
        portfolio,
        scenario,
        strategy,
        borrowers,
        horizon_days,
        seed=seed,
        stages=trial.stages(DAY),
    )
    model.run_model()
    r = trial.results()
    arm, on_time = r["arm"], r["on_time"]
    rates = [float(on_time[arm == a].mean()) for a in (0, 1)]
    return {
        "due_dates": int(arm.size),
        "on_time_by_arm": rates,
        "gain_points": rates[1] - rates[0],
        "gain_relative": _ratio(rates[1] - rates[0], rates[0]),
    }
