"""Shared set-ups for the tests of the lender's people (collectors, advisers, the agency)."""

from __future__ import annotations

from collectsim.config import load_portfolio, load_strategy
from collectsim.config.strategy import Strategy
from collectsim.model import CollectionModel


def call_heavy(teams: list[dict], **overrides) -> Strategy:
    """The standard strategy calling (firmly, every other day) from the first day past due,
    with plans on offer, worked by ``teams``: collectors decide most outcomes."""
    calls = [{"channel": "agent_call", "every_days": 2, "tone": "firm"}]
    return load_strategy(
        "standard",
        overrides={
            "segments.early.treatments": calls,
            "segments.calls.treatments": calls,
            "segments.early.offers.instalment_months": 6,
            "segments.calls.offers.instalment_months": 6,
            "workforce.teams": teams,
            **overrides,
        },
    )


def paired_totals(teams: list[dict], seeds=(1, 2), borrowers=4000, days=150, **overrides):
    """Metrics summed over replications (common random numbers: the same seeds for every
    arm), with the model of the last one; no burn-in, to keep the tests quick."""
    mixed = load_portfolio("mixed")
    portfolio = mixed.model_copy(update={"book": mixed.book.model_copy(update={"burn_in_days": 0})})
    totals: dict = {}
    model = None
    for seed in seeds:
        model = CollectionModel(
            portfolio=portfolio,
            strategy=call_heavy(teams, **overrides),
            borrowers=borrowers,
            horizon_days=days,
            seed=seed,
        )
        model.run_model()
        for name, value in model.metrics().items():
            totals[name] = totals.get(name, 0) + value
    return totals, model
