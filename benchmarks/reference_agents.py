"""The same model written the way a Mesa user would first write it: one Agent per borrower.

This is the yardstick for the vectorised engine (:mod:`collectsim.model`): each
borrower is a :class:`mesa.Agent` whose ``step()`` runs its own finances, dues,
pay decision and daily payments in Python; the lender is an agent that walks
the past-due borrowers, matches segments, applies the rules, rations
capacity and resolves each contact one by one; lawsuits, agencies, write-off,
reputation and the regulator follow. Parameters, config objects, channel
tables and formulas are the engine's; the population is built by the
engine's set-up code (so a seed gives the same borrowers), but every daily
draw comes from the model's own ``random.Random``, so runs agree with the
engine in distribution, not draw for draw.

>>> m = ReferenceModel(borrowers=300, horizon_days=20, seed=1)
>>> m.run_model()
>>> m.metrics()["contacts"] > 0
True
"""

from __future__ import annotations

import math

import mesa
import numpy as np

from collectsim.channels import CHANNEL_INDEX, CHANNELS, EXECUTION_ORDER, channel_costs_cents
from collectsim.config import load_portfolio, load_scenario, load_strategy
from collectsim.config.portfolio import GRADES, PRODUCT_KINDS
from collectsim.engine.counters import COUNTERS
from collectsim.engine.economy import Economy
from collectsim.engine.ledger import FLOWS
from collectsim.engine.legal import court_fee_cents
from collectsim.engine.population import build_population
from collectsim.engine.scoring import noise_for_auc
from collectsim.engine.state import (
    ACTIVE,
    AGENCY,
    CARD,
    CLOSED,
    CURRENT,
    LEGAL,
    SOLD,
    STATES,
    WRITTEN_OFF,
)
from collectsim.engine.streams import Streams

MONTH = 30


def sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def annuity(balance: float, annual_rate: float, months: int) -> int:
    """Monthly payment repaying ``balance`` over ``months`` (cents, rounded up)."""
    r, months = annual_rate / 12.0, max(months, 1)
    return math.ceil(balance * r / (1 - (1 + r) ** (-months)) if r > 0 else balance / months)


