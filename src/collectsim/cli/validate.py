"""``collectsim validate``: check every file given, report every problem, then exit.

A reference is a path or, as ``collectsim run`` takes it, a preset name; a
name that is a preset of several kinds is checked as each. Every reference
is checked even after one fails, so one pass shows everything to fix; the
exit status is 2 if any failed.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from collectsim.config import KINDS, load_any, resolve_path
from collectsim.config.files import list_presets, looks_like_path
from collectsim.errors import EXIT_BAD_INPUT, CollectsimError, ConfigError


def resolve_reference(ref: str) -> list[Path]:
    """The file(s) a reference names: an existing path, or the presets of that name."""
    if looks_like_path(ref) or Path(ref).is_file():
        return [Path(ref)]
    found = []
    for kind in KINDS:
        try:
            found.append(resolve_path(kind, ref))
        except ConfigError:
            continue
    if not found:
        names = "; ".join(f"{KINDS[k]}: {', '.join(list_presets(k))}" for k in KINDS)
        raise ConfigError(None, None, f"a configuration file or a preset name ({names})", ref)
    return found


def validate_all(refs: Sequence[str]) -> int:
    """Validate each reference; print 'ok' or its problems; 2 if any failed, else 0."""
    failed = 0
    for ref in refs:
        try:
            for path in resolve_reference(ref):
                kind, _ = load_any(path)
                shown = ref if str(path) == ref else f"{ref} ({path})"
                print(f"{shown}: ok ({kind})")
        except CollectsimError as exc:
            failed += 1
            print(f"collectsim: {exc}".replace("\n", "\ncollectsim: "), file=sys.stderr)
    if failed and len(refs) > 1:
        print(f"collectsim: {failed} of {len(refs)} references have problems", file=sys.stderr)
    return EXIT_BAD_INPUT if failed else 0
