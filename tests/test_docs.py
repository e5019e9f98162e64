"""The documentation stands alone and covers what a first-time user looks up."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from collectsim.channels import CHANNEL_NAMES, TONE_NAMES
from collectsim.config.scenario import Economy, Regulation

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
CONFIGURATION = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")


def test_the_readme_cites_only_files_a_clone_has() -> None:
    assert "../shared" not in README and "DOMAIN.md" not in README
    for link in re.findall(r"\]\(([^)#]+)\)", README):
        if not link.startswith("http"):
            assert (ROOT / link).exists(), link
    assert "docs/sources.md" in README and (ROOT / "docs" / "sources.md").is_file()


def test_the_readme_gives_one_quickstart_time() -> None:
    times = set(re.findall(r"[Qq]uickstart[^.\n]*?(\d+(?:\.\d+)?) ?s\b", README))
    assert len(times) <= 1, times


@pytest.mark.parametrize("name", [*CHANNEL_NAMES, *TONE_NAMES])
def test_every_channel_and_tone_is_documented(name: str) -> None:
    assert f"`{name}`" in CONFIGURATION


@pytest.mark.parametrize(
    "field", [f"regulation.{f}" for f in Regulation.model_fields]
    + [f"economy.{f}" for f in Economy.model_fields],
)  # fmt: skip
def test_every_scenario_field_has_its_unit_documented(field: str) -> None:
    rows = [line for line in CONFIGURATION.splitlines() if line.startswith(f"| `{field}` |")]
    row = rows[-1] if rows else ""  # the scenario table comes last
    assert row.count("|") >= 5, field  # field, unit, default, meaning


def test_what_zero_means_is_documented() -> None:
    for field in ("capacity.monthly_budget", "write_off.days_past_due"):
        row = next(line for line in CONFIGURATION.splitlines() if f"`{field}`" in line)
        assert "no " in row.split("|")[2]


def test_the_model_doc_prints_the_parameters_as_the_code_declares_them() -> None:
    from collectsim.config.reference import update

    model = (ROOT / "docs" / "model.md").read_text(encoding="utf-8")
    assert update(model) == model, "run: python -m collectsim.config.reference docs/model.md"
    for stage in ("Finances", "Dues", "Delinquency", "The lender", "Legal", "Reputation"):
        assert stage in model
