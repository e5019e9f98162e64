"""CollectionModel: a Mesa model of a loan book in collections, one step a day.

Borrowers are arrays (:mod:`collectsim.engine.state`); the few actors, the
lender (with its collector teams) and the regulator, are Mesa agents. Each
step is one day, always in this order:

1. **economy**: the scenario's macro values for the day (tabulated at start);
2. **finances**: on each borrower's cycle day, jobs lost and found, income
   or revenue, expense shocks, cash (:mod:`~collectsim.engine.finances`);
3. **dues and the pay decision**: interest, the instalment falls due, the
   borrower pays in full, in part or not, from ability and willingness
   (:mod:`~collectsim.engine.repayment`);
4. **delinquency**: promises to pay fall due; past-due borrowers pay between
   due dates at an intensity contacts excite; days past due and buckets;
5. **the lender's strategy**: segment, choose treatments under rules,
   capacity and budget (:class:`Lender`, :mod:`~collectsim.engine.treatment`);
6. **contact outcomes**: reach, promises, offers, stress, resistance,
   complaints (:mod:`~collectsim.engine.contacts`);
7. **legal and write-off**: judgments, agency recalls, charge-off, debt sale
   (:mod:`~collectsim.engine.legal`);
8. **reputation and the regulator**: public complaints move reputation,
   the regulator reviews monthly (:class:`Regulator`);
9. **data collection**: the DataCollector records the day's aggregates.

Example::

    >>> m = CollectionModel(borrowers=500, horizon_days=30, seed=3)
    >>> m.run_model()
    >>> m.metrics()["contacts"] > 0
    True
"""

from __future__ import annotations

from functools import partial
from typing import Any

import mesa
import numpy as np

from collectsim.channels import CHANNEL_INDEX, CHANNEL_NAMES, channel_costs_cents
from collectsim.config import (
    Portfolio,
    Scenario,
    Strategy,
    load_portfolio,
    load_scenario,
    load_strategy,
)
from collectsim.engine.economy import Economy
from collectsim.engine.events import EventLog
from collectsim.engine.finances import initial_employment, monthly_finances
from collectsim.engine.legal import agency_recalls, judgments, write_off_due
from collectsim.engine.memory import check_fits
from collectsim.engine.population import build_population
from collectsim.engine.repayment import (
    daily_payments,
    due_dates,
    freeze_days_past_due,
    pay_logit,
)
from collectsim.engine.reputation import peer_default_share, update_reputation
from collectsim.engine.scoring import noise_for_auc
from collectsim.engine.state import (
    ACTIVE,
    AGENCY,
    CLOSED,
    CURRENT,
    LEGAL,
    MONTH,
    SOLD,
    WRITTEN_OFF,
)
from collectsim.engine.treatment import collect, compile_strategy
from collectsim.errors import ConfigError
from collectsim.ledger import Ledger
from collectsim.metrics import BUCKETS, DAILY_NAMES, METRIC_NAMES
from collectsim.streams import Streams

COUNTERS = (
    "collected",
    "contacts",
    "reached",
    "promises",
    "promises_due",
    "promises_kept",
    "plans",
    "blocked_contacts",
    "violations",
    "unmet_contacts",
    "legal_cases",
    "complaints",
    "regulator_complaints",
    "public_complaints",
)


class Lender(mesa.Agent):
    """The lender and its collector teams: works the past-due book each day."""

    def step(self) -> None:
        m: CollectionModel = self.model  # type: ignore[assignment]
        m.refresh_capacity()
        idx, dpd = m.today_late
        active = m.b.status[idx] == ACTIVE
        if active.any():
            collect(m, idx[active], dpd[active], m.day)


