"""The money ledger: every cent that moves is a recorded flow.

Money is integer cents (int64). Each flow type moves money into or out of the
loan book (receivables) or the lender's cash, and the books close only if

    opening receivables + lent + interest + fees - payments - concessions
        - written off = closing receivables  (= the sum of the borrowers' balances)

    payments + debt sale proceeds - costs - lent = change in lender cash

hold to the cent, which :meth:`Ledger.check` verifies at the end of every run.

>>> led = Ledger(opening_receivables=10_000)
>>> led.post("interest", 150)
150
>>> led.post("payment", 2_000)
2000
>>> led.closing_receivables()
8150
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

#: flow -> (effect on receivables, effect on lender cash, description)
FLOWS: dict[str, tuple[int, int, str]] = {
    "interest": (+1, 0, "interest accrued on balances"),
    "fee": (+1, 0, "late fees charged"),
    "payment": (-1, +1, "payments received from borrowers (any route)"),
    "concession": (-1, 0, "settlement discounts and waived fees"),
    "interest_waived": (-1, 0, "interest of payment holidays, accrued and waived"),
    "write_off": (-1, 0, "balances charged off"),
    "debt_sale": (0, +1, "price received for charged-off debt sold"),
    "contact_cost": (0, -1, "cost of contact attempts"),
    "legal_cost": (0, -1, "court and lawyer's fees"),
    "agency_commission": (0, -1, "commission to outside agencies"),
    "fine": (0, -1, "regulator fines"),
    "lent": (+1, -1, "money lent: new loans to new borrowers and card purchases"),
    "wages": (0, -1, "fixed pay of collectors and legal advisers"),
    "commission": (0, -1, "collectors' commission and balanced-scorecard bonuses"),
    "training": (0, -1, "collectors' training"),
    "agency_audit": (0, -1, "audits of the outside agency"),
    "programme_cost": (0, -1, "cost of customer education, the self-service and disputes"),
}


class LedgerError(AssertionError):
    """The books do not balance: a bug, never a user error."""


@dataclass
class Ledger:
    opening_receivables: int
    totals: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FLOWS, 0))
    cash: int = 0

    def post(self, flow: str, cents: int | np.integer | np.ndarray) -> int:
        """Record a flow of ``cents`` (a scalar, or an array summed exactly)."""
        amount = int(cents.sum(dtype=np.int64)) if isinstance(cents, np.ndarray) else int(cents)
        if amount < 0:
            raise LedgerError(f"negative {flow} of {amount} cents")
        self.totals[flow] += amount
        self.cash += FLOWS[flow][1] * amount
        return amount

    def closing_receivables(self) -> int:
        return self.opening_receivables + sum(
            sign * self.totals[name] for name, (sign, _, _) in FLOWS.items()
        )

    def check(self, balances: np.ndarray) -> None:
        """Raise LedgerError unless the flows explain the book to the cent."""
        actual = int(np.sum(balances, dtype=np.int64))
        expected = self.closing_receivables()
        if actual != expected:
            raise LedgerError(f"receivables {actual} != opening + flows {expected} (cents)")
        cash_flows = sum(sign * self.totals[n] for n, (_, sign, _) in FLOWS.items())
        if cash_flows != self.cash:
            raise LedgerError(f"lender cash {self.cash} != flows {cash_flows} (cents)")
