"""Contact outcomes: the affordability test for plans follows today's economy."""

import numpy as np

from collectsim.engine.contacts import monthly_surplus
from collectsim.model import CollectionModel


def test_plan_affordability_follows_the_economy():
    m = CollectionModel(scenario="sme_cash_crunch", borrowers=3000, horizon_days=200, seed=1)
    b = m.b
    sme = np.flatnonzero(b.is_sme)
    before, during = monthly_surplus(m, sme, 0), monthly_surplus(m, sme, 120)
    assert (during < before).all()  # revenue down 35%, only half the costs follow it
    people = np.flatnonzero(~b.is_sme)
    b.employed[people[:10]] = False
    surplus = monthly_surplus(m, people[:10], 0)
    assert (surplus == -b.expenses[people[:10]]).all()  # no wage: nothing to spare
