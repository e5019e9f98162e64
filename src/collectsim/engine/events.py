"""The CRM history of traced accounts: one row per event, for reading one borrower's story.

Only accounts ``0 .. trace-1`` are traced, so the cost when tracing is off is
one comparison per call.

>>> log = EventLog(trace=2)
>>> import numpy as np
>>> log.record(3, np.array([0, 5]), "payment", np.array([1500, 20]))
>>> log.rows
[(3, 0, 'payment', '15.00')]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

#: events whose value is money (cents, shown in currency units)
MONEY_EVENTS = frozenset(
    {
        "payment",
        "missed_payment",
        "promise",
        "promise_broken",
        "settlement",
        "lawsuit_filed",
        "judgment",
        "agency_placement",
        "agency_recall",
        "write_off",
        "debt_sale",
        "new_account",
        "card_purchases",
    }
)


class EventLog:
    """Events of accounts ``0 .. trace-1`` from day ``start`` (engine day) on; rows carry
    the day counted from ``start``, so a burn-in before day 0 leaves no rows."""

    def __init__(self, trace: int = 0, start: int = 0):
        self.trace = int(trace)
        self.start = int(start)
        self.rows: list[tuple[int, int, str, str]] = []

    def record(
        self,
        day: int,
        idx: np.ndarray,
        event: str,
        values: np.ndarray | None = None,
        labels: Sequence[str] | None = None,
    ) -> None:
        if self.trace <= 0 or idx.size == 0 or day < self.start:
            return
        sel = idx < self.trace
        if not sel.any():
            return
        vals = values[sel] if values is not None else np.zeros(int(sel.sum()), dtype=np.int64)
        for account, v in zip(idx[sel].tolist(), vals.tolist(), strict=True):
            if labels is not None:
                detail = labels[int(v)]
            elif event in MONEY_EVENTS:
                detail = f"{v / 100:.2f}"
            else:
                detail = str(v)
            self.rows.append((int(day) - self.start, int(account), event, detail))
