"""Reads the casework pages need beyond cases.queries: filter choices, caseload search, the case
page (deadlines with their tags, warnings, a timeline). Lists come from cases.queries, which
filter on the denormalised ``Request.stage`` / ``next_deadline_on`` (docs/decisions/0022), so the
pages stay one indexed query plus a prefetch at 25,000 plans. ``today`` is passed in by the views.
"""

from __future__ import annotations

import datetime
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, FilteredRelation, Q, QuerySet

from core.access import CAPABILITIES
from core.models import User

from . import queries
from . import statutory_clock as clock
from .case_state import CaseRecords, case_facts, outstanding, redress_events
from .choices import OPEN_STAGES, AssessmentOutcome, NeedType, Stage
from .models import EHCPlan, Request, Team

date = datetime.date
DAY = datetime.timedelta(days=1)
WARNING_HORIZON_DAYS = 28  # "in the next 4 weeks"

SORTS = {
    "deadline": "Next deadline (soonest first)",
    "received": "Request received (newest first)",
    "name": "Name (A to Z)",
    "stage": "Stage",
}
assert set(SORTS) == set(queries.CASELOAD_ORDERS), "keep the sort labels in step with cases.queries"


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


def caseload(local_authority, *, today: date, officer=None, unassigned: bool = False, team=None,
             stage: str = "", need: str = "", setting: str = "", due_within: int | None = None,
             overdue: bool = False, query: str = "", sort: str = "deadline") -> QuerySet[Request]:
    """cases.queries.caseload, plus "not assigned" and a search by name, UPN or case reference."""
    cases = queries.caseload(local_authority, today=today, officer=officer, team=team, stage=stage, need=need,
                             setting=setting.strip(), due_within_days=due_within, overdue=overdue, order=sort)
    if officer is None and unassigned:
        cases = cases.filter(officer__isnull=True)
    query = query.strip()
    if query:
        words = Q()
        for word in query.split():
            words &= Q(child__forename__icontains=word) | Q(child__surname__icontains=word)
        match = words | Q(child__upn=query.upper())
        if query[:1].upper() == "R" and query[1:].isdigit():
            match |= Q(pk=int(query[1:]))
        cases = cases.filter(match)
    return cases


def caseload_page(cases: QuerySet[Request], number, *, local_authority, today: date, per_page: int = 50) -> Page:
    """One page of a caseload, its ``object_list`` the page's CaseloadRows.

    Paginated on the ids alone (a deep page walks an index of ids instead of building 15,000 joined
    rows), then the page's rows and their plans read as plain values (two small queries: model
    instances with a prefetch cost about 10 ms a page). The count reads the request table alone.
    In name order the ids are read with the child's authority as well (always the case's own), so
    the database walks the children in name order on the ``child_la_name`` index and stops after
    the page rather than sorting every case.
    """
    ids = cases.values_list("pk", flat=True)
    if tuple(cases.query.order_by) == queries.CASELOAD_ORDERS["name"]:
        # The same order, read from the child's side: the join names the child's authority and
        # sorts on the child's own id, which the database can only match to the index that way.
        named = FilteredRelation("child", condition=Q(child__local_authority=local_authority))
        ids = (ids.annotate(named=named)
               .order_by("named__surname", "named__forename", "named__id", "pk"))
    paginator = Paginator(ids, per_page)
    paginator.count = cases.order_by().count()  # without the join the name order needs
    page = paginator.get_page(number)
    page.object_list = caseload_rows(list(page.object_list), today=today)
    return page


_FORMS: OrderedDict = OrderedDict()
_FORMS_LOCK = threading.Lock()


def filter_form_html(form) -> str:
    """The filter form's HTML, reused while its choices and the values filled in are the same.

    Django renders a select's options through templates one by one: a caseload's filter form
    (about 100 options) took 6 to 10 ms to render, on every page of every caseload. A form with
    errors is always rendered afresh.
    """
    if form.is_bound and form.errors:
        return str(form)
    key = (type(form).__name__, tuple(
        (name, str(bound.value()), tuple(getattr(bound.field, "choices", ()))) for name, bound in
        ((name, form[name]) for name in form.fields)))
    with _FORMS_LOCK:
        if key in _FORMS:
            _FORMS.move_to_end(key)
            return _FORMS[key]
    html = str(form)
    with _FORMS_LOCK:
        _FORMS[key] = html
        while len(_FORMS) > 256:
            _FORMS.popitem(last=False)
    return html


def short_date(day: date | None) -> str:
    return f"{day.day} {day:%b %Y}" if day else ""


@dataclass(frozen=True)
class CaseloadRow:
    """One caseload line, worked out in Python so the template only prints (50 rows a page)."""

    pk: int
    name: str
    reference: str
    received: str
    stage: str
    due: str
    due_state: str  # "overdue", "today" or ""
    due_label: str
    officer: str
    team: str
    need: str
    setting: str


