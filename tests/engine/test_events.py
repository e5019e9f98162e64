"""The event log keeps only traced accounts and shows money in currency units."""

import numpy as np

from collectsim.engine.events import EventLog


def test_only_traced_accounts_are_logged():
    log = EventLog(trace=3)
    log.record(5, np.array([0, 2, 3, 9]), "payment", np.array([12_345, 100, 7, 8]))
    log.record(6, np.array([1]), "sms", np.array([1]), labels=("unanswered", "reached"))
    assert log.rows == [
        (5, 0, "payment", "123.45"),
        (5, 2, "payment", "1.00"),
        (6, 1, "sms", "reached"),
    ]


def test_tracing_off_records_nothing():
    log = EventLog(trace=0)
    log.record(1, np.array([0, 1]), "payment", np.array([1, 2]))
    assert log.rows == []


def test_the_burn_in_leaves_no_rows_and_days_count_from_day_0():
    from collectsim.model import CollectionModel

    m = CollectionModel(borrowers=300, horizon_days=40, seed=3, trace=300)
    assert m.start > 0 and m.ctx.events.rows == []  # 270 days of burn-in, nothing logged
    m.run_model()
    days = [row[0] for row in m.trace_events()]
    assert days and min(days) >= 0 and max(days) < 40
