"""Sensitivity analysis: known functions give known indices; the command runs on a real sweep."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from collectsim.analysis.sensitivity import sensitivity, src_indices
from collectsim.config.sweeps import sample_values
from collectsim.errors import ConfigError


def fake_results(method: str, samples: int, func) -> SimpleNamespace:
    """A results-like object whose 'collected' is a known function of two sampled inputs."""
    specs = [
        {"field": "strategy.legal.lawyer_fee", "range": [0.0, 1.0], "samples": samples,
         "method": method, "values": None},
        {"field": "strategy.legal.recovery_share", "range": [0.0, 1.0], "samples": samples,
         "method": method, "values": None},
    ]  # fmt: skip
    design = sample_values([SimpleNamespace(**s) for s in specs], seed=3)
    rows = []
    for point, (a, b) in enumerate(design):
        for replication in range(2):
            rows.append(
                {
                    "strategy": "s",
                    "scenario": "c",
                    "replication": replication,
                    "point": point,
                    specs[0]["field"]: a,
                    specs[1]["field"]: b,
                    "collected": func(a, b),
                }
            )
    manifest = {"sweep": {"spec": specs, "fields": [s["field"] for s in specs]}}
    return SimpleNamespace(manifest=manifest, runs=pd.DataFrame(rows), folder=Path("x"))


def index(frame: pd.DataFrame, name: str, field: str) -> float:
    row = frame[(frame["metric"] == "collected") & (frame["index"] == name)]
    return float(row[row["input"] == field]["value"].iloc[0])


def test_sobol_indices_find_the_input_that_matters():
    res = fake_results("sobol", 256, lambda a, b: 10 * a + 0.1 * b)
    out = sensitivity(res)
    assert index(out, "ST", "strategy.legal.lawyer_fee") == pytest.approx(1.0, abs=0.1)
    assert index(out, "ST", "strategy.legal.recovery_share") < 0.05
    assert index(out, "S1", "strategy.legal.lawyer_fee") > 0.9


def test_lhs_uses_regression_and_rank_correlation():
    res = fake_results("lhs", 64, lambda a, b: 3 * a - b)
    out = sensitivity(res)
    fee, share = "strategy.legal.lawyer_fee", "strategy.legal.recovery_share"
    assert index(out, "R2", "*") == pytest.approx(1.0)
    ratio = index(out, "SRC", fee) / index(out, "SRC", share)
    assert ratio == pytest.approx(-3.0, rel=0.05)  # same spread of inputs: SRC ratio = slopes
    assert index(out, "spearman", fee) > 0.8 and index(out, "spearman", share) < -0.1


def test_sobol_with_failed_runs_asks_to_complete_the_design():
    res = fake_results("sobol", 16, lambda a, b: 10 * a + b)
    res.runs = res.runs.drop(index=[5, 6, 20]).reset_index(drop=True)  # one whole point, one rep
    with pytest.raises(ConfigError, match="3 runs failed; re-run the experiment to complete"):
        sensitivity(res)


def test_lhs_leaves_out_points_with_failed_runs():
    complete = fake_results("lhs", 64, lambda a, b: 3 * a - b)
    holed = fake_results("lhs", 64, lambda a, b: 3 * a - b)
    gone = holed.runs.index[(holed.runs["point"] == 7) | (holed.runs["point"] == 9)]
    holed.runs = holed.runs.drop(index=[*gone[:1], *gone[2:]])  # point 7 half, point 9 entirely
    holed.runs.loc[holed.runs["point"] == 7, "collected"] = 1e6  # would skew the fit if kept
    out = sensitivity(holed)
    assert out.attrs["dropped_points"] == 1  # point 7 (point 9 has no row left at all)
    assert index(out, "R2", "*") == pytest.approx(1.0)
    assert index(out, "SRC", "strategy.legal.lawyer_fee") == pytest.approx(
        index(sensitivity(complete), "SRC", "strategy.legal.lawyer_fee"), rel=0.05
    )


def test_src_of_a_constant_outcome_is_nan():
    x = np.random.default_rng(0).random((10, 2))
    src, _conf, r2 = src_indices(x, np.ones(10))
    assert np.isnan(src).all() and np.isnan(r2)


def test_sensitivity_needs_a_sampled_sweep():
    res = SimpleNamespace(manifest={"sweep": None}, runs=pd.DataFrame(), folder=Path("x"))
    with pytest.raises(ConfigError, match="sampled sweep"):
        sensitivity(res)
