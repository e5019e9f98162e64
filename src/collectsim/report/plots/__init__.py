"""Figures of an experiment's results, each a matplotlib ``Figure`` a researcher can restyle.

Every function takes a results object (``collectsim.Results`` or anything
with its attributes: ``manifest``, ``summary``, ``comparison``, ``budget``,
``daily``, ``strategies``, ``scenarios``, ``champion``) and returns a Figure;
none touches ``pyplot``, so drawing many figures keeps no global state.
Colours per strategy come from one palette function
(:func:`collectsim.report.style.strategy_colors`) and agree across plots;
titles state what to conclude, axis labels carry units. One module a figure:

- :mod:`.scatter`: value against losses, the efficient frontier (``frontier``)
- :mod:`.tradeoff`: complaints against value, the complaint budget
- :mod:`.differences`: forest plot of paired differences against the champion
- :mod:`.buckets`: accounts by state over time
- :mod:`.series`: a daily series over time
- :mod:`.sweep`: headline metrics against a swept input
- :mod:`.common`: what they share (one sweep point, panels, legend, title)

    from collectsim import load_results
    from collectsim.report import plots
    results = load_results("results/quickstart")
    fig = plots.frontier(results)
    plots.save_figure(fig, results.folder / "plots" / "frontier.png")
"""

from collectsim.report.plots.buckets import bucket_grid, buckets
from collectsim.report.plots.common import at_point
from collectsim.report.plots.differences import differences
from collectsim.report.plots.scatter import frontier
from collectsim.report.plots.series import series
from collectsim.report.plots.sweep import sweep, sweep_fields
from collectsim.report.plots.tradeoff import tradeoff
from collectsim.report.style import DPI, save_figure

__all__ = [
    "DPI",
    "at_point",
    "bucket_grid",
    "buckets",
    "differences",
    "frontier",
    "save_figure",
    "series",
    "sweep",
    "sweep_fields",
    "tradeoff",
]
