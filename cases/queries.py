"""Reads for casework pages: querysets with related data already selected, fast at 25,000 plans.

Lists filter on the denormalised ``Request.stage`` and ``Request.next_deadline_on`` that the
services keep (docs/decisions/0022), so a caseload page is one indexed query plus one prefetch.
"Overdue" means the case's next statutory deadline is before ``today``; "due within N days"
means it falls from ``today`` to ``today + N`` inclusive. ``today`` is always passed in.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet

from . import case_state, counting
from . import statutory_clock as clock
from .case_state import CaseRecords, case_facts, outstanding
from .choices import OPEN_STAGES, Stage
from .models import (
    AnnualReview,
    EHCPlan,
    Reassessment,
    Request,
    TimeLimitException,
    TribunalOrder,
    UnopposedAppeal,
)

date = datetime.date
FINAL_PLAN_DAYS = counting.FINAL_PLAN_DAYS  # 20 weeks, SEND Regs 2014 reg 13(2), from the rule set
REVIEW_DECISION_DAYS = 28  # 4 weeks, reg 20(10)

CASELOAD_ORDERS = {
    "deadline": (F("next_deadline_on").asc(nulls_last=True), "pk"),
    "received": (F("received_on").desc(nulls_last=True), "-pk"),
    # Children with the same name are kept apart by the child's id, so the database can read the
    # children in name order from the child_la_name index and stop after a page instead of joining
    # and sorting every matching case (queries_ui.caseload_page; 9,000 overdue cases: 45 ms to 2 ms).
    "name": ("child__surname", "child__forename", "child_id", "pk"),
    "stage": ("stage", F("next_deadline_on").asc(nulls_last=True), "pk"),
}
"""How a caseload can be sorted: ``?order=deadline`` (the default), ``received``, ``name``, ``stage``.

The default order reads the ``request_la_due_list`` index (authority, deadline, id, stage) alone,
so even a deep page (OFFSET 15,000) never touches the table."""

STAGE_FILTERS = {"open": OPEN_STAGES, **{stage.value: (stage,) for stage in Stage}}
"""Values of the stage filter: one stage, or ``open`` (request, assessment and drafting)."""


def cases_for(local_authority) -> QuerySet[Request]:
    """Every case of an authority, with the child, officer, team and plans at hand."""
    return (
        Request.objects.filter(local_authority=local_authority)
        .select_related("child", "officer", "team")
        .prefetch_related(Prefetch("plans", queryset=EHCPlan.objects.order_by("-start_on", "-pk")))
    )


def caseload(local_authority, *, today: date, officer=None, team=None, stage: str = "", need: str = "",
             setting: str = "", due_within_days: int | None = None, overdue: bool = False,
             order: str = "deadline") -> QuerySet[Request]:
    """A filtered, sorted caseload. ``stage`` is a key of STAGE_FILTERS ("" = every live case:
    open or with a plan in force). ``setting`` matches a plan's URN or setting name."""
    cases = cases_for(local_authority)
    if officer is not None:
        cases = cases.filter(officer=officer)
    if team is not None:
        cases = cases.filter(team=team)
    cases = cases.filter(stage__in=STAGE_FILTERS.get(stage, (*OPEN_STAGES, Stage.PLAN)))
    plans = EHCPlan.objects.filter(local_authority=local_authority)
    if need:
        cases = cases.filter(pk__in=plans.filter(primary_need=need).values("request_id"))
    if setting:
        match = Q(setting_urn=setting) if setting.isdigit() else Q(setting_name__icontains=setting)
        cases = cases.filter(pk__in=plans.filter(match).values("request_id"))
    if overdue:
        cases = cases.filter(next_deadline_on__lt=today)
    if due_within_days is not None:
        cases = cases.filter(next_deadline_on__gte=today,
                             next_deadline_on__lte=today + datetime.timedelta(days=due_within_days))
    return cases.order_by(*CASELOAD_ORDERS.get(order, CASELOAD_ORDERS["deadline"]))


def case_or_none(local_authority, pk: int) -> Request | None:
    return cases_for(local_authority).filter(pk=pk).first()


def case_records(request: Request) -> CaseRecords:
    """Everything on one case, for its page and its clock (a handful of queries)."""
    assessment = request.assessments.order_by("-pk").first()
    plan = request.plans.order_by("-start_on", "-pk").first()
    mediations = list(request.mediations.all())
    appeals = list(request.tribunal_appeals.all())
    return CaseRecords(
        request=request,
        assessment=assessment,
        advice=list(assessment.advice_requests.all()) if assessment else [],
        drafts=list(assessment.drafts.all()) if assessment else [],
        plan=plan,
        reviews=list(plan.reviews.all()) if plan else [],
        phase_transfers=list(plan.phase_transfers.all()) if plan else [],
        exceptions=list(request.exceptions.all()),
        mediations=mediations,
        appeals=appeals,
        # Each needs its parent record first (the services check), so most cases skip the query.
        reassessments=list(plan.reassessments.all()) if plan else [],
        unopposed_appeals=list(request.unopposed_appeals.all()) if appeals else [],
        tribunal_orders=list(request.tribunal_orders.all()) if appeals or mediations else [],
    )


