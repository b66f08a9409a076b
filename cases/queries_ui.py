"""Reads for the casework pages: caseloads, the case page, early warnings, backlog, officers.

Every list here is one indexed query on ``Request`` (its ``stage`` and ``next_deadline_on`` are
kept up to date by cases.services, docs/decisions/0022) plus a bounded number of small queries,
so the pages stay fast at 25,000 plans. ``today`` is passed in by the views.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet

from core.access import CAPABILITIES
from core.models import User

from . import statutory_clock as clock
from .case_state import CaseRecords, case_facts
from .choices import OPEN_STAGES, AssessmentOutcome, ReviewOutcome, Stage
from .models import AnnualReview, EHCPlan, Request, Team
from .services import case_records

date = datetime.date
DAY = datetime.timedelta(days=1)
FINAL_PLAN_DAYS = 140  # SEND Regs 2014 reg 13(2): 20 weeks, "within" = on or before received + 140
REVIEW_DECISION_DAYS = 28  # reg 20(10)/21: 4 weeks after the meeting
WARNING_HORIZON_DAYS = 28  # "in the next 4 weeks"

# Stages a caseload shows unless the user asks for closed or ceased cases.
LIVE_STAGES = (*OPEN_STAGES, Stage.PLAN)

SORTS = {
    "due": ("Next deadline (soonest first)", [F("next_deadline_on").asc(nulls_last=True), "pk"]),
    "-due": ("Next deadline (latest first)", [F("next_deadline_on").desc(nulls_last=True), "-pk"]),
    "received": ("Request received (oldest first)", [F("received_on").asc(nulls_last=True), "pk"]),
    "-received": ("Request received (newest first)", [F("received_on").desc(nulls_last=True), "-pk"]),
    "name": ("Name (A to Z)", ["child__surname", "child__forename", "pk"]),
    "stage": ("Stage", ["stage", F("next_deadline_on").asc(nulls_last=True), "pk"]),
}
DEFAULT_SORT = "due"


# ---- people and teams -------------------------------------------------------------------------


def officers_for(local_authority) -> QuerySet[User]:
    """People who can hold cases at this authority (those who may edit casework there)."""
    return (
        User.objects.filter(
            is_active=True,
            role_assignments__local_authority=local_authority,
            role_assignments__role__in=CAPABILITIES["case.edit"],
        )
        .distinct()
        .order_by("full_name", "email")
    )


def teams_for(local_authority) -> QuerySet[Team]:
    return Team.objects.filter(local_authority=local_authority).order_by("name")


# ---- caseloads --------------------------------------------------------------------------------


def _plans_prefetch() -> Prefetch:
    return Prefetch(
        "plans",
        queryset=EHCPlan.objects.only(
            "pk", "request_id", "start_on", "ceased_on", "primary_need", "setting_urn",
            "setting_ukprn", "setting_code", "setting_name",
        ).order_by("-start_on", "-pk"),
        to_attr="plan_list",
    )


def caseload(local_authority, *, today: date, officer=None, unassigned: bool = False, team=None,
             stage: str = "",
             need: str = "", setting: str = "", due_within: int | None = None,
             overdue: bool = False, query: str = "", sort: str = DEFAULT_SORT) -> QuerySet[Request]:
    """The cases of an authority, filtered and sorted, ready to paginate.

    Without a ``stage`` only live cases are shown (open requests and plans in force).
    ``due_within`` keeps cases whose next deadline falls in the next N days (today included);
    ``overdue`` keeps cases whose next deadline has passed.
    """
    cases = Request.objects.filter(local_authority=local_authority)
    if officer is not None:
        cases = cases.filter(officer=officer)
    elif unassigned:
        cases = cases.filter(officer__isnull=True)
    if team is not None:
        cases = cases.filter(team=team)
    cases = cases.filter(stage=stage) if stage else cases.filter(stage__in=LIVE_STAGES)
    if need:
        cases = cases.filter(Exists(EHCPlan.objects.filter(request=OuterRef("pk"), primary_need=need)))
    if setting:
        setting = setting.strip()
        match = Q(setting_name__icontains=setting) | Q(setting_urn=setting) | Q(setting_ukprn=setting)
        cases = cases.filter(Exists(EHCPlan.objects.filter(match, request=OuterRef("pk"))))
    if due_within is not None:
        cases = cases.filter(next_deadline_on__gte=today, next_deadline_on__lte=today + due_within * DAY)
    if overdue:
        cases = cases.filter(next_deadline_on__lt=today)
    if query:
        query = query.strip()
        words = Q()
        for word in query.split():
            words &= Q(child__forename__icontains=word) | Q(child__surname__icontains=word)
        match = words | Q(child__upn=query.upper())
        if query.upper().startswith("R") and query[1:].isdigit():
            match |= Q(pk=int(query[1:]))
        cases = cases.filter(match)
    order = SORTS.get(sort, SORTS[DEFAULT_SORT])[1]
    return (
        cases.select_related("child", "officer", "team")
        .only(
            "pk", "received_on", "stage", "next_deadline_on", "next_deadline_label", "outcome",
            "child__forename", "child__surname", "child__date_of_birth",
            "officer__full_name", "officer__email", "team__name",
        )
        .prefetch_related(_plans_prefetch())
        .order_by(*order)
    )


def plan_of(case: Request):
    """The case's latest plan from a caseload row (prefetched), or None."""
    plans = getattr(case, "plan_list", None)
    return plans[0] if plans else None


