"""The ``collectsim`` command: run experiments, validate files, list presets, report.

Bad input ends with one message per problem on stderr and exit status 2,
never a traceback. Each subcommand's work lives in its own module of
``collectsim.cli``, imported when the subcommand runs (so ``--help`` and
``validate`` do not load pandas or matplotlib); this file only parses
arguments and dispatches.

    collectsim run experiments/quickstart.toml --workers 2
    collectsim validate strategies/standard.toml
    collectsim strategies list
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from collectsim import __version__
from collectsim.cli.backtest import add_parser as add_backtest
from collectsim.cli.calibrate import add_fit_arguments
from collectsim.cli.dashboard import add_parser as add_dashboard
from collectsim.cli.portfolio import add_parser as add_portfolio
from collectsim.cli.presets import list_presets_table, show_preset
from collectsim.cli.validate import validate_all
from collectsim.errors import CollectsimError, CollectsimWarning


def _cmd_validate(args: argparse.Namespace) -> int:
    return validate_all(args.files)


def _cmd_list_or_show(args: argparse.Namespace) -> int:
    """``strategies list|show`` and ``scenarios list|show``: ``args.kind`` says which."""
    if args.action == "list":
        print(list_presets_table(args.kind))
    else:
        print(show_preset(args.kind, args.name))
    return 0


def _cmd_presets(args: argparse.Namespace) -> int:
    for kind in ("scenario", "portfolio", "strategy", "experiment", "targets"):
        print(list_presets_table(kind))
        print()
    return 0


def _cmd_run(args: argparse.Namespace) -> int:
    from collectsim.cli.run import cli_run

    return cli_run(args)


def _cmd_optimise(args: argparse.Namespace) -> int:
    from collectsim.cli.optimise import cli_optimise

    return cli_optimise(args)


def _cmd_report(args: argparse.Namespace) -> int:
    from collectsim.cli.report import cli_report

    return cli_report(args)


def _cmd_sensitivity(args: argparse.Namespace) -> int:
    from collectsim.cli.sensitivity import cli_sensitivity

    return cli_sensitivity(args)


def _cmd_calibrate(args: argparse.Namespace) -> int:
    from collectsim.cli.calibrate import cli_calibrate

    return cli_calibrate(args)


def _add_optimise(sub: Any) -> None:
    """The ``optimise`` subcommand's arguments."""
    opt = sub.add_parser("optimise", help="search for the best strategy within constraints")
    opt.add_argument("optimisation", help="optimisation file (.toml)")
    opt.add_argument("--out", help="results folder (inside results/; default results/<name>)")
    opt.add_argument("--workers", type=int, default=None, help="processes (default: cores)")
    opt.add_argument("--trials", type=int, default=None, help="candidates (default: the file's)")
    opt.add_argument("--backend", choices=["serial", "processes", "dask"], default=None)
    opt.add_argument("--scheduler", default=None, help="dask scheduler address tcp://host:port")
    opt.add_argument("--fresh", action="store_true", help="discard an earlier study in the folder")
    opt.add_argument("--no-report", action="store_true", help="skip plots and the HTML report")
    opt.add_argument("--quiet", action="store_true", help="no progress bar")
    opt.set_defaults(func=_cmd_optimise)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="collectsim",
        description="Agent-based simulation and strategy testbed for bank debt collection.",
    )
    parser.add_argument("--version", action="version", version=f"collectsim {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser("run", help="run an experiment (strategies x scenarios x replications)")
    run.add_argument("experiment", help="experiment file or preset name")
    run.add_argument("--out", help="results folder, any writable folder (default results/<name>)")
    run.add_argument("--workers", type=int, default=None, help="processes (default: cores)")
    run.add_argument("--backend", choices=["serial", "processes", "dask"], default=None)
    run.add_argument("--scheduler", default=None, help="dask scheduler address tcp://host:port")
    run.add_argument("--fresh", action="store_true", help="discard earlier runs in the folder")
    run.add_argument(
        "--trace",
        type=int,
        default=0,
        metavar="N",
        help="write the event log of the first N accounts of each run",
    )
    run.add_argument("--no-report", action="store_true", help="skip plots and the HTML report")
    run.add_argument("--quiet", action="store_true", help="no progress bar or table")
    run.add_argument(
        "--allow-long",
        action="store_true",
        help="go ahead with work estimated to take more than 8 hours",
    )
    run.set_defaults(func=_cmd_run)

    _add_checks(sub)
    pre = sub.add_parser("presets", help="list every built-in preset")
    pre.set_defaults(func=_cmd_presets)

    _add_analyses(sub)
    return parser


def _add_checks(sub: Any) -> None:
    """``validate``, ``strategies list|show`` and ``scenarios list|show``."""
    val = sub.add_parser(
        "validate",
        help="check configuration files; exit 2 on problems",
        description="Check every file given (and everything an experiment names); report every "
        "problem of every file, then exit 2 if there was any.",
    )
    val.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="a scenario, portfolio, strategy or experiment file, or a preset name "
        "(as `run` takes one: quickstart, standard, baseline, mixed, ...)",
    )
    val.set_defaults(func=_cmd_validate)

    for kind, plural in (("strategy", "strategies"), ("scenario", "scenarios")):
        group = sub.add_parser(plural, help=f"list built-in {plural} or show one")
        actions = group.add_subparsers(dest="action", required=True, metavar="ACTION")
        actions.add_parser("list", help=f"built-in {kind} presets with their descriptions")
        show = actions.add_parser(
            "show", help=f"print a {kind}, resolved, as TOML: every field's unit, default, meaning"
        )
        show.add_argument("name", help=f"a {kind} preset name or a path to a {kind} file")
        group.set_defaults(func=_cmd_list_or_show, kind=kind)


