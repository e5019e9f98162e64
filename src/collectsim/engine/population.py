"""Who holds each account: borrowers drawn from the portfolio's distributions.

Each account slot holds a sequence of borrowers: the opening book
(generation 0), then, whenever an account leaves the book (paid off,
settled, charged off, sold), a new borrower with a new loan
(:mod:`collectsim.engine.book`). Every attribute of the borrower in slot
``i``, generation ``g`` is a counter-based draw keyed by ``(i, g)`` from the
``population`` stream, so a successor is the same person whatever strategy
made the slot free, and whenever it did: common random numbers hold across
strategies even though their books turn over at different times.

Attitudes (willingness, trust, stress, resistance, inattention) are
logit-normal around a median (by grade where the portfolio says so): cheap
to draw by inversion, and bounded in 0..1 as attitudes are.

>>> from collectsim.config import load_portfolio
>>> from collectsim.engine.streams import Streams
>>> b = build_population(load_portfolio("mixed"), 1000, Streams(1))
>>> int(b.balance.min()) > 0, int(b.generation.max())
(True, 0)
"""

from __future__ import annotations

import numpy as np

from collectsim.config.limits import MAX_ACCOUNT, MAX_MONEY
from collectsim.config.portfolio import PRODUCT_KINDS, Portfolio
from collectsim.engine.state import CARD, MONTH, SME_LOAN, STATES, Borrowers
from collectsim.engine.stationary import Hazard, expected_stay
from collectsim.engine.streams import Streams, to_normal

#: one sub-key per attribute drawn, so no two attributes share a draw
_ATTRIBUTES = (
    "product",
    "grade",
    "income",
    "savings",
    "assets",
    "balance",
    "seasoning",
    "willingness",
    "trust",
    "stress",
    "resistance",
    "inattention",
    "score_noise",
    "late",
    "days_past_due",
    "expenses",
)
_SUB = {name: k for k, name in enumerate(_ATTRIBUTES)}
#: attributes of the slot, not of who holds it: kept when a new borrower arrives (a slot
#: keeps its product, so the book keeps the portfolio's mix however fast each product turns)
SLOT_STATES = frozenset({"community", "cycle_day", "generation", "product", "is_sme"})