_STAGE_LABELS = dict(Stage.choices)
_NEED_LABELS = dict(NeedType.choices)
_ROW_COLUMNS = ("pk", "received_on", "stage", "next_deadline_on", "next_deadline_label", "child__forename",
                "child__surname", "officer__full_name", "officer__email", "team__name")
_PLAN_COLUMNS = ("request_id", "primary_need", "setting_name", "setting_urn", "setting_ukprn", "setting_code")


def caseload_rows(ids: list[int], *, today: date) -> list[CaseloadRow]:
    """The caseload lines of these cases, in this order, with each case's latest plan (two queries)."""
    if not ids:
        return []
    found = {row[0]: row for row in Request.objects.filter(pk__in=ids).values_list(*_ROW_COLUMNS)}
    plans: dict[int, EHCPlan] = {}
    for request_id, need, name, urn, ukprn, code in (
            EHCPlan.objects.filter(request_id__in=ids).order_by("-start_on", "-pk").values_list(*_PLAN_COLUMNS)):
        if request_id not in plans:  # the latest plan, as the case page shows
            plans[request_id] = EHCPlan(primary_need=need, setting_name=name, setting_urn=urn,
                                        setting_ukprn=ukprn, setting_code=code)
    rows = []
    for pk in ids:
        if pk not in found:
            continue
        _, received_on, stage, due_on, due_label, forename, surname, officer_name, officer_email, team = found[pk]
        plan = plans.get(pk)
        rows.append(CaseloadRow(
            pk=pk,
            name=f"{forename} {surname}".strip(),  # as Child.full_name
            reference=f"R{pk:06d}",  # as Request.reference
            received=short_date(received_on),
            stage=_STAGE_LABELS.get(stage, stage),
            due=short_date(due_on),
            due_state="" if due_on is None else "overdue" if due_on < today else "today" if due_on == today else "",
            due_label=due_label,
            officer=(officer_name or officer_email or ""),
            team=team or "",
            need=_NEED_LABELS.get(plan.primary_need, "") if plan else "",
            setting=plan.setting_label if plan else "",
        ))
    return rows


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
    clock.Status.SUPERSEDED: "grey",
}


def deadline_tag(deadline, *, today: date, owed: bool = True) -> tuple[str, str]:
    """The words and colour of a deadline's status tag (the words are always shown).

    ``owed=False`` marks a missed step that can no longer be done (a later review overtook it).
    """
    if deadline.overdue and owed:
        return "Overdue", "red"
    if deadline.overdue:
        return "Missed", "orange"
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
    records = queries.case_records(case)
    found = queries.case_deadlines(records, today=today)
    held = max((r.meeting_on for r in records.reviews if r.meeting_on), default=None)
    owed = {d.key for d in outstanding(found, latest_meeting_on=held)}
    rows = [DeadlineRow(d, *deadline_tag(d, today=today, owed=d.key in owed), d.days_left(today)) for d in found]
    horizon = today + WARNING_HORIZON_DAYS * DAY
    warnings = [row for row in rows if row.deadline.key in owed and (row.deadline.overdue or row.deadline.due <= horizon)]
    return CaseView(
        case=case,
        records=records,
        deadlines=rows,
        next_deadline=queries.case_next_deadline(records, today=today),
        warnings=warnings,
        problems=clock.fact_problems(case_facts(records), today=today),
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
    for event in redress_events(records):  # re-assessments, appeals not opposed, orders
        add(event.on, event.title, event.detail, 18)
    entries.sort(key=lambda e: (e.on, e.order), reverse=True)
    return entries


def caseload_per_officer(local_authority, *, today: date) -> list[dict]:
    """cases.queries.caseload_per_officer's rows, counted without joining the user table.

    Grouping on ``officer_id`` alone lets the database count 27,000 live cases from the request
    table; the officers' names are then read in one small query.
    """
    soon = today + WARNING_HORIZON_DAYS * DAY
    live = (*OPEN_STAGES, Stage.PLAN)
    counts = list(
        Request.objects.filter(local_authority=local_authority, stage__in=live)
        .values("officer_id")
        .annotate(
            open=Count("pk", filter=Q(stage__in=OPEN_STAGES)),
            plans=Count("pk", filter=Q(stage=Stage.PLAN)),
            overdue=Count("pk", filter=Q(next_deadline_on__lt=today)),
            due_soon=Count("pk", filter=Q(next_deadline_on__gte=today, next_deadline_on__lte=soon)),
            total=Count("pk"),
        )
        .order_by()
    )
    ids = [row["officer_id"] for row in counts if row["officer_id"] is not None]
    names = {pk: full_name or email for pk, full_name, email in
             User.objects.filter(pk__in=ids).values_list("pk", "full_name", "email")}
    rows = [{**row, "name": names.get(row["officer_id"], "Unassigned") if row["officer_id"] else "Unassigned"}
            for row in counts]
    rows.sort(key=lambda row: (row["officer_id"] is None, row["name"].lower()))
    return rows
