"""An optimisation, start to finish, into ``results/<name>/``.

1. Check everything (the file, the output folder, the backend) before writing.
2. Run the champion and the reference presets on every search replication.
3. Search (:mod:`.search`), telling Optuna each candidate's score.
4. Write ``trials.csv``, ``pareto.csv``, ``presets.csv`` and ``best_strategy.toml``.
5. Validate the winner against the champion on fresh replications (:mod:`.validate`).
6. Write ``optimisation.json`` (the summary the report reads) and the manifest.

The folder is a run store (:mod:`collectsim.runner.store`): a manifest with the
optimisation's identity, a lock while it runs, one part per finished run, so
running the same command again resumes, and a changed optimisation is refused
unless ``fresh``.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from tqdm.auto import tqdm

import collectsim
from collectsim.config.strategy import Strategy
from collectsim.engine.memory import check_fits
from collectsim.errors import CollectsimError, ConfigError
from collectsim.optimiser import outputs
from collectsim.optimiser.evaluate import (
    Evaluator,
    RunCache,
    metric_table,
    paired_means,
    requests_for,
    strategy_key,
)
from collectsim.optimiser.goals import Score, score
from collectsim.optimiser.search import Search, open_study
from collectsim.optimiser.spec import Optimisation, load_optimisation
from collectsim.optimiser.validate import gain_summary, run_validation
from collectsim.optimiser.variables import apply_strategy
from collectsim.runner.atomic import atomic_write_text
from collectsim.runner.experiment import local_workers, resolve_settings
from collectsim.runner.launch import open_backend
from collectsim.runner.manifest import code_fingerprint, now, versions
from collectsim.runner.store import RunStore, check_writable

#: the layout of an optimisation folder; a study of another format is never resumed
OPTIMISATION_FORMAT = "optimisation-1"
SUMMARY = "optimisation.json"


def identity(opt: Optimisation) -> dict[str, Any]:
    return {
        "config_hash": opt.identity(),
        "collectsim_version": collectsim.__version__,
        "collectsim_results": OPTIMISATION_FORMAT,
        "code_fingerprint": code_fingerprint(),
    }


class Scorer:
    """Scores of strategies on the search replications, from the run cache."""

    def __init__(self, opt: Optimisation, evaluator: Evaluator, champion: list[list[dict]]):
        self.opt, self.evaluator, self.champion = opt, evaluator, champion
        self.metrics = sorted({k for row in champion for m in row for k in m})

    def __call__(self, strategy: Strategy, n: int) -> Score:
        scenarios = len(self.opt.scenarios)
        runs = self.evaluator.run(requests_for(strategy, scenarios, range(n)))
        failed = [m for m in runs.values() if isinstance(m, str)]
        if failed:
            raise CollectsimError(f"a run of strategy '{strategy.name}' failed: {failed[0]}")
        table = metric_table(runs, strategy_key(strategy), scenarios, n)
        means = paired_means(table, self.champion, self.metrics)
        opt = self.opt
        worst = opt.file.aggregate == "worst"
        return score(means, opt.objectives, opt.constraints, opt.weights, worst, n)


def _reference_runs(opt: Optimisation, evaluator: Evaluator) -> list[list[dict]]:
    """Run the champion and the presets on every search replication; the champion's table."""
    scenarios, n = len(opt.scenarios), opt.file.replications
    wanted = [r for s in (opt.champion, *opt.presets) for r in requests_for(s, scenarios, range(n))]
    runs = evaluator.run(wanted)
    key = strategy_key(opt.champion)
    failed = [m for r, m in runs.items() if r.key == key and isinstance(m, str)]
    if failed:
        raise CollectsimError(f"the champion '{opt.champion.name}' failed to run: {failed[0]}")
    return metric_table(runs, key, scenarios, n)


def _search(opt: Optimisation, folder: Path, runner: Any, trials: int, quiet: bool) -> Scorer:
    evaluator = Evaluator(opt, runner, RunCache(folder))
    champion = _reference_runs(opt, evaluator)
    study = open_study(opt, folder)
    search = Search(opt, study, evaluator, champion)
    told = len([t for t in study.get_trials(deepcopy=False) if t.state.is_finished()])
    best: list[float] = []
    goal = opt.objectives[0]
    with tqdm(total=trials, initial=min(told, trials), desc=opt.name, unit="trial",
              disable=quiet, dynamic_ncols=True) as bar:  # fmt: skip

        def on_told(trial: Any) -> None:
            rungs = trial.user_attrs.get("rungs") or [{}]
            full = trial.user_attrs.get("replications") == opt.file.replications
            if trial.values and full and rungs[-1].get("feasible"):
                best.append(trial.values[0])
                top = max(best, key=lambda v: goal.sign * v)
                bar.set_postfix({f"best {goal.metric}": f"{top:,.4g}"})
            bar.update(1)

        search.run(trials, on_told)
    return Scorer(opt, evaluator, champion)


def _scores(opt: Optimisation, study: Any, scorer: Scorer) -> dict[int, Score]:
    out = {}
    for t in study.get_trials(deepcopy=False):
        n = t.user_attrs.get("replications")
        if t.state.name == "COMPLETE" and n:
            out[t.number] = scorer(apply_strategy(opt.base, opt.variables, t.params), int(n))
    return out


