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

__all__ = [
    "CollectionModel",
    "OptimisationResults",
    "Results",
    "__version__",
    "load_optimisation_results",
    "load_results",
    "optimise",
    "run_experiment",
]

# The public API is imported on first use, so `import collectsim` stays light.
_LAZY = {
    "run_experiment": "collectsim.report.results",
    "load_results": "collectsim.report.results",
    "Results": "collectsim.report.results",
    "CollectionModel": "collectsim.model",
    "optimise": "collectsim.report.optimised",
    "OptimisationResults": "collectsim.report.optimised",
    "load_optimisation_results": "collectsim.report.optimised",
}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'collectsim' has no attribute {name!r}")
