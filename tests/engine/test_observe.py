"""The day's observation counts every account once, in the bucket its days past due say."""

import numpy as np

from collectsim.engine.observe import observe
from collectsim.engine.state import CURRENT, LEGAL
from collectsim.metrics import BUCKETS, DAILY_NAMES
from collectsim.model import CollectionModel


def test_every_account_in_exactly_one_bucket_by_days_past_due():
    m = CollectionModel(borrowers=500, horizon_days=120, seed=1)
    ctx, b = m.ctx, m.b
    b.delinquent_since[:] = CURRENT
    b.status[:] = 0  # active
    b.delinquent_since[:3] = (55, 40, -100)  # on day 100: 45, 60 and 200 days past due
    b.status[3] = LEGAL
    ctx.late = np.flatnonzero(b.delinquent_since > CURRENT)
    obs = observe(ctx, 100)
    assert set(obs) == set(DAILY_NAMES)
    assert sum(obs[f"accounts_{k}"] for k in BUCKETS) == 500
    assert obs["accounts_dpd_30_59"] == 1 and obs["accounts_dpd_60_89"] == 1
    assert obs["accounts_dpd_90_plus"] == 1 and obs["accounts_legal"] == 1
    assert obs["accounts_current"] == 496
