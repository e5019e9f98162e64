"""The lender's decisions: capacity is never exceeded, rules are kept or counted."""

import numpy as np

from collectsim.channels import CHANNEL_INDEX
from collectsim.config import load_scenario, load_strategy
from collectsim.model import CollectionModel


def test_capacity_is_never_exceeded():
    strategy = load_strategy(
        "aggressive",
        overrides={
            "capacity.collectors": 2,
            "capacity.field_visits_per_day": 3,
            "capacity.legal_cases_per_month": 5,
        },
    )
    m = CollectionModel(strategy=strategy, borrowers=3000, horizon_days=120, seed=1)
    calls = CHANNEL_INDEX["agent_call"]
    visits = CHANNEL_INDEX["field_visit"]
    cap = strategy.capacity
    legal_month = 0
    while m.running:
        day = m.day
        before = m.ctx.tally.counts["legal_cases"]
        m.step()
        assert (
            m.b.last_contact[calls] == day
        ).sum() <= cap.collectors * cap.calls_per_collector_per_day
        assert (m.b.last_contact[visits] == day).sum() <= cap.field_visits_per_day
        legal_month = (
            (0 if day % 30 == 0 else legal_month) + m.ctx.tally.counts["legal_cases"] - before
        )
        assert legal_month <= cap.legal_cases_per_month
    assert m.ctx.tally.counts["unmet_contacts"] > 0  # the caps did bind


def test_contact_cap_compliant_strategy_has_no_violations_aggressive_has_some():
    cap = load_scenario("strict_contact_cap")
    compliant_strategy = load_strategy(
        "aggressive", name="aggressive_compliant", overrides={"compliance.respects_rules": True}
    )
    compliant = CollectionModel(
        strategy=compliant_strategy, scenario=cap, borrowers=2000, horizon_days=90, seed=2
    )
    compliant.run_model()
    rogue = CollectionModel(
        strategy="aggressive", scenario=cap, borrowers=2000, horizon_days=90, seed=2
    )
    rogue.run_model()
    assert compliant.ctx.tally.counts["violations"] == 0
    assert compliant.ctx.tally.counts["blocked_contacts"] > 0
    assert rogue.ctx.tally.counts["violations"] > 0
    # no borrower of the compliant lender got more than 3 capped contacts in any 7 days
    assert compliant.b.week_contacts.sum(axis=0).max() <= 3


def test_visit_ban_blocks_visits():
    m = CollectionModel(
        strategy="consumer_finance_graded",
        scenario="no_field_visits",
        borrowers=2000,
        horizon_days=120,
        seed=3,
    )
    m.run_model()
    assert m.ctx.tally.cost_by_channel[CHANNEL_INDEX["field_visit"]] == 0
    assert m.ctx.tally.counts["blocked_contacts"] > 0


def test_sme_escalation_path_appears_in_a_traced_account():
    """SMS and calls unanswered -> visit -> instalment plan -> lawyer's letter (MYbank case)."""
    m = CollectionModel(
        strategy="internet_bank_automated",
        scenario="sme_cash_crunch",
        borrowers=4000,
        horizon_days=365,
        seed=5,
        trace=4000,
    )
    m.run_model()
    by_account: dict[int, list[str]] = {}
    for _, acc, event, _ in m.trace_events():
        by_account.setdefault(acc, []).append(event)
    path = ["escalation", "field_visit", "plan", "lawyer_letter"]

    def follows(events):
        pos = 0
        for e in events:
            if pos < len(path) and e == path[pos]:
                pos += 1
        return pos == len(path)

    smes = [a for a, ev in by_account.items() if m.b.is_sme[a] and follows(ev)]
    assert smes, "no SME went through SMS/calls -> visit -> plan -> lawyer's letter"
    first = by_account[smes[0]]
    assert first.index("sms") < first.index("escalation") or "automated_call" in first


