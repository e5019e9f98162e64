"""The lender's risk score ("AI repayment prediction"), with a chosen accuracy.

The lender does not see a borrower's true propensity to repay, only a noisy
estimate: ``score = sigmoid(true log-odds + sigma * e)`` with ``e`` fixed per
borrower. The truth combines willingness (the log-odds of paying, as the pay
decision has them; lower once behind) and ability (the share of what is
owed the borrower could pay now from spare cash and a month's surplus):
what a lender's model learns from payment and contact history, grade,
balance and product. ``sigma`` is set so that the score ranks borrowers by
the truth with the AUC the strategy asks for (AUC against a median split of
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

from collectsim.engine.payments import able_to_pay
from collectsim.engine.repayment import behind_logit, pay_logit, sigmoid
from collectsim.engine.state import CURRENT

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
    latent = repayment_logit(ctx, sample)
    noise = b.score_noise[sample].astype(np.float64)
    lender.score_sigma = noise_for_auc(latent, noise, lender.strategy.risk_score.auc)


def predicted_repayment(ctx: Context, idx: np.ndarray) -> np.ndarray:
    """The lender's predicted probability that each account repays (noisy)."""
    z = repayment_logit(ctx, idx) + ctx.lender.score_sigma * ctx.b.score_noise[idx]
    return sigmoid(z)


def repayment_logit(ctx: Context, idx: np.ndarray) -> np.ndarray:
    """True log-odds that each account repays what it owes soon: willing and able."""
    b = ctx.b
    behind = b.delinquent_since[idx] > CURRENT
    willing = sigmoid(pay_logit(ctx, idx) + np.where(behind, behind_logit(ctx, idx), 0.0))
    owed = np.maximum(np.where(behind, b.arrears[idx], b.instalment[idx]), 1)
    surplus = np.maximum(b.income[idx] * b.employed[idx] - b.expenses[idx], 0)
    able = np.minimum((able_to_pay(ctx, idx) + surplus) / owed, 1.0)
    p = np.clip(willing * able, 1e-9, 1 - 1e-9)
    return np.log(p / (1.0 - p))
