"""Day 0 from a tape: what it holds carried over, what it does not drawn as the book's own."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from collectsim.config.tape import load_book
from collectsim.config.tape_read import hash_ids
from collectsim.engine.state import CURRENT, LEGAL
from collectsim.model import CollectionModel
from tape_fixtures import simulated_tape

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def taped(tmp_path_factory):
    """A tape the model simulated (the truth, hidden state included) and day 0 read from it."""
    folder = tmp_path_factory.mktemp("tape")
    sample, path = simulated_tape(folder, rows=4000, seed=5, donors=6000)
    model = CollectionModel(str(path), borrowers=4000, horizon_days=1, seed=77)
    order = np.argsort(hash_ids(pd.Series(sample.book["account_id"])))
    truth = sample.model.b
    return sample, path, model, sample.slots[order], truth


def test_what_the_tape_holds_is_day_0(taped):
    _, _, model, slots, truth = taped
    b, start = model.b, model.start
    assert np.array_equal(b.balance, truth.balance[slots])
    assert np.array_equal(b.product, truth.product[slots])
    assert np.array_equal(b.grade, truth.grade[slots])
    assert np.array_equal(b.status, truth.status[slots])
    since = truth.delinquent_since[slots]
    assert np.array_equal(b.delinquent_since > CURRENT, since > CURRENT)
    late = since > CURRENT
    assert np.array_equal(b.delinquent_since[late], since[late])  # the same days past due
    legal = np.flatnonzero(b.status == LEGAL)
    assert legal.size and (b.legal_until[legal] >= start).all()
    docket = np.concatenate([a for parts in model.ctx.pipeline.docket.values() for a in parts])
    assert set(docket.tolist()) == set(legal.tolist())


def _ks(a: np.ndarray, b: np.ndarray) -> float:
    return float(stats.ks_2samp(a, b).pvalue)


#: the imputation test makes 29 comparisons (5 grades x 5 attributes, 2 groups x 2): each at
#: this level keeps the chance that a correct imputation fails any of them at 1% (Bonferroni)
ALPHA = 0.01 / 29


def test_imputation_reproduces_the_book_conditional_on_grade_and_days_past_due(taped):
    _, _, model, slots, truth = taped
    b = model.b
    grades = b.grade
    late = b.delinquent_since > CURRENT
    cash = lambda x, idx: x.cash[idx] / np.maximum(x.income[idx], 1)  # noqa: E731
    for g in range(5):
        mine = np.flatnonzero(grades == g)
        true = slots[mine]
        for name in ("willingness", "trust", "resistance", "inattention"):
            p = _ks(getattr(b, name)[mine], getattr(truth, name)[true])
            assert p > ALPHA, (g, name, p)
        assert _ks(cash(b, mine), cash(truth, true)) > ALPHA, g
    # those behind are the book's own: less willing and with less cash than those current
    behind, current = np.flatnonzero(late), np.flatnonzero(~late)
    for idx, group in ((behind, "behind"), (current, "current")):
        assert _ks(b.willingness[idx], truth.willingness[slots[idx]]) > ALPHA, group
        assert _ks(cash(b, idx), cash(truth, slots[idx])) > ALPHA, group
    assert b.willingness[behind].mean() < b.willingness[current].mean()
    assert np.median(cash(b, behind)) < np.median(cash(b, current))


def test_the_same_seed_gives_the_same_book_whatever_the_row_order(taped, tmp_path):
    sample, path, model, _, _ = taped
    shuffled = tmp_path / "book.csv"
    sample.book.sample(frac=1.0, random_state=3).to_csv(shuffled, index=False)
    (tmp_path / "book.toml").write_text(path.with_suffix(".toml").read_text())
    (tmp_path / path.with_suffix(".toml").read_text().split('"')[1]).write_text(
        (path.parent / "small.toml").read_text()
    )
    again = CollectionModel(load_book(str(shuffled)), borrowers=4000, horizon_days=1, seed=77)
    for name in ("willingness", "cash", "income", "cycle_day", "community", "balance"):
        assert np.array_equal(getattr(again.b, name), getattr(model.b, name)), name
    other = CollectionModel(str(path), borrowers=4000, horizon_days=1, seed=78)
    assert not np.array_equal(other.b.willingness, model.b.willingness)


def test_a_run_takes_a_sample_of_the_tape(taped):
    _, path, model, _, _ = taped
    part = CollectionModel(str(path), borrowers=1000, horizon_days=1, seed=77)
    assert np.array_equal(part.b.balance, model.b.balance[:1000])
