"""The engine's behaviour written as a Mesa user would first write it: one agent per borrower.

The yardstick for the vectorised engine (:mod:`collectsim.model`) and a
readable statement of its rules, one method per rule, each naming the engine
module it mirrors. A :class:`Borrower` is a ``mesa.Agent`` holding one account
slot: its ``step()`` runs its own day (payday, dues and the pay decision, the
book's turnover, payments between due dates while behind). The
:class:`Lender` walks the past-due borrowers one at a time (segments,
treatments, rules and caps, capacity and budget by priority) and each
contact's outcome is the borrower's response. Courts, agencies, write-off,
reputation and the :class:`Regulator` close the day, in the engine's order
(``engine/loop.py``). Before day 0 the book runs the portfolio's burn-in under
its business-as-usual strategy in normal times, then hands over
(``engine/horizon.py``).

Every number comes from the loaded configs (portfolio and its behaviour,
strategy, scenario). Nothing of the engine is used but those configs, the
channel table, the declaration of the borrower's state fields and the
score's noise calibration (``noise_for_auc``): the population is drawn here,
agent by agent, and every draw comes from the model's ``random.Random``, so
runs agree with the engine in distribution, not draw for draw.

>>> m = ReferenceModel(borrowers=300, horizon_days=20, seed=1)
>>> m.run_model()
>>> m.metrics()["contacts"] > 0
True
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from typing import NamedTuple

import mesa
import numpy as np

from collectsim.channels import CHANNELS, EXECUTION_ORDER
from collectsim.config import (
    Portfolio,
    Scenario,
    Strategy,
    load_portfolio,
    load_scenario,
    load_strategy,
)
from collectsim.config.behaviour import LogNormal
from collectsim.config.limits import MAX_ACCOUNT, MAX_MONEY
from collectsim.config.portfolio import GRADES, PRODUCT_KINDS, CourtFees
from collectsim.config.scenario import Economy, Regulation
from collectsim.engine.scoring import noise_for_auc
from collectsim.engine.state import (
    ACTIVE,
    AGENCY,
    CAN_PAY,
    CANNOT_PAY,
    CARD,
    CLOSED,
    CURRENT,
    KNOWN_REASONS,
    LEGAL,
    MONTH,
    NEVER,
    OVERLOOKED,
    SHORT,
    SME_LOAN,
    SOLD,
    STATES,
    UNWILLING,
    WRITTEN_OFF,
    YEAR,
)
from collectsim.model import CollectionModel
from collectsim.pilot import opening_hazard

#: what belongs to the slot, not to whoever holds it (a successor keeps these)
SLOT = frozenset({"community", "cycle_day", "generation", "product", "is_sme"})
#: a new holder's state before anything is drawn: the engine's declared fill values
FRESH = {s.name: bool(s.fill) if s.dtype == "bool" else s.fill for s in STATES}
FRESH = {name: value for name, value in FRESH.items() if name not in SLOT}
#: accounts that have left the book (a successor takes the slot)
GONE = (WRITTEN_OFF, CLOSED, SOLD)
#: priorities that rank by the risk score
SCORED_PRIORITIES = ("expected_recovery", "expected_loss", "swing")


# ---------------------------------------------------------------------------- formulas
def sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def expected_years(h: float, alpha: float, life: float, collections: float) -> float:
    """E[stay] of engine/stationary.py for one borrower: yearly hazard ``h``, exits
    ``alpha``, the loan's ``life`` in years, ``collections`` years before charge-off."""
    lam = max(h + alpha, 1e-9)
    reached = 1.0 - math.exp(-lam * life) if math.isfinite(life) else 1.0
    return reached / lam + h / lam * reached * collections


def cents(amount: float) -> int:
    return round(amount * 100)


def lognormal(dist: LogNormal, z: float) -> float:
    return dist.median * math.exp(dist.sigma * z)


def logit_normal(rnd: random.Random, median: float, spread: float) -> float:
    """A value in (0, 1) whose log-odds are normal around ``logit(median)``."""
    m = min(max(median, 1e-6), 1 - 1e-6)
    return sigmoid(math.log(m / (1 - m)) + spread * rnd.gauss(0.0, 1.0))


def annuity(balance: float, annual_rate: float, months: int) -> int:
    """Monthly payment repaying ``balance`` over ``months`` (cents, rounded up)."""
    r, months = annual_rate / 12.0, max(months, 1)
    return math.ceil(balance * r / (1 - (1 + r) ** (-months)) if r > 0 else balance / months)


def balance_after(principal: int, annual_rate: float, term: int, paid: int) -> int:
    """What is left of an annuity loan after ``paid`` of its ``term`` instalments."""
    r = annual_rate / 12.0
    if r > 0:
        left = principal * ((1 + r) ** term - (1 + r) ** paid) / ((1 + r) ** term - 1)
    else:
        left = principal * (1 - paid / max(term, 1))
    return max(math.ceil(left), 1)


def court_fee(balance: int, scale: CourtFees) -> int:
    """Court fee (cents) for a claim of ``balance`` cents, on the portfolio's sliding scale."""
    claim, fee, lower = balance / 100.0, scale.flat_fee, scale.flat_up_to
    for upper, rate in scale.bands:
        fee += min(max(claim - lower, 0.0), upper - lower) * rate
        lower = upper
    return cents(fee + max(claim - lower, 0.0) * scale.top_rate)


class MacroPath:
    """The economy by engine day (engine/economy.py): normal times, the schema's defaults
    holding still, before day 0; the scenario's paths from day 0."""

    SERIES = (
        "unemployment_rate",
        "job_finding_rate",
        "income_factor",
        "sme_revenue_factor",
        "expense_shock_factor",
    )

    def __init__(self, scenario: Scenario, burn_in: int, horizon: int):
        normal, path = Economy(), scenario.economy
        days = range(-burn_in, horizon + MONTH + 1)

        def series(name: str) -> list[float]:
            p, q = getattr(path, name), getattr(normal, name)
            return [q.values[0] if s < 0 else p.at(s) for s in days]

        u, f, self.income_factor, self.sme_revenue_factor, self.expense_shock_factor = (
            series(name) for name in self.SERIES
        )
        self.unemployment, self.job_finding = u, f
        u0, f0 = normal.unemployment_rate.values[0], normal.job_finding_rate.values[0]
        self.separation = [
            f0 * u0 / (1 - u0)  # normal times hold unemployment still
            if s < 0
            else max((u[i + MONTH] - u[i] + f[i] * u[i]) / max(1 - u[i], 1e-9), 0.0)
            for i, s in enumerate(days[:-MONTH])
        ]
        self.forbearance = [s >= 0 and scenario.in_forbearance(s) for s in days]


class Books:
    """Every cent that moves, by flow (engine/ledger.py): the receivables and the lender's cash."""

    INTO_BOOK = ("lent", "interest", "fee")
    OUT_OF_BOOK = ("payment", "concession", "interest_waived", "write_off")
    CASH_IN = ("payment", "debt_sale")
    CASH_OUT = ("contact_cost", "legal_cost", "agency_commission", "fine", "lent")

    def __init__(self, opening: int):
        self.opening = opening
        self.flows: defaultdict[str, int] = defaultdict(int)

    def post(self, flow: str, amount: int) -> None:
        self.flows[flow] += amount

    def receivables(self) -> int:
        f = self.flows
        return (
            self.opening + sum(f[k] for k in self.INTO_BOOK) - sum(f[k] for k in self.OUT_OF_BOOK)
        )

    def cash(self) -> int:
        return sum(self.flows[k] for k in self.CASH_IN) - sum(self.flows[k] for k in self.CASH_OUT)


