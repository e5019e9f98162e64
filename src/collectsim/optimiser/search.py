"""The search: an Optuna study, asked for candidates in batches, told what they scored.

One objective is searched by TPE, two by NSGA-II; constraints are Optuna's own
(``Trial.set_constraint``: a value <= 0 is kept). The study lives in the
results folder (``study.journal``, Optuna's journal storage), so an
interrupted search resumes where it stopped:

- A candidate's sampler is seeded from the optimisation seed and the trial's
  number, and the study holds every finished trial, so candidate ``n`` is the
  same whether the search ran straight through or was resumed.
- Candidates asked but not told when the search stopped are still in the
  study with their values; they are evaluated again (their finished runs come
  from the run cache) and told, before new ones are asked.
- A batch has a fixed size, not the number of workers, so the trials do not
  depend on the backend or on how many workers it has.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from collectsim.config.strategy import Strategy
from collectsim.errors import ConfigErrors
from collectsim.optimiser.evaluate import (
    Evaluator,
    Request,
    metric_table,
    paired_means,
    requests_for,
    strategy_key,
)
from collectsim.optimiser.goals import Score, score
from collectsim.optimiser.racing import Ladder, rungs
from collectsim.optimiser.variables import apply_strategy

STUDY_FILE = "study.journal"
#: mixed into the optimisation seed for the samplers, apart from the replication seeds
SAMPLER_STREAM = 0x0971_5EED


def sampler_seed(seed: int, number: int) -> int:
    """The seed of the sampler that proposes trial ``number``."""
    seq = np.random.SeedSequence([seed, SAMPLER_STREAM, number])
    return int(seq.generate_state(1)[0])


def make_sampler(opt: Any, number: int) -> Any:
    """TPE for one objective, NSGA-II for two, seeded for trial ``number``."""
    import optuna

    seed = sampler_seed(opt.file.seed, number)
    search = opt.file.search
    if len(opt.objectives) > 1:
        return optuna.samplers.NSGAIISampler(population_size=search.population, seed=seed)
    return optuna.samplers.TPESampler(n_startup_trials=search.startup, seed=seed)


def open_study(opt: Any, folder: Path) -> Any:
    """The study in ``folder/study.journal``: created, or loaded to resume."""
    import optuna
    from optuna.storages import JournalStorage
    from optuna.storages.journal import JournalFileBackend

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    storage = JournalStorage(JournalFileBackend(str(folder / STUDY_FILE)))
    return optuna.create_study(
        study_name=opt.name,
        storage=storage,
        directions=[g.direction.value for g in opt.objectives],
        sampler=make_sampler(opt, 0),
        load_if_exists=True,
    )


@dataclass
class Candidate:
    """One trial of the current batch and what became of it."""

    number: int
    trial: Any
    values: dict[str, Any]
    strategy: Strategy | None = None
    key: str = ""
    scores: list[Score] | None = None
    error: str | None = None

    def requests(self, scenarios: int, n: int) -> list[Request]:
        """Its runs on the first ``n`` replications of every scenario."""
        assert self.strategy is not None  # only valid candidates race
        return requests_for(self.strategy, scenarios, range(n))


class Search:
    """Asks, evaluates and tells, batch by batch, until the study has ``trials`` trials."""

    def __init__(self, opt: Any, study: Any, evaluator: Evaluator, champion_runs: list[list]):
        self.opt = opt
        self.study = study
        self.evaluator = evaluator
        self.champion = champion_runs
        self.rungs = rungs(opt.file.search.screen, opt.file.search.eta, opt.file.replications)
        self.ladder = Ladder(opt.file.search.eta, [g.sign for g in opt.objectives])
        self._replay()

    def _replay(self) -> None:
        """Rebuild the rungs' records from the trials already told (on resume)."""
        for trial in self._trials("COMPLETE"):
            for k, record in enumerate(trial.user_attrs.get("rungs", [])):
                self.ladder.record(k, record["values"], record["feasible"])

    def _trials(self, state: str) -> list[Any]:
        from optuna.trial import TrialState

        wanted = TrialState[state]
        return [t for t in self.study.get_trials(deepcopy=False) if t.state == wanted]

    def run(self, trials: int, on_told: Callable[[Any], None]) -> None:
        """Evaluate batches until ``trials`` trials are told; ``on_told`` after each."""
        while True:
            batch = self._next_batch(trials)
            if not batch:
                return
            self._evaluate(batch)
            for candidate in batch:
                on_told(self._tell(candidate))

    # -- asking --------------------------------------------------------------------------
    def _next_batch(self, trials: int) -> list[Candidate]:
        """The unfinished trials of the last batch, topped up with new ones to the batch size."""
        from optuna.trial import Trial

        running = self._trials("RUNNING")
        batch = [
            Candidate(t.number, Trial(self.study, t._trial_id), dict(t.params)) for t in running
        ]
        first = running[0].number if running else len(self.study.get_trials(deepcopy=False))
        end = min(first + self.opt.file.search.batch, trials)
        while (number := len(self.study.get_trials(deepcopy=False))) < end:
            self.study.sampler = make_sampler(self.opt, number)
            trial = self.study.ask()
            values = {v.address: v.suggest(trial) for v in self.opt.variables}
            batch.append(Candidate(trial.number, trial, values))
        for candidate in batch:
            try:
                strategy = apply_strategy(self.opt.base, self.opt.variables, candidate.values)
            except ConfigErrors as exc:
                candidate.error = "invalid strategy: " + "; ".join(e.expected for e in exc.errors)
                continue
            candidate.strategy, candidate.key = strategy, strategy_key(strategy)
        return batch

    # -- evaluating ----------------------------------------------------------------------
    def _evaluate(self, batch: list[Candidate]) -> None:
        """Every rung in turn: run the candidates still racing, score them, promote the best."""
        racing = [c for c in batch if c.error is None]
        for c in racing:
            c.scores = []
        scenarios = len(self.opt.scenarios)
        for k, n in enumerate(self.rungs):
            if not racing:
                return
            wanted = [r for c in racing for r in c.requests(scenarios, n)]
            runs = self.evaluator.run(wanted)
            failed = {r.key: m for r, m in runs.items() if isinstance(m, str)}
            still = []
            for c in racing:  # in trial order: promotion does not depend on the workers
                if c.key in failed:
                    c.error = f"run failed: {failed[c.key]}"
                    continue
                s = self._score(metric_table(runs, c.key, scenarios, n), n)
                assert c.scores is not None
                c.scores.append(s)
                if n < self.rungs[-1] and self.ladder.promote(k, s.values, s.feasible):
                    still.append(c)
                elif n == self.rungs[-1]:
                    self.ladder.record(k, s.values, s.feasible)
            racing = still

    def _score(self, table: list[list[dict]], n: int) -> Score:
        opt = self.opt
        metrics = sorted({k for row in self.champion for m in row for k in m})
        means = paired_means(table, self.champion, metrics)
        worst = opt.file.aggregate == "worst"
        return score(means, opt.objectives, opt.constraints, opt.weights, worst, n)

    # -- telling -------------------------------------------------------------------------
    def _tell(self, c: Candidate) -> Any:
        from optuna.trial import TrialState

        final = c.scores[-1] if c.scores else None
        if final is not None and any(math.isnan(v) for v in final.values):
            c.error = "the objective has no value (the metric is empty for this strategy)"
        if c.error is not None or final is None:
            c.trial.set_user_attr("error", c.error or "not evaluated")
            return self.study.tell(c.number, state=TrialState.FAIL, skip_if_finished=True)
        for constraint, violation in zip(self.opt.constraints, final.violations, strict=True):
            c.trial.set_constraint(constraint.text, min(violation, 1e12))
        assert c.scores is not None
        c.trial.set_user_attr("replications", final.replications)
        c.trial.set_user_attr(
            "rungs", [{"values": list(s.values), "feasible": s.feasible} for s in c.scores]
        )
        return self.study.tell(c.number, list(final.values), skip_if_finished=True)
