"""Finding and reading configuration files: preset names, paths and TOML.

A reference such as ``"recession"`` is a preset name; one with a slash or a
``.toml`` ending is a path. A name resolves first to the editable copy in the
project folder of its kind (``./scenarios/recession.toml``), then to the
built-in preset shipped in the package, so an installed user has every preset
and a project user can edit them. Paths are tried relative to the referring
file's folder, then to the working directory.

>>> resolve_path("scenario", "baseline").name
'baseline.toml'
"""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from collectsim.config.limits import MAX_DEPTH
from collectsim.errors import ConfigError

#: kind -> folder name, the same in the project and in the package presets
KINDS: dict[str, str] = {
    "scenario": "scenarios",
    "portfolio": "portfolios",
    "strategy": "strategies",
    "experiment": "experiments",
    "targets": "targets",
    "backtest": "backtests",
}


def builtin_dir(kind: str) -> Path:
    """The package folder holding built-in presets of ``kind``."""
    return Path(str(resources.files("collectsim") / "presets" / KINDS[kind]))


def list_presets(kind: str) -> list[str]:
    """Names of the built-in presets of ``kind``, sorted."""
    return sorted(p.stem for p in builtin_dir(kind).glob("*.toml"))


def looks_like_path(ref: str) -> bool:
    return "/" in ref or "\\" in ref or ref.endswith(".toml")


def find_file(ref: str, referrer: str | Path | None, field: str | None, what: str) -> Path:
    """A file named in a config: beside the referring file first, then in the working
    folder; else one message naming both places tried."""
    candidates = [Path(referrer).parent / ref] if referrer else []
    candidates.append(Path(ref))
    for c in candidates:
        if c.is_file():
            return c
    tried = ", ".join(str(c) for c in dict.fromkeys(candidates))
    raise ConfigError(
        str(referrer) if referrer else ref, field, f"an existing {what} (tried {tried})", ref
    )


def resolve_path(
    kind: str, ref: str, *, referrer: str | Path | None = None, field: str | None = None
) -> Path:
    """Resolve a preset name or path to an existing file, or raise ConfigError."""
    if not isinstance(ref, str) or not ref:
        raise ConfigError(
            str(referrer) if referrer else None, field, f"a {kind} preset name or path", ref
        )
    if looks_like_path(ref):
        return find_file(ref, referrer, field, f"{kind} file")
    local = Path(KINDS[kind]) / f"{ref}.toml"
    if local.is_file():
        return local
    builtin = builtin_dir(kind) / f"{ref}.toml"
    if builtin.is_file():
        return builtin
    names = ", ".join(list_presets(kind))
    raise ConfigError(
        str(referrer) if referrer else None,
        field,
        f"{'an' if kind[0] in 'aeiou' else 'a'} {kind} preset ({names}) or a path to a .toml file",
        ref,
    )


def depth(data: Any, limit: int = MAX_DEPTH) -> int:
    """How deeply tables and lists nest in ``data`` (stops counting past ``limit``).

    >>> depth({"a": [{"b": 1}]})
    3
    """
    deepest, level, frontier = 0, 0, [data]
    while frontier and level <= limit:
        level += 1
        children: list[Any] = []
        for node in frontier:
            if isinstance(node, dict):
                children.extend(node.values())
            elif isinstance(node, list):
                children.extend(node)
            else:
                continue
            deepest = level
        frontier = children
    return deepest


def read_toml(path: str | Path) -> dict[str, Any]:
    """Read a TOML file; a missing file, a syntax error or absurd nesting is a ConfigError."""
    p = Path(path)
    if not p.is_file():
        raise ConfigError(str(p), None, "an existing TOML file (not found)")
    nested = f"tables and lists nested at most {MAX_DEPTH} deep"
    try:
        with p.open("rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(str(p), None, f"valid TOML ({exc})") from None
    except RecursionError:
        raise ConfigError(str(p), None, f"{nested} (far deeper)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(str(p), None, f"a readable UTF-8 TOML file ({exc})") from None
    if depth(data) > MAX_DEPTH:
        raise ConfigError(str(p), None, nested)
    return data


def read_named(
    kind: str, ref: str, *, referrer: str | Path | None = None, field: str | None = None
) -> tuple[Path, dict[str, Any]]:
    """Resolve and read a config file; its name defaults to the file's stem."""
    path = resolve_path(kind, ref, referrer=referrer, field=field)
    data = read_toml(path)
    data.setdefault("name", path.stem)
    return path, data
