"""The pilot book that teaches the opening book its stationary mix.

Before a portfolio's first run in a process, a pilot book of
``book.stationary_pilot_borrowers`` new-loan draws runs for
``book.stationary_pilot_days`` days under business as usual in normal times,
and a hazard of default is fitted on who defaulted when
(:func:`collectsim.engine.stationary.fit_hazard`). The opening book of every
run of that portfolio is then drawn in its stationary mix. The pilot's seed is
fixed: the mix belongs to the portfolio, not to a replication, so every
replication and every strategy starts from the same mix, and the pilot is
computed once per process and portfolio.

>>> from collectsim.config import load_portfolio
>>> from collectsim.model import CollectionModel
>>> p = load_portfolio("mixed")
>>> small = p.model_copy(update={"book": p.book.model_copy(update={
...     "stationary_pilot_borrowers": 2000, "stationary_pilot_days": 120})})
>>> h = opening_hazard(small, CollectionModel)
>>> h is opening_hazard(small, CollectionModel), h.beta.size > 0  # fitted once
(True, True)
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import numpy as np

from collectsim.config import Portfolio
from collectsim.config.levers import Screening
from collectsim.config.tape import TapePortfolio
from collectsim.engine.state import ACTIVE, AGENCY, CLOSED, CURRENT, LEGAL, SOLD, WRITTEN_OFF
from collectsim.engine.stationary import Hazard, features, fit_hazard

#: the pilot's seed, the same for every run: the stationary mix is the portfolio's
PILOT_SEED = 7_919
#: a borrower has defaulted once this many days past due (or in court, placed, charged off,
#: sold or settled): the default of Basel and IFRS 9, and of Laudenbach & Siegel
DEFAULT_DAYS = 90
#: hazards kept in this process, most recent last
_KEPT = 32
_fitted: OrderedDict[str, Hazard] = OrderedDict()


#: makes the pilot's model: (portfolio, scenario, strategy, borrowers, days, seed=)
Runner = Callable[..., Any]


def opening_hazard(portfolio: Portfolio, model: Runner) -> Hazard | None:
    """The hazard the opening book of ``portfolio`` (screened already) is drawn with (for a
    lender's tape, the book its donors come from); None when the portfolio asks for no pilot.
    ``model`` is the model class the pilot runs (passed in: the model imports this)."""
    book = portfolio.book
    if book.stationary_pilot_borrowers == 0:
        return None
    if isinstance(portfolio, TapePortfolio):  # the donors' book: the portfolio's own mix
        portfolio = Portfolio.model_validate(portfolio.model_dump(exclude={"tape"}))
    key = portfolio.model_dump_json()
    if key not in _fitted:
        _fitted[key] = _fit(portfolio, model)
        while len(_fitted) > _KEPT:
            _fitted.popitem(last=False)
    _fitted.move_to_end(key)
    return _fitted[key]


def _fit(portfolio: Portfolio, collection_model: Runner) -> Hazard:
    book = portfolio.book
    pilot = portfolio.model_copy(
        update={
            "book": book.model_copy(update={"stationary_pilot_borrowers": 0, "burn_in_days": 0}),
            "initial_delinquent_share": 0.0,  # every type starts current: its hazard from new
            "screening": Screening(),  # the portfolio is screened already
        }
    )
    model = collection_model(
        pilot,
        "baseline",
        book.business_as_usual,
        book.stationary_pilot_borrowers,
        book.stationary_pilot_days,
        seed=PILOT_SEED,
    )
    b = model.b
    x = features(b, np.arange(b.n))
    days = book.stationary_pilot_days
    at_risk = np.full(b.n, float(days))
    defaulted = np.zeros(b.n, dtype=bool)
    watching = np.ones(b.n, dtype=bool)
    for day in range(days):
        model.step()
        st = b.status
        late = (st == ACTIVE) & (b.delinquent_since != CURRENT)
        late &= day - b.delinquent_since >= DEFAULT_DAYS
        gone = (st == LEGAL) | (st == AGENCY) | (st == WRITTEN_OFF) | (st == SOLD)
        gone |= (st == CLOSED) & b.settled
        bad = watching & (b.generation == 0) & (late | gone)
        left = watching & ((b.generation != 0) | (st == CLOSED)) & ~bad
        defaulted |= bad
        at_risk[bad | left] = day + 1
        watching &= ~(bad | left)
    return fit_hazard(x, defaulted, at_risk)