class Borrower(mesa.Agent):
    """One account and the person or business behind it."""

    def __init__(self, model: ReferenceModel, state: dict):
        super().__init__(model)
        self.__dict__.update(state)
        self.last_contact = dict.fromkeys(CHANNELS, -(10**6))
        self.week_contacts = [0] * 7

    # --------------------------------------------------------------- the day
    def step(self) -> None:
        m, day = self.model, self.model.day
        if day % MONTH == self.cycle_day:
            self.finances(day)
            self.due(day)
        self.week_contacts[day % 7] = 0
        if self.delinquent_since > CURRENT and self.status in (ACTIVE, AGENCY):
            if m.economy.forbearance[day]:  # a mandated holiday stops the delinquency clock
                self.delinquent_since += 1
            self.pay_between_dues(day)
            if self.delinquent_since > CURRENT:
                m.late_today.append(self)

    def finances(self, day: int) -> None:
        m, e, rnd = self.model, self.model.economy, self.model.random
        person = not self.is_sme
        u = rnd.random()
        lose = person and self.employed and u < e.separation[day]
        find = person and not self.employed and u < e.job_finding[day]
        self.employed = (self.employed and not lose) or find
        if person:
            income = self.income * e.income_factor[day] * (1.0 if self.employed else m.benefit)
        else:
            vol = m.portfolio.borrowers.sme.revenue_volatility
            income = (
                self.income * e.sme_revenue_factor[day] * math.exp(vol * rnd.gauss() - vol**2 / 2)
            )
        beh = m.behaviour
        shock = 0.0
        if rnd.random() < beh.expense_shock_monthly * e.expense_shock_factor[day]:
            size = beh.expense_shock_size
            shock = self.income * size.median * math.exp(size.sigma * rnd.gauss())
        expenses = self.expenses
        if not person:  # a business's variable costs follow its revenue
            var = m.portfolio.borrowers.sme.variable_cost_share
            expenses = round(self.expenses * ((1.0 - var) + var * income / max(self.income, 1)))
        net = round(income - shock) - expenses
        self.cash = max(self.cash + net, 0)
        self.stress = min(1.0, self.stress + 0.15) if (net < 0 or lose) else self.stress * 0.9

    def instalment_due(self) -> int:
        if self.term_left == 0 or self.product == CARD:
            minimum = max(math.ceil(self.balance * self.min_payment_share), self.min_payment)
            return min(self.balance, minimum)
        return min(self.balance, annuity(self.balance, self.rate, self.term_left))

    def due(self, day: int) -> None:
        m = self.model
        if self.status not in (ACTIVE, AGENCY) or self.balance <= 0:
            return
        if m.economy.forbearance[day] or self.holiday_until >= day:
            return
        late = self.delinquent_since > CURRENT
        accruing = not late or day - self.delinquent_since < m.portfolio.non_accrual_days
        interest = round(self.balance * self.rate / 12.0) if accruing else 0
        self.balance += interest
        m.flows["interest"] += interest
        if 0 <= self.plan_until < day:
            self.plan_until = -1
        if self.plan_until < 0:
            self.instalment = self.instalment_due()
        self.arrears += min(self.instalment, self.balance - self.arrears)
        if self.term_left > 0:
            self.term_left -= 1
        if m.random.random() < sigmoid(self.pay_logit()):
            self.pay(min(self.arrears, self.able()), day)
        if self.arrears > 0:  # missed: a fee, and perhaps the start of delinquency
            self.balance += self.late_fee
            self.fees += self.late_fee
            self.arrears += self.late_fee
            m.flows["fee"] += self.late_fee
            if self.delinquent_since == CURRENT:
                self.delinquent_since = day
                if not self.ever_delinquent:
                    self.ever_delinquent = True
            if self.plan_until >= 0:
                self.plan_until = -1
                self.escalated = True

    def pay_between_dues(self, day: int) -> None:
        m, beh = self.model, self.model.behaviour
        if self.promise_due == day:
            amount = min(self.promise_amount, self.arrears)
            keep = m.random.random() < beh.promise_keep_base * (0.3 + self.willingness)
            kept = self.able() >= amount and keep
            m.count["promises_due"] += 1
            m.count["promises_kept"] += kept
            self.promise_due = -1
            if kept:
                self.pay(amount, day)
                if self.arrears == 0:
                    return
            else:
                self.trust = max(0.0, self.trust - beh.trust_loss_broken_promise)
                if (
                    self.segment >= 0
                    and m.strategy.segments[self.segment].escalate_on_broken_promise
                ):
                    self.escalated = True
        intensity = beh.cure_intensity * 2.0 * sigmoid(self.pay_logit() - beh.pay_logit_base)
        intensity += self.salience
        if self.status == AGENCY and not m.economy.forbearance[day]:
            intensity *= m.strategy.agency.effectiveness
        if m.random.random() < -math.expm1(-intensity):
            self.pay(min(self.arrears, self.able()), day)
        self.salience *= 1.0 - beh.salience_decay
        self.stress *= 1.0 - beh.stress_decay
        self.resistance *= 1.0 - beh.resistance_decay

    # ------------------------------------------------------------ formulas
    def pay_logit(self) -> float:
        m, beh = self.model, self.model.behaviour
        offset = min(1.0, beh.public_spread * m.grievance[self.community])
        return (
            beh.pay_logit_base
            + beh.pay_logit_willingness * (self.willingness - 0.5)
            + beh.pay_logit_trust * (self.trust - 0.5 - offset)
            - beh.pay_logit_resistance * self.resistance
            - beh.pay_logit_stress * self.stress
            - beh.pay_logit_peer_default * m.peer_default[self.community]
            + 2.0 * (m.reputation - m.portfolio.initial_reputation)
            + 20.0 * self.salience
        )

    def score(self) -> float:
        return sigmoid(self.pay_logit() + self.model.score_sigma * self.score_noise)

    def able(self) -> int:
        return max(self.cash - int(self.expenses * self.model.behaviour.reserve_share), 0)

    def pay(self, amount: int, day: int, route: str = "borrower") -> None:
        """Money from the borrower (or a court) to the loan: balance, arrears, days past due."""
        if amount <= 0:
            return
        m = self.model
        amount = min(amount, self.balance)
        if route != "court":
            self.cash -= min(amount, self.cash)
        past_due = self.delinquent_since > CURRENT or self.status != ACTIVE
        self.balance -= amount
        self.fees -= min(self.fees, amount)
        self.arrears -= min(self.arrears, amount)
        m.flows["payment"] += amount
        if past_due:
            m.count["collected"] += amount
        if route == "borrower" and self.status == AGENCY:
            m.flows["agency_commission"] += round(amount * m.strategy.agency.commission)
        if self.arrears == 0:
            self.delinquent_since, self.promise_due = CURRENT, -1
            self.unanswered, self.escalated = 0, False
        elif self.delinquent_since > CURRENT:  # days past due follow the oldest unpaid instalment
            unpaid = self.arrears - min(self.fees, self.arrears)  # fees are not instalments
            behind = max(1, -(-unpaid // max(self.instalment, 1)))
            last_due = day - (day - self.cycle_day) % MONTH
            self.delinquent_since = max(self.delinquent_since, last_due - MONTH * (behind - 1))
        if self.balance == 0:
            self.status, self.delinquent_since, self.arrears = CLOSED, CURRENT, 0
        self.salience = self.salience + 0.01 if self.arrears > 0 else 0.0

    def write_off(self, day: int) -> None:
        m = self.model
        m.flows["write_off"] += self.balance
        sale = m.strategy.debt_sale
        if sale.enabled:
            m.flows["debt_sale"] += round(self.balance * sale.price_fraction)
        self.balance = self.arrears = self.fees = 0
        self.delinquent_since, self.promise_due = CURRENT, -1
        self.status = SOLD if sale.enabled else WRITTEN_OFF

    def complain(self, violation: bool) -> None:
        m, beh, u = self.model, self.model.behaviour, self.model.random.random()
        p_reg = min(1.0, beh.regulator_share * (2.0 if violation else 1.0))
        p_pub = min(1.0, beh.public_share * (1.0 + 3.0 * max(0.0, self.stress - 0.6)))
        m.count["complaints"] += 1
        if u < p_reg:
            m.count["regulator_complaints"] += 1
            m.regulator_complaints_month += 1
        elif u > 1.0 - p_pub:
            m.count["public_complaints"] += 1
            m.public_today += 1
            m.grievance[self.community] += 1.0


class Lender(mesa.Agent):
    """Works the past-due book: segments, treatments under rules and capacity, contacts."""

    def step(self) -> None:
        m, day = self.model, self.model.day
        s, reg, cap = m.strategy, m.scenario.regulation, m.strategy.capacity
        capacity = {"calls": cap.collectors * cap.calls_per_collector_per_day}
        capacity["visits"] = cap.field_visits_per_day
        if day % MONTH == 0:
            m.legal_left = cap.legal_cases_per_month
            m.budget_left = round(cap.monthly_budget * 100) if cap.monthly_budget > 0 else None
        capacity["legal"] = m.legal_left
        wanted: dict[str, list] = {}
        for b in m.late_today:
            if b.status != ACTIVE:
                continue
            dpd, score = day - b.delinquent_since, b.score()
            b.segment = self.segment_of(b, dpd, score)
            if b.segment < 0:
                continue
            for t in s.segments[b.segment].treatments:
                if day - b.last_contact[t.channel] >= t.every_days:
                    wanted.setdefault(t.channel, []).append((b, t.tone, score * b.balance))
        for channel in EXECUTION_ORDER:
            ch, todo = CHANNELS[channel], []
            for b, tone, rank in wanted.get(channel, []):
                if b.status != ACTIVE or b.delinquent_since == CURRENT:  # cured earlier today
                    continue
                breaks = bool(m.economy.forbearance[day])
                breaks |= channel == "field_visit" and not reg.field_visits_allowed
                own = False
                if ch.counts_toward_cap:
                    week = sum(b.week_contacts)
                    breaks |= week >= reg.max_calls_and_visits_per_week
                    own = s.compliance.max_calls_and_visits_per_week is not None and (
                        week >= s.compliance.max_calls_and_visits_per_week
                    )
                if ch.is_call:
                    calls = (b.last_contact["agent_call"] == day) + (
                        b.last_contact["automated_call"] == day
                    )
                    breaks |= calls >= reg.max_calls_per_day
                if own or (breaks and s.compliance.respects_rules):
                    m.count["blocked_contacts"] += 1
                    continue
                todo.append((b, tone, rank, breaks))
            limit, cost = len(todo), m.unit_cost[CHANNEL_INDEX[channel]]
            if ch.capacity is not None:
                limit = min(limit, capacity[ch.capacity])
            if m.budget_left is not None and cost > 0:
                limit = min(limit, m.budget_left // cost)
            if limit < len(todo):  # capacity binds: the highest expected recoveries first
                m.count["unmet_contacts"] += len(todo) - max(limit, 0)
                todo = sorted(todo, key=lambda item: -item[2])[: max(limit, 0)]
            if ch.capacity is not None:
                capacity[ch.capacity] -= len(todo)
            if m.budget_left is not None:
                m.budget_left -= len(todo) * cost
            for b, tone, _, breaks in todo:
                m.count["violations"] += breaks
                m.violations_month += breaks
                if channel == "litigation":
                    self.sue(b, day)
                elif channel == "agency_placement":
                    b.status, b.agency_until = AGENCY, day + s.agency.placement_days
                    m.recalls.setdefault(b.agency_until, []).append(b)
                else:
                    self.contact(b, channel, tone, breaks, day)
        m.legal_left = capacity["legal"]

    def segment_of(self, b: Borrower, dpd: int, score: float) -> int:
        for k, g in enumerate(self.model.strategy.segments):
            if (
                g.days_past_due[0] <= dpd <= g.days_past_due[1]
                and PRODUCT_KINDS[b.product] in g.products
                and ("sme" if b.is_sme else "person") in g.borrowers
                and GRADES[b.grade] in g.grades
                and g.score_band[0] <= score <= g.score_band[1]
                and round(g.balance[0] * 100) <= b.balance <= round(g.balance[1] * 100)
                and (g.escalated is None or g.escalated == b.escalated)
            ):
                return k
        return -1

    def sue(self, b: Borrower, day: int) -> None:
        m, legal = self.model, self.model.strategy.legal
        m.flows["legal_cost"] += int(
            court_fee_cents(np.array([b.balance]), m.portfolio.court_fees)[0]
        ) + round(legal.lawyer_fee * 100)
        m.count["legal_cases"] += 1
        lo, hi = legal.duration_days
        b.status, b.promise_due = LEGAL, -1
        b.legal_until = day + lo + math.floor(m.random.random() * (hi - lo + 1))
        m.docket.setdefault(b.legal_until, []).append(b)

    def contact(self, b: Borrower, channel: str, tone: str, violation: bool, day: int) -> None:
        m, beh, rnd = self.model, self.model.behaviour, self.model.random
        ch = getattr(beh.channels, channel)  # how borrowers respond to this channel
        kind = CHANNELS[channel]
        seg = m.strategy.segments[b.segment]
        cost = m.unit_cost[CHANNEL_INDEX[channel]]
        m.flows["contact_cost"] += cost
        m.count["contacts"] += 1
        b.last_contact[channel] = day
        if kind.counts_toward_cap:
            b.week_contacts[day % 7] += 1
        week, res = sum(b.week_contacts), b.resistance
        personal = kind.is_call or channel == "field_visit"
        reached = rnd.random() < ch.reach * ((1.0 - 0.5 * res) if personal else 1.0)
        t = getattr(beh.tones, tone)
        sal_m, stress_m, compl_m = t.salience, t.stress, t.complaint
        if not reached:
            b.unanswered += 1
            limit = seg.escalate_after_unanswered
            if limit > 0 and b.unanswered >= limit:
                b.escalated = True
            if kind.is_call and m.strategy.compliance.third_party_contact:
                self.third_party(b)
        else:
            m.count["reached"] += 1
            b.unanswered = 0
            b.salience += ch.salience * beh.salience_decay * sal_m * (1.0 - 0.5 * res)
            b.stress += ch.stress * stress_m * (1.0 - b.stress)
            pushy = week > 3 or tone == "firm"
            b.resistance = res + beh.resistance_gain * pushy * (1.0 - res)
            b.trust = min(
                1.0, max(0.0, b.trust + (0.01 if tone == "gentle" else -0.01 if pushy else 0.0))
            )
            self.promise(b, ch.promise * sal_m, day)
            self.offers(b, seg.offers, day)
        p = (
            beh.complaint_base * ch.complaint * compl_m * (0.3 + 2.0 * b.stress)
            * (1.0 + 0.25 * min(max(week - 3, 0), 8)) * (1.0 + res)
            * (3.0 if violation else 1.0) * (1.0 if reached else 0.2)
        )  # fmt: skip
        if rnd.random() < min(p, 0.03):
            b.complain(violation)

    def promise(self, b: Borrower, strength: float, day: int) -> None:
        m = self.model
        willing = 2.0 * sigmoid(b.pay_logit() - m.behaviour.pay_logit_base)
        able = b.able()
        amount = min(b.arrears, max(able // 2, b.instalment))
        p = min(0.95, strength * willing * (1.0 if able >= amount else 0.05))
        if b.promise_due < 0 and m.random.random() < p:
            b.promise_due, b.promise_amount = day + m.behaviour.promise_days, amount
            m.count["promises"] += 1

    def offers(self, b: Borrower, offer, day: int) -> None:
        m = self.model
        able = b.able()
        hardship = able < b.arrears
        months = offer.instalment_months
        reg = m.scenario.regulation
        lost_income = not b.employed or b.cash < b.expenses
        must_offer = reg.mandated_hardship_plan and hardship and lost_income
        if must_offer:
            months = max(months, reg.mandated_plan_months)
        e, var = m.economy, m.portfolio.borrowers.sme.variable_cost_share
        if b.is_sme:
            factor = e.sme_revenue_factor[day]
            surplus = b.income * factor - b.expenses * ((1.0 - var) + var * factor)
        else:
            surplus = (b.income * e.income_factor[day] if b.employed else 0) - b.expenses
        w = b.willingness
        if offer.fee_waiver and b.fees > 0:
            m.flows["concession"] += b.fees
            b.balance -= b.fees
            b.arrears -= min(b.arrears, b.fees)
            b.fees = 0
        price = math.ceil(b.balance * (1.0 - offer.settlement_discount))
        if offer.settlement_discount > 0 and able >= price and m.random.random() < 0.6 * w:
            b.pay(price, day)
            m.flows["concession"] += b.balance
            b.balance = b.arrears = b.fees = 0
            b.status, b.delinquent_since, b.settled = CLOSED, CURRENT, True
            m.count["plans"] += 1
            return
        if day - b.restructured_day < 365:  # a re-age at most once a year
            return
        term = max(months, b.term_left)
        p_plan = (0.7 if hardship else 0.2) * (0.5 + w)
        affordable = must_offer or surplus >= annuity(b.balance, b.rate, term)
        if months > 0 and affordable and m.random.random() < p_plan:
            b.term_left = term if b.product != CARD else 0
            b.instalment = annuity(b.balance, b.rate, term)
            b.plan_until = day + MONTH * months
        elif offer.payment_holiday_months > 0 and hardship and m.random.random() < 0.6 * (0.5 + w):
            b.holiday_until = day + MONTH * offer.payment_holiday_months
        else:
            return
        b.arrears, b.delinquent_since, b.promise_due = 0, CURRENT, -1
        b.escalated, b.restructured_day = False, day
        m.count["plans"] += 1

    def third_party(self, b: Borrower) -> None:
        m = self.model
        forbidden = not m.scenario.regulation.third_party_contact_allowed
        if forbidden and m.strategy.compliance.respects_rules:
            m.count["blocked_contacts"] += 1
            return
        m.count["violations"] += forbidden
        m.violations_month += forbidden
        b.salience += 0.02
        b.stress = min(1.0, b.stress + 0.1)
        if m.random.random() < m.behaviour.complaint_base * 6.0 * (0.3 + 2.0 * b.stress):
            b.complain(forbidden)


class ReferenceModel(mesa.Model):
    """Per-agent twin of :class:`collectsim.model.CollectionModel` (same arguments)."""

    def __init__(
        self,
        portfolio: str = "mixed",
        scenario: str = "baseline",
        strategy: str = "standard",
        borrowers: int = 10_000,
        horizon_days: int = 365,
        seed: int = 0,
    ):
        super().__init__(seed=seed)
        self.portfolio = load_portfolio(portfolio)
        self.behaviour = self.portfolio.behaviour
        self.scenario, self.strategy = load_scenario(scenario), load_strategy(strategy)
        self.horizon_days, self.day = horizon_days, 0
        self.economy = Economy(self.scenario, horizon_days)
        self.benefit = self.portfolio.borrowers.person.unemployment_benefit_share
        self.unit_cost = channel_costs_cents(dict(self.strategy.costs))
        arrays = build_population(self.portfolio, borrowers, Streams(seed))  # set-up only
        self.borrowers = [
            Borrower(self, {s.name: getattr(arrays, s.name)[i].item() for s in STATES})
            for i in range(borrowers)
        ]
        for b in self.borrowers:  # unemployment at day 0, as the scenario says
            if not b.is_sme:
                b.employed = self.random.random() >= self.economy.unemployment[0]
        self.lender = Lender(self)
        communities = max(b.community for b in self.borrowers) + 1
        self.community_sizes = [0] * communities
        for b in self.borrowers:
            self.community_sizes[b.community] += 1
        self.grievance = [0.0] * communities
        self.reputation = self.portfolio.initial_reputation
        self.peer_default = [0.0] * communities
        self.peer_default = self.peer_default_share()
        self.flows = dict.fromkeys(FLOWS, 0)
        self.opening = sum(b.balance for b in self.borrowers)
        self.count = dict.fromkeys(COUNTERS, 0)
        self.public_today = self.regulator_complaints_month = self.violations_month = 0
        self.warnings, self.legal_left, self.budget_left = 0, 0, None
        self.docket: dict[int, list[Borrower]] = {}
        self.recalls: dict[int, list[Borrower]] = {}
        self.late_today: list[Borrower] = []
        sample = self.borrowers[:5000]
        latent = np.array([b.pay_logit() for b in sample])
        noise = np.array([b.score_noise for b in sample])
        self.score_sigma = noise_for_auc(latent, noise, self.strategy.risk_score.auc)
        self.datacollector = mesa.DataCollector(
            model_reporters={
                "past_due": lambda m: sum(1 for b in m.borrowers if b.delinquent_since > CURRENT),
                "collected_to_date": lambda m: m.count["collected"] / 100,
            }
        )
        self.datacollector.collect(self)

    def peer_default_share(self) -> list[float]:
        bad = [0] * len(self.community_sizes)
        for b in self.borrowers:
            late90 = b.delinquent_since > CURRENT and self.day - b.delinquent_since >= 90
            if b.status in (LEGAL, WRITTEN_OFF, SOLD) or late90:
                bad[b.community] += 1
        return [k / max(n, 1) for k, n in zip(bad, self.community_sizes, strict=True)]

    def step(self) -> None:
        day = self.day
        self.late_today = []
        self.agents_by_type[Borrower].do("step")
        self.lender.step()
        for b in self.docket.pop(day, []):  # judgments
            if b.status == LEGAL and b.legal_until == day:
                self.judgment(b, day)
        for b in self.recalls.pop(day, []):
            if b.status == AGENCY and b.agency_until == day:
                b.status, b.agency_until = ACTIVE, -1
        threshold = self.strategy.write_off.days_past_due
        for b in self.late_today:
            limit = threshold if threshold > 0 else b.write_off_days
            late = b.delinquent_since > CURRENT and b.status in (ACTIVE, AGENCY)
            if late and day - b.delinquent_since >= limit:
                b.write_off(day)
        self.end_of_day(day)
        self.day += 1
        self.datacollector.collect(self)
        if self.day >= self.horizon_days:
            self.running = False

    def judgment(self, b: Borrower, day: int) -> None:
        legal = self.strategy.legal
        b.legal_until = -1
        won = self.random.random() < legal.success_probability
        share = min(1.0, legal.recovery_share * (2.0 if legal.asset_preservation else 1.0))
        recovered = min(b.balance, math.floor((b.cash + b.assets) * share)) if won else 0
        from_cash = min(b.cash, recovered)
        b.cash -= from_cash
        b.assets -= recovered - from_cash
        b.pay(recovered, day, route="court")
        if b.balance > 0:
            b.write_off(day)

    def end_of_day(self, day: int) -> None:
        """Reputation, grievance, peers' defaults and the regulator's monthly review."""
        r0 = self.portfolio.initial_reputation
        r = self.reputation + 0.01 * (r0 - self.reputation)
        r -= 0.01 * self.public_today * 10_000 / len(self.borrowers)
        self.reputation, self.public_today = min(1.0, max(0.0, r)), 0
        self.grievance = [g * 0.98 for g in self.grievance]
        if day % MONTH == MONTH - 1:
            self.peer_default = self.peer_default_share()
            reg = self.scenario.regulation
            per_10k = self.regulator_complaints_month * 10_000 / len(self.borrowers)
            if self.violations_month > 0 or per_10k > reg.review_complaints_per_10k:
                self.warnings += 1
                if self.warnings >= 2:
                    self.flows["fine"] += round(
                        (reg.fine_base + reg.fine_per_violation * self.violations_month) * 100
                    )
                    self.reputation = max(0.0, self.reputation - 0.02)
            self.regulator_complaints_month = self.violations_month = 0

    def metrics(self) -> dict[str, float]:
        """The headline metrics, with the engine's definitions."""
        f, c = self.flows, self.count
        cost = f["contact_cost"] + f["legal_cost"] + f["agency_commission"] + f["fine"]
        return {
            "collected": c["collected"] / 100,
            "delinquent_accounts": sum(b.ever_delinquent for b in self.borrowers),
            "charge_off_rate": f["write_off"] / self.opening,
            "contacts": c["contacts"],
            "complaints": c["complaints"],
            "promises": c["promises"],
            "plans": c["plans"],
            "cost": cost / 100,
        }
