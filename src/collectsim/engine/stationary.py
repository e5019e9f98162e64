"""The opening book in its stationary mix: each borrower type as often as a running book holds it.

A book that has run for years does not hold borrowers in the proportions the
lender lends to them. Each slot holds a sequence of borrowers, and by renewal
theory the share of time it holds a type is the type's share of new loans
times how long that type stays: ``f_stationary(type) ∝ f_new(type) · E[stay | type]``.
Borrowers likely to default stay a shorter time (they are charged off and
replaced), so a running book holds fewer of them than its new loans do.
Drawing the opening book from the new-loan mix, as a burn-in of a year or two
cannot undo, leaves every experiment watching the book shed its weakest
borrowers: the share past due falls all year (the miss this module fixes).

The expected stay comes from a hazard of default fitted on a pilot book
(:func:`fit_hazard`, Poisson regression of default on the borrower's drawn
attributes, with days at risk as exposure), and the exits that are not
defaults (cards closed, loans prepaid, at rate ``alpha`` a year; loans end at
their term ``L``). With the yearly rate ``lam = h + alpha``::

    E[time to default or exit] = (1 - exp(-lam L)) / lam
    E[stay] = E[time to default or exit] + P(default) * C,  P(default) = h/lam (1 - exp(-lam L))

``C`` is the time a defaulted account stays in collections before it is
charged off (``write_off_days``). The opening book is drawn by acceptance:
candidates keyed by slot and attempt are accepted with probability
``E[stay] / max E[stay]`` of their product
(:func:`collectsim.engine.population.build_population`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from collectsim.config.portfolio import PRODUCT_KINDS, Portfolio
from collectsim.engine.state import CARD, Borrowers


def _logit(x: np.ndarray) -> np.ndarray:
    p = np.clip(x.astype(np.float64), 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def features(b: Borrowers, idx: np.ndarray) -> np.ndarray:
    """What a borrower type is, as a regression sees it (rows: accounts; columns: features):
    the attitudes on their log-odds scale, the finances relative to income, the grade and
    the product."""
    income = np.maximum(b.income[idx].astype(np.float64), 100.0)
    cols = [
        _logit(b.willingness[idx]),
        _logit(b.inattention[idx]),
        _logit(b.trust[idx]),
        _logit(b.stress[idx]),
        _logit(b.resistance[idx]),
        np.log(income),
        b.expenses[idx] / income,
        np.log1p(b.cash[idx] / income),
        np.log1p(b.assets[idx] / income),
        np.log(np.maximum(b.instalment[idx], 1) / income),
        np.log(np.maximum(b.principal[idx], 1) / income),
        b.grade[idx].astype(np.float64),
    ]
    cols += [(b.product[idx] == k).astype(np.float64) for k in range(1, len(PRODUCT_KINDS))]
    return np.column_stack(cols)


@dataclass(frozen=True)
class Hazard:
    """A fitted daily hazard of default: ``exp(intercept + ((x - mean) / scale) @ beta)``."""

    mean: np.ndarray
    scale: np.ndarray
    beta: np.ndarray
    intercept: float

    def daily(self, x: np.ndarray) -> np.ndarray:
        z = (x - self.mean) / self.scale
        return np.exp(np.clip(self.intercept + z @ self.beta, -50.0, 5.0))


def fit_hazard(x: np.ndarray, defaulted: np.ndarray, days_at_risk: np.ndarray) -> Hazard:
    """Poisson regression of default on ``x`` with log exposure (Newton's method, a small
    ridge so a feature that never varies in the pilot does no harm)."""
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    z = np.column_stack([np.ones(len(x)), (x - mean) / scale])
    y = defaulted.astype(np.float64)
    exposure = np.maximum(days_at_risk.astype(np.float64), 1.0)
    coef = np.zeros(z.shape[1])
    coef[0] = np.log(max(y.sum(), 1.0) / exposure.sum())
    ridge = np.full(z.shape[1], 1e-2)
    ridge[0] = 0.0
    for _ in range(50):
        mu = exposure * np.exp(np.clip(z @ coef, -50.0, 5.0))
        grad = z.T @ (y - mu) - ridge * coef
        hess = (z * mu[:, None]).T @ z + np.diag(ridge)
        step = np.linalg.solve(hess, grad)
        coef += step
        if np.abs(step).max() < 1e-8:
            break
    return Hazard(mean=mean, scale=scale, beta=coef[1:], intercept=float(coef[0]))


def expected_stay(
    b: Borrowers, idx: np.ndarray, portfolio: Portfolio, hazard: Hazard
) -> np.ndarray:
    """Each account's expected years in the book from a new loan (see the module's note)."""
    h = hazard.daily(features(b, idx)) * 365.0
    card = b.product[idx] == CARD
    alpha = np.where(card, portfolio.book.card_attrition, portfolio.book.loan_prepayment).astype(
        np.float64
    )
    months = np.zeros(len(PRODUCT_KINDS))
    for product in portfolio.products:  # a new loan's whole term, whatever its seasoning
        months[PRODUCT_KINDS.index(product.kind)] = product.term_months
    term = months[b.product[idx]] / 12.0
    life = np.where(card | (term <= 0), np.inf, term)
    lam = np.maximum(h + alpha, 1e-9)
    reached = 1.0 - np.exp(-lam * life)
    collections = b.write_off_days[idx].astype(np.float64) / 365.0
    return reached / lam + h / lam * reached * collections
