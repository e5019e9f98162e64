"""Configuration: TOML files a person edits, validated into typed objects.

Four kinds of file, each with its own schema module: scenarios (the economy and
the rules in force), portfolios (the loan book and its borrowers), strategies
(what the lender does) and experiments (which of these to cross). Built-in
presets ship in ``collectsim/presets``; a name that is not a path is looked up
there.

>>> from collectsim.config import load_scenario
>>> load_scenario("baseline").name
'baseline'
"""

from collectsim.config.detect import load_any
from collectsim.config.files import KINDS, list_presets, read_toml, resolve_path
from collectsim.config.portfolio import Portfolio, load_portfolio
from collectsim.config.scenario import Scenario, load_scenario
from collectsim.config.strategy import Strategy, load_strategy

__all__ = [
    "KINDS",
    "Portfolio",
    "Scenario",
    "Strategy",
    "list_presets",
    "load_any",
    "load_portfolio",
    "load_scenario",
    "load_strategy",
    "read_toml",
    "resolve_path",
]
