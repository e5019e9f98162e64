"""The results every plot test draws: a fabricated folder, read back as the API reads it."""

from __future__ import annotations

import pytest

from collectsim.report.results import load_results
from report_fixtures import make_results_folder


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory):
    folder = make_results_folder(tmp_path_factory.mktemp("plots") / "demo")
    return load_results(folder)
