"""CollectionModel: a Mesa model of a loan book in collections, one step a day.

The model wires the parts and runs the loop; it holds no rule of its own.
Borrowers are arrays (:mod:`collectsim.engine.state`); the few actors, the
lender and the regulator, are Mesa agents (:mod:`collectsim.engine.lender`,
:mod:`collectsim.engine.regulator`). Everything a day's stages touch is one
:class:`~collectsim.engine.context.Context`, ``model.ctx``; the stages run in
the order :data:`collectsim.engine.loop.DAY` lists (see
``docs/architecture.md``). The book first runs the portfolio's burn-in under
business as usual (:mod:`collectsim.engine.horizon`), inside ``__init__``;
then Mesa's step counter is the clock: during step ``s`` the engine
simulates day ``s - 1`` of the horizon, and after it ``model.day == s``.
The DataCollector records the book at the start of each day, day 0 included.

Example::

    >>> m = CollectionModel(borrowers=500, horizon_days=30, seed=3)
    >>> m.run_model()
    >>> m.day, m.metrics()["contacts"] > 0
    (30, True)
"""

from __future__ import annotations

from functools import partial
from typing import Any

import mesa
import numpy as np

from collectsim.config import (
    Portfolio,
    Scenario,
    Strategy,
    load_scenario,
    load_strategy,
)
from collectsim.config.scenario import Regulation
from collectsim.config.screening import screened
from collectsim.config.tape import TapePortfolio, load_book, load_tape
from collectsim.engine.collectors import collector_rows
from collectsim.engine.context import Context
from collectsim.engine.economy import Economy
from collectsim.engine.events import EventLog
from collectsim.engine.finances import initial_employment
from collectsim.engine.horizon import (
    burn_in_once,
    burnt_book_key,
    business_as_usual,
    open_horizon,
)
from collectsim.engine.ledger import Ledger
from collectsim.engine.lender import Lender
from collectsim.engine.loop import DAY, Stage, run_day
from collectsim.engine.memory import check_fits
from collectsim.engine.observe import observe
from collectsim.engine.population import build_population
from collectsim.engine.regulator import Regulator
from collectsim.engine.reputation import peer_default_share
from collectsim.engine.responses import Responses
from collectsim.engine.results import run_metrics
from collectsim.engine.scoring import calibrate_score
from collectsim.engine.social import Social
from collectsim.engine.state import Borrowers
from collectsim.engine.streams import Streams
from collectsim.engine.tape import tape_book
from collectsim.errors import ConfigError
from collectsim.metrics import DAILY_NAMES
from collectsim.pilot import opening_hazard


def observed(model: CollectionModel, name: str) -> float:
    """DataCollector reporter: one series from the day's observation (picklable via partial)."""
    return model.observation[name]


def _check_size(borrowers: object, horizon_days: object, seed: object) -> None:
    """Counts a model cannot run with are the caller's error, not a crash."""
    for field, value, low in (("borrowers", borrowers, 1), ("horizon_days", horizon_days, 1)):
        if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < low:
            raise ConfigError(None, field, f"an integer >= {low}", value)
    if seed is not None and (
        isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0
    ):
        raise ConfigError(None, "seed", "an integer >= 0", seed)


def _configs(
    portfolio: Portfolio | str, scenario: Scenario | str, strategy: Strategy | str
) -> tuple[Portfolio, Scenario, Strategy]:
    """Config objects as given, or loaded from preset names or paths."""
    return (
        portfolio if isinstance(portfolio, Portfolio) else load_book(portfolio),
        scenario if isinstance(scenario, Scenario) else load_scenario(scenario),
        strategy if isinstance(strategy, Strategy) else load_strategy(strategy),
    )


