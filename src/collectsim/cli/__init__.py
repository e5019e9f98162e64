"""The ``collectsim`` command: argument parsing and one module per subcommand.

Only this layer reads an ``argparse.Namespace``; each subcommand turns its
arguments into a call of the layer below and prints what it returns.
"""

from collectsim.cli.main import build_parser, main

__all__ = ["build_parser", "main"]
