"""The strategy language: variants and overrides, coverage and shadowing."""

import pytest

from collectsim.config import load_strategy
from collectsim.errors import ConfigError


def test_override_changes_exactly_the_named_field():
    base = load_strategy("standard").model_dump()
    variant = load_strategy(
        "standard", name="capped", overrides={"compliance.max_contacts_per_week": 3}
    ).model_dump()
    assert variant["compliance"]["max_contacts_per_week"] == 3
    assert base["compliance"]["max_contacts_per_week"] is None
    variant["compliance"]["max_contacts_per_week"] = None
    variant["name"] = "standard"
    assert variant == base


def test_override_a_segment_by_name():
    s = load_strategy("standard", overrides={"segments.notice.offers.instalment_months": 12})
    assert [g.offers.instalment_months for g in s.segments] == [0, 0, 12, 0]


@pytest.mark.parametrize(
    "field", ["compliance.max_contact_per_week", "capacity.colectors", "segments.nosuch.offers"]
)
def test_override_of_missing_field_is_an_error(field):
    with pytest.raises(ConfigError) as err:
        load_strategy("standard", overrides={field: 1})
    assert field in str(err.value)


def test_override_with_wrong_type_is_an_error():
    from collectsim.errors import ConfigErrors

    with pytest.raises(ConfigErrors) as err:
        load_strategy("standard", overrides={"capacity.collectors": "many"})
    assert "capacity.collectors" in str(err.value)


def test_override_list_items_by_position_as_sweeps_do():
    s = load_strategy(
        "standard",
        overrides={
            "segments.early.treatments.0.every_days": 2,
            "segments.1.offers.fee_waiver": True,
            "legal.duration_days.1": 200,
        },
    )
    assert s.segments[0].treatments[0].every_days == 2
    assert s.segments[1].offers.fee_waiver is True
    assert s.legal.duration_days == [60, 200]


@pytest.mark.parametrize(
    "field",
    [
        "segments.nope.offers.fee_waiver",
        "segments.9.offers.fee_waiver",
        "segments.early.treatments.5.every_days",
        "capacity.colectors",
        "capacity.collectors.x",
    ],
)
def test_overrides_and_sweeps_share_addresses_and_errors(field):
    from collectsim.config.sweeps import FieldError, apply_point, parse_field

    standard = load_strategy("standard")
    with pytest.raises(ConfigError) as override:
        load_strategy("standard", overrides={field: 1})
    with pytest.raises(FieldError) as sweep:
        swept = parse_field(f"strategy.{field}")
        apply_point(standard, "strategy", {swept.text: 1}, [swept])
    assert override.value.expected == str(sweep.value)