class Regulator(mesa.Agent):
    """Reviews complaints and violations monthly: warnings, then fines."""

    def __init__(self, model: mesa.Model):
        super().__init__(model)
        self.warnings = 0

    def step(self) -> None:
        m: CollectionModel = self.model  # type: ignore[assignment]
        if m.day % MONTH != MONTH - 1:
            return
        reg = m.scenario.regulation
        per_10k = m.regulator_complaints_month * 10_000 / m.b.n
        if m.violations_month > 0 or per_10k > reg.review_complaints_per_10k:
            self.warnings += 1
            if self.warnings >= 2:
                fine = round((reg.fine_base + reg.fine_per_violation * m.violations_month) * 100)
                m.ledger.post("fine", fine)
                m.reputation = max(0.0, m.reputation - reg.fine_reputation_loss)  # published
        m.regulator_complaints_month = 0
        m.violations_month = 0


def observed(model: CollectionModel, name: str) -> float:
    """DataCollector reporter: one series from the day's observation (picklable via partial)."""
    return model.observation[name]


def _check_size(borrowers: object, horizon_days: object, seed: object) -> None:
    """Counts a model cannot run with are the caller's error, not a crash."""
    for field, value, low in (("borrowers", borrowers, 1), ("horizon_days", horizon_days, 1)):
        if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < low:
            raise ConfigError(None, field, f"an integer >= {low}", value)
    if seed is not None and (
        isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0
    ):
        raise ConfigError(None, "seed", "an integer >= 0", seed)


class DailyCollector(mesa.DataCollector):
    """Mesa's DataCollector for :func:`observed` reporters, storing the day's values directly.

    Each reporter reads one number from ``model.observation``, so Mesa's
    per-value reporter call and ``deepcopy`` (about 3 us a value, 15 a day) are
    skipped; ``model_vars`` and the data frames are exactly what Mesa would
    store. Any other reporter set falls back to Mesa's ``collect``.
    """

    _checked: tuple[int, ...] = ()

    def _direct(self) -> bool:
        key = tuple(map(id, self.model_reporters.values()))
        if key != self._checked:  # check each reporter once, not every day
            if not all(
                isinstance(r, partial) and r.func is observed and r.keywords == {"name": k}
                for k, r in self.model_reporters.items()
            ):
                return False
            self._checked = key
        return not (self.agent_reporters or self.agenttype_reporters)

    def collect(self, model) -> None:
        if not self._direct():
            super().collect(model)
            return
        obs = model.observation
        for name, series in self.model_vars.items():
            series.append(obs[name])


def _load(kind, value, loader):
    return value if isinstance(value, kind) else loader(value)