def _add_analyses(sub: Any) -> None:
    """``report``, ``calibrate`` and ``sensitivity``: commands on results or the model."""
    rep = sub.add_parser("report", help="plots and report.html for a results folder")
    rep.add_argument("folder", help="a finished results folder, e.g. results/quickstart")
    rep.add_argument(
        "--dpi", type=int, default=None, help="resolution of the PNG figures (default: 100)"
    )
    rep.add_argument(
        "--format",
        dest="formats",
        action="append",
        choices=["png", "svg", "pdf"],
        default=None,
        help="also write every figure in this format to plots/ (repeatable; svg and pdf are "
        "vector, for papers); report.html always embeds PNGs",
    )
    rep.set_defaults(func=_cmd_report)

    cal = sub.add_parser(
        "calibrate",
        help="the model's vital statistics against field figures",
        description="Run one strategy in the baseline and the recession and the published "
        "field experiments inside the model, and compare roll rates, losses, contact, promise "
        "and complaint rates and the experiments' effects with field figures; with --fit, fit "
        "portfolio parameters to a targets file's moments.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    cal.add_argument("--strategy", default="standard", help="strategy preset name or file")
    cal.add_argument("--borrowers", type=int, default=20_000, help="borrowers in each run")
    cal.add_argument("--horizon-days", type=int, default=365, help="days simulated after day 0")
    cal.add_argument("--seed", type=int, default=1, help="seed of the runs")
    add_fit_arguments(cal)
    cal.set_defaults(func=_cmd_calibrate)

    sens = sub.add_parser(
        "sensitivity",
        help="which swept inputs drive each outcome",
        description="Sobol indices (method sobol) or regression and rank coefficients (lhs) of "
        "every metric to the sampled inputs of a finished swept experiment; writes "
        "sensitivity.csv into the folder.",
    )
    sens.add_argument(
        "folder", help="a finished results folder of an experiment with a sampled [[sweep]]"
    )
    sens.set_defaults(func=_cmd_sensitivity)
    _add_optimise(sub)
    add_dashboard(sub)
    add_portfolio(sub)
    add_backtest(sub)


def _show_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: TextIO | None = None,
    line: str | None = None,
) -> None:
    """collectsim's own warnings as one line on stderr, like an error; others as Python
    shows them."""
    if issubclass(category, CollectsimWarning):
        print(f"collectsim: warning: {message}", file=sys.stderr)
    else:
        sys.stderr.write(warnings.formatwarning(message, category, filename, lineno, line))


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("always", CollectsimWarning)
            warnings.showwarning = _show_warning
            return func(args)
    except CollectsimError as exc:
        print(f"collectsim: {exc}".replace("\n", "\ncollectsim: "), file=sys.stderr)
        return exc.exit_status
    except BrokenPipeError:  # output piped into `head` and closed
        return 0
    except OSError as exc:  # a file collectsim had to read or write (disk full, read-only)
        print(f"collectsim: cannot read or write a file: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("collectsim: interrupted; finished runs are kept", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