def _presets_table(opt: Optimisation, scorer: Scorer) -> Any:
    import pandas as pd

    rows = []
    for role, s in [("champion", opt.champion), *(("preset", p) for p in opt.presets)]:
        rows.append(
            {
                "strategy": s.name,
                "role": role,
                **outputs.score_row(opt, scorer(s, opt.file.replications)),
            }
        )
    return pd.DataFrame(rows)


def _best_strategy(opt: Optimisation, trial: Any) -> Strategy:
    strategy = apply_strategy(opt.base, opt.variables, trial.params)
    name = f"{opt.name}_optimised"
    if name == opt.champion.name:
        name += "_2"
    description = (
        f"Optimised from '{opt.base.name}' by collectsim optimise '{opt.name}' (trial "
        f"{trial.number})."
    )
    return strategy.model_copy(update={"name": name, "description": description})


def write_outputs(opt: Optimisation, folder: Path, study: Any, scorer: Scorer) -> dict[str, Any]:
    """The tables, the winner's file and its score; the summary so far."""
    scores = _scores(opt, study, scorer)
    trials = outputs.trials_table(opt, study.get_trials(deepcopy=False), scores)
    outputs.write_csv(trials, folder / "trials.csv")
    outputs.write_csv(outputs.pareto(opt, trials), folder / "pareto.csv")
    outputs.write_csv(_presets_table(opt, scorer), folder / "presets.csv")
    number = outputs.best_trial(opt, trials)
    summary: dict[str, Any] = {
        "name": opt.name,
        "objectives": [
            {"metric": g.metric, "direction": g.direction.value} for g in opt.objectives
        ],
        "constraints": [c.text for c in opt.constraints],
        "front_metric": outputs.front_metric(opt),
        "champion": opt.champion.name,
        "base": opt.base.name,
        "scenarios": [s.name for s in opt.scenarios],
        "aggregate": opt.file.aggregate,
        "variables": [v.address for v in opt.variables],
        "replications": opt.file.replications,
        "currency": opt.portfolio.currency,
        "description": opt.file.description,
        "trials": len(trials),
        "best_trial": number,
    }
    if number is None:
        return summary
    best = _best_strategy(opt, study.trials[number])
    header = f"{best.description}\nAgainst {opt.champion.name!r}: see {SUMMARY} beside this file."
    atomic_write_text(folder / "best_strategy.toml", outputs.strategy_toml(best, header))
    summary.update(
        best_strategy=best.name,
        best_values=list(scores[number].values),
        champion_values=list(scorer(opt.champion, opt.file.replications).values),
        changes=outputs.changes(opt.champion, best),
    )
    summary["_best"], summary["_score"] = best, scores[number]
    return summary


def _finish(
    opt: Optimisation, folder: Path, summary: dict[str, Any], scorer: Scorer, settings: dict
) -> None:
    best = summary.pop("_best", None)
    best_score = summary.pop("_score", None)
    if best is not None:
        run_validation(opt, folder, best, settings)
        champion = scorer(opt.champion, opt.file.replications)
        summary["validation"] = gain_summary(opt, folder, best_score, champion, best.name)
    atomic_write_text(folder / SUMMARY, json.dumps(summary, indent=2, default=str) + "\n")


def optimise(
    optimisation: str | Path | Optimisation,
    out: str | Path | None = None,
    *,
    trials: int | None = None,
    workers: int | None = None,
    backend: str | None = None,
    scheduler: str | None = None,
    fresh: bool = False,
    quiet: bool = True,
) -> Path:
    """Search, write the outputs and validate the winner; the results folder.

    Raises ConfigError for bad input before anything is written. When no
    candidate kept every constraint, ``optimisation.json`` has no ``best_trial``
    and nothing is validated.
    """
    opt = (
        optimisation if isinstance(optimisation, Optimisation) else load_optimisation(optimisation)
    )
    if trials is not None and trials < 1:
        raise ConfigError(None, "--trials", "an integer >= 1", trials)
    n_trials = trials or opt.file.trials
    name, workers, scheduler = resolve_settings(opt, backend, workers, scheduler, 0)  # type: ignore[arg-type]
    folder = Path(out) if out else Path("results") / opt.name
    check_writable(folder)
    store = RunStore(folder)
    store.check(identity(opt), fresh=fresh, experiment=opt.name)
    local = local_workers(name, workers, scheduler, n_trials)
    if local:
        check_fits(opt.file.borrowers, local, file=opt.source)
    started = time.perf_counter()
    runner = open_backend(name, workers, scheduler)
    if hasattr(runner, "keep_pool"):  # one pool for every batch, closed below
        runner.keep_pool = True
    manifest = {**identity(opt), "kind": "optimisation", "status": "running", "source": opt.source,
                "trials": n_trials, "backend": runner.name, "workers": runner.workers,
                "versions": versions(runner.name), "started": now()}  # fmt: skip
    settings = {"workers": workers, "backend": name, "scheduler": scheduler, "quiet": quiet}
    try:
        store.create(fresh=fresh)
        store.write_manifest(manifest)
        try:
            scorer = _search(opt, folder, runner, n_trials, quiet)
            summary = write_outputs(opt, folder, open_study(opt, folder), scorer)
        finally:
            runner.close()  # before validation starts a backend of its own
        _finish(opt, folder, summary, scorer, settings)
        manifest.update(status="complete", finished=now(), runs_executed=scorer.evaluator.executed,
                        wall_seconds=round(time.perf_counter() - started, 3))  # fmt: skip
    except BaseException:
        manifest.update(status="interrupted", finished=now())
        raise
    finally:
        if store.locked:
            store.write_manifest(manifest)
            store.unlock()
    return folder
