"""Names are identifiers; numbers are finite: the rules every schema shares."""

from __future__ import annotations

import pytest

from collectsim.config.scenario import Scenario
from collectsim.config.validation import validate
from collectsim.errors import ConfigErrors

BAD_NAMES = {
    "empty": "",
    "NUL": "a\x00b",
    "newline": "a\nb",
    "carriage return": "a\rb",
    "tab": "a\tb",
    "escape": "a\x1b[31mred",
    "zero-width": "a\u200bb",
    "line separator": "a\u2028b",
    "path": "../x",
    "slash": "a/b",
    "backslash": "a\\b",
    "formula": "=HYPERLINK(1)",
    "plus": "+1",
    "minus": "-1",
    "at": "@SUM(1)",
    "leading space": " a",
    "256 characters": "a" * 256,
    "65 characters": "a" * 65,
}


@pytest.mark.parametrize("case", sorted(BAD_NAMES))
def test_a_name_that_is_no_identifier_is_refused(case):
    with pytest.raises(ConfigErrors, match=r"x\.toml: field 'name': expected a") as info:
        validate(Scenario, {"name": BAD_NAMES[case]}, "x.toml")
    assert len(info.value.errors) == 1


@pytest.mark.parametrize(
    "name", ["baseline", "衰退_2008", "A", "_private", "v1.2 strict cap", "a" * 64]
)
def test_names_in_any_script_are_identifiers(name):
    assert validate(Scenario, {"name": name}, "x.toml").name == name