# ---- the case page ----------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    on: date
    title: str
    detail: str = ""
    order: int = 0


TAG_COLOURS = {
    clock.Status.PENDING: "blue",
    clock.Status.MET: "green",
    clock.Status.MISSED: "red",
    clock.Status.NOT_APPLICABLE: "grey",
    clock.Status.SWITCHED_OFF: "purple",
}


def deadline_tag(deadline, *, today: date) -> tuple[str, str]:
    """The words and colour of a deadline's status tag (the words are always shown)."""
    if deadline.overdue:
        return "Overdue", "red"
    if deadline.status is clock.Status.MISSED:
        return ("Met late" if deadline.met_on else "Missed"), "orange"
    if deadline.status is clock.Status.PENDING and deadline.due <= today + WARNING_HORIZON_DAYS * DAY:
        return "Due soon", "yellow"
    return deadline.status.label, TAG_COLOURS[deadline.status]


@dataclass(frozen=True)
class DeadlineRow:
    deadline: object
    tag: str
    colour: str
    days_left: int

    @property
    def days_ago(self) -> int:
        return -self.days_left


@dataclass
class CaseView:
    """What the case page shows about one case."""

    case: Request
    records: CaseRecords
    deadlines: list = field(default_factory=list)
    next_deadline: object | None = None
    warnings: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    timeline: list = field(default_factory=list)


def case_view(case: Request, *, today: date) -> CaseView:
    """One case with its records, every statutory deadline, warnings and a timeline."""
    records = case_records(case)
    facts = case_facts(records)
    found = clock.deadlines(facts, today=today)
    waiting = [d for d in found if d.status is clock.Status.PENDING or d.overdue]
    waiting.sort(key=lambda d: (d.due, d.key))
    horizon = today + WARNING_HORIZON_DAYS * DAY
    warnings = [DeadlineRow(d, *deadline_tag(d, today=today), d.days_left(today))
                for d in waiting if d.overdue or d.due <= horizon]
    rows = [DeadlineRow(d, *deadline_tag(d, today=today), d.days_left(today)) for d in found]
    return CaseView(
        case=case,
        records=records,
        deadlines=rows,
        next_deadline=waiting[0] if waiting else None,
        warnings=warnings,
        problems=clock.fact_problems(facts, today=today),
        timeline=timeline(records),
    )


