"""Variants as written, and those whose runs equal their base's: nothing changed."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from collectsim.analysis.variants import inert_variants, variants
from collectsim.report import html
from collectsim.report.results import load_results
from report_fixtures import make_results_folder


def _with_variants(folder: Path, *, differ: bool) -> object:
    """The fixture as if 'capped' were standard with a cap, and 'no_visits' recession without
    visits; ``differ`` decides whether capped's runs differ from standard's."""
    res = load_results(folder)
    exp = res.manifest["config"]["experiment"]
    exp["strategies"] = ["gentle", "standard",
                         {"name": "capped", "base": "standard",
                          "set": {"compliance.max_contacts_per_week": 3}}]  # fmt: skip
    exp["scenarios"] = ["baseline",
                        {"name": "no_visits", "base": "baseline",
                         "set": {"regulation.field_visits_allowed": False}}]  # fmt: skip
    runs = res.runs
    for column, variant, base in (("strategy", "capped", "standard"),
                                  ("scenario", "no_visits", "baseline")):  # fmt: skip
        copy = runs[runs[column] == base].copy()
        copy[column] = variant
        runs = pd.concat([runs[runs[column] != variant], copy], ignore_index=True)
    if differ:
        runs.loc[runs["strategy"] == "capped", "complaints"] += 1
    res.runs = runs
    return res


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return make_results_folder(
        tmp_path / "v", strategies=("gentle", "standard", "capped"),
        scenarios=("baseline", "no_visits"),
    )  # fmt: skip


def test_variants_are_read_with_their_base_and_overrides(folder) -> None:
    res = _with_variants(folder, differ=True)
    made = variants(res, "strategies")
    assert made == {
        "capped": {
            "base": "standard",
            "base_name": "standard",
            "set": [("compliance.max_contacts_per_week", "3")],
        }
    }
    assert variants(res, "scenarios")["no_visits"]["set"] == [
        ("regulation.field_visits_allowed", "false")
    ]


def test_a_variant_whose_runs_equal_its_bases_is_named(folder) -> None:
    notes = inert_variants(_with_variants(folder, differ=False))
    assert len(notes) == 2
    assert notes[0].startswith("strategy variant 'capped' (compliance.max_contacts_per_week = 3)")
    assert "in every scenario" in notes[0]
    assert "scenario variant 'no_visits'" in notes[1] and "for every strategy" in notes[1]


def test_a_variant_that_changes_its_runs_is_not_named(folder) -> None:
    notes = inert_variants(_with_variants(folder, differ=True))
    assert not any("'capped'" in n for n in notes)


@pytest.mark.slow
def test_the_report_shows_overrides_and_the_warning(folder) -> None:
    res = _with_variants(folder, differ=False)
    res.runs.to_csv(folder / "runs.csv", index=False)
    import json

    (folder / "manifest.json").write_text(json.dumps(res.manifest))
    page = html.write_report(folder).read_text(encoding="utf-8")
    assert "variant of <strong>standard</strong>" in page
    assert "<code>compliance.max_contacts_per_week = 3</code>" in page
    assert "<code>regulation.field_visits_allowed = false</code>" in page
    assert 'class="warning">strategy variant &#39;capped&#39;' in page
