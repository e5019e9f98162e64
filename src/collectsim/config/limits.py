"""The ranges a real book can have: one place for the bounds the schemas share.

Every numeric field of every schema has finite bounds (``tests/config/test_limits.py``
checks it), so no value the schema accepts can crash a run or overflow it.

Money. The engine keeps money as int64 cents, at most 2**63 - 1 ~ 9.2e18
cents = 9.2e16 currency units. A run's sums (the book, its interest and fees,
collected, costs) stay far below that when

- every money amount in a file is at most :data:`MAX_MONEY` (10^12 currency
  units, a trillion yuan: more than any single loan, budget or fee), and
- a run's whole book, borrowers x mean opening balance, is at most
  :data:`MAX_BOOK` (10^14 currency units = 10^16 cents, 1/900 of int64), with
  no single account's balance beyond :data:`MAX_ACCOUNT` (10^12 units) even at
  8.5 standard deviations of its lognormal; the runner checks both before any
  run (:mod:`collectsim.runner.feasibility`).

The headroom (x900) covers interest before accrual stops, fees, contact and
legal costs and both sides of the ledger over the longest horizon.

>>> MAX_MONEY < MAX_BOOK < 2**63 / 100
True
"""

from __future__ import annotations

#: longest name of a strategy, scenario, segment, variant or experiment (characters)
MAX_NAME = 64
#: longest simulated horizon, and the latest day a time path or a window may name (100 years)
MAX_DAYS = 36_500
#: largest money amount in any file (currency units)
MAX_MONEY = 1e12
#: largest whole book of one run: borrowers x mean opening balance (currency units)
MAX_BOOK = 1e14
#: largest single account balance the lognormal may draw, at 8.5 sigma (currency units)
MAX_ACCOUNT = 1e12
#: largest count of people, calls, visits or cases (a day or a month)
MAX_COUNT = 10_000_000
#: largest multiplier or factor
MAX_FACTOR = 1_000.0
#: largest number of sweep points of one experiment
MAX_POINTS = 20_000
#: most replications of one experiment
MAX_REPLICATIONS = 100_000
#: most borrowers of one run (the memory check refuses far fewer on any machine today)
MAX_BORROWERS = 10**12
#: most worker processes
MAX_WORKERS = 4_096
#: largest experiment seed (a signed 64-bit integer)
MAX_SEED = 2**63 - 1
#: deepest nesting of tables and lists in a TOML file
MAX_DEPTH = 32
