"""The regulator reviews monthly what reached it since its last review."""

import mesa
import pytest

from collectsim.config import load_scenario
from collectsim.engine.counters import Tally
from collectsim.engine.ledger import Ledger
from collectsim.engine.regulator import Regulator
from collectsim.engine.social import Social
from collectsim.engine.state import Borrowers


def _setup(**rules):
    scenario = load_scenario("baseline", overrides={f"regulation.{k}": v for k, v in rules.items()})
    regulator = Regulator(mesa.Model(seed=1), scenario.regulation)
    b = Borrowers(10_000)
    return regulator, Ledger(opening_receivables=0), Social.of(b, 0.8)


def _counts(**counts):
    """A run's counters (every declared one, as the loop passes them), some set."""
    tally = Tally().counts
    tally.update(counts)
    return tally


def test_warnings_then_fines_from_the_set_warning():
    regulator, ledger, social = _setup(fine_from_warning=2, fine_base=1000.0)
    counts = _counts(violations=3)
    regulator.review(29, counts, 10_000, ledger, social)
    assert regulator.warnings == 1 and ledger.totals["fine"] == 0  # a warning only
    counts["violations"] = 4  # one more this month
    regulator.review(59, counts, 10_000, ledger, social)
    rules = regulator.regulation
    assert ledger.totals["fine"] == round((1000.0 + rules.fine_per_violation * 1) * 100)
    assert social.reputation == pytest.approx(0.8 - rules.fine_reputation_loss)


def test_a_clean_month_earns_nothing_and_reviews_are_monthly():
    regulator, ledger, social = _setup(fine_from_warning=1)
    counts = _counts(violations=5)
    regulator.review(10, counts, 10_000, ledger, social)  # not a review day
    assert regulator.warnings == 0
    regulator.review(29, counts, 10_000, ledger, social)
    assert regulator.warnings == 1 and ledger.totals["fine"] > 0  # fined at the first
    fined = ledger.totals["fine"]
    regulator.review(59, counts, 10_000, ledger, social)  # nothing new since
    assert regulator.warnings == 1 and ledger.totals["fine"] == fined


def test_complaints_above_the_threshold_earn_a_warning():
    regulator, ledger, social = _setup(review_complaints_per_10k=1.0)
    regulator.review(29, _counts(regulator_complaints=1), 10_000, ledger, social)
    assert regulator.warnings == 0  # exactly 1 per 10k: not above
    regulator.review(59, _counts(regulator_complaints=3), 10_000, ledger, social)
    assert regulator.warnings == 1


def test_violations_no_complaint_revealed_earn_nothing():
    regulator, ledger, social = _setup(fine_from_warning=1)
    regulator.review(29, _counts(violations=4, hidden_violations=4), 10_000, ledger, social)
    assert regulator.warnings == 0 and ledger.totals["fine"] == 0  # it cannot see them
    counts = _counts(violations=6, hidden_violations=5)  # one more, and this one showed
    regulator.review(59, counts, 10_000, ledger, social)
    rules = regulator.regulation
    assert regulator.warnings == 1
    assert ledger.totals["fine"] == round((rules.fine_base + rules.fine_per_violation * 1) * 100)
