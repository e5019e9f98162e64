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
