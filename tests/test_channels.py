"""The channel table: one list, costs in cents, overrides."""

from collectsim.channels import CHANNEL_NAMES, CHANNELS, EXECUTION_ORDER, channel_costs_cents


def test_costs_in_cents_with_overrides():
    costs = dict(zip(CHANNEL_NAMES, channel_costs_cents({"agent_call": 6.5}), strict=True))
    assert costs["sms"] == 5 and costs["field_visit"] == 20_000
    assert costs["agent_call"] == 650


def test_every_channel_is_executed_and_only_calls_count_as_calls():
    assert sorted(EXECUTION_ORDER) == sorted(CHANNEL_NAMES)
    assert {c.name for c in CHANNELS.values() if c.is_call} == {"agent_call", "automated_call"}
    assert all(0 <= c.reach <= 1 for c in CHANNELS.values())
