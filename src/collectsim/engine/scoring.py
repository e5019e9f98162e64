"""The lender's risk score ("AI repayment prediction"), with a chosen accuracy.

The lender does not see a borrower's true propensity to pay, only a noisy
estimate: ``score = sigmoid(true log-odds + sigma * e)`` with ``e`` fixed per
borrower. ``sigma`` is set so that the score ranks borrowers by their true
propensity with the AUC the strategy asks for (AUC against a median split of
the true log-odds on day 0: 1 = perfect ranking, 0.5 = a coin). Better
prediction is then a lever that can be tested like any other.

>>> import numpy as np
>>> latent = np.random.default_rng(0).normal(size=4000)
>>> noise = np.random.default_rng(1).normal(size=4000)
>>> s = noise_for_auc(latent, noise, 0.8)
>>> abs(auc(latent + s * noise, latent > np.median(latent)) - 0.8) < 0.01
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from scipy.stats import rankdata

from collectsim.engine.repayment import pay_logit, sigmoid

if TYPE_CHECKING:
    from collectsim.engine.context import Context


def auc(score: np.ndarray, positive: np.ndarray) -> float:
    """Area under the ROC curve (Mann-Whitney), ties counted half."""
    n1 = int(positive.sum())
    n0 = positive.size - n1
    if n1 == 0 or n0 == 0:
        return 0.5
    ranks = rankdata(score)
    return float((ranks[positive].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


def noise_for_auc(latent: np.ndarray, noise: np.ndarray, target: float) -> float:
    """The noise scale at which ``latent + sigma * noise`` reaches AUC ``target``."""
    positive = latent > np.median(latent)
    if target >= 0.999:
        return 0.0
    lo, hi = 0.0, 1.0
    while auc(latent + hi * noise, positive) > target and hi < 1e6:
        hi *= 2.0
    for _ in range(40):
        mid = 0.5 * (lo + hi)
        if auc(latent + mid * noise, positive) > target:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


def calibrate_score(ctx: Context) -> None:
    """Set the lender's score noise so that, on the first accounts of the book at day 0,
    the score reaches the AUC the strategy asks for."""
    lender, b = ctx.lender, ctx.b
    n = min(b.n, lender.strategy.risk_score.calibration_accounts)
    sample = np.arange(n)
    latent = pay_logit(ctx, sample)
    noise = b.score_noise[sample].astype(np.float64)
    lender.score_sigma = noise_for_auc(latent, noise, lender.strategy.risk_score.auc)


def predicted_repayment(ctx: Context, idx: np.ndarray) -> np.ndarray:
    """The lender's predicted probability that each account repays (noisy)."""
    z = pay_logit(ctx, idx) + ctx.lender.score_sigma * ctx.b.score_noise[idx]
    return sigmoid(z)
