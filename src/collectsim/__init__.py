"""collectsim: an agent-based simulation and strategy testbed for bank debt collection.

Borrowers (people and small businesses) fall behind on loans and respond,
day by day, to a lender's collection strategy; experiments cross strategies
with economic scenarios and replications and compare recovery, cost,
complaints and reputation.

>>> import collectsim
>>> collectsim.__version__
'0.1.0'
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("collectsim")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = ["__version__"]