def _long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def timeline(records: CaseRecords) -> list[TimelineEntry]:
    """Everything that has happened on the case, newest first."""
    request, assessment, plan = records.request, records.assessment, records.plan
    entries: list[TimelineEntry] = []

    def add(on, title, detail="", order=0):
        if on is not None:
            entries.append(TimelineEntry(on, title, detail, order))

    source = request.get_source_display() if request.source else ""
    add(request.received_on, "Request for an EHC needs assessment received",
        f"Made by: {source}" if source else "", 0)
    if request.outcome in ("Y", "N"):
        add(request.outcome_on, request.get_outcome_display(), "", 1)
    add(request.withdrawn_on, "Request withdrawn", request.withdrawn_reason, 9)
    for exception in records.exceptions:
        detail = exception.note
        if exception.ends_on:
            detail = f"Until {_long(exception.ends_on)}. {detail}".strip()
        add(exception.starts_on, f"Exception: {exception.get_reason_display()}", detail, 2)
    for advice in records.advice:
        name = advice.get_body_display() + (f" ({advice.body_name})" if advice.body_name else "")
        add(advice.requested_on, f"Advice requested: {name}", f"Due {_long(advice.due_on)}", 3)
        add(advice.received_on, f"Advice received: {name}",
            advice.get_exception_display() if advice.exception else "", 4)
    if assessment is not None:
        if assessment.outcome == AssessmentOutcome.ISSUE:
            add(assessment.decided_to_issue_on, "Decided to issue a plan", "", 5)
        if assessment.outcome == AssessmentOutcome.NOT_ISSUE:
            add(assessment.outcome_on, "Decided not to issue a plan", "", 5)
    for draft in records.drafts:
        add(draft.issued_on, "Draft plan issued", f"Comments due by {_long(draft.comments_due_on)}", 6)
        add(draft.comments_received_on, "Comments on the draft plan received",
            f"Setting asked for: {draft.preferred_setting}" if draft.preferred_setting else "", 7)
    for consultation in request.consultations.all():
        add(consultation.sent_on, f"Consultation sent to {consultation.setting_name}",
            f"Reply due {_long(consultation.response_due_on)}", 7)
        add(consultation.responded_on, f"{consultation.setting_name} replied",
            consultation.get_response_display(), 7)
    if plan is not None:
        if plan.transferred_in_from:
            add(plan.transferred_in_on, f"Plan transferred in from local authority {plan.transferred_in_from}",
                f"First issued {_long(plan.start_on)}", 8)
        else:
            add(plan.start_on, "Final EHC plan issued",
                ", ".join(x for x in (plan.get_primary_need_display(), plan.setting_label) if x), 8)
        for review in records.reviews:
            add(review.meeting_on, "Annual review meeting held", "Phase transfer review" if review.phase_transfer else "", 10)
            add(review.report_on, "Review report sent", "", 11)
            add(review.decision_on, "Review decision", review.get_outcome_display(), 12)
            add(review.amendment_notice_on, "Amendment notice sent", "", 13)
            add(review.final_amended_plan_on, "Final amended plan issued", "", 14)
            add(review.decided_not_to_amend_on, "Decided not to amend the plan", "", 14)
        for transfer in records.phase_transfers:
            add(transfer.final_on, "Plan amended for phase transfer",
                transfer.next_setting_name or transfer.next_setting_urn, 15)
        if plan.transferred_out_to:
            add(plan.ceased_on, f"Plan transferred out to local authority {plan.transferred_out_to}", "", 20)
        elif plan.ceased_on:
            add(plan.ceased_on, "Plan ceased", plan.get_cease_reason_display() or "", 20)
        add(plan.cease_decided_on, "Decided to cease the plan", "", 19)
    for mediation in records.mediations:
        add(mediation.adviser_contacted_on, f"Mediation adviser contacted: {mediation.get_subject_display()}", "", 16)
        add(mediation.mediation_on, "Mediation held", "", 16)
        add(mediation.certificate_on, "Mediation certificate issued", mediation.get_outcome_display(), 16)
    for appeal in records.appeals:
        add(appeal.registered_on, f"Tribunal appeal registered: {appeal.get_subject_display()}", "", 17)
        add(appeal.hearing_on, "Tribunal hearing", "", 17)
        if appeal.outcome != "ongoing":
            add(appeal.outcome_on, "Tribunal appeal ended", appeal.get_outcome_display(), 18)
    entries.sort(key=lambda e: (e.on, e.order), reverse=True)
    return entries


# ---- early warning ----------------------------------------------------------------------------


