"""One run, start to finish: plain results out, nothing left behind."""

import gc

from collectsim.config import load_portfolio, load_scenario, load_strategy
from collectsim.metrics import DAILY_NAMES, METRIC_NAMES
from collectsim.model import CollectionModel
from collectsim.simulation import simulate


def _alive_models() -> int:
    gc.collect()
    return sum(isinstance(o, CollectionModel) for o in gc.get_objects())


def test_simulate_returns_plain_results_and_frees_the_model():
    args = (load_portfolio("mixed"), load_scenario("baseline"), load_strategy("standard"))
    before = _alive_models()  # other tests' models may linger; count only ours
    for seed in range(3):
        result = simulate(*args, borrowers=300, horizon_days=15, seed=seed)
        assert list(result.metrics) == list(METRIC_NAMES)
        assert list(result.daily) == list(DAILY_NAMES)
        assert all(len(v) == 16 for v in result.daily.values())
    # Mesa < 3.4 would keep every model (issue #3179) without CollectionModel.release()
    assert _alive_models() == before


def test_progress_is_called_each_day_and_changes_nothing():
    args = (load_portfolio("mixed"), load_scenario("baseline"), load_strategy("standard"))
    days: list[tuple[int, int]] = []
    watched = simulate(
        *args, borrowers=200, horizon_days=6, seed=4, progress=lambda *d: days.append(d)
    )
    plain = simulate(*args, borrowers=200, horizon_days=6, seed=4)
    assert days == [(d, 6) for d in range(1, 7)]
    assert watched.metrics == plain.metrics
