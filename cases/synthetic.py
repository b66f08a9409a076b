"""Synthetic case histories: realistic, deterministic for a seed, synthetic people only.

``generate(authority, plans=N, years=Y, seed=S, end=date)`` writes Y years of casework ending on
``end`` so that about N plans are in force on ``end``. Rates are calibrated to the national
figures for England in send-rules.md 5.4 (2024 unless noted); docs/decisions/0026 lists them.
Names come from Faker en_GB seeded with ``seed``; identifiers are made up. Records are built in
memory and written with ``bulk_create`` in batches, then each case's denormalised stage and next
deadline are set from the same adapter the services use (cases.case_state).
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.core.management.color import no_style
from django.db import connection, transaction
from faker import Faker

from .case_state import CaseRecords, case_state
from .models import (
    AdviceRequest,
    AnnualReview,
    Assessment,
    Child,
    DraftPlan,
    EHCPlan,
    Mediation,
    Request,
    Team,
    TimeLimitException,
    TribunalAppeal,
)
from .send_regulations_2014 import SEND_REGULATIONS_2014

date = datetime.date
DAY = datetime.timedelta(days=1)
BATCH = 2000

# --- calibration (send-rules.md 5.4) -------------------------------------------------------------
NEW_PLANS_PER_STOCK = 97_747 / 576_474  # new plans in 2024 / plans in force Jan 2024 (~0.17)
CEASE_HAZARD = 44_862 / 576_474  # plans ceased in 2024 / plans in force Jan 2024 (~0.078 a year)
REFUSED = 38_889 / 154_489  # requests refused 2024 (25.2%)
WITHDRAWN = 0.03  # requests withdrawn before a decision (DfE request_withdrawn_pc, about 3%)
DECIDED_IN_6_WEEKS = 0.848  # 2023 and 2024
NOT_ISSUED = 0.065  # assessments ending with no plan: 6,391 no-plan decisions / ~98,000 outcomes
NOT_ISSUED_IN_16_WEEKS = 0.341
ISSUED_IN_20_WEEKS = 0.459  # incl. exceptions, 2024
ISSUED_AFTER_52_WEEKS = 0.073
EXCEPTION_RATE = 0.03  # den 90,392 vs den_ex: 45.9% incl. vs 46.4% excl.
TRANSFER_IN_SHARE = 0.075  # new plans outside the timeliness cohort: (84,428 - 80,945) / 84,428 + margin
REVIEW_HELD_ON_TIME = 0.75
REVIEW_DECISION_RECORDED = 1 - 94_872 / (524_654 - 0.13 * 524_654)  # ~79% of held reviews have an outcome
REVIEW_DECISION_IN_4_WEEKS = 0.444
REVIEW_OUTCOMES = (("A", 219_538), ("M", 135_264), ("C", 4_087))
CEASE_REASONS = ((5, 13_953), (6, 16_091), (4, 4_053), (2, 3_955), (3, 2_579), (1, 1_990), (7, 928),
                 (8, 475), (9, 837))
PRIMARY_NEEDS = (("ASD", 31.5), ("SLCN", 21.3), ("SEMH", 20.7), ("MLD", 10.6), ("SLD", 4.0), ("PD", 3.9),
                 ("SPLD", 2.3), ("HI", 1.4), ("PMLD", 1.3), ("OTH", 1.2), ("VI", 0.8), ("MSI", 0.3))
ETHNICITIES = (("WBRI", 70), ("WOTH", 4), ("MWBC", 2), ("MWBA", 1), ("MWAS", 2), ("MOTH", 3), ("AIND", 2),
               ("APKN", 4), ("ABAN", 1.5), ("AOTH", 1.5), ("BAFR", 3), ("BCRB", 1), ("BOTH", 1),
               ("CHNE", 0.5), ("OOTH", 2), ("WIRT", 0.3), ("WROM", 0.7), ("NOBT", 0.5))
REQUEST_SOURCES = ((1, 45), (2, 40), (3, 8), (4, 4), (5, 3))
MEDIATION_RATE = 0.06  # of refusals and no-plan decisions
TRIBUNAL_RATE = 0.12  # of refusals and no-plan decisions (appeal rate 3.2% of all appealable decisions)
STOCK_ADJUSTMENT = 1.037  # measured: runs of 3 and 10 years with seed 1 (docs/decisions/0026)
STOCK_DRIFT = 1.0097  # ceasing at age 25 and the 120-day minimum life add to the national hazard
OTHER_LA_CODES = ("811", "812", "813", "815", "816", "830", "831", "850", "878", "886", "919", "937")


_DEFAULTS: dict = {}


def new(model, **values) -> SimpleNamespace:
    """A plain record with the model's field defaults: much cheaper than a model instance, and
    written with one executemany per table (``write``)."""
    if model not in _DEFAULTS:
        _DEFAULTS[model] = {f.attname: f.get_default() for f in model._meta.concrete_fields}
    record = SimpleNamespace(**_DEFAULTS[model])
    record.__dict__.update(values)
    record.pk = None
    return record


@dataclass
class Case:
    child: Child
    request: Request
    assessment: Assessment | None = None
    plan: EHCPlan | None = None
    advice: list = field(default_factory=list)
    drafts: list = field(default_factory=list)
    reviews: list = field(default_factory=list)
    exceptions: list = field(default_factory=list)
    mediations: list = field(default_factory=list)
    appeals: list = field(default_factory=list)


class Generator:
    def __init__(self, authority, *, plans: int, years: int, seed: int, end: date, officers=(), teams=()):
        self.authority = authority
        self.target = plans
        self.years = years
        self.end = end
        self.start = date(end.year - years, end.month, min(end.day, 28)) + DAY
        self.rng = random.Random(seed)
        faker = Faker("en_GB")
        faker.seed_instance(seed)
        self.forenames = [faker.first_name() for _ in range(600)]
        self.surnames = [faker.last_name() for _ in range(900)]
        self.postcodes = [faker.postcode() for _ in range(400)]
        self.settings = [(f"{self.rng.randint(100000, 149999)}", f"{faker.city()} {kind}")
                         for kind in ("Primary School", "Academy", "Special School", "College", "Infant School")
                         for _ in range(max(5, plans // 250))]
        self.officers = list(officers)
        self.teams = list(teams)
        self.cases: list[Case] = []
        self.serial = 0

    # ---- drawing ----------------------------------------------------------------------------

    def pick(self, weighted):
        values, weights = zip(*weighted, strict=True)
        return self.rng.choices(values, weights=weights)[0]

    def days(self, low: int, high: int) -> datetime.timedelta:
        return datetime.timedelta(days=self.rng.randint(low, high))

    def on_or_before_end(self, day: date | None) -> date | None:
        return day if day is not None and day <= self.end else None

    def child(self, *, age_on: date, low: int, high: int) -> Child:
        self.serial += 1
        born = age_on - datetime.timedelta(days=self.rng.randint(low * 365, high * 365))
        sex = "M" if self.rng.random() < 0.72 else "F"  # about 72% of EHC plans are for boys
        upn = f"Z{self.authority.code}{self.serial:08d}"[:12] + "A" if self.rng.random() < 0.93 else ""
        return new(Child,
            local_authority=self.authority, native_id=f"SYN-P{self.serial:07d}",
            forename=self.rng.choice(self.forenames), surname=self.rng.choice(self.surnames),
            date_of_birth=born, sex=sex, ethnicity=self.pick(ETHNICITIES),
            postcode=self.rng.choice(self.postcodes), upn=upn,
            upn_unknown="" if upn else self.rng.choice(["UN1", "UN2", "UN8"]),
        )

    def assign(self, request: Request) -> None:
        if self.officers:
            request.officer = self.rng.choice(self.officers)
        if self.teams:
            request.team = self.rng.choice(self.teams)

    def plan_for(self, case: Case, start_on: date, *, transferred_from: str = "",
                 lifetime_from: date | None = None) -> EHCPlan:
        urn, name = self.rng.choice(self.settings)
        primary = self.pick(PRIMARY_NEEDS)
        secondary = ""
        if self.rng.random() < 0.35:
            secondary = self.pick([n for n in PRIMARY_NEEDS if n[0] != primary])
        plan = new(EHCPlan,
            local_authority=self.authority, request=case.request, assessment=case.assessment,
            native_id=f"SYN-N{self.serial:07d}", start_on=start_on, setting_urn=urn, setting_name=name,
            primary_need=primary, secondary_need=secondary, transferred_in_from=transferred_from,
            transferred_in_on=start_on if transferred_from else None,
        )
        lifetime = datetime.timedelta(days=int(self.rng.expovariate(CEASE_HAZARD) * 365.25))
        # Exponential lifetimes are memoryless: a plan in force on ``lifetime_from`` lives on from there.
        ceased = (lifetime_from or start_on) + max(lifetime, datetime.timedelta(days=120))
        age_limit = date(case.child.date_of_birth.year + 25, 8, 31)
        ceased = min(ceased, age_limit)
        if ceased <= self.end:
            plan.ceased_on = ceased
            plan.cease_reason = 1 if ceased == age_limit else self.pick(CEASE_REASONS)
            if plan.cease_reason == 5:
                plan.transferred_out_to = self.rng.choice(OTHER_LA_CODES)
        case.plan = plan
        self.reviews_for(case)
        return plan

    def reviews_for(self, case: Case) -> None:
        plan = case.plan
        last = plan.start_on
        stop = min(plan.ceased_on or self.end, self.end)
        while True:
            gap = self.days(330, 364) if self.rng.random() < REVIEW_HELD_ON_TIME else self.days(366, 480)
            meeting = last + gap
            if meeting > stop:
                break
            review = new(AnnualReview, plan=plan, meeting_on=meeting, due_on=last + datetime.timedelta(days=364))
            if self.rng.random() < 0.9:
                review.report_on = self.on_or_before_end(meeting + self.days(3, 21))
            if self.rng.random() < REVIEW_DECISION_RECORDED:
                in_time = self.rng.random() < REVIEW_DECISION_IN_4_WEEKS
                decided = meeting + (self.days(5, 28) if in_time else self.days(29, 90))
                if decided <= self.end:
                    review.decision_on = decided
                    review.outcome = self.pick(REVIEW_OUTCOMES)
                    if review.outcome == "A":
                        review.amendment_notice_on = decided
                        review.final_amended_plan_on = self.on_or_before_end(decided + self.days(20, 110))
            case.reviews.append(review)
            last = meeting

    # ---- the story ---------------------------------------------------------------------------

    def historical_plans(self, count: int) -> None:
        """Plans already in force when the history starts (SEN2 request and assessment H)."""
        for _ in range(count):
            start_on = self.start - self.days(30, 8 * 365)
            child = self.child(age_on=start_on, low=2, high=14)
            request = new(Request, local_authority=self.authority, child=child, native_id=f"SYN-R{self.serial:07d}",
                              outcome="H")
            self.assign(request)
            case = Case(child=child, request=request)
            case.assessment = new(Assessment, request=request, outcome="H", native_id=f"SYN-A{self.serial:07d}")
            self.plan_for(case, start_on, lifetime_from=self.start)
            self.cases.append(case)

    def transfer_in(self, on: date) -> None:
        child = self.child(age_on=on, low=3, high=17)
        request = new(Request, local_authority=self.authority, child=child, native_id=f"SYN-R{self.serial:07d}",
                          outcome="H")
        self.assign(request)
        case = Case(child=child, request=request)
        case.assessment = new(Assessment, request=request, outcome="H", native_id=f"SYN-A{self.serial:07d}")
        self.plan_for(case, on - self.days(60, 3 * 365), transferred_from=self.rng.choice(OTHER_LA_CODES))
        case.plan.transferred_in_on = on
        self.cases.append(case)

    def request(self, received: date) -> None:
        rng = self.rng
        child = self.child(age_on=received, low=2, high=17)
        request = new(Request, local_authority=self.authority, child=child, native_id=f"SYN-R{self.serial:07d}",
                          received_on=received, source=self.pick(REQUEST_SOURCES), rya=rng.random() < 0.002)
        self.assign(request)
        case = Case(child=child, request=request)
        self.cases.append(case)
        decided = received + (self.days(10, 42) if rng.random() < DECIDED_IN_6_WEEKS else self.days(43, 110))
        draw = rng.random()
        if draw < WITHDRAWN:
            withdrawn = received + self.days(5, 40)
            if withdrawn <= self.end:
                request.outcome, request.withdrawn_on = "W", withdrawn
            return
        if decided > self.end:
            return  # awaiting a decision (outcome A)
        if draw < WITHDRAWN + REFUSED:
            request.outcome, request.outcome_on = "N", decided
            self.dispute(case, decided, subject="refusal_to_assess")
            return
        request.outcome, request.outcome_on = "Y", decided
        assessment = new(Assessment, request=request, started_on=decided, native_id=f"SYN-A{self.serial:07d}")
        case.assessment = assessment
        for body in ("ep", "health", "social_care", "education"):
            asked = decided + self.days(1, 7)
            if asked > self.end:
                continue
            got = asked + (self.days(20, 42) if rng.random() < 0.6 else self.days(43, 90))
            case.advice.append(new(AdviceRequest, assessment=assessment, body=body, requested_on=asked,
                                             due_on=SEND_REGULATIONS_2014.due("advice", asked),
                                             received_on=self.on_or_before_end(got)))
        if rng.random() < EXCEPTION_RATE:
            case.exceptions.append(new(TimeLimitException,
                request=request, reason=self.pick((("school_closure", 5), ("personal_circumstances", 3),
                                                   ("absence_from_area", 1))),
                starts_on=decided + self.days(5, 30)))
            case.exceptions[0].ends_on = case.exceptions[0].starts_on + self.days(28, 60)
            if case.exceptions[0].starts_on > self.end:
                case.exceptions.clear()
            else:
                assessment.week20 = True
        if rng.random() < NOT_ISSUED:
            not_issued = received + (self.days(70, 112) if rng.random() < NOT_ISSUED_IN_16_WEEKS
                                     else self.days(113, 220))
            not_issued = max(not_issued, decided + DAY)  # never before the decision to assess
            if not_issued <= self.end:
                assessment.outcome, assessment.outcome_on = "N", not_issued
                self.dispute(case, not_issued, subject="not_to_issue")
            return
        band = rng.random()
        if band < ISSUED_IN_20_WEEKS:
            final = received + self.days(100, 140)
        elif band < 1 - ISSUED_AFTER_52_WEEKS:
            final = received + self.days(141, 364)
        else:
            final = received + self.days(365, 500)
        draft = max(final - self.days(16, 45), decided + DAY)
        to_issue = max(draft - self.days(2, 14), decided)
        if to_issue > self.end:
            return  # still being assessed
        assessment.outcome, assessment.decided_to_issue_on = "Y", to_issue
        if draft > self.end:
            return
        case.drafts.append(new(DraftPlan, assessment=assessment, issued_on=draft,
                                     comments_due_on=draft + datetime.timedelta(days=14),
                                     comments_received_on=self.on_or_before_end(draft + self.days(5, 14))))
        final = max(final, draft + datetime.timedelta(days=15))
        if final > self.end:
            return
        assessment.outcome_on = final
        self.plan_for(case, final)

    def dispute(self, case: Case, decided: date, *, subject: str) -> None:
        rng = self.rng
        if rng.random() < MEDIATION_RATE:
            contacted = decided + self.days(7, 55)
            if contacted <= self.end:
                case.mediations.append(new(Mediation, request=case.request, subject=subject, decision_on=decided,
                                                 adviser_contacted_on=contacted,
                                                 certificate_on=self.on_or_before_end(contacted + self.days(3, 35)),
                                                 outcome="certificate_only"))
                self.flag(case, subject, "mediation")
        if rng.random() < TRIBUNAL_RATE:
            registered = decided + self.days(20, 60)
            if registered <= self.end:
                case.appeals.append(new(TribunalAppeal, request=case.request, subject=subject, decision_on=decided,
                                                   registered_on=registered))
                self.flag(case, subject, "tribunal")

    @staticmethod
    def flag(case: Case, subject: str, kind: str) -> None:
        if subject == "refusal_to_assess":
            setattr(case.request, kind, True)
        elif case.assessment is not None:
            setattr(case.assessment, kind, True)

    def run(self) -> None:
        growth = 1 + NEW_PLANS_PER_STOCK - CEASE_HAZARD
        # Plans issued late in the history are still being drafted at its end: start a little higher
        # so that about ``plans`` are in force on the last day (measured, docs/decisions/0026).
        stock = self.target * STOCK_ADJUSTMENT * STOCK_DRIFT ** self.years / growth ** self.years
        self.historical_plans(round(stock))
        # Requests needed for one new plan: assessed (1 - refused - withdrawn), issued (1 - not issued).
        per_plan = 1 / ((1 - REFUSED - WITHDRAWN) * (1 - NOT_ISSUED))
        day = self.start
        while day <= self.end:
            year_end = min(date(day.year, 12, 31), self.end)
            span = (year_end - day).days + 1
            new_plans = stock * NEW_PLANS_PER_STOCK * span / 365.25
            requests = round(new_plans * (1 - TRANSFER_IN_SHARE) * per_plan)
            for _ in range(requests):
                self.request(day + datetime.timedelta(days=self.rng.randrange(span)))
            for _ in range(round(new_plans * TRANSFER_IN_SHARE)):
                self.transfer_in(day + datetime.timedelta(days=self.rng.randrange(span)))
            stock *= growth ** (span / 365.25)
            day = year_end + DAY

    # ---- writing -----------------------------------------------------------------------------

    def denormalise(self) -> None:
        for case in self.cases:
            state = case_state(CaseRecords(
                request=case.request, assessment=case.assessment, advice=case.advice, drafts=case.drafts,
                plan=case.plan, reviews=case.reviews, exceptions=case.exceptions, mediations=case.mediations,
                appeals=case.appeals,
            ), today=self.end)
            case.request.stage = state.stage
            case.request.next_deadline_on = state.next_deadline_on
            case.request.next_deadline_label = state.next_deadline_label
            if case.plan is not None:
                case.plan.review_due_on = state.review_due_on
                case.plan.last_reviewed_on = state.last_reviewed_on

    def write(self) -> dict:
        cases = self.cases
        with_assessment = [c for c in cases if c.assessment is not None]
        with_plan = [c for c in cases if c.plan is not None]
        tables = [
            (Child, [c.child for c in cases]),
            (Request, [c.request for c in cases]),
            (Assessment, [c.assessment for c in with_assessment]),
            (EHCPlan, [c.plan for c in with_plan]),
        ]
        for model, attr in ((AdviceRequest, "advice"), (DraftPlan, "drafts"), (AnnualReview, "reviews"),
                            (TimeLimitException, "exceptions"), (Mediation, "mediations"),
                            (TribunalAppeal, "appeals")):
            tables.append((model, [row for c in cases for row in getattr(c, attr)]))
        for model, rows in tables:
            insert(model, rows)
        with connection.cursor() as cursor:
            # Fresh planner statistics, or PostgreSQL plans the caseload queries for empty tables.
            if connection.vendor == "postgresql":
                for model, _rows in tables:
                    cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
            elif connection.vendor == "sqlite":
                cursor.execute("PRAGMA optimize")
        counts = {model._meta.model_name: len(rows) for model, rows in tables}
        counts["plans_in_force"] = sum(
            1 for c in with_plan if c.plan.start_on <= self.end and (c.plan.ceased_on is None or c.plan.ceased_on > self.end)
        )
        return counts


def insert(model, rows: list[SimpleNamespace]) -> None:
    """Give each record the next primary key, resolve its foreign keys, and insert in batches."""
    if not rows:
        return
    fields = list(model._meta.concrete_fields)
    relations = [f for f in fields if f.is_relation]
    next_id = (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    for offset, row in enumerate(rows):
        row.pk = row.id = next_id + offset
        for relation in relations:
            related = row.__dict__.get(relation.name)
            if related is not None:
                setattr(row, relation.attname, related if isinstance(related, int) else related.pk)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns}) VALUES ({marks})"
    # Only dates and times need the backend's adapter; strings, numbers and booleans go as they are.
    adapt = [f.get_internal_type() in ("DateField", "DateTimeField") for f in fields]
    names = [f.attname for f in fields]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            batch = []
            for row in rows[start:start + BATCH]:
                values = row.__dict__
                batch.append(tuple(
                    fields[i].get_db_prep_save(values[name], connection) if adapt[i] and values[name] is not None
                    else values[name]
                    for i, name in enumerate(names)
                ))
            cursor.executemany(sql, batch)
        for statement in connection.ops.sequence_reset_sql(no_style(), [model]):
            cursor.execute(statement)


def generate(authority, *, plans: int, years: int, seed: int, end: date, officers=(), teams=()) -> dict:
    """Write a synthetic case history for ``authority``; returns counts of what was written."""
    generator = Generator(authority, plans=plans, years=years, seed=seed, end=end, officers=officers,
                          teams=teams)
    generator.run()
    generator.denormalise()
    with transaction.atomic():
        return generator.write()


def demo_teams(authority) -> list[Team]:
    names = ("Early years and primary", "Secondary", "Post-16")
    return [Team.objects.get_or_create(local_authority=authority, name=name)[0] for name in names]