def requests_nearing_20_weeks(local_authority, *, today: date) -> QuerySet[Request]:
    """Open requests that will pass 20 weeks in the next 4 weeks (final plan due today to +28 days).

    Cases with a recorded exception are kept (the time limit is off, but the work is not done);
    the page marks them.
    """
    return (
        Request.objects.filter(
            local_authority=local_authority,
            stage__in=OPEN_STAGES,
            received_on__gte=today - FINAL_PLAN_DAYS * DAY,
            received_on__lte=today - (FINAL_PLAN_DAYS - WARNING_HORIZON_DAYS) * DAY,
        )
        .select_related("child", "officer")
        .annotate(exception_count=Count("exceptions"))
        .order_by("received_on", "pk")
    )


def reviews_awaiting_decision(local_authority, *, today: date) -> QuerySet[AnnualReview]:
    """Reviews held, with no decision yet, whose 4-week decision is due in the next 4 weeks or overdue."""
    latest_meeting = today - (REVIEW_DECISION_DAYS - WARNING_HORIZON_DAYS) * DAY
    return (
        AnnualReview.objects.filter(
            plan__local_authority=local_authority,
            plan__ceased_on__isnull=True,
            meeting_on__isnull=False,
            meeting_on__lte=latest_meeting,
            decision_on__isnull=True,
        )
        .select_related("plan__request__child", "plan__request__officer")
        .order_by("meeting_on", "pk")
    )


# ---- backlog ----------------------------------------------------------------------------------


def backlog_by_age(local_authority, *, today: date) -> list[dict]:
    """Open requests and assessments by age band (days since the request), in one query."""
    aggregates = {}
    for band in clock.AGE_BANDS:
        newest = today - band.min_days * DAY
        in_band = Q(received_on__lte=newest)
        if band.max_days is not None:
            in_band &= Q(received_on__gte=today - band.max_days * DAY)
        for stage in OPEN_STAGES:
            aggregates[f"{band.key}__{stage}"] = Count("pk", filter=in_band & Q(stage=stage))
    counts = Request.objects.filter(
        local_authority=local_authority, stage__in=OPEN_STAGES, received_on__isnull=False,
    ).aggregate(**aggregates)
    rows = []
    for band in clock.AGE_BANDS:
        by_stage = [counts[f"{band.key}__{stage}"] for stage in OPEN_STAGES]
        rows.append({"band": band, "by_stage": by_stage, "total": sum(by_stage)})
    return rows


def reviews_overdue(local_authority, *, today: date) -> QuerySet[EHCPlan]:
    """Plans in force whose annual review is overdue (the 12-month review date has passed)."""
    return (
        EHCPlan.objects.filter(local_authority=local_authority, ceased_on__isnull=True, review_due_on__lt=today)
        .select_related("request__child", "request__officer")
        .order_by("review_due_on", "pk")
    )


def amendments_waiting(local_authority) -> QuerySet[AnnualReview]:
    """Reviews that decided to amend the plan where the amendment is not yet concluded."""
    return (
        AnnualReview.objects.filter(
            plan__local_authority=local_authority,
            plan__ceased_on__isnull=True,
            outcome=ReviewOutcome.AMEND,
            final_amended_plan_on__isnull=True,
            decided_not_to_amend_on__isnull=True,
        )
        .select_related("plan__request__child", "plan__request__officer")
        .order_by("decision_on", "pk")
    )


# ---- caseload per officer ---------------------------------------------------------------------


def caseload_by_officer(local_authority, *, today: date) -> list[dict]:
    """Live cases per officer (and unassigned), with how many are overdue or due in 4 weeks."""
    horizon = today + WARNING_HORIZON_DAYS * DAY
    rows = (
        Request.objects.filter(local_authority=local_authority, stage__in=LIVE_STAGES)
        .values("officer_id", "officer__full_name", "officer__email")
        .annotate(
            open_cases=Count("pk", filter=Q(stage__in=OPEN_STAGES)),
            plans=Count("pk", filter=Q(stage=Stage.PLAN)),
            overdue=Count("pk", filter=Q(next_deadline_on__lt=today)),
            due_soon=Count("pk", filter=Q(next_deadline_on__gte=today, next_deadline_on__lte=horizon)),
            total=Count("pk"),
        )
        .order_by("officer__full_name", "officer_id")
    )
    result = []
    for row in rows:
        name = row["officer__full_name"] or row["officer__email"] or ""
        result.append({**row, "name": name})
    result.sort(key=lambda r: (r["officer_id"] is None, r["name"].lower()))
    return result
