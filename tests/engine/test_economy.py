"""The scenario's economy: unemployment tracks its path; every bundled scenario runs."""

import numpy as np
import pytest

from collectsim.config import list_presets, load_scenario
from collectsim.engine.economy import Economy
from collectsim.engine.state import LEGAL, SOLD, WRITTEN_OFF
from collectsim.model import CollectionModel


def test_separation_carries_unemployment_along_the_path():
    e = Economy(load_scenario("recession"), horizon_days=365)
    u = e.unemployment[0]
    for day in range(0, 360, 30):  # the monthly flow identity, iterated
        u = u + e.separation[day] * (1 - u) - e.job_finding[day] * u
    assert u == pytest.approx(e.unemployment[360], abs=1e-9)


def test_book_unemployment_follows_the_scenario():
    m = CollectionModel(scenario="recession", borrowers=20_000, horizon_days=240, seed=1)
    people = ~m.b.is_sme
    start = 1 - m.b.employed[people].mean()
    m.run_model()
    end = 1 - m.b.employed[people].mean()
    assert start == pytest.approx(0.05, abs=0.01)
    assert end == pytest.approx(m.ctx.economy.unemployment[m.ctx.start + 240], abs=0.015)
    assert (m.b.cash >= 0).all()
    assert m.b.employed[m.b.is_sme].all()  # businesses do not lose jobs


def test_forbearance_window_stops_dues_and_contacts():
    m = CollectionModel(scenario="pandemic", borrowers=3000, horizon_days=100, seed=2)
    while m.day < 40:
        m.step()
    t = m.ctx.ledger.totals
    before = (
        m.ctx.tally.counts["contacts"],
        t["interest"],
        t["interest_waived"],
        int(m.b.arrears.sum()),
    )
    concessions = t["concession"]
    while m.day < 90:
        m.step()
    contacts, interest, waived, arrears = before
    assert m.ctx.tally.counts["contacts"] == contacts
    assert int(m.b.arrears.sum()) <= arrears  # nothing new falls due
    # the interest of the holiday is waived, and the waiver is on the books (not a concession)
    assert t["interest"] - interest == t["interest_waived"] - waived > 0
    assert t["concession"] == concessions
    assert m.ctx.tally.counts["blocked_contacts"] > 0


@pytest.mark.parametrize("scenario", list_presets("scenario"))
def test_every_bundled_scenario_runs(scenario):
    m = CollectionModel(scenario=scenario, borrowers=1000, horizon_days=120, seed=3)
    m.run_model()
    metrics = m.metrics()
    assert metrics["contacts"] > 0 and np.isfinite(list(metrics.values())).all()


def test_forbearance_freezes_delinquency_and_stops_legal_action():
    m = CollectionModel(scenario="pandemic", borrowers=3000, horizon_days=100, seed=2)
    while m.day < 31:
        m.step()
    late = m.b.delinquent_since > -(10**9)
    dpd_before = m.day - m.b.delinquent_since[late]
    cases = m.ctx.tally.counts["legal_cases"]
    in_court_or_gone = np.isin(m.b.status, (LEGAL, WRITTEN_OFF, SOLD))
    while m.day < 90:
        m.step()
    still = late & (m.b.delinquent_since > -(10**9)) & (m.b.status == 0)
    dpd_after = m.day - m.b.delinquent_since[still]
    assert (dpd_after <= dpd_before[still[late]] + 1).all()  # the clock stood still
    assert m.ctx.tally.counts["legal_cases"] == cases
    # only lawsuits filed before the holiday end in charge-offs during it
    assert not np.isin(m.b.status[~in_court_or_gone], (WRITTEN_OFF, SOLD)).any()
