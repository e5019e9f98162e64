"""Fuzz: whatever a config file says, ``collectsim run`` ends in exit 0 or 2, fast, one message.

Each case takes a tiny experiment with its own strategy, scenario and portfolio
files (copies of presets), changes one thing in one of the four files (a
value anywhere in it set to something nasty: NaN, infinity, huge or negative
numbers, wrong types, long or control-character strings, deep nesting; or a
key removed or added) and runs it with the real engine. Exit 1 (runs that
crashed), a traceback, more than one line of message for a refusal, or a case
slower than the per-case limit is a failure.

``make test`` runs the ``ci`` profile (a few hundred fixed cases); ``make fuzz``
the ``fuzz`` profile (thousands, new ones each time), with the outcome counts.
"""

from __future__ import annotations

import contextlib
import copy
import io
import tempfile
import time
from pathlib import Path
from typing import Any

import tomli_w
from hypothesis import event, given, settings
from hypothesis import strategies as st

from collectsim.cli import main
from collectsim.config.files import builtin_dir, read_toml

EXPERIMENT = {
    "name": "fuzz",
    "seed": 1,
    "replications": 1,
    "borrowers": 30,
    "horizon_days": 5,
    "portfolio": "book.toml",
    "scenarios": ["economy.toml"],
    "strategies": ["lever.toml", {"name": "capped", "base": "lever.toml", "set": {}}],
    "budget": {"complaints_per_10k": 100.0},
}
FILES = {
    "experiment": ("fuzz.toml", None),
    "strategy": ("lever.toml", ("strategy", "standard")),
    "scenario": ("economy.toml", ("scenario", "recession")),
    "portfolio": ("book.toml", ("portfolio", "mixed")),
}
NASTY: list[Any] = [
    float("nan"), float("inf"), float("-inf"), 0, -1, 1, 0.5, -0.5, 2**31, 2**63 - 1, -(2**63),
    1e308, -1e308, 1e-308, 10**15, "", "x" * 300, "a\nb", "a\x00b", "../../etc",
    "=cmd|' /C calc'!A0", "衰退", True, [], {}, [1, 2, 3], [float("nan")], {"a": 1}, [[[[[[1]]]]]],
]  # fmt: skip


def base_files() -> dict[str, dict[str, Any]]:
    files = {"experiment": copy.deepcopy(EXPERIMENT)}
    for kind, (_, preset) in FILES.items():
        if preset is not None:
            files[kind] = read_toml(builtin_dir(preset[0]) / f"{preset[1]}.toml")
    return files


BASE = base_files()


def paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    """Every address of a value in ``node`` (dict keys and list positions)."""
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found.extend(paths(value, (*prefix, key)))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found.extend(paths(value, (*prefix, i)))
    return found


@st.composite
def mutations(draw: st.DrawFn) -> tuple[str, dict[str, dict[str, Any]], str]:
    kind = draw(st.sampled_from(sorted(FILES)))
    files = copy.deepcopy(BASE)
    where = draw(st.sampled_from(paths(files[kind])))
    holder = files[kind]
    for part in where[:-1]:
        holder = holder[part]
    how = draw(st.sampled_from(["set", "set", "set", "drop", "add"]))
    if how == "drop" and isinstance(holder, dict):
        del holder[where[-1]]
    elif how == "add" and isinstance(holder, dict):
        holder["unknown_field"] = draw(st.sampled_from(NASTY))
    else:
        holder[where[-1]] = draw(st.sampled_from(NASTY))
    return kind, files, f"{how} {kind}:{'.'.join(map(str, where))}"


def run_case(files: dict[str, dict[str, Any]]) -> tuple[int, str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for kind, (name, _) in FILES.items():
            (folder / name).write_text(tomli_w.dumps(files[kind]), encoding="utf-8")
        err = io.StringIO()
        args = ["run", str(folder / "fuzz.toml"), "--out", str(folder / "out")]
        start = time.perf_counter()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            status = main([*args, "--backend", "serial", "--quiet", "--no-report"])
        return status, err.getvalue(), time.perf_counter() - start


@settings(deadline=None)
@given(mutations())
def test_any_config_ends_in_exit_0_or_2_fast_with_one_message(case):
    kind, files, label = case
    status, err, seconds = run_case(files)
    event(f"exit {status}")
    event(f"{kind} file")
    if status == 2:
        event(f"refused in {'<0.5' if seconds < 0.5 else '<2' if seconds < 2 else '>=2'} s")
    assert status in (0, 2), f"{label}: exit {status}\n{err}"
    assert "Traceback" not in err, f"{label}\n{err}"
    if status == 2:
        assert err.startswith("collectsim: "), f"{label}\n{err}"
        assert all(line.startswith("collectsim: ") for line in err.splitlines()), err
