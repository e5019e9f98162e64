"""Running candidates on common random numbers, each run once, and estimating their metrics.

Replication ``r`` of every candidate, the champion and the presets uses one
seed (:func:`collectsim.runner.seeds.run_seed`), so candidates are compared
on the same borrowers and shocks. Runs are cached by what determines them (the
strategy's levers, the scenario, the replication), one file per run written
atomically in ``parts/``: a candidate Optuna proposes twice, or one that equals
the champion, is never run again, and a study resumed after an interruption
finds every run that finished.

Estimates are paired with the champion, whose every replication is run first:
a candidate seen on its first ``n`` replications is estimated by the champion's
mean over all of them plus the candidate's mean paired difference on those
``n``. On common random numbers that difference is far less noisy than the
candidate's own mean, and estimates from different numbers of replications
stay comparable (with all of them it is exactly the candidate's own mean).

Dispatch order: the runs of one batch go to the backend grouped by replication
(then scenario), so the candidates sharing a seed are dispatched together.
That is where a per-replication cache (e.g. a burn-in shared by every run of
one seed) pays off: see :func:`order_requests`.
"""

from __future__ import annotations

import hashlib
import json
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from collectsim.config.strategy import Strategy
from collectsim.runner.atomic import atomic_write_text
from collectsim.runner.backends import Outcome, RunKey, Task
from collectsim.runner.seeds import run_seed

#: fields that name or describe a strategy without changing what it does
COSMETIC = {"name", "description"}


def strategy_key(strategy: Strategy) -> str:
    """What determines a strategy's runs (its levers, not its name), as a short hash."""
    data = strategy.model_dump(mode="json", exclude=COSMETIC)
    blob = json.dumps(data, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode()).hexdigest()[:20]


@dataclass(frozen=True, order=True)
class Request:
    """One run wanted: a strategy (by key) in a scenario on a replication."""

    replication: int
    scenario: int
    key: str
    strategy: Strategy = field(compare=False, hash=False)

    @property
    def stem(self) -> str:
        return f"{self.key}-c{self.scenario:03d}-r{self.replication:05d}"


def order_requests(requests: Iterable[Request]) -> list[Request]:
    """Distinct runs in dispatch order: replication, then scenario, then strategy.

    Every candidate on one seed leaves together. A shared burn-in plugs in here:
    the runs of one (replication, scenario) group start from the same day-0
    state, so it can be computed once per group (per worker) and copied.
    """
    unique = {(r.replication, r.scenario, r.key): r for r in requests}
    return [unique[k] for k in sorted(unique)]


class RunCache:
    """Finished runs on disk: ``parts/<strategy>-c<scenario>-r<replication>.json``."""

    def __init__(self, folder: Path):
        self.folder = Path(folder) / "parts"

    def get(self, request: Request) -> dict[str, Any] | None:
        path = self.folder / f"{request.stem}.json"
        if not path.is_file():
            return None
        return json.loads(path.read_text(encoding="utf-8"))

    def put(self, request: Request, metrics: dict[str, Any], seconds: float) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        text = json.dumps({"metrics": metrics, "seconds": round(seconds, 4)})
        atomic_write_text(self.folder / f"{request.stem}.json", text)

    def count(self) -> int:
        return len(list(self.folder.glob("*.json"))) if self.folder.is_dir() else 0


class RunFailed(RuntimeError):
    """A run raised: the candidate it belongs to fails, the search goes on."""


class Evaluator:
    """Runs requests on a backend (each at most once, cached) and returns their metrics."""

    def __init__(self, opt: Any, backend: Any, cache: RunCache):
        self.opt = opt
        self.backend = backend
        self.cache = cache
        self.executed = 0
        self.model_seconds = 0.0

    def _task(self, number: int, request: Request) -> Task:
        file = self.opt.file
        return Task(
            key=RunKey(number, request.scenario, request.replication, 0),
            portfolio=self.opt.portfolio,
            scenario=self.opt.scenarios[request.scenario],
            strategy=request.strategy,
            borrowers=file.borrowers,
            horizon_days=file.horizon_days,
            seed=run_seed(file.seed, request.replication),
        )

    def run(self, requests: Iterable[Request]) -> dict[Request, dict[str, Any] | str]:
        """Metrics of every request (from the cache or run now), or the error of a failed run."""
        ordered = order_requests(requests)
        out: dict[Request, dict[str, Any] | str] = {}
        todo = []
        for request in ordered:
            hit = self.cache.get(request)
            if hit is None:
                todo.append(request)
            else:
                out[request] = hit["metrics"]
        tasks = [self._task(i, r) for i, r in enumerate(todo)]
        for outcome in self.backend.run(tasks) if tasks else ():
            out[todo[outcome.key.strategy]] = self._record(todo[outcome.key.strategy], outcome)
        return {r: out[r] for r in ordered}

    def _record(self, request: Request, outcome: Outcome) -> dict[str, Any] | str:
        self.executed += 1
        self.model_seconds += outcome.seconds
        if not outcome.ok:
            return outcome.error or "run failed"
        metrics = {k: (None if _nan(v) else v) for k, v in outcome.metrics.items()}
        self.cache.put(request, metrics, outcome.seconds)
        return metrics


def _nan(value: Any) -> bool:
    return isinstance(value, float) and np.isnan(value)


def requests_for(strategy: Strategy, scenarios: int, replications: Sequence[int]) -> list[Request]:
    """Every run of one strategy: each scenario on each of the given replications."""
    key = strategy_key(strategy)
    return [Request(r, c, key, strategy) for r in replications for c in range(scenarios)]


def metric_table(runs: dict[Request, Any], key: str, scenarios: int, n: int) -> list[list[dict]]:
    """``[scenario][replication] -> metrics`` of one strategy's first ``n`` replications."""
    by = {(r.scenario, r.replication): m for r, m in runs.items() if r.key == key}
    return [[by[(c, r)] for r in range(n)] for c in range(scenarios)]


def _values(rows: Sequence[dict[str, Any]], metric: str) -> np.ndarray:
    return np.array([np.nan if m.get(metric) is None else m[metric] for m in rows], dtype=float)


def paired_means(
    candidate: list[list[dict]], champion: list[list[dict]], metrics: Sequence[str]
) -> list[dict[str, float]]:
    """Per scenario: the champion's mean over all its replications plus the candidate's mean
    paired difference on the replications it has (its own mean when it has them all)."""
    out = []
    for cand_rows, champ_rows in zip(candidate, champion, strict=True):
        n = len(cand_rows)
        means = {}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # a metric with no value: NaN
            for metric in metrics:
                mine, theirs = _values(cand_rows, metric), _values(champ_rows, metric)
                if n == len(champ_rows):
                    means[metric] = float(np.nanmean(mine))
                else:
                    means[metric] = float(np.nanmean(theirs) + np.nanmean(mine - theirs[:n]))
        out.append(means)
    return out
