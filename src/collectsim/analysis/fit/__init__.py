"""Fitting portfolio parameters to field moments by the method of simulated moments.

- :mod:`~collectsim.analysis.fit.fitter`: :func:`fit`, returning a :class:`FitResult` (``.result``)
- :mod:`~collectsim.analysis.fit.objective`: the weighted squared distance, its bookkeeping
- :mod:`~collectsim.analysis.fit.search`: Latin hypercube, then Nelder–Mead (and why)
- :mod:`~collectsim.analysis.fit.space`: bounds mapped onto the real line
- :mod:`~collectsim.analysis.fit.moments`: the built-in moment function, and named ones
- :mod:`~collectsim.analysis.fit.journal`: every evaluation on disk, so a fit resumes
- :mod:`~collectsim.analysis.fit.tables`, :mod:`~collectsim.analysis.fit.outputs`: what it writes

The targets file's schema is :mod:`collectsim.config.targets`.
"""

from collectsim.analysis.fit.fitter import fit, fit_seeds
from collectsim.analysis.fit.moments import make_moment_function, moment_function
from collectsim.analysis.fit.objective import Evaluation, MomentFunction, objective
from collectsim.analysis.fit.result import FitResult
from collectsim.analysis.fit.tables import format_fit
from collectsim.config.targets import Targets, load_fitted, load_targets

__all__ = [
    "Evaluation",
    "FitResult",
    "MomentFunction",
    "Targets",
    "fit",
    "fit_seeds",
    "format_fit",
    "load_fitted",
    "load_targets",
    "make_moment_function",
    "moment_function",
    "objective",
]
