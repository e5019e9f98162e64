"""The scenario's macro path, tabulated by day before the run starts.

Unemployment follows the scenario's path through labour-market flows: given
the monthly job-finding rate ``f`` and the target path ``u(t)``, the monthly
separation rate ``s`` that carries ``u(t)`` to ``u(t+30)`` is
``(u(t+30) - u(t) + f u(t)) / (1 - u(t))`` (floored at 0). Borrowers then
lose and find jobs with these probabilities, so the book's unemployment
tracks the scenario's while each borrower's history is random.

>>> from collectsim.config import load_scenario
>>> rec = Economy(load_scenario("recession"), horizon_days=365)
>>> base = Economy(load_scenario("baseline"), horizon_days=365)
>>> bool(rec.separation[90] > base.separation[90])  # jobs are lost faster as u climbs
True
"""

from __future__ import annotations

import numpy as np

from collectsim.config import Scenario
from collectsim.engine.state import MONTH


class Economy:
    """Daily arrays of the scenario's series, indexed by engine day.

    Engine day ``t`` is scenario day ``t - burn_in_days``: a burn-in before day 0
    sees the scenario's day-0 economy (paths are held flat before their first
    point) and no forbearance.
    """

    def __init__(self, scenario: Scenario, horizon_days: int, burn_in_days: int = 0):
        days = np.arange(-burn_in_days, horizon_days + 2 * MONTH + 1)
        e = scenario.economy

        def path(p) -> np.ndarray:
            return np.interp(days, p.days, p.values)

        self.unemployment = path(e.unemployment_rate)
        self.job_finding = path(e.job_finding_rate)
        self.income_factor = path(e.income_factor)
        self.sme_revenue_factor = path(e.sme_revenue_factor)
        self.expense_shock_factor = path(e.expense_shock_factor)
        u, u_next = self.unemployment[:-MONTH], self.unemployment[MONTH:]
        f = self.job_finding[:-MONTH]
        sep = np.maximum((u_next - u + f * u) / np.maximum(1 - u, 1e-9), 0.0)
        self.separation = np.concatenate([sep, np.full(MONTH, sep[-1])])
        self.forbearance = np.array([scenario.in_forbearance(int(d)) for d in days])
