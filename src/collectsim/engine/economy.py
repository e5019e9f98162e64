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
from collectsim.config.scenario import Economy as EconomyConfig
from collectsim.engine.state import MONTH


class Economy:
    """Daily arrays of the scenario's series, indexed by engine day.

    Engine day ``t`` is scenario day ``t - burn_in_days``. Before day 0 (the
    burn-in) the economy is normal times, the schema's defaults (5%
    unemployment, 30% of the unemployed finding work a month, incomes and
    revenues as the portfolio draws them), holding still: every scenario takes
    over the same book at day 0, so scenarios are paired as strategies are, and
    one whose day-0 values differ starts with a step.
    """

    def __init__(self, scenario: Scenario, horizon_days: int, burn_in_days: int = 0):
        days = np.arange(-burn_in_days, horizon_days + 2 * MONTH + 1)
        e, normal = scenario.economy, EconomyConfig()
        before = days < 0

        def path(name: str) -> np.ndarray:
            p, q = getattr(e, name), getattr(normal, name)
            return np.where(before, q.values[0], np.interp(days, p.days, p.values))

        self.unemployment = path("unemployment_rate")
        self.job_finding = path("job_finding_rate")
        self.income_factor = path("income_factor")
        self.sme_revenue_factor = path("sme_revenue_factor")
        self.expense_shock_factor = path("expense_shock_factor")
        u, u_next = self.unemployment[:-MONTH], self.unemployment[MONTH:]
        f = self.job_finding[:-MONTH]
        sep = np.maximum((u_next - u + f * u) / np.maximum(1 - u, 1e-9), 0.0)
        # normal times hold still: the separations that keep their unemployment steady
        u0, f0 = normal.unemployment_rate.values[0], normal.job_finding_rate.values[0]
        sep[before[:-MONTH]] = f0 * u0 / (1 - u0)
        self.separation = np.concatenate([sep, np.full(MONTH, sep[-1])])
        self.forbearance = np.array([scenario.in_forbearance(int(d)) for d in days])