def test_better_risk_score_is_more_accurate():
    from collectsim.engine.scoring import auc, predicted_repayment, repayment_logit

    aucs = []
    for target in (0.6, 0.9):
        s = load_strategy("standard", overrides={"risk_score.auc": target})
        m = CollectionModel(strategy=s, borrowers=4000, horizon_days=1, seed=9)
        idx = np.arange(4000)
        latent = repayment_logit(m.ctx, idx)
        aucs.append(auc(predicted_repayment(m.ctx, idx), latent > np.median(latent)))
    assert abs(aucs[0] - 0.6) < 0.03 and abs(aucs[1] - 0.9) < 0.03


def test_regulator_sees_violations_that_drew_no_complaint():
    from collectsim.config import load_portfolio

    quiet = load_portfolio("mixed").model_copy(
        update={
            "behaviour": load_portfolio("mixed").behaviour.model_copy(
                update={"complaint_base": 0.0}
            )
        }
    )
    m = CollectionModel(
        portfolio=quiet,
        strategy="aggressive",
        scenario="strict_contact_cap",
        borrowers=1500,
        horizon_days=60,
        seed=4,
    )
    m.run_model()
    assert m.ctx.tally.counts["complaints"] == 0 and m.ctx.tally.counts["violations"] > 0
    assert m.ctx.ledger.totals["fine"] > 0  # warned in month one, fined in month two


def test_bad_model_sizes_are_config_errors():
    import pytest

    from collectsim.errors import ConfigError

    for kwargs in ({"borrowers": 0}, {"horizon_days": -3}, {"seed": -1}):
        with pytest.raises(ConfigError):
            CollectionModel(**kwargs)


def test_no_call_within_the_quiet_period_after_a_conversation():
    """Regulation F: a compliant lender never calls within 7 days of reaching the borrower."""
    m = CollectionModel(
        strategy="standard", scenario="regulation_f", borrowers=2000, horizon_days=90, seed=6
    )
    calls = [CHANNEL_INDEX["agent_call"], CHANNEL_INDEX["automated_call"]]
    quiet = m.ctx.scenario.regulation.quiet_days_after_conversation
    while m.running:
        talked_before = m.b.last_conversation.copy()
        day = m.ctx.start + m.day  # the engine's day (the horizon's, after the burn-in)
        m.step()
        called = (m.b.last_contact[calls] == day).any(axis=0)
        assert not (called & (day - talked_before < quiet)).any()
    assert m.ctx.tally.counts["violations"] == 0 and m.ctx.tally.counts["blocked_contacts"] > 0
    base = CollectionModel(strategy="standard", borrowers=2000, horizon_days=90, seed=6)
    base.run_model()
    assert base.ctx.tally.counts["contacts"] > m.ctx.tally.counts["contacts"]  # the rule binds


def test_settled_accounts_are_not_cures():
    s = load_strategy("gentle", overrides={"segments.reminder.offers.settlement_discount": 0.5})
    m = CollectionModel(strategy=s, borrowers=3000, horizon_days=120, seed=3)
    m.run_model()
    settled = m.b.settled
    assert settled.any()
    metrics = m.metrics()
    cured_without = metrics["cure_rate"] * m.b.ever_delinquent.sum()
    assert cured_without <= (m.b.ever_delinquent & ~settled).sum()
    assert m.ctx.ledger.totals["concession"] > 0


def test_mandated_hardship_plan_reaches_borrowers_who_lost_their_job():
    m = CollectionModel(
        strategy="standard",
        scenario="mandated_hardship_plan",
        borrowers=6000,
        horizon_days=240,
        seed=4,
        trace=6000,
    )
    m.run_model()
    planned = {acc for _, acc, event, _ in m.trace_events() if event == "plan"}
    jobless = {int(a) for a in np.flatnonzero(~m.b.employed & ~m.b.is_sme)}
    assert planned & jobless  # the mandate reaches the unemployed, affordable or not
    shortest = m.ctx.scenario.regulation.mandated_plan_months
    months = [int(d) for _, acc, e, d in m.trace_events() if e == "plan" and acc in jobless]
    assert max(months) >= shortest
