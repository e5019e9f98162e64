"""Reading TOML files: a missing file, bad syntax or absurd nesting is one clear message."""

from __future__ import annotations

import pytest

from collectsim.config.files import depth, read_toml
from collectsim.config.limits import MAX_DEPTH
from collectsim.errors import ConfigError


@pytest.mark.parametrize(
    "text",
    [
        "a = " + "[" * 1000 + "]" * 1000,
        "a = " + "{ b = " * 1000 + "1" + " }" * 1000,
        "a = " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1),
    ],
)
def test_deep_nesting_is_refused_not_a_recursion_error(tmp_path, text):
    path = tmp_path / "deep.toml"
    path.write_text(text)
    with pytest.raises(
        ConfigError, match=f"deep.toml: expected tables and lists nested at most {MAX_DEPTH}"
    ):
        read_toml(path)


def test_ordinary_nesting_is_read(tmp_path):
    path = tmp_path / "ok.toml"
    path.write_text("[a.b]\nc = [[1, 2], [3]]\n")
    data = read_toml(path)
    assert data == {"a": {"b": {"c": [[1, 2], [3]]}}} and depth(data) == 5
