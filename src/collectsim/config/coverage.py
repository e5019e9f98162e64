"""Segments that together cover every days past due, and none hidden behind another.

A strategy's past-due segments must leave no days past due from 1 uncovered,
and no segment may be fully shadowed by an earlier, broader one (first match
wins, so it could never match). Pre-due segments (``days_to_due``) work current
accounts and take no part.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol


class SegmentLike(Protocol):
    """What the checks read of a segment."""

    name: str
    days_past_due: list[int] | None

    def covers(self, other: Any) -> bool: ...


def check_coverage(segments: Sequence[SegmentLike]) -> None:
    """Every days past due from 1 to the highest segment bound must be covered."""
    spans = sorted(tuple(s.days_past_due) for s in segments if s.days_past_due)
    reach = 0
    for lo, hi in spans:
        if lo > reach + 1:
            raise ValueError(
                f"segments covering every days past due from 1 (days {reach + 1}-{lo - 1} "
                "are in no segment)"
            )
        reach = max(reach, hi)


def check_shadowing(segments: Sequence[SegmentLike]) -> None:
    """A segment fully hidden behind an earlier, broader one is an ambiguous overlap."""
    past_due = [s for s in segments if s.days_past_due]
    for j, later in enumerate(past_due):
        for earlier in past_due[:j]:
            assert earlier.days_past_due and later.days_past_due
            lo = max(earlier.days_past_due[0], later.days_past_due[0])
            hi = min(earlier.days_past_due[1], later.days_past_due[1])
            if lo <= hi and earlier.covers(later):
                if later.days_past_due[0] >= earlier.days_past_due[0] and (
                    later.days_past_due[1] <= earlier.days_past_due[1]
                ):
                    what = "can never match"
                else:
                    what = f"never matches days {lo}-{hi}"
                raise ValueError(
                    f"segments that do not overlap ambiguously: '{later.name}' {what}; "
                    f"'{earlier.name}' above it matches the same accounts"
                )