class CollectionModel(mesa.Model):
    """A loan book in collections under one strategy and one scenario.

    Args:
        portfolio, scenario, strategy: config objects or preset names/paths.
        borrowers: number of accounts.
        horizon_days: days to simulate.
        seed / rng: as for any Mesa model; the seed also keys the named streams.
        trace: record the event history of accounts ``0 .. trace-1``.
        stages: the day's stages from day 0 (default :data:`~collectsim.engine.loop.DAY`;
            a trial inserts its own, :mod:`collectsim.engine.trials`).
    """

    def __init__(
        self,
        portfolio: Portfolio | str = "mixed",
        scenario: Scenario | str = "baseline",
        strategy: Strategy | str = "standard",
        borrowers: int = 10_000,
        horizon_days: int = 365,
        seed: int | None = None,
        rng: Any = None,
        trace: int = 0,
        stages: tuple[Stage, ...] = DAY,
    ):
        _check_size(borrowers, horizon_days, seed)
        check_fits(int(borrowers))  # refuse what cannot fit before allocating anything
        super().__init__(seed=seed) if rng is None else super().__init__(rng=rng)
        portfolio, scenario, strategy = _configs(portfolio, scenario, strategy)
        portfolio = screened(portfolio)  # the mix the lender's pre-loan assessment left
        self.horizon_days = int(horizon_days)
        self.stages = stages
        self.seed_value = int(seed) if seed is not None else int(self.rng.integers(2**62))
        self.start = portfolio.book.burn_in_days
        self.ctx = self._book(portfolio, scenario, strategy, int(borrowers), int(trace))
        self.lender = self.ctx.lender
        self.regulator = self.ctx.regulator
        self.observation: dict[str, float] = observe(self.ctx, self.start)
        self.datacollector = mesa.DataCollector(
            model_reporters={name: partial(observed, name=name) for name in DAILY_NAMES}
        )
        self.datacollector.collect(self)

    def _book(
        self, portfolio: Portfolio, scenario: Scenario, strategy: Strategy, n: int, trace: int
    ) -> Context:
        """The book at day 0: drawn, then run under business as usual for the burn-in; or a
        lender's tape, which replaces the burnt-in book at day 0 (engine.tape)."""
        streams = Streams(self.seed_value)
        economy = Economy(scenario, self.horizon_days, self.start)
        taped = portfolio if isinstance(portfolio, TapePortfolio) else None
        drawn = n if taped is None else taped.tape.settings.donor_borrowers
        b = build_population(portfolio, drawn, streams, opening_hazard(portfolio, CollectionModel))
        initial_employment(b, economy, streams)
        bau = strategy
        if self.start:
            bau = load_strategy(portfolio.book.business_as_usual, field="book.business_as_usual")
        ctx = Context(
            b=b,
            portfolio=portfolio,
            scenario=business_as_usual(scenario),
            economy=economy,
            streams=streams,
            ledger=Ledger(opening_receivables=int(b.balance.sum())),
            events=EventLog(trace, start=self.start),  # the burn-in leaves no rows
            lender=Lender(self, bau),
            regulator=Regulator(self, Regulation()),
            social=Social.of(b, portfolio.initial_reputation),
            responses=Responses.of(portfolio.behaviour),
        )
        ctx.social.peer_default_share = peer_default_share(ctx)
        ctx.lender.scale_to(drawn)
        calibrate_score(ctx)
        key = None if taped else burnt_book_key(portfolio, drawn, self.seed_value, self.start)
        burn_in_once(ctx, self.start, key)
        if taped is not None:
            ctx = tape_book(ctx, load_tape(taped), n, trace, self.start)
        lender = Lender(self, strategy) if self.start else ctx.lender
        lender.scale_to(n)
        open_horizon(ctx, lender, scenario, self.start)
        return ctx

    @property
    def b(self) -> Borrowers:
        """The borrowers (struct of arrays)."""
        return self.ctx.b

    @property
    def day(self) -> int:
        """Days of the horizon simulated so far (Mesa's step counter)."""
        return self.steps

    def step(self) -> None:
        """Simulate one day, then record the book at the start of the next."""
        self.ctx.day = self.start + self.steps - 1  # Mesa has already counted this step
        run_day(self.ctx, self.stages)
        self.observation = observe(self.ctx, self.start + self.steps)
        self.datacollector.collect(self)
        if self.steps >= self.horizon_days:
            self.running = False

    # --------------------------------------------------------------- results
    def metrics(self) -> dict[str, float | int]:
        """Per-run metrics (see :mod:`collectsim.metrics`); checks the books first."""
        return run_metrics(self.ctx)

    def daily_series(self) -> dict[str, np.ndarray]:
        frame = self.datacollector.model_vars
        return {name: np.asarray(frame[name]) for name in DAILY_NAMES}

    def trace_events(self) -> list[tuple[int, int, str, str]]:
        return list(self.ctx.events.rows)

    def collector_table(self) -> list[tuple[Any, ...]]:
        """Per collector (engine.collectors.COLLECTOR_COLUMNS), if the strategy has teams."""
        if not self.lender.crew.explicit:
            return []
        return list(collector_rows(self.lender.collectors))

    def release(self) -> None:
        """Remove the agents (Mesa's public API). Not needed for memory: the engine's
        agents do not keep their model alive (:mod:`collectsim.engine.agents`)."""
        self.remove_all_agents()
