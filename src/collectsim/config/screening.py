"""Screening: how strict the lender's pre-loan assessment was, as the mix of the book it left.

A stricter lender approves fewer of the worse grades and fewer small businesses: each
grade's share is multiplied by ``exp(-strictness x grade_tilt x grade)`` (A = 0) and the
SME product's share by ``1 - strictness x sme_cut``, then both renormalised. The book's
size stays as the experiment says, so screening compares "lend better" with "collect
better" on the same number of accounts (what the rejected applicants would have earned is
not valued).

>>> from collectsim.config import load_portfolio
>>> p = load_portfolio("mixed")
>>> rule = p.screening.model_copy(update={"strictness": 1.0})
>>> strict = screened(p.model_copy(update={"screening": rule}))
>>> strict.borrowers.grade_shares[0] > p.borrowers.grade_shares[0]
True
"""

from __future__ import annotations

import math

from collectsim.config.portfolio import Portfolio


def screened(portfolio: Portfolio) -> Portfolio:
    """The portfolio with the mix its screening leaves (itself when strictness is 0)."""
    s = portfolio.screening
    if s.strictness == 0:
        return portfolio
    shares = [
        share * math.exp(-s.strictness * s.grade_tilt * g)
        for g, share in enumerate(portfolio.borrowers.grade_shares)
    ]
    total = sum(shares)
    grades = [v / total for v in shares] if total > 0 else list(portfolio.borrowers.grade_shares)
    weights = [
        p.share * (1.0 - s.strictness * s.sme_cut if p.kind == "sme_loan" else 1.0)
        for p in portfolio.products
    ]
    total = sum(weights)
    products = [
        p.model_copy(update={"share": w / total}) if total > 0 else p
        for p, w in zip(portfolio.products, weights, strict=True)
    ]
    borrowers = portfolio.borrowers.model_copy(update={"grade_shares": grades})
    return portfolio.model_copy(update={"borrowers": borrowers, "products": products})
