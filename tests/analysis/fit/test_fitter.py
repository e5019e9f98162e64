"""The fit finds the parameters that made the moments, says when one ends at a bound,
and resumes an interrupted fit to the same answer."""

from __future__ import annotations

from pathlib import Path

import pytest

from collectsim.analysis.fit import fit, fit_seeds, load_targets
from collectsim.analysis.fit.fitter import ModelChanged
from collectsim.analysis.fit.journal import JOURNAL
from fit_fixtures import CALLS, TRUE, analytic_moments, targets_at, write_targets

#: within this share of each parameter's range of the truth
TOLERANCE = 0.002


def test_the_fit_recovers_three_parameters_from_a_distant_start(tmp_path: Path) -> None:
    targets = load_targets(write_targets(tmp_path, targets_at()))
    result = fit(targets, analytic_moments)
    for p, fitted, true in zip(targets.parameters, result.values, TRUE, strict=True):
        width = p.bounds[1] - p.bounds[0]
        assert abs(fitted - true) < TOLERANCE * width, (p.name, fitted, true)
    assert result.converged and result.objective < 1e-4
    assert result.at_bound() == ["", "", ""]
    assert result.evaluations <= targets.file.search.max_evaluations
    assert result.parameters["behaviour.pay_logit_base"] == result.values[1]
    assert result.portfolio.behaviour.pay_logit_base == result.values[1]


def test_every_evaluation_uses_the_same_seeds(tmp_path: Path) -> None:
    targets = load_targets(write_targets(tmp_path, targets_at(search={"max_evaluations": 30})))
    seen = set()

    def moments(portfolio, seeds):
        seen.add(tuple(seeds))
        return analytic_moments(portfolio, seeds)

    fit(targets, moments)
    assert seen == {fit_seeds(targets)} and len(fit_seeds(targets)) == 2


def test_a_target_beyond_reach_ends_at_the_bound_and_says_so(tmp_path: Path) -> None:
    data = targets_at()
    data["parameter"][0]["bounds"] = [0.05, 0.2]  # the truth, 0.31, lies above
    data["parameter"][0]["start"] = 0.1
    result = fit(load_targets(write_targets(tmp_path, data)), analytic_moments)
    assert result.at_bound()[0] == "high"
    assert result.values[0] == pytest.approx(0.2, abs=1e-3)


def test_the_budget_stops_the_search_at_its_best_point(tmp_path: Path) -> None:
    targets = load_targets(write_targets(tmp_path, targets_at(search={"max_evaluations": 12})))
    result = fit(targets, analytic_moments)
    assert result.evaluations == 12 and not result.converged
    assert "max_evaluations = 12" in result.message


def test_the_start_and_the_design_come_first(tmp_path: Path) -> None:
    targets = load_targets(write_targets(tmp_path, targets_at(search={"global_points": 5})))
    stages = []
    fit(targets, analytic_moments, progress=lambda e: stages.append(e.stage))
    assert stages[:6] == ["start"] + ["global"] * 5 and set(stages[6:]) == {"local"}


class Interrupt(Exception):
    pass


def test_an_interrupted_fit_resumes_to_the_same_answer(tmp_path: Path) -> None:
    targets = load_targets(write_targets(tmp_path, targets_at()))
    whole = fit(targets, analytic_moments)
    out = tmp_path / "out"

    def stops_after_40(portfolio, seeds):
        if len(CALLS) >= 40:
            raise Interrupt
        return analytic_moments(portfolio, seeds)

    CALLS.clear()
    with pytest.raises(Interrupt):
        fit(targets, stops_after_40, out=out)
    assert len((out / JOURNAL).read_text().splitlines()) == 1 + 40  # header + evaluations
    CALLS.clear()
    resumed = fit(targets, analytic_moments, out=out)
    assert resumed.values == whole.values and resumed.objective == whole.objective
    assert resumed.simulations == whole.simulations - 40
    assert len(CALLS) == resumed.simulations + 1  # + the first point, simulated again to check


def test_a_journal_of_other_simulations_is_refused_and_fresh_starts_over(tmp_path: Path) -> None:
    out = tmp_path / "out"
    targets = load_targets(write_targets(tmp_path, targets_at(search={"max_evaluations": 5})))
    fit(targets, analytic_moments, out=out)
    data = targets_at(search={"max_evaluations": 5})
    data["run"]["borrowers"] = 200
    other = load_targets(write_targets(tmp_path, data, "other.toml"))
    with pytest.raises(Exception, match="--fresh"):
        fit(other, analytic_moments, out=out)
    result = fit(other, analytic_moments, out=out, fresh=True)
    assert result.simulations == 5


def test_weights_may_change_between_fits_and_the_journal_still_serves(tmp_path: Path) -> None:
    out = tmp_path / "out"
    fit(load_targets(write_targets(tmp_path, targets_at())), analytic_moments, out=out)
    data = targets_at()
    data["moment"][1]["weight"] = 50.0
    again = fit(load_targets(write_targets(tmp_path, data, "b.toml")), analytic_moments, out=out)
    assert again.simulations < again.evaluations  # the points both fits visit are not re-run


def test_a_changed_model_is_caught_before_the_journal_is_trusted(tmp_path: Path) -> None:
    out = tmp_path / "out"
    targets = load_targets(write_targets(tmp_path, targets_at(search={"max_evaluations": 5})))
    fit(targets, analytic_moments, out=out)

    def changed(portfolio, seeds):
        return {k: v + 0.01 for k, v in analytic_moments(portfolio, seeds).items()}

    with pytest.raises(ModelChanged, match="--fresh"):
        fit(targets, changed, out=out)