def case_deadlines(records: CaseRecords, *, today: date) -> list[clock.Deadline]:
    """Every statutory deadline on the case (met, missed, pending), earliest first."""
    return clock.deadlines(case_facts(records), today=today)


def case_next_deadline(records: CaseRecords, *, today: date) -> clock.Deadline | None:
    """The deadline the case's ``next_deadline_on`` shows: the earliest still to be met."""
    held = max((r.meeting_on for r in records.reviews if r.meeting_on), default=None)
    waiting = outstanding(case_deadlines(records, today=today), latest_meeting_on=held)
    return waiting[0] if waiting else None


def case_warnings(records: CaseRecords, *, today: date, horizon_days: int = 28) -> list[clock.Deadline]:
    return clock.early_warnings(case_facts(records), today=today, horizon_days=horizon_days)


# ---- early warning ------------------------------------------------------------------------------


def passing_20_weeks(local_authority, *, today: date, weeks: int = 4) -> QuerySet[Request]:
    """Open cases (no final plan yet) that pass 20 weeks from the request in the next ``weeks``
    weeks: received between ``today - 140`` and ``today - 140 + 7 × weeks`` days. Cases with a
    reg 10(4) exception are left out: the time limit does not apply to them."""
    earliest = today - datetime.timedelta(days=FINAL_PLAN_DAYS)
    latest = earliest + datetime.timedelta(weeks=weeks)
    return (
        cases_for(local_authority)
        .filter(stage__in=OPEN_STAGES, received_on__gte=earliest, received_on__lte=latest)
        .exclude(Exists(TimeLimitException.objects.filter(request=OuterRef("pk"))))
        .order_by("received_on", "pk")
    )


def reviews_awaiting_decision(local_authority, *, today: date, within_days: int = 28) -> QuerySet[AnnualReview]:
    """The latest review of each plan in force, held, with no decision recorded yet, whose decision
    is due (meeting + 4 weeks) by ``today + within_days``, overdue ones included (each has
    ``decision_due_on``). Earlier reviews overtaken by a later meeting are left out (decision 0022)."""
    latest_meeting = today + datetime.timedelta(days=within_days - REVIEW_DECISION_DAYS)
    return (
        AnnualReview.objects.filter(plan__local_authority=local_authority, plan__ceased_on__isnull=True,
                                    meeting_on__isnull=False, meeting_on__lte=latest_meeting,
                                    decision_on__isnull=True, meeting_on=F("plan__last_reviewed_on"))
        .select_related("plan__request__child", "plan__request__officer")
        .order_by("meeting_on", "pk")
    )


@dataclass(frozen=True)
class DutyDue:
    """One re-assessment, appeal-not-opposed or order duty that needs attention, for early warning."""

    case: Request
    title: str
    due: date
    source: str
    overdue: bool


def redress_due(local_authority, *, today: date, horizon_days: int = 28) -> list[DutyDue]:
    """Re-assessments, appeals not opposed and orders with a duty overdue or due within
    ``horizon_days``, earliest first (four queries). The open records are few, so each is run
    through the statutory clock (exceptions and all) rather than re-counted in SQL."""
    related = ("request__child", "request__officer")
    reassessments = (
        Reassessment.objects.filter(plan__local_authority=local_authority, plan__ceased_on__isnull=True,
                                    completed_on__isnull=True)
        .exclude(decision="N")
        .select_related("plan", *(f"plan__{name}" for name in related))
        .prefetch_related("exceptions")
    )
    unopposed = UnopposedAppeal.objects.filter(request__local_authority=local_authority, plan_issued_on__isnull=True,
                                               no_plan_on__isnull=True).select_related(*related)
    orders = (TribunalOrder.objects.filter(request__local_authority=local_authority, complied_on__isnull=True)
              .exclude(kind="other").select_related(*related))
    found: list[DutyDue] = []

    def warn(case, facts):
        for deadline in clock.early_warnings(facts, today=today, horizon_days=horizon_days):
            found.append(DutyDue(case, deadline.title, deadline.due, deadline.source, deadline.overdue))

    for item in reassessments:
        warn(item.plan.request, case_state.redress_facts(plan=item.plan, reassessments=[item],
                                                          exceptions=item.exceptions.all()))
    for item in unopposed:
        warn(item.request, case_state.redress_facts(unopposed_appeals=[item]))
    for item in orders:
        warn(item.request, case_state.redress_facts(tribunal_orders=[item]))
    return sorted(found, key=lambda duty: (duty.due, duty.case.pk, duty.title))


