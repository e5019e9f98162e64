"""Part files that prove they are whole: a checksum over the content, and a shape check.

A part is written atomically, but a disk, a sync tool or a person can still
damage it afterwards: truncate it, empty it, replace it with ``{}``. A
damaged part must never end up in ``runs.csv`` nor stop a re-run, so each
part carries the SHA-256 of its own content, and reading one checks the
checksum and the fields a reader relies on. Anything else is
:class:`DamagedPart`, which the store sets aside so the run is computed again.

>>> text = seal({"stem": "s000", "error": "boom", "row": ["a"]})
>>> unseal(text, FAILURE_FIELDS)["error"]
'boom'
>>> unseal(text.replace("boom", "bang"), FAILURE_FIELDS)
Traceback (most recent call last):
...
collectsim.runner.integrity.DamagedPart: checksum does not match its content
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

#: the fields of a finished run's part and the type each must have
PART_FIELDS: Mapping[str, type | tuple[type, ...]] = {
    "key": list,
    "seed": int,
    "seconds": (int, float),
    "runs": str,
    "daily": str,
    "events": str,
}
#: the fields of a failed run's record
FAILURE_FIELDS: Mapping[str, type | tuple[type, ...]] = {
    "stem": str,
    "error": (str, type(None)),
    "row": list,
}


class DamagedPart(ValueError):
    """A part file that is not what collectsim wrote: truncated, emptied or edited."""


def _digest(body: Mapping[str, Any]) -> str:
    blob = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(blob.encode()).hexdigest()


def seal(body: Mapping[str, Any]) -> str:
    """The part as JSON text with its checksum."""
    return json.dumps({"sha256": _digest(body), "body": body}, ensure_ascii=False)


def unseal(text: str, fields: Mapping[str, type | tuple[type, ...]]) -> dict[str, Any]:
    """The part's content if it is whole and has ``fields``; else DamagedPart saying why."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise DamagedPart(f"not valid JSON ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("body"), dict):
        raise DamagedPart("not a collectsim part (no checksummed content)")
    body = data["body"]
    if data.get("sha256") != _digest(body):
        raise DamagedPart("checksum does not match its content")
    for name, kind in fields.items():
        if not isinstance(body.get(name), kind):
            raise DamagedPart(f"field '{name}' missing or of the wrong type")
    return body
