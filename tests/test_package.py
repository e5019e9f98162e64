"""The public surface: the names ``collectsim`` exports lazily, and ``python -m collectsim``."""

from __future__ import annotations

import subprocess
import sys

import pytest

import collectsim


def test_the_api_names_resolve_to_their_layers() -> None:
    from collectsim.model import CollectionModel
    from collectsim.report import results

    assert collectsim.CollectionModel is CollectionModel
    assert collectsim.run_experiment is results.run_experiment
    assert collectsim.load_results is results.load_results
    assert collectsim.Results is results.Results
    assert set(collectsim.__all__) >= {"CollectionModel", "Results", "run_experiment"}


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        _ = collectsim.nothing  # type: ignore[attr-defined]


def test_python_dash_m_is_the_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "collectsim", "--version"], capture_output=True, text=True
    )
    assert done.returncode == 0 and done.stdout.strip() == f"collectsim {collectsim.__version__}"
