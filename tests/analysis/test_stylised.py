"""The stylised facts the field knows, asserted on paired runs (each could fail).

Books of 5,000 borrowers over a year, a few replications: small enough for the
suite, large enough that each fact holds in every replication, not on average
only. The README quotes the same measurements at a larger size.
"""

from __future__ import annotations

import numpy as np
import pytest

from collectsim.analysis import stylised
from collectsim.config import list_presets

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("scenario", ["baseline", "recession"])
def test_collecting_pays(scenario: str) -> None:
    """standard loses less and creates more value than an SMS a month (minimal)."""
    d = stylised.collecting_pays(scenario, replications=3)
    assert (d["loss_rate"] < 0).all(), d["loss_rate"]
    assert (d["economic_value"] > 0).all(), d["economic_value"]


def test_calling_more_lowers_losses_with_diminishing_returns_and_complaints_climb() -> None:
    f = stylised.call_frequency(replications=3, every=(15, 7, 3, 1))
    losses = [f[n]["loss_rate"] for n in (15, 7, 3, 1)]
    calls = [f[n]["contacts"] for n in (15, 7, 3, 1)]
    complaints = [f[n]["complaints_per_10k"] for n in (15, 7, 3, 1)]
    # more often, fewer losses, down to calls every three days
    assert losses[0] > losses[1] > losses[2], losses
    # each extra contact saves less than the one before (diminishing returns)
    saved = -np.diff(losses) / np.diff(calls)
    assert saved[0] > saved[1] > saved[2], saved
    # complaints rise faster than contacts once contact is frequent
    per_contact = np.array(complaints) / np.array(calls)
    assert per_contact[3] > per_contact[2] > per_contact[0], per_contact


def test_with_capacity_that_binds_a_better_score_creates_value() -> None:
    d = stylised.score_accuracy(replications=3)
    assert (d["unmet_contacts"] > 0).all()  # the team cannot call everyone
    assert (d["economic_value"] > 0).all(), d["economic_value"]
    assert (d["loss_rate"] < 0).all(), d["loss_rate"]


@pytest.mark.parametrize("strategy", list_presets("strategy"))
def test_a_recession_raises_losses_and_lowers_value(strategy: str) -> None:
    d = stylised.recession_effect(strategy, borrowers=4000, replications=2)
    assert (d["loss_rate"] > 0).all(), d["loss_rate"]
    assert (d["economic_value"] < 0).all(), d["economic_value"]


@pytest.mark.xfail(
    strict=True,
    reason="known miss: after the 270-day burn-in the share of accounts past due still falls "
    "from 5.9% to 4.5% over the year (20,000 borrowers, 2026-11-29); from a start without "
    "burn-in the 30+ stock is still falling 10% a year after three years. The 1-29 stock is "
    "level: it is selection. Borrowers who leave by charge-off are replaced by fresh draws, "
    "the others stay (cards revolve for ever, loans for their term), so the book keeps "
    "shedding its least willing and most fragile. Next: draw the opening book from the "
    "stationary mix (each type weighted by its expected stay) rather than a longer burn-in",
)
def test_the_baseline_book_is_in_steady_state() -> None:
    path = stylised.past_due_path(borrowers=20_000)
    level = path.mean()
    assert np.abs(path / level - 1).max() < 0.10, path
