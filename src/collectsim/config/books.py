"""Which loan book each strategy of an experiment runs on.

By default every strategy runs on the experiment's ``portfolio``. A strategy
variant may name its own (``{ name, base, portfolio }``: each lender with its
own book), and ``portfolios`` crosses every other strategy with several books
(each then named ``<strategy>@<portfolio>``), so a team can compare "collect
better" with "lend better" (a stricter screening) or one practice across books.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from collectsim.config.paths import load_named
from collectsim.config.portfolio import Portfolio
from collectsim.config.strategy import Strategy
from collectsim.config.tape import is_tape
from collectsim.config.tape import load_book as load_tape_book
from collectsim.config.tape_settings import TapeSettings
from collectsim.errors import ConfigError


def load_book(ref: str, *, settings: TapeSettings | None = None, **kwargs: Any) -> Portfolio:
    """A portfolio preset or file, optionally renamed and with dotted overrides; or a loan
    tape (with its reading ``settings``), as :func:`collectsim.config.tape.load_book`."""
    if settings is not None or is_tape(ref):
        keep = {k: kwargs[k] for k in ("referrer", "field") if k in kwargs}
        return load_tape_book(ref, settings=settings, **keep)
    return load_named("portfolio", Portfolio, ref, **kwargs)


def scenario_books(entries: Sequence[Any], file: str) -> list[ConfigError]:
    """A scenario runs on every book: a scenario variant names none."""
    return [
        ConfigError(file, f"scenarios[{i}].portfolio", "no portfolio (only strategies name one)")
        for i, entry in enumerate(entries)
        if getattr(entry, "portfolio", None) is not None
    ]


def pair_books(
    strategies: list[Strategy],
    own: list[Portfolio | None],
    crossed: list[Portfolio],
    default: Portfolio,
) -> tuple[list[Strategy], tuple[Portfolio, ...]]:
    """Each strategy with its book: its own, else once per crossed book (renamed
    '<strategy>@<portfolio>'), else the experiment's; no books when all run on the default."""
    if not crossed and all(p is None for p in own):
        return strategies, ()
    out: list[Strategy] = []
    books: list[Portfolio] = []
    for strategy, book in zip(strategies, own, strict=True):
        if book is not None or not crossed:
            out.append(strategy)
            books.append(book or default)
            continue
        for p in crossed:
            out.append(strategy.model_copy(update={"name": f"{strategy.name}@{p.name}"}))
            books.append(p)
    return out, tuple(books)
