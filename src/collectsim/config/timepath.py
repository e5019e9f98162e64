"""A macro series over simulation days: a constant or a piecewise-linear path.

Its own module because both the scenario schema and the dotted addresses of
:mod:`collectsim.config.paths` (which set a path from one number) need it.

>>> TimePath(days=[0, 10], values=[1.0, 2.0]).at(5)
1.5
"""

from __future__ import annotations

from typing import Annotated

import numpy as np
from pydantic import Field, model_validator

from collectsim.config.limits import MAX_DAYS, MAX_FACTOR
from collectsim.config.validation import Schema


class TimePath(Schema):
    """A piecewise-linear path over simulation days."""

    days: list[Annotated[int, Field(ge=0, le=MAX_DAYS)]] = Field(min_length=1)
    """days at which the path takes its values, increasing from 0 or later"""
    values: list[Annotated[float, Field(ge=-MAX_FACTOR, le=MAX_FACTOR)]] = Field(min_length=1)
    """the series' value on those days (a rate or a factor: each series narrows the range)"""

    @model_validator(mode="after")
    def _check(self) -> TimePath:
        if len(self.days) != len(self.values):
            raise ValueError("'days' and 'values' of the same length")
        if any(b <= a for a, b in zip(self.days, self.days[1:], strict=False)) or self.days[0] < 0:
            raise ValueError("'days' increasing and starting at 0 or later")
        return self

    def at(self, day: float) -> float:
        return float(np.interp(day, self.days, self.values))
