"""The dashboard's page: a tab for the live view and one for results folders.

Solara serves this module (``SOLARA_APP``); :func:`Page` is its entry point.
"""

from __future__ import annotations

import solara

from collectsim.dashboard.ui_live import LivePage
from collectsim.dashboard.ui_results import ResultsPage

STYLE = """
.cs-chart { border: 1px solid #eee; border-radius: 4px; padding: 4px; margin-bottom: 8px; }
.v-card__title { font-size: 1rem; padding-bottom: 4px; }
"""


@solara.component
def Page() -> None:
    solara.Title("collectsim dashboard")
    solara.Style(STYLE)
    with solara.Div(style={"padding": "8px 16px"}):
        solara.Text(
            "collectsim · strategies on the same borrowers, side by side",
            style={"font-size": "1.3em", "font-weight": "bold", "display": "block"},
        )
        with solara.lab.Tabs():
            with solara.lab.Tab("Live", classes=["cs-tab-live"]):
                LivePage()
            with solara.lab.Tab("Results", classes=["cs-tab-results"]):
                ResultsPage()