# ---- backlog ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BacklogRow:
    band: clock.AgeBand
    request: int
    assessment: int
    drafting: int

    @property
    def total(self) -> int:
        return self.request + self.assessment + self.drafting


def backlog_by_age(local_authority, *, today: date) -> list[BacklogRow]:
    """Open cases by stage and by age since the request (the clock's AGE_BANDS). One query."""
    aggregates = {}
    for band in clock.AGE_BANDS:
        newest = today - datetime.timedelta(days=band.min_days)
        in_band = Q(received_on__lte=newest)
        if band.max_days is not None:
            in_band &= Q(received_on__gte=today - datetime.timedelta(days=band.max_days))
        for stage in OPEN_STAGES:
            aggregates[f"{band.key}__{stage}"] = Count("pk", filter=in_band & Q(stage=stage))
    counts = Request.objects.filter(local_authority=local_authority, stage__in=OPEN_STAGES,
                                    received_on__isnull=False).aggregate(**aggregates)
    return [
        BacklogRow(band=band, request=counts[f"{band.key}__request"],
                   assessment=counts[f"{band.key}__assessment"], drafting=counts[f"{band.key}__drafting"])
        for band in clock.AGE_BANDS
    ]


def reviews_overdue(local_authority, *, today: date) -> QuerySet[EHCPlan]:
    """Plans in force whose annual review is overdue (``review_due_on`` before today)."""
    return (
        EHCPlan.objects.filter(local_authority=local_authority, ceased_on__isnull=True, review_due_on__lt=today)
        .select_related("request__child", "request__officer")
        .order_by("review_due_on", "pk")
    )


def amendments_waiting(local_authority) -> QuerySet[AnnualReview]:
    """Latest reviews (of plans in force) decided "amend" with no final amended plan and no decision
    not to amend yet.
    Each has ``final_due_on`` (amendment notice + 8 weeks, or None before the notice)."""
    return (
        AnnualReview.objects.filter(plan__local_authority=local_authority, plan__ceased_on__isnull=True, outcome="A",
                                    final_amended_plan_on__isnull=True, decided_not_to_amend_on__isnull=True,
                                    meeting_on=F("plan__last_reviewed_on"))
        .select_related("plan__request__child", "plan__request__officer")
        .order_by("decision_on", "pk")
    )


def backlog_summary(local_authority, *, today: date) -> dict:
    """The headline counts of the backlog page (three queries)."""
    return {
        "open_cases": Request.objects.filter(local_authority=local_authority, stage__in=OPEN_STAGES).count(),
        "reviews_overdue": reviews_overdue(local_authority, today=today).count(),
        "amendments_waiting": amendments_waiting(local_authority).count(),
    }


# ---- officers -----------------------------------------------------------------------------------


def caseload_per_officer(local_authority, *, today: date, horizon_days: int = 28) -> list[dict]:
    """One row per officer (None = unassigned): open cases, plans in force, overdue, due soon. One query."""
    soon = today + datetime.timedelta(days=horizon_days)
    rows = (
        Request.objects.filter(local_authority=local_authority, stage__in=(*OPEN_STAGES, Stage.PLAN))
        .values("officer", "officer__full_name", "officer__email")
        .annotate(
            open=Count("pk", filter=Q(stage__in=OPEN_STAGES)),
            plans=Count("pk", filter=Q(stage=Stage.PLAN)),
            overdue=Count("pk", filter=Q(next_deadline_on__lt=today)),
            due_soon=Count("pk", filter=Q(next_deadline_on__gte=today, next_deadline_on__lte=soon)),
            total=Count("pk"),
        )
        .order_by("officer__full_name", "officer")
    )
    return [
        {"officer_id": row["officer"], "name": row["officer__full_name"] or row["officer__email"] or "Unassigned",
         "open": row["open"], "plans": row["plans"], "overdue": row["overdue"], "due_soon": row["due_soon"],
         "total": row["total"]}
        for row in rows
    ]


def stage_counts(local_authority) -> dict[str, int]:
    """How many cases are at each stage (one query)."""
    counts = dict(
        Request.objects.filter(local_authority=local_authority).values_list("stage").annotate(n=Count("pk"))
    )
    return {stage.value: counts.get(stage.value, 0) for stage in Stage}
