"""The shipped optimisation files load (every address, range and constraint checks)."""

from __future__ import annotations

from pathlib import Path

import pytest

from collectsim.optimiser.spec import load_optimisation

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("path", sorted((ROOT / "optimisations").glob("*.toml")), ids=str)
def test_example_loads(path, monkeypatch):
    monkeypatch.chdir(ROOT)
    opt = load_optimisation(path.relative_to(ROOT))
    assert opt.variables and opt.objectives
