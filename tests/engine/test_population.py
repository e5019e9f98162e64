"""Building the loan book from the portfolio's distributions."""

import numpy as np
import pytest

from collectsim.config import load_portfolio
from collectsim.engine.population import build_population
from collectsim.engine.state import CARD, CURRENT, SME_LOAN
from collectsim.engine.streams import Streams


@pytest.fixture(scope="module")
def book():
    portfolio = load_portfolio("mixed")
    return portfolio, build_population(portfolio, 40_000, Streams(11))


def test_product_and_grade_shares_follow_the_portfolio(book):
    portfolio, b = book
    shares = np.bincount(b.product, minlength=3) / b.n
    for product, share in zip(portfolio.products, shares, strict=True):
        assert share == pytest.approx(product.share, abs=0.01)
    grades = np.bincount(b.grade, minlength=5) / b.n
    assert grades == pytest.approx(portfolio.borrowers.grade_shares, abs=0.01)
    assert (b.is_sme == (b.product == SME_LOAN)).all()


def test_some_accounts_start_late_and_money_is_sane(book):
    portfolio, b = book
    late = b.delinquent_since > CURRENT
    assert late.mean() == pytest.approx(portfolio.initial_delinquent_share, abs=0.01)
    assert (b.arrears <= b.balance).all() and (b.arrears[late] > 0).all()
    assert (b.balance > 0).all() and (b.cash >= 0).all()
    assert (b.instalment <= b.balance).all()


def test_better_grades_are_more_willing(book):
    _, b = book
    means = [b.willingness[b.grade == g].mean() for g in range(5)]
    assert means == sorted(means, reverse=True)


def test_cards_pay_a_minimum_share_loans_an_annuity(book):
    _, b = book
    cards = b.product == CARD
    expected = np.maximum(
        np.ceil(b.balance[cards] * b.min_payment_share[cards]), b.min_payment[cards]
    )
    assert (b.instalment[cards] == np.minimum(b.balance[cards], expected)).all()
