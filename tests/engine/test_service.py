"""The 24-hour AI service borrowers reach themselves, against the outbound app message that
stood in for it: more self-cures, at a lower cost per account resolved, answered sooner."""

import numpy as np
import pytest

from practice_fixtures import edited, paired, run, variant

SEEDS = (1, 2, 3)


def _app_message(data):
    """The stand-in: an outbound app message every 2 days in the first segment."""
    data["segments"][0]["treatments"].append(
        {"channel": "online_message", "every_days": 2, "tone": "neutral"}
    )


@pytest.mark.slow
def test_the_service_resolves_at_a_lower_cost_per_resolution_and_answers_sooner():
    arms = {
        "app": edited("standard", "app", _app_message),
        "service": variant("standard", "service", self_service={"enabled": True}),
    }
    names = ("self_cures", "cost_per_resolution", "response_days", "service_sessions")
    r = paired(arms, names, SEEDS, borrowers=4000)
    assert (r["app"]["service_sessions"] == 0).all() and (
        r["service"]["service_sessions"] > 0
    ).all()
    assert np.mean(r["service"]["cost_per_resolution"] - r["app"]["cost_per_resolution"]) < 0
    assert np.mean(r["service"]["response_days"] - r["app"]["response_days"]) < 0


@pytest.mark.slow
@pytest.mark.xfail(
    strict=True,
    reason="known miss since the refit of 2026-11-30: the internet bank's claim that its "
    "24-hour service raises self-cures over app messages no longer holds on 4,000 borrowers "
    "(self-cures 1,815/1,905/1,932 with the service against 1,830/1,916/1,942 with a message "
    "every 2 days, seeds 1-3): the messages' reminders are worth as much as the sessions",
)
def test_the_service_raises_self_cures_against_app_messages():
    arms = {
        "app": edited("standard", "app", _app_message),
        "service": variant("standard", "service", self_service={"enabled": True}),
    }
    r = paired(arms, ("self_cures",), SEEDS, borrowers=4000)
    assert np.mean(r["service"]["self_cures"] - r["app"]["self_cures"]) > 0


def test_a_session_is_answered_at_once_and_costs_its_price():
    service = variant("standard", "service", self_service={"enabled": True, "cost_per_session": 2})
    m = run(service, 8, borrowers=2000, horizon_days=120)
    c, metrics = m.ctx.tally.counts, m.metrics()
    assert c["service_sessions"] > 0
    assert metrics["cost_self_service"] == 2 * c["service_sessions"]
    opened = m.b.last_session >= m.ctx.start
    assert (m.b.known_reason[opened] > 0).all()  # the lender learned why
