"""Moment functions: the built-in one measures what it names; named ones are found."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from collectsim.analysis.fit import fit_seeds, load_targets, moment_function
from collectsim.analysis.fit.moments import RunMoments, make_moment_function
from collectsim.errors import ConfigError
from collectsim.metrics import METRIC_NAMES
from collectsim.simulation import simulate
from fit_fixtures import analytic_moments, targets_at, write_targets


def _small(tmp_path: Path, **run) -> Path:
    data = targets_at(moments="metrics")
    data["run"].update(borrowers=300, horizon_days=40, scenarios=["baseline", "recession"], **run)
    return write_targets(tmp_path, data)


@pytest.fixture(scope="module")
def measured(tmp_path_factory):
    targets = load_targets(_small(tmp_path_factory.mktemp("m")))
    with moment_function(targets) as moments:
        assert isinstance(moments, RunMoments)
        return targets, moments(targets.portfolio, fit_seeds(targets))


@pytest.mark.slow
def test_every_metric_and_state_share_per_scenario(measured) -> None:
    _, values = measured
    for scenario in ("baseline", "recession"):
        for metric in METRIC_NAMES:
            assert f"{scenario}.{metric}" in values
        shares = [v for k, v in values.items() if k.startswith(f"{scenario}.share_")]
        states = [k for k in values if k.startswith(f"{scenario}.share_dpd_")]
        assert states and f"{scenario}.share_past_due" in values
        total = sum(v for k, v in values.items() if k.startswith(f"{scenario}.share_"))
        # every account is in exactly one state: the states add up to the book
        assert total - values[f"{scenario}.share_past_due"] == pytest.approx(1.0)
        assert all(0 <= s <= 1 for s in shares)


@pytest.mark.slow
def test_the_moments_are_the_mean_over_the_seeds_of_each_run(measured) -> None:
    targets, values = measured
    runs = [
        simulate(
            targets.portfolio,
            targets.scenarios[1],
            targets.strategy,
            borrowers=300,
            horizon_days=40,
            seed=seed,
        )
        for seed in fit_seeds(targets)
    ]
    expected = np.mean([r.metrics["recovery_rate"] for r in runs])
    assert values["recession.recovery_rate"] == pytest.approx(expected, rel=1e-12)
    late = [r.daily["accounts_dpd_1_29"][20:].mean() / 300 for r in runs]
    assert values["recession.share_dpd_1_29"] == pytest.approx(np.mean(late), rel=1e-12)


@pytest.mark.slow
def test_processes_give_the_same_moments_as_serial(tmp_path: Path, measured) -> None:
    _, serial = measured
    parallel = load_targets(_small(tmp_path, backend="processes", workers=2))
    with moment_function(parallel) as moments:
        assert moments(parallel.portfolio, fit_seeds(parallel)) == serial


def test_a_named_factory_is_imported_and_a_bad_name_refused(tmp_path: Path) -> None:
    t = load_targets(write_targets(tmp_path, targets_at()))
    assert make_moment_function(t) is analytic_moments
    for spec, needle in (("nonsense", "'package.module:factory'"), ("nope.mod:f", "nope")):
        data = targets_at(moments=spec)
        bad = load_targets(write_targets(tmp_path, data, f"{spec[:4]}.toml"))
        with pytest.raises(ConfigError) as info:
            make_moment_function(bad)
        assert "run.moments" in str(info.value) and needle in str(info.value)


def test_a_moment_function_that_can_close_is_closed(tmp_path: Path, monkeypatch) -> None:
    closed = []

    class Closing:
        def __call__(self, portfolio, seeds):
            return {}

        def close(self) -> None:
            closed.append(True)

    monkeypatch.setattr("fit_fixtures.analytic", lambda targets: Closing())
    t = load_targets(write_targets(tmp_path, targets_at()))
    with pytest.raises(RuntimeError), moment_function(t):
        raise RuntimeError
    assert closed == [True]
