"""``collectsim portfolio sample|describe``: example tapes, and what a tape holds.

collectsim portfolio sample --rows 5000 --out data/book.csv [--history 30,60,90]
collectsim portfolio describe data/book.csv
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from collectsim.errors import ConfigError


def add_parser(sub: Any) -> None:
    """The ``portfolio`` subcommand's arguments (nothing heavy imported here)."""
    group = sub.add_parser("portfolio", help="sample a loan tape, or describe one")
    actions = group.add_subparsers(dest="action", required=True, metavar="ACTION")
    sample = actions.add_parser(
        "sample",
        help="write an anonymous example tape from a portfolio preset",
        description="Run a portfolio through its burn-in and write its open accounts at day 0 "
        "as a lender's tape (CSV or Parquet by the name) with its settings beside it; with "
        "--history, also what happened to them (a status history) and a back-test file.",
    )
    sample.add_argument("--rows", type=int, required=True, help="accounts on the tape")
    sample.add_argument("--out", required=True, help="the tape file (.csv or .parquet)")
    sample.add_argument("--portfolio", default="mixed", help="portfolio preset or file")
    sample.add_argument("--seed", type=int, default=1, help="seed of the book")
    sample.add_argument("--as-of", default="2026-01-01", help="the tape's date (YYYY-MM-DD)")
    sample.add_argument(
        "--history", default="", help="days after as_of to write the accounts' status at: 30,60,90"
    )
    sample.add_argument("--strategy", default="standard", help="the lender's strategy (history)")
    sample.add_argument("--scenario", default="baseline", help="the economy (history)")
    sample.add_argument("--force", action="store_true", help="replace files that exist")
    describe = actions.add_parser("describe", help="print what a tape holds, as the model reads it")
    describe.add_argument("tape", help="a tape (.csv or .parquet; its settings beside it)")
    group.set_defaults(func=cli_portfolio)


def _days(text: str) -> tuple[int, ...]:
    try:
        days = tuple(int(d) for d in text.split(",") if d.strip())
    except ValueError:
        raise ConfigError(None, "--history", "days as whole numbers: 30,60,90", text) from None
    if any(d < 1 or d > 3650 for d in days):
        raise ConfigError(None, "--history", "days within 1..3650", text)
    return days


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ConfigError(None, "--as-of", "a date as YYYY-MM-DD", text) from None


def cli_sample(args: argparse.Namespace) -> int:
    from collectsim.analysis.backtest.sample import sample_tape
    from collectsim.analysis.tapes import sample_paths, write_sample
    from collectsim.config.tape import load_book

    if not 1 <= args.rows <= 10_000_000:
        raise ConfigError(None, "--rows", "an integer within 1..10,000,000", args.rows)
    days, as_of = _days(args.history), _date(args.as_of)
    out = Path(args.out)
    existing = [str(p) for p in sample_paths(out, bool(days)).values() if p.exists()]
    if existing and not args.force:
        raise ConfigError(None, "--out", f"new files (these exist: {', '.join(existing)}; --force)")
    portfolio = load_book(args.portfolio, field="--portfolio")
    sample = sample_tape(
        portfolio,
        args.rows,
        seed=args.seed,
        as_of=as_of,
        history_days=days,
        strategy=args.strategy,
        scenario=args.scenario,
        portfolio_ref=args.portfolio,
    )
    written = write_sample(
        sample, out, force=args.force, seed=args.seed, strategy=args.strategy,
        scenario=args.scenario,
    )  # fmt: skip
    print(f"wrote {len(sample.book):,} accounts: " + ", ".join(str(p) for p in written))
    return 0


def cli_describe(args: argparse.Namespace) -> int:
    from collectsim.analysis.tapes import describe_tape
    from collectsim.config.tape import TapePortfolio, is_tape, load_book

    if not is_tape(args.tape):
        raise ConfigError(None, "tape", "a tape file ending .csv or .parquet", args.tape)
    portfolio = load_book(args.tape)
    assert isinstance(portfolio, TapePortfolio)
    print(describe_tape(portfolio))
    return 0


def cli_portfolio(args: argparse.Namespace) -> int:
    return cli_sample(args) if args.action == "sample" else cli_describe(args)
