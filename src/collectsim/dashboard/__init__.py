"""The dashboard: a local web page to explore strategies live and to read results.

The top layer beside the command line (``collectsim dashboard``). Its logic
(levers, the set-up a reviewer chose, the live pair of models, the charts'
data, results folders) is plain Python and tested without a browser; only
the ``ui_*`` modules, ``app`` and ``server`` import Solara, which comes with
the ``dashboard`` extra (``pip install collectsim[dashboard]``).
"""
