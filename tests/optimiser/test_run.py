"""Whole optimisations on small books: known answers, validation, determinism, resume.

No test here hard-codes a model output: limits are measured from the model first.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import collectsim
from collectsim import simulation
from collectsim.cli import main
from collectsim.config import load_portfolio, load_scenario, load_strategy
from collectsim.runner.seeds import run_seed
from quick_book import write_quick_portfolio

pytestmark = pytest.mark.slow

SMS_COST = '[[variable]]\naddress = "costs.sms"\nchoices = [0.2, 0.1, 0.01, 0.05]\n'
LEVERS = (
    '[[variable]]\naddress = "capacity.collectors"\nrange = [5, 40]\n'
    '[[variable]]\naddress = "segments.calls.treatments.1.tone"\n'
    'choices = ["gentle", "neutral", "firm"]\n'
)


def test_a_lever_that_only_costs_goes_to_its_cheapest_value_and_beats_the_champion(write):
    path = write(SMS_COST, extra='objective = "cost"', trials=10)
    res = collectsim.optimise(path, report=False)
    assert res.best_strategy is not None and res.best_strategy.costs["sms"] == 0.01
    v = res.summary["validation"]
    assert v["fresh"]["gain"] < 0 and v["fresh"]["ci_high"] < 0  # cheaper on fresh replications
    assert v["significant"] and v["fresh"]["replications"] == 3
    assert res.validation is not None  # the validation experiment, champion against winner
    assert set(res.validation.strategies) == {"standard", "opt_optimised"}


def _mean_complaints(strategy, seed: int, borrowers: int = 300) -> float:
    """Complaints per 10k on the book the optimisation runs on (the quick book)."""
    book = write_quick_portfolio(Path.cwd())
    portfolio, scenario = load_portfolio(str(book)), load_scenario("baseline")
    values = [
        simulation.simulate(
            portfolio,
            scenario,
            strategy,
            borrowers=borrowers,
            horizon_days=45,
            seed=run_seed(seed, r),
        ).metrics["complaints_per_10k"]
        for r in range(2)
    ]
    return sum(values) / len(values)


#: complaints are rare under the fitted behaviour: 300 borrowers make 0 to 3 a run, too few
#: for a budget between two strategies to tell candidates apart on one or two replications
COMPLAINT_BOOK = 1000


def test_a_tight_complaint_budget_excludes_aggressive_candidates(write):
    mild = {
        "compliance.respects_rules": True,
        "segments.pressure.treatments.0.tone": "gentle",
        "segments.pressure.treatments.0.every_days": 7,
    }
    harsh = _mean_complaints(load_strategy("aggressive"), 2, COMPLAINT_BOOK)
    gentle = _mean_complaints(load_strategy("aggressive", overrides=mild), 2, COMPLAINT_BOOK)
    assert gentle < harsh  # the model's premise: calmer pressure, fewer complaints
    limit = (harsh + gentle) / 2
    variables = (
        '[[variable]]\naddress = "compliance.respects_rules"\nchoices = [false, true]\n'
        '[[variable]]\naddress = "segments.pressure.treatments.0.tone"\n'
        'choices = ["firm", "neutral", "gentle"]\n'
        '[[variable]]\naddress = "segments.pressure.treatments.0.every_days"\nrange = [1, 7]\n'
    )
    extra = f'champion = "standard"\nconstraints = ["complaints_per_10k <= {limit}"]'
    path = write(variables, base="aggressive", presets='["aggressive"]', extra=extra, seed=2)
    text = path.read_text().replace("borrowers = 300", f"borrowers = {COMPLAINT_BOOK}")
    # every candidate fully replicated: this tests the budget, not the racing (with racing,
    # the champion's far higher value can keep every feasible candidate at its first rung)
    path.write_text(text.replace("[search]\n", "[search]\nscreen = 2\n"))
    res = collectsim.optimise(path, trials=12, report=False)
    presets = res.presets.set_index("strategy")
    assert not bool(presets.loc["aggressive", "feasible"])
    trials = res.trials[res.trials["state"] == "complete"]
    feasible = trials[trials["feasible"].astype(bool)]
    assert (feasible["complaints_per_10k_worst"] <= limit).all()
    assert res.best_strategy is not None
    assert res.best_row()["complaints_per_10k_worst"] <= limit


def test_the_same_seed_gives_the_same_trials_on_any_backend(write, workdir):
    path = write(LEVERS, trials=8)
    collectsim.optimise(path, "results/a", report=False)
    collectsim.optimise(path, "results/b", report=False, backend="processes", workers=2)
    a = (workdir / "results/a/trials.csv").read_text()
    assert a == (workdir / "results/b/trials.csv").read_text()
    assert len(pd.read_csv(workdir / "results/a/trials.csv")) == 8


def test_an_interrupted_study_resumes_to_the_same_result(write, workdir, monkeypatch):
    path = write(LEVERS, trials=8)
    collectsim.optimise(path, "results/straight", report=False)
    real, calls = simulation.simulate, {"n": 0}

    def flaky(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 9:  # inside the second batch
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(simulation, "simulate", flaky)
    with pytest.raises(KeyboardInterrupt):
        collectsim.optimise(path, "results/resumed", report=False)
    manifest = json.loads((workdir / "results/resumed/manifest.json").read_text())
    assert manifest["status"] == "interrupted"
    monkeypatch.setattr(simulation, "simulate", real)
    collectsim.optimise(path, "results/resumed", report=False)
    for name in ("trials.csv", "best_strategy.toml", "pareto.csv"):
        straight = (workdir / "results/straight" / name).read_text()
        assert straight == (workdir / "results/resumed" / name).read_text(), name


def test_the_command_writes_every_output_and_a_report(write, workdir, capsys):
    path = write(LEVERS, trials=6, presets='["gentle"]', extra='constraints = ["violations == 0"]')
    assert main(["optimise", str(path), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "results: results/opt/" in out and "report:" in out
    folder = workdir / "results" / "opt"
    for name in ("trials.csv", "pareto.csv", "presets.csv", "best_strategy.toml",
                 "optimisation.json", "report.html", "validation/comparison.csv"):  # fmt: skip
        assert (folder / name).is_file(), name
    for name in ("optimise_history", "optimise_front", "optimise_variables"):
        assert (folder / "plots" / f"{name}.png").is_file()
    assert main(["validate", str(folder / "best_strategy.toml")]) == 0
    html = (folder / "report.html").read_text()
    assert 'id="optimised"' in html and "Optimised strategy" in html
    assert main(["optimise", str(path), "--quiet", "--trials", "0"]) == 2
