"""Borrowers' responses to channels and tones are portfolio parameters a file can move."""

import pytest

from collectsim.config import load_portfolio
from collectsim.config.portfolio import Portfolio
from collectsim.config.validation import validate
from collectsim.engine.responses import Responses
from collectsim.errors import ConfigErrors


def _with(behaviour: dict) -> Portfolio:
    data = load_portfolio("mixed").model_dump()
    data["behaviour"] = {**data["behaviour"], **behaviour}
    return Portfolio.model_validate(data)


def test_a_file_sets_one_response_and_the_rest_keep_their_defaults():
    default = Responses.of(load_portfolio("mixed").behaviour)
    moved = Responses.of(_with({"channels": {"sms": {"reach": 0.9}}}).behaviour)
    assert moved.channel("sms").reach == 0.9
    assert moved.channel("sms").promise == default.channel("sms").promise
    assert moved.channel("agent_call") == default.channel("agent_call")


def test_tones_are_a_tone_by_effect_table():
    r = Responses.of(_with({"tones": {"firm": {"complaint": 4.0}}}).behaviour)
    assert r.tone.shape == (3, 3) and r.tone[2, 2] == 4.0 and r.tone[1].tolist() == [1, 1, 1]


def test_an_unknown_channel_or_a_reach_above_one_is_refused():
    for bad in ({"channels": {"pigeon": {"reach": 0.5}}}, {"channels": {"sms": {"reach": 1.5}}}):
        data = load_portfolio("mixed").model_dump()
        data["behaviour"] = {**data["behaviour"], **bad}
        with pytest.raises(ConfigErrors):
            validate(Portfolio, data, "p.toml")
