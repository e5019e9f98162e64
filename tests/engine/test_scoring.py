"""The risk score's AUC and the noise that reaches a target AUC."""

import numpy as np
import pytest

from collectsim.engine.scoring import auc, noise_for_auc


def test_auc_extremes_and_ties():
    y = np.array([0, 0, 1, 1], dtype=bool)
    assert auc(np.array([0.1, 0.2, 0.8, 0.9]), y) == 1.0
    assert auc(np.array([0.9, 0.8, 0.2, 0.1]), y) == 0.0
    assert auc(np.array([0.5, 0.5, 0.5, 0.5]), y) == 0.5


@pytest.mark.parametrize("target", [0.55, 0.7, 0.85, 0.95])
def test_noise_reaches_the_target_auc(target):
    rng = np.random.default_rng(0)
    latent, noise = rng.normal(size=5000), rng.normal(size=5000)
    sigma = noise_for_auc(latent, noise, target)
    got = auc(latent + sigma * noise, latent > np.median(latent))
    assert got == pytest.approx(target, abs=0.005)
