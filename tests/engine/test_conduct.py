"""Legal advisers keep notices and escalations lawful; the agency's conduct is the lender's
(paired on common random numbers: the same seed with and without)."""

from __future__ import annotations

from collections import Counter

import pytest

from collectsim.channels import CHANNEL_INDEX
from collectsim.config import load_scenario
from collectsim.engine.state import AGENCY
from collectsim.model import CollectionModel
from people_fixtures import call_heavy

TEAM = [{"name": "a", "collectors": 10}]
#: a lender that ignores the rules and sends a formal notice every third day from day 30
LAWLESS = {
    "compliance.respects_rules": False,
    "segments.notice.treatments": [
        {"channel": "agent_call", "every_days": 2, "tone": "firm"},
        {"channel": "formal_notice", "every_days": 3, "tone": "firm"},
    ],
}
#: a lender that places accounts with its agency from 90 days past due
PLACING = {"segments.legal.treatments": [{"channel": "agency_placement", "every_days": 30}]}


def _run(
    scenario: str = "baseline", days: int = 150, seed: int = 5, **overrides
) -> CollectionModel:
    m = CollectionModel(
        scenario=load_scenario(scenario),
        strategy=call_heavy(TEAM, **overrides),
        borrowers=2500,
        horizon_days=days,
        seed=seed,
    )
    m.run_model()
    return m


@pytest.mark.slow
def test_legal_advisers_lower_violations_and_disputes_at_a_cost():
    before, after = Counter(), Counter()
    notices = CHANNEL_INDEX["formal_notice"]
    for seed in (5, 6):  # paired: the same seeds with and without advisers
        without = _run("strict_contact_cap", seed=seed, **LAWLESS)
        adviser = _run(
            "strict_contact_cap", seed=seed, **LAWLESS, **{"workforce.legal_advisers.advisers": 3}
        )
        for totals, m in ((before, without), (after, adviser)):
            totals.update(m.metrics())
            totals["notices"] += int(m.ctx.tally.contacts_by_channel[notices])
            totals["reviewed"] += m.ctx.tally.counts["reviewed"]
        assert len(adviser.lender.advisers) == 3
        assert sum(a.reviewed for a in adviser.lender.advisers) == adviser.lender.desk.reviewed
    assert after["reviewed"] > 0 == before["reviewed"]
    # they stop the notices that would break the cap; calls, which they do not review, still
    # break it, so violations fall by about the notices' share of them (a sixth here)
    assert after["notices"] < 0.1 * before["notices"]
    assert after["violations"] < 0.9 * before["violations"]
    assert after["blocked_contacts"] > before["blocked_contacts"]
    assert after["complaints"] < before["complaints"]
    assert after["collector_cost"] > before["collector_cost"] == 0


@pytest.mark.slow
def test_the_agencys_conduct_is_the_lenders_and_an_audit_lowers_it():
    rough = {
        **PLACING,
        "workforce.agency.complaints_per_account_month": 0.2,
        "workforce.agency.violations_per_account_month": 0.1,
    }
    clean, wild = _run(**PLACING).metrics(), _run(**rough)
    audited = _run(**rough, **{"workforce.agency.audited": True})
    assert wild.lender.agency.complaints > 0 and wild.lender.agency.violations > 0
    assert wild.metrics()["complaints"] > clean["complaints"]
    assert wild.metrics()["violations"] > clean["violations"]
    assert audited.lender.agency.violations < wild.lender.agency.violations
    assert audited.lender.agency.complaints < wild.lender.agency.complaints
    assert audited.ctx.ledger.totals["agency_audit"] > 0


@pytest.mark.slow
def test_a_lender_drops_an_agency_that_breaks_the_rules():
    rough = {**PLACING, "workforce.agency.violations_per_account_month": 0.3}
    kept = _run(**rough)
    dropped = _run(**rough, **{"workforce.agency.drop_after_violations": 1})
    assert dropped.lender.agency.dropped and not kept.lender.agency.dropped
    held = [int((m.b.status == AGENCY).sum()) for m in (kept, dropped)]
    assert held[1] < held[0]
    assert dropped.metrics()["blocked_contacts"] > kept.metrics()["blocked_contacts"]
