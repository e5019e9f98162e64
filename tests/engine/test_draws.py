"""No random draw serves two purposes: each (stream, day, sub-key, account) is used once.

Reusing a draw correlates decisions that should be independent (a reach and a
complaint on two channels, a promise and an offer): this test records every
counter-based draw of a busy run and fails on any repeat.
"""

from collections import Counter

import numpy as np

from collectsim.config import load_strategy
from collectsim.engine.streams import Streams
from collectsim.model import CollectionModel


def test_no_draw_is_used_twice(monkeypatch):
    used: Counter = Counter()
    uniform, uniforms = Streams.uniform, Streams.uniforms

    def record(name, day, idx, sub):
        for account in np.asarray(idx).tolist():
            used[(name, day, sub, account)] += 1

    def spy_uniform(self, name, day, idx, sub=0):
        record(name, day, idx, sub)
        return uniform(self, name, day, idx, sub)

    def spy_uniforms(self, names, day, idx, subs=None):
        for name, sub in zip(names, subs or (0,) * len(names), strict=True):
            record(name, day, idx, sub)
        return uniforms(self, names, day, idx, subs)

    monkeypatch.setattr(Streams, "uniform", spy_uniform)
    monkeypatch.setattr(Streams, "uniforms", spy_uniforms)
    busy = load_strategy(
        "aggressive",
        overrides={
            "compliance.third_party_contact": True,
            "segments.pressure.offers.instalment_months": 6,
            "segments.pressure.offers.settlement_discount": 0.2,
            "segments.pressure.offers.payment_holiday_months": 1,
        },
    )
    # a book big enough for over 10,000 contacts at the fitted behaviour defaults
    m = CollectionModel(
        strategy=busy, scenario="mandated_hardship_plan", borrowers=6000, horizon_days=120, seed=8
    )
    m.run_model()
    assert m.ctx.tally.counts["contacts"] > 10_000 and m.ctx.tally.counts["plans"] > 0
    repeats = [key for key, n in used.items() if n > 1]
    assert not repeats, f"{len(repeats)} draws reused, e.g. {repeats[:3]}"


def test_uniforms_equal_separate_uniform_calls():
    s = Streams(4)
    idx = np.arange(50)
    block = s.uniforms(("pay", "offer", "offer"), 7, idx, subs=(0, 3, 4))
    assert np.array_equal(block[0], s.uniform("pay", 7, idx))
    assert np.array_equal(block[2], s.uniform("offer", 7, idx, sub=4))
