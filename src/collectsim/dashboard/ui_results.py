"""placeholder"""

import solara


@solara.component
def ResultsPage() -> None:
    solara.Text("results")
