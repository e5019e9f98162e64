"""What a fit writes: a loadable overlay and portfolio, the fit and parameter tables."""

from __future__ import annotations

import csv
import json
import tomllib
from pathlib import Path

import pytest

from collectsim.analysis.fit import fit, load_fitted, load_targets
from collectsim.analysis.fit.journal import JOURNAL
from collectsim.analysis.fit.outputs import RESULT_FILES, default_out, prepare_folder
from collectsim.config import load_portfolio
from collectsim.errors import ConfigError
from fit_fixtures import analytic_moments, targets_at, write_targets


@pytest.fixture(scope="module")
def fitted(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fit")
    targets = load_targets(write_targets(folder, targets_at(search={"max_evaluations": 60})))
    result = fit(targets, analytic_moments, out=folder / "out")
    return result, folder / "out"


def test_every_file_is_written(fitted) -> None:
    _, out = fitted
    assert {p.name for p in out.iterdir()} == {*RESULT_FILES, JOURNAL}


def test_the_overlay_and_the_portfolio_hold_the_fitted_values(fitted) -> None:
    result, out = fitted
    overlay = tomllib.loads((out / "fitted.toml").read_text())
    assert overlay["base"] == "mixed" and overlay["set"] == result.parameters
    for portfolio in (
        load_fitted(out / "fitted.toml"),
        load_portfolio(str(out / "portfolio.toml")),
    ):
        assert portfolio.name == "mixed_fitted"
        assert portfolio.behaviour.channels.agent_call.reach == result.values[0]
        assert portfolio.behaviour.pay_logit_base == result.values[1]
        assert portfolio.behaviour.promise_keep_base == result.values[2]
        assert portfolio.products == result.targets.portfolio.products


def test_a_base_given_as_a_path_is_found_from_the_overlay(tmp_path: Path) -> None:
    book = tmp_path / "books" / "mine.toml"
    book.parent.mkdir()
    book.write_text((Path(__file__).parents[3] / "portfolios" / "mixed.toml").read_text())
    data = targets_at(search={"max_evaluations": 3})
    data["run"]["portfolio"] = "../books/mine.toml"
    targets = load_targets(write_targets(tmp_path / "targets", data))
    result = fit(targets, analytic_moments, out=tmp_path / "elsewhere" / "out")
    overlay = tmp_path / "elsewhere" / "out" / "fitted.toml"
    assert tomllib.loads(overlay.read_text())["base"] == "../../books/mine.toml"
    assert load_fitted(overlay).behaviour.pay_logit_base == result.values[1]


def test_the_fit_table_adds_up_to_the_objective(fitted) -> None:
    result, out = fitted
    with (out / "fit.csv").open() as fh:
        rows = list(csv.DictReader(fh))
    assert [r["moment"] for r in rows] == ["contact", "late", "kept"]
    for r, m in zip(rows, result.targets.moments, strict=True):
        sim = float(r["simulated"])
        assert float(r["target"]) == m.target and sim == result.simulated[m.name]
        assert float(r["error"]) == pytest.approx(sim - m.target)
        assert float(r["contribution"]) == pytest.approx(m.effective_weight * (sim - m.target) ** 2)
    assert sum(float(r["contribution"]) for r in rows) == pytest.approx(result.objective)
    assert sum(float(r["share"]) for r in rows) == pytest.approx(1.0)
    assert rows[0]["source"] == "test"


def test_the_parameter_table_and_the_text(fitted) -> None:
    result, out = fitted
    with (out / "parameters.csv").open() as fh:
        rows = list(csv.DictReader(fh))
    assert [r["parameter"] for r in rows] == list(result.parameters)
    assert [float(r["value"]) for r in rows] == list(result.values)
    assert rows[1]["low"] == "1.0" and rows[1]["high"] == "7.0" and rows[1]["start"] == "2.0"
    text = (out / "fit.txt").read_text()
    assert text.startswith("fit 'analytic': objective") and "at_bound" in text
    assert "behaviour.promise_keep_base" in text and "contact" in text
    summary = json.loads((out / "fit.json").read_text())
    assert summary["parameters"] == result.parameters
    assert summary["evaluations"] == result.evaluations


def test_a_folder_of_other_files_is_never_used(tmp_path: Path) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep")
    with pytest.raises(ConfigError, match="holds other files"):
        prepare_folder(tmp_path / "mine", fresh=True)
    assert (tmp_path / "mine" / "notes.txt").read_text() == "keep"


def test_any_writable_folder_will_do_and_the_default_is_under_results(tmp_path) -> None:
    assert prepare_folder(tmp_path / "elsewhere" / "fit").is_dir()
    assert default_out(load_targets("example")) == Path("results/fit-example")
    (tmp_path / "a_file").write_text("x")
    with pytest.raises(ConfigError, match="is a file"):
        prepare_folder(tmp_path / "a_file" / "fit")


def test_a_new_fit_removes_the_last_ones_outputs_and_fresh_its_journal(tmp_path: Path) -> None:
    targets = load_targets(write_targets(tmp_path, targets_at(search={"max_evaluations": 3})))
    out = tmp_path / "out"
    fit(targets, analytic_moments, out=out)
    prepare_folder(out)
    assert {p.name for p in out.iterdir()} == {JOURNAL}
    prepare_folder(out, fresh=True)
    assert list(out.iterdir()) == []
