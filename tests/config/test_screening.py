"""Screening shifts the book's mix toward better grades and fewer small businesses."""

from collectsim.config import load_portfolio
from collectsim.config.screening import screened


def _strict(p, s):
    return p.model_copy(update={"screening": p.screening.model_copy(update={"strictness": s})})


def test_no_screening_leaves_the_book_as_it_is():
    p = load_portfolio("mixed")
    assert screened(p) is p


def test_stricter_screening_leaves_better_grades_and_fewer_small_businesses():
    p = load_portfolio("mixed")
    mild, strict = screened(_strict(p, 0.3)), screened(_strict(p, 1.0))
    sme = next(q.share for q in p.products if q.kind == "sme_loan")
    for book in (mild, strict):
        assert abs(sum(book.borrowers.grade_shares) - 1) < 1e-9
        assert abs(sum(q.share for q in book.products) - 1) < 1e-9
    assert p.borrowers.grade_shares[0] < mild.borrowers.grade_shares[0]
    assert mild.borrowers.grade_shares[0] < strict.borrowers.grade_shares[0]
    assert strict.borrowers.grade_shares[4] < p.borrowers.grade_shares[4]
    assert next(q.share for q in strict.products if q.kind == "sme_loan") < sme
