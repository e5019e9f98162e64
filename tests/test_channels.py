"""The channel table: one list, costs in cents, overrides."""

from collectsim.channels import CHANNEL_NAMES, CHANNELS, EXECUTION_ORDER, channel_costs_cents


def test_costs_in_cents_with_overrides():
    costs = dict(zip(CHANNEL_NAMES, channel_costs_cents({"agent_call": 6.5}), strict=True))
    assert costs["sms"] == 5 and costs["field_visit"] == 20_000
    assert costs["agent_call"] == 650


def test_every_channel_is_executed_and_only_calls_count_as_calls():
    assert sorted(EXECUTION_ORDER) == sorted(CHANNEL_NAMES)
    assert {c.name for c in CHANNELS.values() if c.is_call} == {"agent_call", "automated_call"}
    personal = {c.name for c in CHANNELS.values() if c.personal}
    assert personal == {"agent_call", "automated_call", "field_visit"}


def test_every_contact_channel_has_a_borrower_response_and_only_they_do():
    from collectsim.config.behaviour import ChannelResponses
    from collectsim.config.strategy import ContactChannel

    assert set(ChannelResponses.model_fields) == set(ContactChannel.__args__)
    assert set(ChannelResponses.model_fields) < set(CHANNEL_NAMES)
