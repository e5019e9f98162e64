"""``collectsim dashboard``: serve the live view and results browser on this machine."""

from __future__ import annotations

import argparse


def cli_dashboard(args: argparse.Namespace) -> int:
    from collectsim.dashboard.server import serve

    serve(args.host, args.port, announce=lambda line: print(line, flush=True))
    return 0


def add_parser(sub: argparse._SubParsersAction) -> None:
    """The subcommand's arguments (kept here so main.py only registers it)."""
    dash = sub.add_parser(
        "dashboard", help="a local web page: two strategies live, side by side; results folders"
    )
    dash.add_argument("--port", type=int, default=8765, help="port (0: any free one)")
    dash.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    dash.set_defaults(func=cli_dashboard)
