"""What a fit found: the best point, its moments, and how the search got there."""

from __future__ import annotations

from dataclasses import dataclass

from collectsim.analysis.fit.objective import contributions
from collectsim.analysis.fit.space import Box
from collectsim.config import Portfolio
from collectsim.config.targets import Targets


@dataclass(frozen=True)
class FitResult:
    """The best point the search found, with what it simulates."""

    targets: Targets
    values: tuple[float, ...]
    """fitted values, in the targets file's order"""
    simulated: dict[str, float]
    """every moment the function returned at the fitted values"""
    objective: float
    evaluations: int
    """objective evaluations of the search"""
    simulations: int
    """of which simulated now (the others were answered by the journal or a repeat)"""
    converged: bool
    message: str
    seconds: float

    @property
    def parameters(self) -> dict[str, float]:
        """Fitted value per address."""
        return {p.name: v for p, v in zip(self.targets.parameters, self.values, strict=True)}

    @property
    def portfolio(self) -> Portfolio:
        """The portfolio with the fitted values."""
        return self.targets.apply(self.values)

    def at_bound(self) -> list[str]:
        """'low', 'high' or '' per parameter: one that ended at a bound."""
        return Box.of([p.bounds for p in self.targets.parameters]).at_bound(self.values)

    def contributions(self) -> list[float]:
        """Each moment's weighted squared error at the fit, in the targets file's order."""
        return contributions(self.simulated, self.targets.moments)