class CollectionModel(mesa.Model):
    """A loan book in collections under one strategy and one scenario.

    Args:
        portfolio, scenario, strategy: config objects or preset names/paths.
        borrowers: number of accounts.
        horizon_days: days to simulate.
        seed / rng: as for any Mesa model; the seed also keys the named streams.
        trace: record the event history of accounts ``0 .. trace-1``.
    """

    def __init__(
        self,
        portfolio: Portfolio | str = "mixed",
        scenario: Scenario | str = "baseline",
        strategy: Strategy | str = "standard",
        borrowers: int = 10_000,
        horizon_days: int = 365,
        seed: int | None = None,
        rng: Any = None,
        trace: int = 0,
    ):
        _check_size(borrowers, horizon_days, seed)
        check_fits(int(borrowers))  # refuse what cannot fit before allocating anything
        super().__init__(seed=seed) if rng is None else super().__init__(rng=rng)
        self.portfolio = _load(Portfolio, portfolio, load_portfolio)
        self.scenario = _load(Scenario, scenario, load_scenario)
        self.strategy = _load(Strategy, strategy, load_strategy)
        self.behaviour = self.portfolio.behaviour
        self.horizon_days = int(horizon_days)
        self.seed_value = int(seed) if seed is not None else int(self.rng.integers(2**62))
        self.streams = Streams(self.seed_value)
        self.economy = Economy(self.scenario, self.horizon_days)
        self.b = build_population(self.portfolio, int(borrowers), self.streams)
        initial_employment(self.b, self.economy, self.streams)
        self.ledger = Ledger(opening_receivables=int(self.b.balance.sum()))
        self.events = EventLog(trace)
        self.day = 0

        order = np.argsort(self.b.cycle_day, kind="stable")
        bounds = np.searchsorted(self.b.cycle_day[order], np.arange(MONTH + 1))
        self.cycle_groups = [order[bounds[d] : bounds[d + 1]] for d in range(MONTH)]
        self.community_sizes = np.bincount(self.b.community)
        self.grievance = np.zeros(self.community_sizes.size)
        self.reputation = self.portfolio.initial_reputation
        self.public_today = 0
        self.regulator_complaints_month = 0
        self.violations_month = 0
        self.counters = dict.fromkeys(COUNTERS, 0)
        self.cost_by_channel = np.zeros(len(CHANNEL_NAMES), dtype=np.int64)
        self.contacts_by_channel = np.zeros(len(CHANNEL_NAMES), dtype=np.int64)
        self.reached_by_channel = np.zeros(len(CHANNEL_NAMES), dtype=np.int64)
        self.docket: dict[int, list[np.ndarray]] = {}
        self.recalls: dict[int, list[np.ndarray]] = {}
        self._compile_strategy()
        self.peer_default_share = np.zeros(self.community_sizes.size)
        self.peer_default_share = peer_default_share(self)
        self._calibrate_score()

        self.lender = Lender(self)
        self.regulator = Regulator(self)
        self.today_late = (np.empty(0, np.int64), np.empty(0, np.int64))
        #: sorted accounts that may be past due (a superset: filter by delinquent_since)
        self.late = np.flatnonzero(self.b.delinquent_since > CURRENT)
        self.observation: dict[str, float] = {}
        self.datacollector = DailyCollector(
            model_reporters={name: partial(observed, name=name) for name in DAILY_NAMES}
        )
        self._observe()
        self.datacollector.collect(self)

    # ----------------------------------------------------------- set-up helpers
    def _compile_strategy(self) -> None:
        s = self.strategy
        self.segments = compile_strategy(s)
        self.unit_cost = channel_costs_cents(dict(s.costs))
        self.escalate_after = np.array([g.escalate_after_unanswered for g in self.segments])
        self.escalate_on_broken = np.array([g.escalate_on_broken_promise for g in self.segments])
        self.plan_months = np.array([g.offers.instalment_months for g in self.segments])
        self.holiday_months = np.array([g.offers.payment_holiday_months for g in self.segments])
        self.settlement_discount = np.array([g.offers.settlement_discount for g in self.segments])
        self.fee_waiver = np.array([g.offers.fee_waiver for g in self.segments])
        #: whether a segment offers anything at all (contacts skip the offer step if none)
        self.offers_any = (
            (self.plan_months > 0)
            | (self.holiday_months > 0)
            | (self.settlement_discount > 0)
            | self.fee_waiver.astype(bool)
        )
        self.capacity_left: dict[str, int] = {"calls": 0, "visits": 0, "legal": 0}
        self.budget_left: int | None = None

    def _calibrate_score(self) -> None:
        n = min(self.b.n, 5000)
        sample = np.arange(n)
        latent = pay_logit(self, sample)
        self.score_sigma = noise_for_auc(
            latent, self.b.score_noise[sample].astype(np.float64), self.strategy.risk_score.auc
        )

    def score(self, idx: np.ndarray) -> np.ndarray:
        """The lender's predicted probability that each account repays (noisy)."""
        z = pay_logit(self, idx) + self.score_sigma * self.b.score_noise[idx]
        return 1.0 / (1.0 + np.exp(-z))

    def count_violations(self, n: int) -> None:
        """Rule violations: in the run's total and in the regulator's monthly review."""
        self.counters["violations"] += n
        self.violations_month += n

    def trust_offset(self, community: np.ndarray) -> np.ndarray:
        """Trust lost to public complaints seen in each borrower's community (<= 1)."""
        return np.minimum(1.0, self.behaviour.public_spread * self.grievance[community])

    def segment_escalates_on_broken_promise(self, idx: np.ndarray) -> np.ndarray:
        seg = self.b.segment[idx]
        return (seg >= 0) & self.escalate_on_broken[np.maximum(seg, 0)]

    def refresh_capacity(self) -> None:
        cap = self.strategy.capacity
        self.capacity_left["calls"] = cap.collectors * cap.calls_per_collector_per_day
        self.capacity_left["visits"] = cap.field_visits_per_day
        if self.day % MONTH == 0:
            self.capacity_left["legal"] = cap.legal_cases_per_month
            if cap.monthly_budget > 0:
                self.budget_left = round(cap.monthly_budget * 100)

    # ------------------------------------------------------------------ the day
    def step(self) -> None:
        day, b = self.day, self.b
        # 1-2. economy (tabulated) and borrowers' finances on their cycle day
        cycle = self.cycle_groups[day % MONTH]
        monthly_finances(b, cycle, day, self.economy, self.portfolio, self.streams)
        # 3. dues and the pay decision
        due_dates(self, cycle, day)
        # 4. delinquency: promises, payments between due dates, days past due
        b.week_contacts[day % 7] = 0
        late = np.flatnonzero(b.delinquent_since > CURRENT)
        if self.economy.forbearance[day]:
            freeze_days_past_due(self, late)
        daily_payments(self, late, day)
        late = late[b.delinquent_since[late] > CURRENT]
        self.today_late = (late, day - b.delinquent_since[late].astype(np.int64))
        # 5-6. the lender's strategy and the contacts' outcomes
        self.lender.step()
        # 7. legal pipeline, agencies, charge-off and sale
        judgments(self, day)
        agency_recalls(self, day)
        late = late[b.delinquent_since[late] > CURRENT]
        write_off_due(self, late, day - b.delinquent_since[late].astype(np.int64), day)
        self.late = late  # no account falls past due after step 4: a superset of the late
        # 8. reputation and the regulator
        update_reputation(self)
        if day % MONTH == MONTH - 1:
            self.peer_default_share = peer_default_share(self)
        self.regulator.step()
        # 9. data collection (the state at the start of the next day)
        self.day += 1
        self._observe()
        self.datacollector.collect(self)
        if self.day >= self.horizon_days:
            self.running = False

    def _observe(self) -> None:
        # Count by status (cheap byte compares), then re-code only the late active
        # accounts: no full-array gather or bincount per day.
        b = self.b
        counts = np.zeros(len(BUCKETS), dtype=np.int64)
        for status, code in enumerate(_STATUS_CODE):
            counts[code] += np.count_nonzero(b.status == status)
        cand = self.late
        late = cand[(b.delinquent_since[cand] > CURRENT) & (b.status[cand] == ACTIVE)]
        dpd = self.day - b.delinquent_since[late]
        codes = 1 + np.minimum(dpd // 30, 3)
        counts[0] -= late.size
        counts += np.bincount(codes, minlength=len(BUCKETS))
        obs = {f"accounts_{name}": int(c) for name, c in zip(BUCKETS, counts, strict=True)}
        obs["collected_to_date"] = self.counters["collected"] / 100
        obs["cost_to_date"] = self._cost_cents() / 100
        obs["complaints_to_date"] = self.counters["complaints"]
        obs["contacts_to_date"] = self.counters["contacts"]
        obs["reputation"] = round(self.reputation, 6)
        obs["unemployment_rate"] = round(float(self.economy.unemployment[self.day]), 6)
        self.observation = obs

    def _cost_cents(self) -> int:
        t = self.ledger.totals
        return t["contact_cost"] + t["legal_cost"] + t["agency_commission"] + t["fine"]

    # --------------------------------------------------------------- results
    def metrics(self) -> dict[str, float | int]:
        """Per-run metrics (see :mod:`collectsim.metrics`); checks the books first."""
        b, t, c = self.b, self.ledger.totals, self.counters
        self.ledger.check(b.balance)
        ever = b.ever_delinquent
        open_late = (b.delinquent_since > CURRENT) | (b.status == LEGAL) | (b.status == AGENCY)
        forgone = t["write_off"] + t["concession"] + int(b.balance[open_late].sum())
        resolved = c["collected"] + forgone
        cured = ever & (b.delinquent_since == CURRENT) & ~b.settled
        cured &= (b.status == ACTIVE) | (b.status == CLOSED)
        cost = self._cost_cents()
        out: dict[str, float | int] = {
            "collected": c["collected"] / 100,
            "recovery_rate": c["collected"] / resolved if resolved else 0.0,
            "cost": cost / 100,
            "net_recovery": (c["collected"] + t["debt_sale"] - cost) / 100,
            "cure_rate": float(cured.sum() / ever.sum()) if ever.any() else 0.0,
            "charge_off_rate": t["write_off"] / self.ledger.opening_receivables,
            "complaints": c["complaints"],
            "regulator_complaints": c["regulator_complaints"],
            "public_complaints": c["public_complaints"],
            "complaints_per_10k": c["complaints"] * 10_000 / b.n,
            "reputation_final": self.reputation,
            "contacts": c["contacts"],
            "right_party_contact_rate": c["reached"] / c["contacts"] if c["contacts"] else 0.0,
            "promises": c["promises"],
            "promise_kept_rate": c["promises_kept"] / c["promises_due"]
            if c["promises_due"]
            else 0.0,
            "plans": c["plans"],
            "delinquent_accounts": int(ever.sum()),
            "blocked_contacts": c["blocked_contacts"],
            "violations": c["violations"],
            "unmet_contacts": c["unmet_contacts"],
            "legal_cases": c["legal_cases"],
            "legal_cost": t["legal_cost"] / 100,
            "agency_commission": t["agency_commission"] / 100,
            "written_off": t["write_off"] / 100,
            "debt_sale_proceeds": t["debt_sale"] / 100,
            "concessions": t["concession"] / 100,
            "interest_waived": t["interest_waived"] / 100,
            "fines": t["fine"] / 100,
        }
        for name in METRIC_NAMES:
            if name.startswith("cost_"):
                out[name] = int(self.cost_by_channel[CHANNEL_INDEX[name[5:]]]) / 100
        return {name: out[name] for name in METRIC_NAMES}

    def daily_series(self) -> dict[str, np.ndarray]:
        frame = self.datacollector.model_vars
        return {name: np.asarray(frame[name]) for name in DAILY_NAMES}

    def trace_events(self) -> list[tuple[int, int, str, str]]:
        return list(self.events.rows)

    def release(self) -> None:
        """Let the model be garbage-collected after its run.

        Mesa before 3.4 keeps every model in a class-level dict of agent id
        counters (``Agent._ids``, Mesa issue #3179), so a long sweep would grow
        by each model's size; the runner calls this after each run.
        """
        self.remove_all_agents()
        ids = getattr(mesa.Agent, "_ids", None)
        if isinstance(ids, dict):
            ids.pop(self, None)


# bucket code per status: active accounts are re-coded by days past due
_STATUS_CODE = np.zeros(6, dtype=np.int64)
_STATUS_CODE[LEGAL] = BUCKETS.index("legal")
_STATUS_CODE[AGENCY] = BUCKETS.index("agency")
_STATUS_CODE[WRITTEN_OFF] = BUCKETS.index("written_off")
_STATUS_CODE[SOLD] = BUCKETS.index("written_off")
_STATUS_CODE[CLOSED] = BUCKETS.index("closed")
