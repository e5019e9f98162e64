"""``collectsim calibrate`` prints every target with the model's value."""

from __future__ import annotations

import pytest

from collectsim.cli import main


@pytest.mark.slow
def test_calibrate_command(capsys):
    assert main(["calibrate", "--borrowers", "1500", "--horizon-days", "150"]) == 0
    out = capsys.readouterr().out
    assert "promises to pay kept" in out and "target" in out