def annuity(balance: np.ndarray, annual_rate: np.ndarray, months: np.ndarray) -> np.ndarray:
    """Monthly payment that repays ``balance`` over ``months`` (cents, rounded up)."""
    r = annual_rate / 12.0
    months = np.maximum(months, 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        pay = np.where(r > 0, balance * r / (1 - (1 + r) ** (-months)), balance / months)
    return np.ceil(pay).astype(np.int64)


def to_cents(x: np.ndarray) -> np.ndarray:
    return np.rint(np.asarray(x) * 100).astype(np.int64)


def _uniforms(streams: Streams, slots: np.ndarray, generation: np.ndarray) -> np.ndarray:
    """(attribute x account) uniforms keyed by slot and generation."""
    key = slots.astype(np.uint64) | (generation.astype(np.uint64) << np.uint64(40))
    return streams.uniforms(("population",) * len(_ATTRIBUTES), 0, key, subs=tuple(_SUB.values()))


def _logit_normal(median: np.ndarray | float, spread: float, z: np.ndarray) -> np.ndarray:
    """Values in (0, 1) whose log-odds are normal around ``logit(median)`` with sd ``spread``."""
    m = np.clip(np.asarray(median, dtype=np.float64), 1e-6, 1 - 1e-6)
    x = np.log(m / (1 - m)) + spread * z
    return 1.0 / (1.0 + np.exp(-x))


def _choice(u: np.ndarray, shares: list[float]) -> np.ndarray:
    """Category index by inversion of the shares' cumulative sum."""
    cum = np.cumsum(shares) / sum(shares)
    return np.minimum(np.searchsorted(cum, u, side="right"), len(shares) - 1)


def build_population(
    portfolio: Portfolio, n: int, streams: Streams, hazard: Hazard | None = None
) -> Borrowers:
    """The opening book: generation 0 in every slot, seasoned loans, some already behind;
    with a fitted ``hazard``, each type as often as a running book holds it
    (:mod:`collectsim.engine.stationary`), otherwise as often as it is lent to."""
    b = Borrowers(n)
    slots = np.arange(n)
    rng = streams.generator("population")  # the slot attributes: fixed for the run
    b.community[:] = rng.permutation(n) // portfolio.borrowers.community_size
    b.cycle_day[:] = rng.integers(0, MONTH, size=n)
    u = _uniforms(streams, slots, b.generation)
    which = _choice(u[_SUB["product"]], [p.share for p in portfolio.products])
    kinds = np.array([PRODUCT_KINDS.index(p.kind) for p in portfolio.products], dtype=np.int8)
    b.product[:] = kinds[which]
    b.is_sme[:] = b.product == SME_LOAN
    if hazard is None:
        draw_borrowers(b, slots, portfolio, u, seasoned=portfolio.book.seasoned)
    else:
        u = _stationary_draw(b, portfolio, streams, hazard)
    _behind_at_start(b, portfolio, u)
    return b


#: the attempts of the stationary draw; a slot still without a type after them keeps its last
ATTEMPTS = 40
#: candidates' generations start here, far above any successor's generation
CANDIDATE_GENERATION = 1 << 20


def _stationary_draw(
    b: Borrowers, portfolio: Portfolio, streams: Streams, hazard: Hazard
) -> np.ndarray:
    """Draw every slot's borrower in the stationary mix (:mod:`collectsim.engine.stationary`)
    into ``b``; their uniforms (attributes x accounts).

    Slot ``i``'s candidate ``k`` is keyed by ``(i, CANDIDATE_GENERATION + k)`` and accepted
    by a draw of the ``opening`` stream with probability ``E[stay]`` over the largest
    ``E[stay]`` of its product among the first candidates: the same book whatever order the
    slots are filled in."""
    slots = np.arange(b.n)
    accepted = np.empty((len(_ATTRIBUTES), b.n))
    bound = np.ones(len(PRODUCT_KINDS))
    open_ = slots
    for attempt in range(ATTEMPTS):
        u = _uniforms(streams, open_, np.full(open_.size, CANDIDATE_GENERATION + attempt))
        draw_borrowers(b, open_, portfolio, u, seasoned=portfolio.book.seasoned)
        stay = expected_stay(b, open_, portfolio, hazard)
        if attempt == 0:
            for k in range(len(PRODUCT_KINDS)):
                of_kind = b.product[open_] == k
                bound[k] = stay[of_kind].max() if of_kind.any() else 1.0
        keep = streams.uniform("opening", attempt, open_) < stay / bound[b.product[open_]]
        if attempt == ATTEMPTS - 1:
            keep[:] = True
        accepted[:, open_[keep]] = u[:, keep]
        open_ = open_[~keep]
        if open_.size == 0:
            break
    return accepted


def new_borrowers(b: Borrowers, slots: np.ndarray, portfolio: Portfolio, streams: Streams) -> None:
    """Replace the holders of ``slots`` by their successors: new people, new loans."""
    keep = {name: getattr(b, name)[slots].copy() for name in SLOT_STATES}
    for s in STATES:
        if s.name not in SLOT_STATES:
            getattr(b, s.name)[slots] = s.fill
    b.last_contact[:, slots] = b.last_contact.dtype.type(-(10**6))
    b.week_contacts[:, slots] = 0
    b.week_capped[:, slots] = 0
    for name, values in keep.items():
        getattr(b, name)[slots] = values
    b.generation[slots] += 1
    u = _uniforms(streams, slots, b.generation[slots])
    draw_borrowers(b, slots, portfolio, u, seasoned=False)


def draw_borrowers(
    b: Borrowers, idx: np.ndarray, portfolio: Portfolio, u: np.ndarray, *, seasoned: bool
) -> None:
    """Every attribute of the borrowers and loans in ``idx`` (whose product is set) from
    their uniforms ``u``."""
    which = _product_row(b.product[idx], portfolio)
    b.grade[idx] = _choice(u[_SUB["grade"]], portfolio.borrowers.grade_shares)
    z = to_normal(
        u[[_SUB["income"], _SUB["savings"], _SUB["assets"], _SUB["balance"], _SUB["expenses"]]]
    )
    _finances(b, idx, portfolio, z[0], z[1], z[2], z[4])
    _loans(b, idx, portfolio, which, z[0], z[3], u[_SUB["seasoning"]] if seasoned else None)
    _attitudes(b, idx, portfolio, u)


def _product_row(product: np.ndarray, portfolio: Portfolio) -> np.ndarray:
    """Which of the portfolio's products each account is (its row in ``products``)."""
    row = np.zeros(product.size, dtype=np.intp)
    for i, prod in enumerate(portfolio.products):
        row[product == PRODUCT_KINDS.index(prod.kind)] = i
    return row


def _finances(
    b: Borrowers,
    idx: np.ndarray,
    portfolio: Portfolio,
    z_income: np.ndarray,
    z_savings: np.ndarray,
    z_assets: np.ndarray,
    z_expenses: np.ndarray,
) -> None:
    """Income or revenue, expenses, savings and seizable assets."""
    who = portfolio.borrowers
    person, sme = who.person, who.sme
    is_sme = b.is_sme[idx]
    wage = person.monthly_income.median * np.exp(person.monthly_income.sigma * z_income)
    revenue = sme.monthly_revenue.median * np.exp(sme.monthly_revenue.sigma * z_income)
    income = np.minimum(np.where(is_sme, revenue, wage), MAX_MONEY)
    b.income[idx] = to_cents(income)
    share = _logit_normal(min(person.expense_share, 0.99), person.expense_share_spread, z_expenses)
    b.expenses[idx] = to_cents(income * np.where(is_sme, sme.cost_share, share))
    save = np.where(is_sme, sme.savings_months.median, person.savings_months.median)
    save_sd = np.where(is_sme, sme.savings_months.sigma, person.savings_months.sigma)
    factor = np.array(who.grade_savings_factor)[b.grade[idx]]
    b.cash[idx] = to_cents(
        np.minimum(income * save * np.exp(save_sd * z_savings) * factor, MAX_MONEY)
    )
    b.savings_target[idx] = b.cash[idx]
    assets = np.where(is_sme, sme.assets_months.median, person.assets_months.median)
    assets_sd = np.where(is_sme, sme.assets_months.sigma, person.assets_months.sigma)
    b.assets[idx] = to_cents(np.minimum(income * assets * np.exp(assets_sd * z_assets), MAX_MONEY))
    b.employed[idx] = True


def _loans(
    b: Borrowers,
    idx: np.ndarray,
    portfolio: Portfolio,
    which: np.ndarray,
    z_income: np.ndarray,
    z_balance: np.ndarray,
    u_seasoning: np.ndarray | None,
) -> None:
    """Principal (correlated with income) and terms; a seasoned book is part repaid."""
    principal = np.zeros(idx.size)
    for i, prod in enumerate(portfolio.products):
        sel = which == i
        acc = idx[sel]
        rho = prod.income_correlation
        z = rho * z_income[sel] + np.sqrt(1 - rho * rho) * z_balance[sel]
        principal[sel] = prod.balance.median * np.exp(prod.balance.sigma * z)
        b.rate[acc] = prod.annual_rate
        b.term_left[acc] = prod.term_months
        b.min_payment_share[acc] = prod.min_payment_share
        b.late_fee[acc] = round(prod.late_fee * 100)
        b.min_payment[acc] = round(prod.min_payment * 100)
        b.write_off_days[acc] = prod.write_off_days
    b.principal[idx] = to_cents(np.minimum(principal, MAX_ACCOUNT))
    b.balance[idx] = b.principal[idx]
    b.instalment[idx] = scheduled_instalment(b, idx)
    if u_seasoning is not None:  # months already paid: uniform over the term
        term = b.term_left[idx].astype(np.int64)
        paid = np.floor(u_seasoning * term).astype(np.int64)
        b.balance[idx] = _balance_after(b.balance[idx], b.rate[idx], term, paid)
        b.term_left[idx] = (term - paid).astype(np.int16)
        b.instalment[idx] = scheduled_instalment(b, idx)


def _balance_after(
    principal: np.ndarray, annual_rate: np.ndarray, term: np.ndarray, paid: np.ndarray
) -> np.ndarray:
    """Outstanding balance of an annuity loan after ``paid`` of its ``term`` instalments."""
    r = annual_rate.astype(np.float64) / 12.0
    p = principal.astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        growth = (1 + r) ** paid
        left = np.where(
            r > 0,
            p * (((1 + r) ** term - growth) / ((1 + r) ** term - 1)),
            p * (1 - paid / np.maximum(term, 1)),
        )
    left = np.where(term > 0, left, p)
    return np.maximum(np.ceil(left), 1).astype(np.int64)


def _attitudes(b: Borrowers, idx: np.ndarray, portfolio: Portfolio, u: np.ndarray) -> None:
    """Willingness and trust by grade, stress, resistance (worse grades resist more),
    inattention, and the fixed error of the lender's score."""
    who = portfolio.borrowers
    grade = b.grade[idx]
    names = ("willingness", "trust", "stress", "resistance", "inattention", "score_noise")
    z = to_normal(u[[_SUB[n] for n in names]])
    b.willingness[idx] = _logit_normal(
        np.array(who.grade_willingness)[grade], who.willingness_spread, z[0]
    )
    b.trust[idx] = _logit_normal(np.array(who.grade_trust)[grade], who.trust_spread, z[1])
    b.stress[idx] = _logit_normal(who.initial_stress, who.stress_spread, z[2])
    resistance = who.resistance_base + who.resistance_per_grade * grade
    b.resistance[idx] = _logit_normal(resistance, who.resistance_spread, z[3])
    b.stress_baseline[idx] = b.stress[idx]  # traits: what stress and resistance ease back to
    b.resistance_baseline[idx] = b.resistance[idx]
    b.inattention[idx] = _logit_normal(who.inattention, who.inattention_spread, z[4])
    b.score_noise[idx] = z[5]


def _behind_at_start(b: Borrowers, portfolio: Portfolio, u: np.ndarray) -> None:
    """A collections book has accounts already past due at the start."""
    late = u[_SUB["late"]] < portfolio.initial_delinquent_share
    top = portfolio.initial_days_past_due_max
    dpd = 1 + np.floor(u[_SUB["days_past_due"]] * top).astype(np.int64)
    idx = np.flatnonzero(late)
    months_behind = 1 + (dpd[idx] - 1) // MONTH
    b.arrears[idx] = np.minimum(b.balance[idx], b.instalment[idx] * months_behind)
    b.delinquent_since[idx] = -dpd[idx]
    b.ever_delinquent[idx] = True
    b.late_reason[idx] = 2  # short of money
    b.stress[idx] = np.minimum(1.0, b.stress[idx] + portfolio.initial_late_stress)
    # those already behind are, on average, the less able: thin their savings
    left = np.floor(b.cash[idx] * portfolio.initial_late_savings_share)
    b.cash[idx] = left.astype(np.int64)


def scheduled_instalment(b: Borrowers, idx: np.ndarray) -> np.ndarray:
    """Monthly payment due: annuity for term loans, minimum payment for revolving credit."""
    bal = b.balance[idx]
    term = b.term_left[idx].astype(np.int64)
    revolving = term == 0
    minimum = np.maximum(
        np.ceil(bal * b.min_payment_share[idx]).astype(np.int64), b.min_payment[idx]
    )
    amort = annuity(bal.astype(np.float64), b.rate[idx].astype(np.float64), term)
    return np.minimum(bal, np.where(revolving | (b.product[idx] == CARD), minimum, amort))
