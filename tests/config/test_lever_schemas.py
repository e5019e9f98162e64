"""The levers' schemas: defaults that change nothing, bad input refused with one message per
problem naming the file and the field."""

import pytest

from collectsim.config import load_portfolio, load_strategy
from collectsim.config.levers import History, window_contains
from collectsim.errors import ConfigErrors


def _errors(tmp_path, kind, text):
    path = tmp_path / f"bad_{kind}.toml"
    path.write_text(text, encoding="utf-8")
    load = load_strategy if kind == "strategy" else load_portfolio
    with pytest.raises(ConfigErrors) as info:
        load(str(path))
    return [str(e) for e in info.value.errors], str(path)


STRATEGY = """
name = "x"
[[segments]]
name = "all"
days_past_due = [1, 10000]
"""


def test_every_lever_is_off_unless_named():
    s = load_strategy("standard")
    assert not (s.education.enabled or s.reporting.enabled or s.self_service.enabled)
    assert not any(seg.history.restricts() or seg.campaign_days for seg in s.segments)
    p = load_portfolio("mixed")
    assert p.screening.strictness == 0 and p.relationship.retention_value == 0


@pytest.mark.parametrize(
    ("text", "field", "words"),
    [
        ('[education]\nenabled = true\nchannel = "fax"\n', "education.channel", "one of"),
        ("[[segments]]\nname = \"pre\"\ndays_to_due = [1, 3]\n"
         "treatments = [{ channel = \"carrier_pigeon\" }]\n",
         "segments[1].treatments[0].channel", "one of"),
        ("[[segments]]\nname = \"drive\"\ndays_past_due = [1, 5]\ncampaign_days = [60, 30]\n",
         "segments[1]", "ends before it starts"),
        ("[[segments]]\nname = \"h\"\ndays_past_due = [1, 5]\n"
         "history = { broken_promises = [3, 1] }\n", "segments[1].history", "min <= max"),
        ("[reporting]\ndays_past_due = 0\n", "reporting.days_past_due", ">= 1"),
        ("[self_service]\ncost_per_session = -1\n", "self_service.cost_per_session", ">= 0"),
    ],
)  # fmt: skip
def test_bad_strategy_levers_name_the_file_and_field(tmp_path, text, field, words):
    errors, path = _errors(tmp_path, "strategy", STRATEGY + text)
    assert len(errors) == 1
    assert path in errors[0] and f"'{field}" in errors[0] and words in errors[0]


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("[relationship]\nretention_value = -5.0\n", "relationship.retention_value"),
        ("[screening]\nstrictness = 1.5\n", "screening.strictness"),
        ("[behaviour.levers]\nrecord_valuers = [0.5, 0.5]\n", "behaviour.levers"),
    ],
)
def test_bad_portfolio_levers_name_the_file_and_field(tmp_path, text, field):
    book = 'name = "b"\n[[products]]\nkind = "credit_card"\nshare = 1.0\n'
    book += "balance = { median = 1000 }\nannual_rate = 0.1\n"
    errors, path = _errors(tmp_path, "portfolio", book + text)
    assert len(errors) == 1 and path in errors[0] and f"'{field}" in errors[0]


def test_history_and_windows_contain_what_they_should():
    wide, narrow = History(), History(broken_promises=[1, 3])
    assert wide.contains(narrow) and not narrow.contains(wide)
    assert window_contains(None, [3, 4]) and window_contains([0, 9], [3, 4])
    assert not window_contains([0, 9], None) and not window_contains([5, 9], [3, 4])
