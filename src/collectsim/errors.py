"""User-facing errors: bad input is reported as one clear message and exit status 2.

Every problem a user can fix (a wrong type, an unknown field, a missing file,
an unknown preset) is raised as :class:`ConfigError`, which names the file,
the field and what was expected. The command line turns it into a message on
stderr and exit status 2, with no traceback.

>>> str(ConfigError("experiments/x.toml", "borrowers", "a positive integer", got=-5))
"experiments/x.toml: field 'borrowers': expected a positive integer, got -5"
"""

from __future__ import annotations

from typing import Any

EXIT_BAD_INPUT = 2

_MISSING = object()


class CollectsimError(Exception):
    """Base class for errors that end a command with a message, not a traceback."""

    exit_status = 1


class CollectsimWarning(UserWarning):
    """Something the user should know that does not stop the command (e.g. a damaged
    part file set aside and recomputed); the command line prints it as one line."""


class ConfigError(CollectsimError):
    """A configuration file (or command-line value) the user must fix."""

    exit_status = EXIT_BAD_INPUT

    def __init__(self, file: str | None, field: str | None, expected: str, got: Any = _MISSING):
        self.file = file
        self.field = field
        self.expected = expected
        self.got = got
        parts = []
        if file:
            parts.append(str(file))
        if field:
            parts.append(f"field '{field}'")
        detail = f"expected {expected}"
        if got is not _MISSING:
            detail += f", got {got!r}"
        parts.append(detail)
        super().__init__(": ".join(parts))


class ConfigErrors(CollectsimError):
    """Several problems found in one pass, so the user can fix them all at once."""

    exit_status = EXIT_BAD_INPUT

    def __init__(self, errors: list[ConfigError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


class ConfigWarning(CollectsimWarning):
    """Input that runs but probably does not do what its author meant (a variant that
    changes nothing, a design too small for its statistics): the command line shows it
    as one line, ``collectsim: warning: ...``, and goes on."""


def attempt(errors: list[ConfigError], fn: Any, *args: Any, **kwargs: Any) -> Any:
    """``fn(*args, **kwargs)``; None if it fails, its errors added to ``errors`` (so a loader
    reports every problem of a file at once, not the first)."""
    try:
        return fn(*args, **kwargs)
    except ConfigError as exc:
        errors.append(exc)
    except ConfigErrors as exc:
        errors.extend(exc.errors)
    return None