class Request(NamedTuple):
    """A treatment the strategy asks for today."""

    borrower: Borrower
    segment: int
    tone: str
    rank: float


# ---------------------------------------------------------------------------- borrower
class Borrower(mesa.Agent):
    """One account slot and whoever holds it: a person or a small business and their loan."""

    def __init__(self, model: ReferenceModel, product: int, community: int, cycle_day: int):
        super().__init__(model)
        self.model: ReferenceModel = model
        self.product, self.is_sme = product, product == SME_LOAN
        self.community, self.cycle_day, self.generation = community, cycle_day, 0
        self.new_holder(seasoned=model.portfolio.book.seasoned)
        while model.hazard is not None and model.random.random() >= self.stay() / self.most_stay():
            self.new_holder(seasoned=model.portfolio.book.seasoned)  # the stationary mix

    def stay(self) -> float:
        """Expected years in the book of a new loan to this borrower (engine/stationary.py)."""
        hazard = self.model.hazard
        income = max(self.income, 100)
        x = [
            logit(self.willingness), logit(self.inattention), logit(self.trust),
            logit(self.stress), logit(self.resistance), math.log(income),
            self.expenses / income, math.log1p(self.cash / income),
            math.log1p(self.assets / income), math.log(max(self.instalment, 1) / income),
            math.log(max(self.principal, 1) / income), float(self.grade),
        ] + [float(self.product == k) for k in range(1, len(PRODUCT_KINDS))]  # fmt: skip
        h = float(hazard.daily(np.array([x]))[0]) * 365.0
        return expected_years(h, self.exit_rate(), self.life(), self.write_off_days / 365.0)

    def most_stay(self) -> float:
        """The longest stay of this product (no defaults): the acceptance draw's bound."""
        return expected_years(0.0, self.exit_rate(), self.life(), 0.0)

    def exit_rate(self) -> float:
        book = self.model.portfolio.book
        return book.card_attrition if self.product == CARD else book.loan_prepayment

    def life(self) -> float:
        term = self.model.products[self.product].term_months
        return math.inf if self.product == CARD or term <= 0 else term / 12.0

    # ------------------------------------------------- who holds the slot (population.py)
    def new_holder(self, seasoned: bool) -> None:
        """A new borrower with a new loan of the slot's product; all else starts afresh."""
        self.__dict__.update(FRESH)
        self.last_contact = dict.fromkeys(CHANNELS, NEVER)
        self.calls_and_visits: list[int] = []  # days of attempts the weekly call cap counts
        self.capped_contacts: list[int] = []  # days of attempts on the regulation's channels
        who, rnd = self.model.portfolio.borrowers, self.model.random
        self.grade = rnd.choices(range(len(GRADES)), weights=who.grade_shares)[0]
        z_income = rnd.gauss(0.0, 1.0)
        self.draw_finances(z_income)
        self.draw_loan(z_income, seasoned)
        self.draw_attitudes()

    def draw_finances(self, z_income: float) -> None:
        """Income or revenue (lognormal), expenses (a logit-normal share for people, the cost
        share for a business), savings by grade (also the target kept), seizable assets."""
        who, rnd = self.model.portfolio.borrowers, self.model.random
        kind = who.sme if self.is_sme else who.person
        source = who.sme.monthly_revenue if self.is_sme else who.person.monthly_income
        income = min(lognormal(source, z_income), MAX_MONEY)
        self.income = cents(income)
        person = who.person
        share = logit_normal(rnd, min(person.expense_share, 0.99), person.expense_share_spread)
        self.expenses = cents(income * (who.sme.cost_share if self.is_sme else share))
        months = lognormal(kind.savings_months, rnd.gauss(0.0, 1.0))
        savings = income * months * who.grade_savings_factor[self.grade]
        self.cash = self.savings_target = cents(min(savings, MAX_MONEY))
        assets = income * lognormal(kind.assets_months, rnd.gauss(0.0, 1.0))
        self.assets = cents(min(assets, MAX_MONEY))
        self.employed = True

    def draw_loan(self, z_income: float, seasoned: bool) -> None:
        """Principal correlated with income, the product's terms; a seasoned term loan has
        paid a uniform share of its term."""
        prod, rnd = self.model.products[self.product], self.model.random
        rho = prod.income_correlation
        z = rho * z_income + math.sqrt(1 - rho * rho) * rnd.gauss(0.0, 1.0)
        self.principal = self.balance = cents(min(lognormal(prod.balance, z), MAX_ACCOUNT))
        self.rate, self.term_left = prod.annual_rate, prod.term_months
        self.min_payment_share, self.min_payment = prod.min_payment_share, cents(prod.min_payment)
        self.late_fee, self.write_off_days = cents(prod.late_fee), prod.write_off_days
        if seasoned and self.term_left > 0:
            paid = math.floor(rnd.random() * self.term_left)
            self.balance = balance_after(self.balance, self.rate, self.term_left, paid)
            self.term_left -= paid
        self.instalment = self.scheduled_instalment()

    def draw_attitudes(self) -> None:
        """Logit-normal attitudes: willingness and trust by grade, stress, resistance (worse
        grades resist more), inattention; the fixed error of the lender's score."""
        who, rnd, g = self.model.portfolio.borrowers, self.model.random, self.grade
        self.willingness = logit_normal(rnd, who.grade_willingness[g], who.willingness_spread)
        self.trust = logit_normal(rnd, who.grade_trust[g], who.trust_spread)
        self.stress = logit_normal(rnd, who.initial_stress, who.stress_spread)
        median = who.resistance_base + who.resistance_per_grade * g
        self.resistance = logit_normal(rnd, median, who.resistance_spread)
        self.stress_baseline, self.resistance_baseline = self.stress, self.resistance
        self.inattention = logit_normal(rnd, who.inattention, who.inattention_spread)
        self.score_noise = rnd.gauss(0.0, 1.0)

    def fall_behind_at_start(self) -> None:
        """The opening book: a share already behind, by up to a set number of days, more
        stressed and with thinner savings."""
        p, rnd = self.model.portfolio, self.model.random
        if rnd.random() >= p.initial_delinquent_share:
            return
        dpd = 1 + math.floor(rnd.random() * p.initial_days_past_due_max)
        self.arrears = min(self.balance, self.instalment * (1 + (dpd - 1) // MONTH))
        self.delinquent_since, self.ever_delinquent, self.late_reason = -dpd, True, SHORT
        self.stress = min(1.0, self.stress + p.initial_late_stress)
        self.cash = math.floor(self.cash * p.initial_late_savings_share)

    # -------------------------------------------------------------------------- the day
    def step(self) -> None:
        """This borrower's part of the day: payday, dues and the book on the cycle day, then
        payments between due dates while behind."""
        day = self.model.day
        if day % MONTH == self.cycle_day:
            self.finances(day)
            self.dues(day)
            self.book(day)
        if self.delinquent_since > CURRENT:
            self.between_dues(day)

    def finances(self, day: int) -> None:
        """Payday (finances.py): a job lost or found, income or revenue, an expense shock,
        savings beyond the usual partly spent, cash never below zero, stress, commitment."""
        m, e, rnd, beh = self.model, self.model.macro, self.model.random, self.model.behaviour
        who, lose = m.portfolio.borrowers, False
        expenses = self.expenses
        if self.is_sme:
            vol, var = who.sme.revenue_volatility, who.sme.variable_cost_share
            shock = math.exp(vol * rnd.gauss(0.0, 1.0) - 0.5 * vol * vol)
            income = self.income * e.sme_revenue_factor[day] * shock
            expenses = round(expenses * ((1.0 - var) + var * income / max(self.income, 1)))
        else:
            u = rnd.random()
            lose = self.employed and u < e.separation[day]
            find = not self.employed and u < e.job_finding[day]
            self.employed = (self.employed and not lose) or find
            benefit = 1.0 if self.employed else who.person.unemployment_benefit_share
            income = self.income * e.income_factor[day] * benefit
        spending = 0.0
        if rnd.random() < beh.expense_shock_monthly * e.expense_shock_factor[day]:
            spending = self.income * lognormal(beh.expense_shock_size, rnd.gauss(0.0, 1.0))
        net = round(income - spending) - expenses
        spent = int(max(self.cash - self.savings_target, 0) * who.excess_savings_spent)
        self.cash = max(self.cash - spent + net, 0)
        if net < 0 or lose:
            self.stress = min(1.0, self.stress + beh.stress_shortfall)
        else:
            base = self.stress_baseline
            self.stress = base + (self.stress - base) * (1.0 - beh.stress_monthly_relief)
        self.stressed = self.stressed or self.stress >= beh.high_stress
        self.commitment *= 1.0 - beh.commitment_monthly_decay

    def dues(self, day: int) -> None:
        """The cycle day's dues (repayment.py): interest (none once far behind, waived on a
        holiday), the instalment falls due, the pay decision, a missed date's fee."""
        m = self.model
        if self.status not in (ACTIVE, AGENCY) or self.balance <= 0:
            return
        late = self.delinquent_since > CURRENT
        dpd = day - self.delinquent_since if late else 0
        rate = self.rate if dpd < m.portfolio.non_accrual_days else 0.0
        interest = round(self.balance * (rate / 12.0))
        resting = m.macro.forbearance[day] or self.holiday_until >= day
        m.books.post("interest", interest)
        if resting:
            m.books.post("interest_waived", interest)
            return  # a holiday, mandated or offered: nothing falls due
        self.balance += interest
        self.fall_due(day)
        if late:
            self.catch_up(day)
        else:
            self.decide(day)
        if self.arrears > 0:
            self.missed(day)

    def fall_due(self, day: int) -> None:
        """This month's instalment (a plan's, or the contract's) joins the arrears."""
        if 0 <= self.plan_until < day:
            self.plan_until = -1
        if self.plan_until < 0:
            self.instalment = self.scheduled_instalment()
        self.arrears += min(self.instalment, self.balance - self.arrears)
        if self.term_left > 0:
            self.term_left -= 1

    def decide(self, day: int) -> None:
        """A current borrower pays if able, willing and attentive (a contact that reached them
        lately is a reminder); why a date was missed is recorded."""
        beh, rnd = self.model.behaviour, self.model.random
        able, owed = self.able(), self.arrears
        willing = rnd.random() < sigmoid(self.pay_logit())
        reminded = day - self.reminded_day <= beh.reminder_memory_days
        overlooked = not reminded and rnd.random() < self.inattention
        if willing and not overlooked:
            self.pay(min(owed, able))
        reason = SHORT if able < owed else OVERLOOKED if willing else UNWILLING
        self.late_reason = reason if self.arrears > 0 else 0

    def catch_up(self, day: int) -> None:
        """A borrower already behind pays up at payday with the log-odds lost to being behind."""
        logit = self.pay_logit() + self.behind_logit(day)
        if self.model.random.random() < sigmoid(logit):
            self.pay(min(self.arrears, self.able()))

    def missed(self, day: int) -> None:
        """A missed due date: a fee, the delinquency clock starts, a plan is broken."""
        self.balance += self.late_fee
        self.fees += self.late_fee
        self.arrears += self.late_fee
        self.model.books.post("fee", self.late_fee)
        if self.delinquent_since == CURRENT:
            self.delinquent_since, self.ever_delinquent = day, True
            self.delinquencies += 1
        if self.plan_until >= 0:
            self.plan_until, self.escalated = -1, True

    def book(self, day: int) -> None:
        """The book in steady state (book.py): a slot whose account left takes a successor;
        a current card in good standing is used again."""
        self.leave_early(day)
        if self.model.portfolio.book.replace_exits and self.status in GONE:
            self.hand_over_slot()
        self.revolve(day)

    def leave_early(self, day: int) -> None:
        """A current account in good standing repaid early from elsewhere: a card closed, a
        loan prepaid, a month's chance."""
        if self.status != ACTIVE or self.delinquent_since != CURRENT or self.balance <= 0:
            return
        if self.plan_until >= 0 or self.holiday_until >= day:
            return
        if self.model.random.random() < -math.expm1(-self.exit_rate() / 12.0):
            self.model.count["paid_early"] += 1
            self.pay(self.balance, route="refinance")

    def hand_over_slot(self) -> None:
        """Tally how the departing account ended, then a new borrower and loan (money lent)."""
        m, count = self.model, self.model.count
        count["departed_delinquent"] += self.ever_delinquent
        count["departed_cured"] += (
            self.ever_delinquent and self.status == CLOSED and not self.settled
        )
        count["departed_stressed"] += self.stressed
        count["new_accounts"] += 1
        self.generation += 1
        self.new_holder(seasoned=False)
        m.books.post("lent", self.balance)

    def revolve(self, day: int) -> None:
        """A current card, not on a plan or holiday, draws back up to the balance kept."""
        if self.product != CARD or self.status != ACTIVE or self.delinquent_since != CURRENT:
            return
        if self.plan_until >= 0 or self.holiday_until >= day:
            return
        draw = max(self.principal - self.balance, 0)
        if draw:
            self.balance += draw
            self.model.books.post("lent", draw)

    def between_dues(self, day: int) -> None:
        """The delinquency stage: a mandated holiday stops the clock; a promise falls due; a
        borrower behind pays at a daily intensity; still behind, joins today's past-due list."""
        m = self.model
        if m.macro.forbearance[day] and self.status in (ACTIVE, AGENCY):
            self.delinquent_since += 1
        if self.status in (ACTIVE, AGENCY, LEGAL):
            if self.promise_due == day:
                self.promise_falls_due()
            if self.arrears > 0:
                self.pay_unprompted(day)
        if self.delinquent_since > CURRENT:
            m.late_today.append(self)

    def promise_falls_due(self) -> None:
        """A promise is kept (able, and willing enough) or broken (trust lost, perhaps
        escalated by the segment)."""
        m, beh = self.model, self.model.behaviour
        amount = min(self.promise_amount, self.arrears)
        keep = beh.promise_keep_base * (beh.promise_keep_willingness_offset + self.willingness)
        kept = self.able() >= amount and m.random.random() < keep
        m.count["promises_due"] += 1
        m.count["promises_kept"] += kept
        self.promise_due = -1
        if kept:
            self.pay(amount)
            return
        self.trust = max(0.0, self.trust - beh.trust_loss_broken_promise)
        segments = m.lender.strategy.segments
        if self.segment >= 0 and segments[self.segment].escalate_on_broken_promise:
            self.escalated = True

    def pay_unprompted(self, day: int) -> None:
        """Pays what can be spared with the day's intensity; then salience, stress and
        resistance ease."""
        beh = self.model.behaviour
        if self.model.random.random() < -math.expm1(-self.payment_intensity(day)):
            self.pay(min(self.arrears, self.able()))
        self.salience *= 1.0 - beh.salience_decay
        self.stress += (self.stress_baseline - self.stress) * beh.stress_decay
        self.resistance += (self.resistance_baseline - self.resistance) * beh.resistance_decay

    # -------------------------------------------------------------------- what they weigh
    def pay_logit(self) -> float:
        """Log-odds of paying now: attitudes, peers, the lender's reputation, salience and
        the commitment talks left."""
        m, beh, c = self.model, self.model.behaviour, self.community
        seen = min(1.0, beh.public_spread * m.grievance[c])  # trust lost to public complaints
        return (
            beh.pay_logit_base
            + beh.pay_logit_willingness * (self.willingness - 0.5)
            + beh.pay_logit_trust * (self.trust - 0.5 - seen)
            - beh.pay_logit_resistance * self.resistance
            - beh.pay_logit_stress * self.stress
            - beh.pay_logit_peer_default * m.peer_default[c]
            + beh.pay_logit_reputation * (m.reputation - m.portfolio.initial_reputation)
            + beh.pay_logit_salience * self.salience
            + self.commitment
        )

    def behind_logit(self, day: int) -> float:
        """Log-odds lost by being behind, more for each month behind after the first."""
        beh, since = self.model.behaviour, self.delinquent_since
        months = (day - since) // MONTH if since > CURRENT else 0
        return beh.pay_logit_behind + beh.pay_logit_per_month_behind * months

    def payment_intensity(self, day: int) -> float:
        """Daily intensity of paying while behind: attitudes and age, salience, an overlooked
        date noticed; an agency or a lawsuit multiplies it (not in a mandated holiday)."""
        m, beh = self.model, self.model.behaviour
        logit = (
            self.pay_logit() - beh.pay_logit_base + self.behind_logit(day) - beh.pay_logit_behind
        )
        intensity = beh.cure_intensity * 2.0 * sigmoid(logit) + self.salience
        if self.late_reason == OVERLOOKED:
            intensity += beh.overlooked_notice_rate
        if m.macro.forbearance[day]:
            return intensity
        if self.status == AGENCY:
            intensity *= m.lender.strategy.agency.effectiveness
        elif self.status == LEGAL:
            intensity *= beh.legal_pressure
        return intensity

    def able(self) -> int:
        """Cash beyond the living reserve; a talk with the lender releases part of it."""
        keep = self.model.behaviour.reserve_share * math.exp(-self.commitment)
        return max(self.cash - int(self.expenses * keep), 0)

    def scheduled_instalment(self) -> int:
        """The contract's monthly due: an annuity for term loans, the minimum for cards."""
        if self.term_left == 0 or self.product == CARD:
            due = max(math.ceil(self.balance * self.min_payment_share), self.min_payment)
        else:
            due = annuity(self.balance, self.rate, self.term_left)
        return min(self.balance, due)

    def repayment_logit(self, day: int) -> float:
        """The truth the lender's score estimates (scoring.py): willing (behind or not) and
        able (spare cash and a month's surplus against what is owed)."""
        behind = self.delinquent_since > CURRENT
        willing = sigmoid(self.pay_logit() + (self.behind_logit(day) if behind else 0.0))
        owed = max(self.arrears if behind else self.instalment, 1)
        surplus = max(self.income * self.employed - self.expenses, 0)
        p = willing * min((self.able() + surplus) / owed, 1.0)
        p = min(max(p, 1e-9), 1 - 1e-9)
        return math.log(p / (1.0 - p))

    def receptive(self, day: int) -> float:
        """How much a contact still moves them: less the longer they have been behind."""
        since = self.delinquent_since
        dpd = day - since if since > CURRENT else 0
        return math.exp(-dpd / self.model.behaviour.contact_effect_days)

    def monthly_surplus(self, day: int) -> float:
        """A month's income less costs in today's economy: the lender's test for a plan."""
        e, var = self.model.macro, self.model.portfolio.borrowers.sme.variable_cost_share
        if self.is_sme:
            f = e.sme_revenue_factor[day]
            return self.income * f - self.expenses * ((1.0 - var) + var * f)
        return (self.income * e.income_factor[day] if self.employed else 0.0) - self.expenses

    def expected_loss_rate(self, day: int) -> float:
        """The loss expected on the balance in the account's state (valuation.py)."""
        el = self.model.portfolio.expected_loss
        if self.status == LEGAL:
            return el.legal
        if self.status == AGENCY:
            return el.agency
        if self.status == ACTIVE and self.delinquent_since > CURRENT:
            by_month = (el.dpd_1_29, el.dpd_30_59, el.dpd_60_89, el.dpd_90_plus)
            return by_month[min((day - self.delinquent_since) // MONTH, 3)]
        if self.status == ACTIVE and (self.plan_until >= day or self.holiday_until >= day):
            return el.restructured
        return el.current

    @staticmethod
    def in_week(days: list[int], day: int) -> int:
        """Attempts in the seven days ending today (the engine's ring of daily counts)."""
        days[:] = [d for d in days if d > day - 7]
        return len(days)

    # --------------------------------------------------------------- money (payments.py)
    def pay(self, amount: int, route: str = "borrower") -> None:
        """Money to the loan from the borrower's cash (or a court's seizure): fees first, the
        ledger, what counts as collected, an agency's commission, then the account's age."""
        if amount <= 0:
            return
        m = self.model
        amount = min(amount, self.balance)
        if route not in ("court", "refinance"):
            self.cash -= min(amount, self.cash)
        since, status = self.delinquent_since, self.status
        self.balance -= amount
        self.fees -= min(self.fees, amount)
        self.arrears -= min(self.arrears, amount)
        m.books.post("payment", amount)
        if since > CURRENT or status != ACTIVE:
            m.count["collected"] += amount
        if route == "borrower" and status == AGENCY:
            m.books.post("agency_commission", round(amount * m.lender.strategy.agency.commission))
        self.age(since)

    def age(self, since: int) -> None:
        """After a payment: cured, still behind by the oldest unpaid instalment, or paid off;
        a payment excites the next until the account is cured."""
        day, count = self.model.day, self.model.count
        if self.arrears == 0:
            if since > CURRENT:
                count["cures"] += 1
                count["cured_balance"] += self.balance
                count["days_to_cure"] += day - since
            self.delinquent_since, self.promise_due = CURRENT, -1
            self.unanswered, self.escalated = 0, False
        elif since > CURRENT:  # fees are not instalments: they do not age the account
            unpaid = self.arrears - min(self.fees, self.arrears)
            behind = max(1, -(-unpaid // max(self.instalment, 1)))
            last_due = day - (day - self.cycle_day) % MONTH
            self.delinquent_since = max(since, last_due - MONTH * (behind - 1))
        if self.balance == 0:
            self.status, self.delinquent_since, self.arrears = CLOSED, CURRENT, 0
        if self.arrears > 0:
            self.salience += self.model.behaviour.payment_excitation
        else:
            self.salience = 0.0

    def write_off(self) -> None:
        """Charge off what is left (legal.py), and sell it if the strategy sells debt."""
        m, amount = self.model, self.balance
        m.books.post("write_off", amount)
        self.balance = self.arrears = self.fees = 0
        self.delinquent_since, self.promise_due, self.status = CURRENT, -1, WRITTEN_OFF
        sale = m.lender.strategy.debt_sale
        if sale.enabled:
            m.books.post("debt_sale", round(amount * sale.price_fraction))
            self.status = SOLD

    # ------------------------------------------------ responses to a contact (contacts.py)
    def answers(self, channel: str, resistance: float) -> bool:
        """Whether the attempt reaches them: resistance lowers a call's or visit's reach."""
        beh, reach = self.model.behaviour, getattr(self.model.behaviour.channels, channel).reach
        if CHANNELS[channel].personal:
            reach *= 1.0 - beh.reach_resistance * resistance
        return self.model.random.random() < reach

    def goes_unanswered(self, channel: str, segment: int, day: int) -> None:
        """Silence counts, and escalates where the segment says so; the lender may then ask
        relatives, if its compliance says it does."""
        lender = self.model.lender
        self.unanswered += 1
        limit = lender.strategy.segments[segment].escalate_after_unanswered
        if 0 < limit <= self.unanswered:
            self.escalated = True
        if lender.strategy.compliance.third_party_contact and CHANNELS[channel].is_call:
            self.third_party()

    def hears(self, channel: str, tone: str, week: int, resistance: float, day: int) -> None:
        """Reached: reminded, perhaps talked with, salience (all an overlooker needed, less for
        the resistant and the long behind), stress, resistance if pushed, trust."""
        beh = self.model.behaviour
        ch, t = getattr(beh.channels, channel), getattr(beh.tones, tone)
        self.unanswered, self.reminded_day = 0, day
        if CHANNELS[channel].is_call:
            self.last_conversation = day
        if CHANNELS[channel].conversation:
            self.converse(day)
        if self.late_reason == OVERLOOKED:
            self.salience += beh.reminder_salience
        damp = 1.0 - beh.reach_resistance * resistance
        self.salience += ch.salience * beh.salience_decay * t.salience * damp * self.receptive(day)
        self.stress += ch.stress * t.stress * (1.0 - self.stress)
        self.stressed = self.stressed or self.stress >= beh.high_stress
        pushy = week > beh.comfortable_contacts_per_week or tone == "firm"
        self.resistance += beh.resistance_gain * pushy * (1.0 - self.resistance)
        step = beh.trust_change_per_contact
        change = step if tone == "gentle" else -step if pushy else 0.0
        self.trust = min(max(self.trust + change, 0.0), 1.0)

    def converse(self, day: int) -> None:
        """A talk with a person of the lender: commitment grows (less with each talk, less the
        longer behind) and the lender learns whether they cannot pay or can."""
        beh = self.model.behaviour
        room = max(beh.commitment_max - self.commitment, 0.0)
        gain = beh.conversation_commitment * self.receptive(day) * room
        self.commitment += gain / max(beh.commitment_max, 1e-9)
        self.last_talk = day
        self.known_reason = CANNOT_PAY if self.able() < self.arrears else CAN_PAY

    def promise(self, channel: str, tone: str, day: int) -> None:
        """Reached and without an open promise, they may promise a share of their spare cash
        (at least an instalment, at most the arrears); the broke seldom promise."""
        m, beh = self.model, self.model.behaviour
        if self.promise_due >= 0:
            return
        strength = getattr(beh.channels, channel).promise * getattr(beh.tones, tone).salience
        willing = 2.0 * sigmoid(self.pay_logit() - beh.pay_logit_base)
        able = self.able()
        amount = min(
            self.arrears, max(int(able * beh.promise_share_of_spare_cash), self.instalment)
        )
        unable = 1.0 if able >= amount else beh.promise_unable_share
        p = min(beh.promise_max_probability, strength * self.receptive(day) * willing * unable)
        if m.random.random() < p:
            self.promise_due, self.promise_amount = day + beh.promise_days, amount
            m.count["promises"] += 1

    def may_complain(
        self, channel: str, tone: str, violation: bool, reached: bool, week: int, res: float
    ) -> None:
        """Stressed, resistant borrowers met often, harshly or against a rule complain."""
        beh = self.model.behaviour
        extra = min(
            max(week - beh.comfortable_contacts_per_week, 0), beh.complaint_extra_contacts_counted
        )
        p = (
            beh.complaint_base
            * getattr(beh.channels, channel).complaint
            * getattr(beh.tones, tone).complaint
            * (beh.complaint_calm + beh.complaint_stress * self.stress)
            * (1.0 + beh.complaint_per_extra_contact * extra)
            * (1.0 + res)
            * (beh.complaint_violation_multiplier if violation else 1.0)
            * (1.0 if reached else beh.complaint_unanswered_share)
        )
        if self.model.random.random() < min(p, beh.complaint_max_probability):
            self.complain(violation)

    def complain(self, violation: bool) -> None:
        """A complaint goes to the regulator (more after a broken rule), into public (more
        under stress: the community sees it) or to the lender (reputation.py)."""
        m, beh = self.model, self.model.behaviour
        u = m.random.random()
        boost = beh.regulator_violation_multiplier if violation else 1.0
        distress = max(0.0, self.stress - beh.public_stress_threshold)
        m.count["complaints"] += 1
        if u < min(1.0, beh.regulator_share * boost):
            m.count["regulator_complaints"] += 1
        elif u > 1.0 - min(1.0, beh.public_share * (1.0 + beh.public_stress_multiplier * distress)):
            m.count["public_complaints"] += 1
            m.public_today += 1
            m.grievance[self.community] += 1.0

    def third_party(self) -> None:
        """Relatives asked to pass the message on: effective and resented; blocked where the
        rules forbid it and the lender respects them, else a violation."""
        m, beh = self.model, self.model.behaviour
        forbidden = not m.scenario.regulation.third_party_contact_allowed
        if forbidden and m.lender.strategy.compliance.respects_rules:
            m.count["blocked_contacts"] += 1
            return
        m.count["violations"] += forbidden
        self.salience += beh.third_party_salience
        self.stress = min(1.0, self.stress + beh.third_party_stress)
        self.stressed = self.stressed or self.stress >= beh.high_stress
        stress_term = beh.complaint_calm + beh.complaint_stress * self.stress
        if (
            m.random.random()
            < beh.complaint_base * beh.third_party_complaint_multiplier * stress_term
        ):
            self.complain(forbidden)

    # ---------------------------------------------------------------- offers (offers.py)
    def consider_offers(self, segment: int, day: int) -> None:
        """What the segment (or a mandated hardship plan) offers a reached borrower: a fee
        waiver, then a settlement, else a plan or a holiday."""
        m, beh, reg = self.model, self.model.behaviour, self.model.scenario.regulation
        offer = m.lender.strategy.segments[segment].offers
        able = self.able()
        hardship, months, must_offer = able < self.arrears, offer.instalment_months, False
        if reg.mandated_hardship_plan:  # owed to those who lost their income
            must_offer = hardship and (not self.employed or self.cash < self.expenses)
            months = max(months, reg.mandated_plan_months) if must_offer else months
        if offer.fee_waiver and self.fees > 0:
            self.waive_fees()
        price = math.ceil(self.balance * (1.0 - offer.settlement_discount))
        accepts = m.random.random() < beh.settlement_acceptance * self.willingness
        if offer.settlement_discount > 0 and able >= price and accepts:
            self.settle(price)
            return
        if day - self.restructured_day >= YEAR:  # a re-age at most once a year (FFIEC)
            self.consider_restructuring(
                months, offer.payment_holiday_months, hardship, must_offer, day
            )

    def consider_restructuring(
        self, months: int, holiday: int, hardship: bool, must_offer: bool, day: int
    ) -> None:
        """A plan the borrower can afford (or must be offered), more often taken in hardship;
        else a payment holiday for one who cannot pay now."""
        beh, rnd = self.model.behaviour, self.model.random
        w = beh.offer_willingness_offset + self.willingness
        term = max(months, self.term_left)
        plan_due = annuity(self.balance, self.rate, term)
        affordable = must_offer or self.monthly_surplus(day) >= plan_due
        accept = beh.plan_acceptance_hardship if hardship else beh.plan_acceptance_other
        if months > 0 and affordable and rnd.random() < accept * w:
            self.take_plan(months, term, day)
        elif holiday > 0 and hardship and rnd.random() < beh.holiday_acceptance * w:
            self.holiday_until = day + MONTH * holiday
            self.restructure(day)

    def waive_fees(self) -> None:
        """The fees come off the balance and the arrears: a concession."""
        self.model.books.post("concession", self.fees)
        self.balance -= self.fees
        self.arrears -= min(self.arrears, self.fees)
        self.fees = 0

    def settle(self, price: int) -> None:
        """Pays the discounted price; the rest is forgiven and the account closed."""
        m = self.model
        self.pay(price)
        m.books.post("concession", self.balance)
        self.balance = self.arrears = self.fees = 0
        self.status, self.settled, self.delinquent_since = CLOSED, True, CURRENT
        m.count["plans"] += 1

    def take_plan(self, months: int, term: int, day: int) -> None:
        """The balance over a longer schedule (cards stay revolving) until the plan ends."""
        self.term_left = term if self.product != CARD else 0
        self.instalment = annuity(self.balance, self.rate, term)
        self.plan_until = day + MONTH * months
        self.restructure(day)

    def restructure(self, day: int) -> None:
        """A plan or holiday re-ages the account: arrears folded in, current again."""
        self.arrears, self.delinquent_since, self.promise_due = 0, CURRENT, -1
        self.escalated, self.restructured_day = False, day
        self.model.count["plans"] += 1


# ------------------------------------------------------------------------------ lender
class Lender(mesa.Agent):
    """The lender (lender.py, treatment.py): works the past-due book one account at a time."""

    def __init__(self, model: ReferenceModel, strategy: Strategy):
        super().__init__(model)
        self.model: ReferenceModel = model
        self.strategy = strategy
        costs = strategy.costs
        self.unit_cost = {name: cents(costs.get(name, ch.cost)) for name, ch in CHANNELS.items()}
        self.capacity_left = {"calls": 0, "visits": 0, "legal": 0}
        self.budget_left: int | None = None
        self.score_sigma = 0.0
        served = strategy.capacity.accounts_served
        self.scale = len(model.borrowers) / served if served else 1.0

    def calibrate_score(self) -> None:
        """Score noise that gives the strategy's AUC on the first accounts of the book."""
        m = self.model
        sample = m.borrowers[: self.strategy.risk_score.calibration_accounts]
        latent = np.array([b.repayment_logit(m.day) for b in sample])
        noise = np.array([b.score_noise for b in sample])
        self.score_sigma = noise_for_auc(latent, noise, self.strategy.risk_score.auc)

    def refresh_capacity(self, day: int) -> None:
        """Calls and visits each day, legal cases and budget each month, scaled to the book."""
        cap, k = self.strategy.capacity, self.scale
        self.capacity_left["calls"] = round(cap.collectors * cap.calls_per_collector_per_day * k)
        self.capacity_left["visits"] = round(cap.field_visits_per_day * k)
        if day % MONTH == 0:
            self.capacity_left["legal"] = round(cap.legal_cases_per_month * k)
            if cap.monthly_budget > 0:
                self.budget_left = round(cap.monthly_budget * 100 * k)

    def step(self) -> None:
        """The lender's day: capacity refreshed, then each channel's requests in the execution
        order (legal and costly steps first)."""
        day = self.model.day
        self.refresh_capacity(day)
        wanted = self.requests(day)
        for channel in EXECUTION_ORDER:
            if wanted.get(channel):
                self.carry_out(channel, wanted[channel], day)

    def requests(self, day: int) -> dict[str, list[Request]]:
        """Each active past-due account's segment, and the treatments it is due for today,
        listed per channel segment by segment."""
        s = self.strategy
        scored = s.priority in SCORED_PRIORITIES or any(
            g.score_band[0] > 0 or g.score_band[1] < 1 for g in s.segments
        )
        wanted: defaultdict[str, list[Request]] = defaultdict(list)
        for b in self.model.late_today:
            if b.status != ACTIVE:
                continue
            dpd = day - b.delinquent_since
            score = (
                sigmoid(b.repayment_logit(day) + self.score_sigma * b.score_noise)
                if scored
                else 0.0
            )
            b.segment = self.segment_of(b, dpd, score)
            if b.segment < 0:
                continue
            rank = self.priority(b, dpd, score)
            for t in s.segments[b.segment].treatments:
                if b.last_contact[t.channel] <= day - t.every_days:
                    wanted[t.channel].append(Request(b, b.segment, t.tone, rank))
        for reqs in wanted.values():
            reqs.sort(key=lambda r: r.segment)
        return wanted

    def segment_of(self, b: Borrower, dpd: int, score: float) -> int:
        """The first segment whose filters match (-1: none)."""
        for k, g in enumerate(self.strategy.segments):
            banded = g.score_band[0] > 0 or g.score_band[1] < 1
            if (
                g.days_past_due[0] <= dpd <= g.days_past_due[1]
                and PRODUCT_KINDS[b.product] in g.products
                and ("sme" if b.is_sme else "person") in g.borrowers
                and GRADES[b.grade] in g.grades
                and (not banded or g.score_band[0] <= score <= g.score_band[1])
                and cents(g.balance[0]) <= b.balance <= cents(g.balance[1])
                and (g.escalated is None or g.escalated == b.escalated)
                and KNOWN_REASONS[b.known_reason] in g.learned
            ):
                return k
        return -1

    def priority(self, b: Borrower, dpd: int, score: float) -> float:
        """Rank for scarce capacity, higher first, as the strategy says."""
        how = self.strategy.priority
        if how == "balance":
            return float(b.balance)
        if how == "days_past_due":
            return float(dpd)
        if how == "expected_loss":
            return (1.0 - score) * b.balance
        if how == "swing":
            return score * (1.0 - score) * b.balance
        return score * b.balance

    def rule_breaks(self, b: Borrower, channel: str, day: int) -> tuple[bool, bool]:
        """(breaks a rule in force, breaks only the lender's own cap): a mandated holiday, a
        visit ban, the weekly caps, the daily call cap, the quiet days after a talk."""
        ch, reg, own_caps = (
            CHANNELS[channel],
            self.model.scenario.regulation,
            self.strategy.compliance,
        )
        breaks = self.model.macro.forbearance[day] or (
            channel == "field_visit" and not reg.field_visits_allowed
        )
        own = False
        if ch.counts_toward_cap:
            week = b.in_week(b.calls_and_visits, day)
            breaks |= week >= reg.max_calls_and_visits_per_week
            cap = own_caps.max_calls_and_visits_per_week
            own |= cap is not None and week >= cap
        if channel in reg.contact_cap_channels:
            capped = b.in_week(b.capped_contacts, day)
            breaks |= reg.max_contacts_per_week is not None and capped >= reg.max_contacts_per_week
            cap = own_caps.max_contacts_per_week
            own |= cap is not None and capped >= cap
        if ch.is_call:
            calls = (b.last_contact["agent_call"] == day) + (
                b.last_contact["automated_call"] == day
            )
            breaks |= calls >= reg.max_calls_per_day
            quiet = reg.quiet_days_after_conversation
            breaks |= quiet > 0 and day - b.last_conversation < quiet
        return breaks, own and not breaks

    def carry_out(self, channel: str, requests: list[Request], day: int) -> None:
        """One channel's requests: still live, within the rules (or knowingly not), within
        capacity and budget, then done."""
        count, respects = self.model.count, self.strategy.compliance.respects_rules
        allowed = []
        for r in requests:
            b = r.borrower
            if b.status != ACTIVE or b.delinquent_since == CURRENT:  # cured or moved today
                continue
            breaks, own = self.rule_breaks(b, channel, day)
            if own or (breaks and respects):
                count["blocked_contacts"] += 1
                continue
            allowed.append((r, breaks))
        for r, breaks in self.ration(channel, allowed):
            count["violations"] += breaks
            if channel == "litigation":
                self.sue(r.borrower, day)
            elif channel == "agency_placement":
                self.place(r.borrower, day)
            else:
                self.contact(r, channel, breaks, day)

    def ration(self, channel: str, allowed: list) -> list:
        """The highest-ranked requests capacity and budget allow (ties: the earlier)."""
        pool, cost = CHANNELS[channel].capacity, self.unit_cost[channel]
        limit = len(allowed)
        if pool is not None:
            limit = min(limit, self.capacity_left[pool])
        if self.budget_left is not None and cost > 0:
            limit = min(limit, self.budget_left // cost)
        chosen = allowed
        if limit < len(allowed):
            best = sorted(range(len(allowed)), key=lambda i: -allowed[i][0].rank)[: max(limit, 0)]
            chosen = [allowed[i] for i in sorted(best)]
        self.model.count["unmet_contacts"] += len(allowed) - len(chosen)
        if pool is not None:
            self.capacity_left[pool] -= len(chosen)
        if self.budget_left is not None:
            self.budget_left -= len(chosen) * cost
        return chosen

    def contact(self, r: Request, channel: str, violation: bool, day: int) -> None:
        """One attempt: its cost and the contact history, then reached or not and what
        follows (the borrower's responses, a promise, offers), and perhaps a complaint."""
        m, b = self.model, r.borrower
        m.books.post("contact_cost", self.unit_cost[channel])
        m.count["contacts"] += 1
        b.last_contact[channel] = day
        if CHANNELS[channel].counts_toward_cap:
            b.calls_and_visits.append(day)
        if channel in m.scenario.regulation.contact_cap_channels:
            b.capped_contacts.append(day)
        week, resistance = b.in_week(b.calls_and_visits, day), b.resistance
        reached = b.answers(channel, resistance)
        if reached:
            m.count["reached"] += 1
            b.hears(channel, r.tone, week, resistance, day)
            b.promise(channel, r.tone, day)
            b.consider_offers(r.segment, day)
        else:
            b.goes_unanswered(channel, r.segment, day)
        b.may_complain(channel, r.tone, violation, reached, week, resistance)

    def sue(self, b: Borrower, day: int) -> None:
        """A lawsuit: court and lawyer's fees now, a judgment day within the usual duration."""
        m, legal = self.model, self.strategy.legal
        m.books.post(
            "legal_cost", court_fee(b.balance, m.portfolio.court_fees) + cents(legal.lawyer_fee)
        )
        m.count["legal_cases"] += 1
        lo, hi = legal.duration_days
        b.status, b.promise_due = LEGAL, -1
        b.legal_until = day + lo + math.floor(m.random.random() * (hi - lo + 1))
        m.docket[b.legal_until].append(b)

    def place(self, b: Borrower, day: int) -> None:
        """An outside agency works the account for its placement period."""
        b.status, b.agency_until = AGENCY, day + self.strategy.agency.placement_days
        self.model.recalls[b.agency_until].append(b)


# --------------------------------------------------------------------------- regulator
class Regulator(mesa.Agent):
    """The monthly review of regulator complaints and violations: warnings, then fines."""

    def start(self, regulation: Regulation) -> None:
        """A clean record under ``regulation``."""
        self.regulation, self.warnings = regulation, 0
        self.seen = {"regulator_complaints": 0, "violations": 0}

    def step(self) -> None:
        """On the month's last day: a warning for any violation or too many complaints; from
        the set warning on, a published fine that costs reputation."""
        m, reg = self.model, self.regulation
        if m.day % MONTH != MONTH - 1:
            return
        new = {k: m.count[k] - seen for k, seen in self.seen.items()}
        self.seen = {k: m.count[k] for k in self.seen}
        per_10k = new["regulator_complaints"] * 10_000 / len(m.borrowers)
        if new["violations"] > 0 or per_10k > reg.review_complaints_per_10k:
            self.warnings += 1
            if self.warnings >= reg.fine_from_warning:
                m.books.post(
                    "fine", cents(reg.fine_base + reg.fine_per_violation * new["violations"])
                )
                m.reputation = max(0.0, m.reputation - reg.fine_reputation_loss)


# ------------------------------------------------------------------------------- model
class ReferenceModel(mesa.Model):
    """Per-agent twin of :class:`collectsim.model.CollectionModel` (same arguments)."""

    def __init__(
        self,
        portfolio: Portfolio | str = "mixed",
        scenario: Scenario | str = "baseline",
        strategy: Strategy | str = "standard",
        borrowers: int = 10_000,
        horizon_days: int = 365,
        seed: int = 0,
    ):
        super().__init__(seed=seed)
        if isinstance(portfolio, str):
            portfolio = load_portfolio(portfolio)
        experiment_scenario = load_scenario(scenario) if isinstance(scenario, str) else scenario
        experiment_strategy = load_strategy(strategy) if isinstance(strategy, str) else strategy
        self.portfolio, self.behaviour = portfolio, portfolio.behaviour
        self.products = {PRODUCT_KINDS.index(p.kind): p for p in portfolio.products}
        self.start, self.horizon_days = self.portfolio.book.burn_in_days, horizon_days
        self.macro = MacroPath(experiment_scenario, self.start, horizon_days)
        self.day = 0
        # the opening book's stationary mix: the engine's pilot hazard, a portfolio property
        self.hazard = opening_hazard(self.portfolio, CollectionModel)
        self.open_book(borrowers, experiment_scenario)
        bau = self.portfolio.book.business_as_usual
        self.lender = Lender(self, load_strategy(bau) if self.start else experiment_strategy)
        self.lender.calibrate_score()
        for day in range(self.start):
            self.day = day
            self.simulate_day()
        self.day = self.start
        self.hand_over(experiment_strategy, experiment_scenario)
        self.datacollector = mesa.DataCollector(
            model_reporters={
                "past_due": lambda m: sum(b.delinquent_since > CURRENT for b in m.borrowers),
                "collected_to_date": lambda m: m.count["collected"] / 100,
            }
        )
        self.datacollector.collect(self)

    def open_book(self, n: int, scenario: Scenario) -> None:
        """The opening book before the burn-in: slots with products, communities and cycle
        days; borrowers, some behind; unemployment as the economy has it; normal rules."""
        rnd, p = self.random, self.portfolio
        kinds = [PRODUCT_KINDS.index(prod.kind) for prod in p.products]
        shares = [prod.share for prod in p.products]
        order = list(range(n))
        rnd.shuffle(order)
        size = p.borrowers.community_size
        self.borrowers = [
            Borrower(
                self, rnd.choices(kinds, weights=shares)[0], order[i] // size, rnd.randrange(MONTH)
            )
            for i in range(n)
        ]
        for b in self.borrowers:
            b.fall_behind_at_start()
            if not b.is_sme:
                b.employed = rnd.random() >= self.macro.unemployment[0]
        self.community_sizes = [0] * (max(order) // size + 1)
        for b in self.borrowers:
            self.community_sizes[b.community] += 1
        self.grievance = [0.0] * len(self.community_sizes)
        self.reputation, self.public_today = p.initial_reputation, 0
        self.peer_default = self.peer_default_share()
        self.scenario = scenario.model_copy(update={"regulation": Regulation()})
        self.regulator = Regulator(self)
        self.regulator.start(Regulation())
        self.books, self.count = Books(self.receivables()), defaultdict(int)
        self.docket: defaultdict[int, list[Borrower]] = defaultdict(list)
        self.recalls: defaultdict[int, list[Borrower]] = defaultdict(list)
        self.late_today: list[Borrower] = []

    def hand_over(self, strategy: Strategy, scenario: Scenario) -> None:
        """Day 0: the experiment's lender and rules take the book as it is; fresh books and
        counters, a clean regulator record, segments and harm counted afresh."""
        if self.start:
            self.lender.remove()
            self.lender = Lender(self, strategy)
        self.scenario = scenario
        self.books, self.count = Books(self.receivables()), defaultdict(int)
        self.regulator.start(scenario.regulation)
        for b in self.borrowers:
            b.segment = -1
            b.stressed = b.stress >= self.behaviour.high_stress
            b.ever_delinquent = b.delinquent_since > CURRENT or b.status in (LEGAL, AGENCY)
        self.opening_value = self.book_value(self.day)
        self.lender.calibrate_score()

    # ------------------------------------------------------------------------ the day
    def step(self) -> None:
        """One day of the horizon, then the book at the start of the next."""
        self.simulate_day()
        self.day += 1
        self.datacollector.collect(self)
        if self.day >= self.start + self.horizon_days:
            self.running = False

    def simulate_day(self) -> None:
        """The engine's order: each borrower's finances, dues, book and payments between due
        dates; the lender; courts, agencies and write-off; reputation; the regulator."""
        self.late_today = []
        self.agents_by_type[Borrower].do("step")
        self.lender.step()
        self.courts_and_write_off()
        self.update_reputation()
        self.regulator.step()

    def courts_and_write_off(self) -> None:
        """Today's judgments and agency recalls, then charge-off at the write-off threshold."""
        day = self.day
        for b in self.docket.pop(day, []):
            if b.status == LEGAL and b.legal_until == day:
                self.judgment(b)
        for b in self.recalls.pop(day, []):
            if b.status == AGENCY and b.agency_until == day:
                b.status, b.agency_until = ACTIVE, -1
        threshold = self.lender.strategy.write_off.days_past_due
        for b in self.late_today:
            limit = threshold if threshold > 0 else b.write_off_days
            late = b.delinquent_since > CURRENT and b.status in (ACTIVE, AGENCY)
            if late and day - b.delinquent_since >= limit:
                b.write_off()

    def judgment(self, b: Borrower) -> None:
        """A won case recovers a share of cash and assets (more with preservation); what it
        cannot recover is charged off."""
        legal = self.lender.strategy.legal
        b.legal_until = -1
        won = self.random.random() < legal.success_probability
        boost = legal.preservation_multiplier if legal.asset_preservation else 1.0
        share = min(1.0, legal.recovery_share * boost)
        recovered = min(b.balance, math.floor((b.cash + b.assets) * share)) if won else 0
        from_cash = min(b.cash, recovered)
        b.cash -= from_cash
        b.assets -= recovered - from_cash
        b.pay(recovered, route="court")
        if b.balance > 0:
            b.write_off()

    def update_reputation(self) -> None:
        """Public complaints cost reputation, which recovers toward where it started;
        grievance fades; peers' defaults are seen at the month's end."""
        beh, r0 = self.behaviour, self.portfolio.initial_reputation
        per_10k = self.public_today * 10_000 / len(self.borrowers)
        r = self.reputation + beh.reputation_recovery * (r0 - self.reputation)
        self.reputation = min(1.0, max(0.0, r - beh.public_complaint_impact * per_10k))
        self.public_today = 0
        self.grievance = [g * (1.0 - beh.grievance_decay) for g in self.grievance]
        if self.day % MONTH == MONTH - 1:
            self.peer_default = self.peer_default_share()

    def peer_default_share(self) -> list[float]:
        """Share of each community long past due, in court or charged off."""
        bad, days = [0] * len(self.community_sizes), self.behaviour.peer_default_days
        for b in self.borrowers:
            late = b.delinquent_since > CURRENT and self.day - b.delinquent_since >= days
            if late or b.status in (LEGAL, WRITTEN_OFF, SOLD):
                bad[b.community] += 1
        return [k / max(n, 1) for k, n in zip(bad, self.community_sizes, strict=True)]

    # ------------------------------------------------------------------------ results
    def receivables(self) -> int:
        return sum(b.balance for b in self.borrowers)

    def expected_loss(self, day: int) -> int:
        """Loss expected on the open book on ``day`` (cents)."""
        return round(sum(b.balance * b.expected_loss_rate(day) for b in self.borrowers))

    def book_value(self, day: int) -> int:
        """Open balances net of expected loss (cents)."""
        return self.receivables() - self.expected_loss(day)

    def metrics(self) -> dict[str, float]:
        """The headline metrics, with the engine's definitions (results.py), the books
        checked first."""
        f, c, opening = self.books.flows, self.count, self.books.opening
        if self.receivables() != self.books.receivables():
            raise AssertionError("the reference's books do not balance")
        end = self.day  # the book at the start of the day after the last
        cured = sum(
            b.ever_delinquent
            and b.delinquent_since == CURRENT
            and not b.settled
            and b.status in (ACTIVE, CLOSED)
            for b in self.borrowers
        )
        delinquent = sum(b.ever_delinquent for b in self.borrowers) + c["departed_delinquent"]
        return {
            "economic_value": (self.books.cash() + self.book_value(end) - self.opening_value) / 100,
            "loss_rate": (f["write_off"] + f["concession"] + self.expected_loss(end)) / opening,
            "collected": c["collected"] / 100,
            "delinquent_accounts": delinquent,
            "charge_off_rate": f["write_off"] / opening,
            "cure_rate": (cured + c["departed_cured"]) / delinquent if delinquent else 0.0,
            "contacts": c["contacts"],
            "complaints": c["complaints"],
            "promises": c["promises"],
            "plans": c["plans"],
            "cost": (f["contact_cost"] + f["legal_cost"] + f["agency_commission"] + f["fine"])
            / 100,
            "reputation_final": self.reputation,
        }
