"""The regulator: a monthly review of complaints and rule violations, warnings, then fines.

On the last day of each 30-day month it looks at what reached it since its
last review: any violation it can see (a rule broken shows in the lender's
records; a collector's misconduct on a call only through a complaint), or
regulator complaints per 10,000 borrowers above the scenario's threshold,
earns a warning; from the scenario's ``fine_from_warning``-th warning on,
each warning brings a fine (a base plus an amount per violation) that is
published and costs reputation.
"""

from __future__ import annotations

import mesa

from collectsim.config.scenario import Regulation
from collectsim.engine.agents import EngineAgent
from collectsim.engine.ledger import Ledger
from collectsim.engine.social import Social
from collectsim.engine.state import MONTH


class Regulator(EngineAgent):
    """Reviews complaints and violations monthly, under the scenario's rules."""

    def __init__(self, model: mesa.Model, regulation: Regulation):
        super().__init__(model)
        self.regulation = regulation
        self.warnings = 0
        """warnings given so far"""
        self._seen = {"regulator_complaints": 0, "violations": 0, "hidden_violations": 0}

    def start(self, regulation: Regulation) -> None:
        """A clean record under ``regulation`` (at day 0, after the burn-in)."""
        self.regulation = regulation
        self.warnings = 0
        self._seen = dict.fromkeys(self._seen, 0)

    def review(
        self, day: int, counts: dict[str, int], borrowers: int, ledger: Ledger, social: Social
    ) -> None:
        """The monthly review (a no-op on other days)."""
        if day % MONTH != MONTH - 1:
            return
        reg = self.regulation
        new = {k: counts[k] - seen for k, seen in self._seen.items()}
        self._seen = {k: counts[k] for k in self._seen}
        new["violations"] -= new["hidden_violations"]  # what no log or complaint showed it
        per_10k = new["regulator_complaints"] * 10_000 / borrowers
        if new["violations"] > 0 or per_10k > reg.review_complaints_per_10k:
            self.warnings += 1
            if self.warnings >= reg.fine_from_warning:
                fine = round((reg.fine_base + reg.fine_per_violation * new["violations"]) * 100)
                ledger.post("fine", fine)
                social.reputation = max(0.0, social.reputation - reg.fine_reputation_loss)
