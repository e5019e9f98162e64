"""Customer education: it costs, raises willingness over time and lowers disputes."""

import numpy as np
import pytest

from collectsim.config import load_portfolio
from practice_fixtures import paired, run, variant

SEEDS = (1, 2, 3)
REPORTING = {"enabled": True, "days_past_due": 30}
COURSE = {"enabled": True, "audience": "all", "lessons": 12, "channel": "online_message"}


def _disputing_book():
    """The mixed book with borrowers quick to dispute, so disputes are many enough to count."""
    p = load_portfolio("mixed")
    levers = p.behaviour.levers.model_copy(update={"dispute_probability": 0.5})
    return p.model_copy(update={"behaviour": p.behaviour.model_copy(update={"levers": levers})})


@pytest.mark.slow
def test_education_raises_willingness_over_time_and_lowers_disputes():
    book = _disputing_book()
    plain = variant("standard", "plain", reporting=REPORTING)
    taught = variant("standard", "taught", reporting=REPORTING, education=COURSE)
    gains = []
    for seed in SEEDS:
        before = run(plain, seed, portfolio=book, horizon_days=300)
        after = run(taught, seed, portfolio=book, horizon_days=300)
        same = before.b.generation == after.b.generation  # the same borrowers in both
        gains.append(float((after.b.willingness - before.b.willingness)[same].mean()))
    assert min(gains) > 0
    r = paired({"plain": plain, "taught": taught}, ("disputes", "cost_education", "lessons"),
               SEEDS, portfolio=book, horizon_days=300)  # fmt: skip
    assert (r["plain"]["cost_education"] == 0).all() and (r["taught"]["cost_education"] > 0).all()
    assert np.mean(r["taught"]["disputes"] - r["plain"]["disputes"]) < 0


def test_the_course_ends_after_its_lessons():
    course = {**COURSE, "lessons": 2, "channel": "sms"}
    m = run(variant("standard", "short", education=course), 3, borrowers=800, horizon_days=150)
    assert m.b.lessons.max() == 2
    assert m.metrics()["lessons"] > 0
