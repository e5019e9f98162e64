"""``collectsim report FOLDER``: plots and report.html for a finished results folder."""

from __future__ import annotations

import argparse

from collectsim.report.html import write_report


def cli_report(args: argparse.Namespace) -> int:
    path = write_report(args.folder, dpi=args.dpi, formats=tuple(args.formats or ()))
    print(f"report: {path}")
    return 0
