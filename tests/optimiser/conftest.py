"""Small optimisation files written into a temporary working folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from quick_book import write_quick_portfolio

HEAD = """
name = "{name}"
seed = {seed}
portfolio = "quick.toml"
borrowers = 300
horizon_days = 45
replications = 2
trials = {trials}
base = "{base}"
scenarios = ["baseline"]
presets = {presets}
validation_replications = 3
backend = "serial"
{extra}

[search]
batch = 4
startup = 4
"""


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def write(workdir):
    """write(variables, **head) -> path of an optimisation file in the working folder."""

    def _write(variables: str, *, name="opt", seed=1, trials=8, base="standard", presets="[]",
               extra="") -> Path:  # fmt: skip
        text = HEAD.format(
            name=name, seed=seed, trials=trials, base=base, presets=presets, extra=extra
        )
        path = workdir / f"{name}.toml"
        write_quick_portfolio(workdir)
        path.write_text(text + "\n" + variables)
        return path

    return _write
