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


@pytest.mark.parametrize("seed", [1, 2])
def test_the_baseline_book_is_in_steady_state(seed: int) -> None:
    """The past-due share and the quarterly roll rates stay within 10% of their level."""
    paths = stylised.book_paths(borrowers=20_000, seed=seed)
    for name, path in paths.items():
        assert np.abs(path / path.mean() - 1).max() < 0.10, (name, path)
