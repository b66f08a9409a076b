"""Writes to casework: one function per business event.

Every function takes keyword-only arguments and ``by=`` (the user doing it, or None for the
system), runs in one transaction, writes an audit event (core.audit), checks the rules in
cases/casework_rules.py and raises ``django.core.exceptions.ValidationError`` with a dict of
``{field_name: [message]}`` so a form can show each message beside its field. ``today`` is
``core.clock.today()`` unless passed (tests pass it). After each event the case's denormalised
``stage`` and ``next_deadline_on`` are refreshed (docs/decisions/0022).

A "case" is a ``Request`` (see cases/models.py).

SIGNATURES (stable; other apps call these):

    create_team(*, local_authority, name, by) -> Team
    record_child(*, local_authority, forename, surname, date_of_birth, sex="", ethnicity="",
                 postcode="", upn="", uln="", upn_unknown="", native_id="", by, today=None) -> Child
    update_child(child, *, by, today=None, **fields) -> Child
    record_request(*, child, received_on, source=None, rya=False, officer=None, team=None,
                   native_id="", by, today=None) -> Request
    assign_case(request, *, officer, team=None, by) -> Request
    withdraw_request(request, *, withdrawn_on, reason="", by, today=None) -> Request
    record_decision_to_assess(request, *, decided_on, by, today=None) -> Assessment
    record_decision_not_to_assess(request, *, decided_on, by, today=None) -> Request
    record_exception(request, *, reason, starts_on, ends_on=None, note="", by, today=None)
        -> TimeLimitException
    remove_exception(exception, *, by) -> None
    request_advice(assessment, *, body, requested_on, body_name="", by, today=None) -> AdviceRequest
    record_advice_received(advice, *, received_on, exception="", by, today=None) -> AdviceRequest
    record_decision_to_issue(assessment, *, decided_on, by, today=None) -> Assessment
    decide_not_to_issue(assessment, *, decided_on, by, today=None) -> Assessment
    issue_draft_plan(assessment, *, issued_on, preferred_setting="", by, today=None) -> DraftPlan
    record_draft_comments(draft, *, received_on, preferred_setting="", by, today=None) -> DraftPlan
    record_consultation(request, *, setting_name, sent_on, setting_urn="", draft=None,
                        annual_review=None, by, today=None) -> Consultation
    record_consultation_response(consultation, *, responded_on, response, by, today=None)
        -> Consultation
    issue_final_plan(assessment, *, issued_on, primary_need, secondary_need="", setting_urn="",
                     setting_ukprn="", setting_code="", setting_name="", native_id="", by,
                     today=None) -> EHCPlan
    update_plan_setting(plan, *, setting_urn="", setting_ukprn="", setting_code="", setting_name="",
                        by) -> EHCPlan
    record_annual_review(plan, *, meeting_on, report_on=None, phase_transfer=False, by,
                         today=None) -> AnnualReview
    record_review_report(review, *, report_on, by, today=None) -> AnnualReview
    record_review_decision(review, *, decided_on, outcome, by, today=None) -> AnnualReview
    issue_amendment_notice(review, *, issued_on, by, today=None) -> AnnualReview
    issue_final_amended_plan(review, *, issued_on, by, today=None) -> AnnualReview
    record_decision_not_to_amend(review, *, decided_on, by, today=None) -> AnnualReview
    record_phase_transfer(plan, *, kind, transfer_on, by, today=None) -> PhaseTransfer
    record_phase_transfer_final(transfer, *, final_on, next_setting_urn="", next_setting_name="",
                                by, today=None) -> PhaseTransfer
    cease_plan(plan, *, ceased_on, reason, decided_on=None, by, today=None) -> EHCPlan
    transfer_in(*, child, from_code, transferred_on, start_on, primary_need, secondary_need="",
                setting_urn="", setting_code="", setting_name="", officer=None, team=None, by,
                today=None) -> EHCPlan
    transfer_out(plan, *, to_code, transferred_on, by, today=None) -> EHCPlan
    record_mediation(request, *, subject, adviser_contacted_on, decision_on=None, plan=None, by,
                     today=None) -> Mediation
    record_mediation_outcome(mediation, *, outcome, mediation_on=None, certificate_on=None, by,
                             today=None) -> Mediation
    record_tribunal_appeal(request, *, subject, registered_on, decision_on=None, plan=None, by,
                           today=None) -> TribunalAppeal
    record_tribunal_outcome(appeal, *, outcome, outcome_on, hearing_on=None, by, today=None)
        -> TribunalAppeal
    refresh_case(request, *, save=True, today=None) -> Request
        (recomputes stage and next deadline; not audited)
    case_records(request) -> case_state.CaseRecords   (re-exported from cases.queries)
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core import audit, clock

from . import casework_rules as rules
from .case_state import case_state, latest
from .choices import (
    AdviceBody,
    AdviceException,
    AssessmentOutcome,
    CeaseReason,
    ConsultationResponse,
    DisputeSubject,
    ExceptionReason,
    MediationOutcome,
    NeedType,
    PhaseTransferKind,
    RequestOutcome,
    RequestSource,
    ReviewOutcome,
    SENSetting,
    Sex,
    TribunalOutcome,
    UPNUnknown,
)
from .models import (
    AdviceRequest,
    AnnualReview,
    Assessment,
    Child,
    Consultation,
    DraftPlan,
    EHCPlan,
    Mediation,
    PhaseTransfer,
    Request,
    Team,
    TimeLimitException,
    TribunalAppeal,
)
from .queries import case_records
from .send_regulations_2014 import SEND_REGULATIONS_2014 as RULES

date = datetime.date
ADVICE_WEEKS = 6  # SEND Regs 2014 reg 8(1)
CONSULTATION_DAYS = 15  # SEND Code of Practice 9.83 ("should"), 15 calendar days


# ---- helpers ----------------------------------------------------------------------------------


def _raise_if(problems: list[rules.Problem]) -> None:
    if problems:
        raise ValidationError(rules.problems_by_field(problems))


def _today(today: date | None) -> date:
    return today or clock.today()


def _update(obj, *, by, fields: list[str], note: str = "", **values):
    """Set ``values`` on ``obj``, save only those fields and audit what changed."""
    before = audit.snapshot(obj, fields)
    for name, value in values.items():
        setattr(obj, name, value)
    obj.save(
        update_fields=[f for f in fields if not f.endswith("_id")]
        + [f[:-3] for f in fields if f.endswith("_id")]
    )
    audit.record_update(obj, by=by, before=before, note=note)
    return obj


def _touch(request: Request) -> None:
    request.updated_at = timezone.now()


def refresh_case(request: Request, *, save: bool = True, today: date | None = None) -> Request:
    """Recompute the case's stage and next deadline (and its plan's review dates). Not audited:
    these are derived from audited records (docs/decisions/0022)."""
    records = case_records(request)
    state = case_state(records, today=_today(today))
    request.stage = state.stage
    request.next_deadline_on = state.next_deadline_on
    request.next_deadline_label = state.next_deadline_label
    _touch(request)
    if save:
        request.save(
            update_fields=["stage", "next_deadline_on", "next_deadline_label", "updated_at"]
        )
        plan = records.plan
        if plan is not None and (plan.review_due_on, plan.last_reviewed_on) != (
            state.review_due_on,
            state.last_reviewed_on,
        ):
            plan.review_due_on, plan.last_reviewed_on = state.review_due_on, state.last_reviewed_on
            plan.save(update_fields=["review_due_on", "last_reviewed_on"])
    return request


def _after_request(
    request: Request, value: date | None, *, field: str, subject: str, today: date
) -> list[rules.Problem]:
    return rules.event_date(
        value,
        today=today,
        field=field,
        subject=subject,
        after=request.received_on,
        after_event="the date the request was received",
    )


# ---- teams and children -----------------------------------------------------------------------


@transaction.atomic
def create_team(*, local_authority, name: str, by) -> Team:
    name = name.strip()
    if not name:
        raise ValidationError({"name": ["Enter the name of the team"]})
    if Team.objects.filter(local_authority=local_authority, name__iexact=name).exists():
        raise ValidationError({"name": ["A team with this name already exists"]})
    team = Team.objects.create(local_authority=local_authority, name=name)
    audit.record_create(team, by=by)
    return team


CHILD_FIELDS = [
    "forename",
    "surname",
    "date_of_birth",
    "sex",
    "ethnicity",
    "postcode",
    "upn",
    "uln",
    "upn_unknown",
    "native_id",
]


def _clean_child(values: dict, *, today: date) -> dict:
    values = dict(values)
    for key in ("forename", "surname", "native_id"):
        if key in values:
            values[key] = (values[key] or "").strip()
    for key in ("postcode", "upn", "ethnicity"):
        if key in values:
            values[key] = (values[key] or "").strip().upper()
    if "uln" in values:
        values["uln"] = (values["uln"] or "").strip()
    problems = []
    if "forename" in values or "surname" in values:
        problems += rules.child_names(
            forename=values.get("forename", "x"), surname=values.get("surname", "x")
        )
    if "date_of_birth" in values:
        problems += rules.date_is_given(
            values["date_of_birth"], field="date_of_birth", subject="the date of birth"
        )
        problems += rules.date_not_in_future(
            values["date_of_birth"], today=today, field="date_of_birth", subject="the date of birth"
        )
    problems += rules.child_identifiers(
        upn=values.get("upn", ""), uln=values.get("uln", ""), postcode=values.get("postcode", "")
    )
    if values.get("sex") and values["sex"] not in Sex.values:
        problems.append(rules.Problem("sex", "Select the sex from the list"))
    if values.get("upn_unknown") and values["upn_unknown"] not in UPNUnknown.values:
        problems.append(
            rules.Problem("upn_unknown", "Select why the UPN is not known from the list")
        )
    if values.get("ethnicity") and len(values["ethnicity"]) != 4:
        problems.append(rules.Problem("ethnicity", "Select the ethnicity from the list"))
    _raise_if(problems)
    return values


@transaction.atomic
def record_child(
    *,
    local_authority,
    forename: str,
    surname: str,
    date_of_birth: date,
    sex: str = "",
    ethnicity: str = "",
    postcode: str = "",
    upn: str = "",
    uln: str = "",
    upn_unknown: str = "",
    native_id: str = "",
    by,
    today: date | None = None,
) -> Child:
    """Record a child or young person (special-category data: only what the work needs)."""
    values = _clean_child(
        dict(
            forename=forename,
            surname=surname,
            date_of_birth=date_of_birth,
            sex=sex,
            ethnicity=ethnicity,
            postcode=postcode,
            upn=upn,
            uln=uln,
            upn_unknown=upn_unknown,
            native_id=native_id,
        ),
        today=_today(today),
    )
    if (
        values["upn"]
        and Child.objects.filter(local_authority=local_authority, upn=values["upn"]).exists()
    ):
        raise ValidationError(
            {"upn": ["A child or young person with this UPN is already recorded"]}
        )
    child = Child.objects.create(local_authority=local_authority, **values)
    audit.record_create(child, by=by)
    return child


@transaction.atomic
def update_child(child: Child, *, by, today: date | None = None, **fields) -> Child:
    """Correct a child's details. Only the fields in CHILD_FIELDS may change."""
    unknown = set(fields) - set(CHILD_FIELDS)
    if unknown:
        raise TypeError(f"update_child() cannot change {', '.join(sorted(unknown))}")
    values = _clean_child(fields, today=_today(today))
    if (
        values.get("upn")
        and Child.objects.filter(local_authority_id=child.local_authority_id, upn=values["upn"])
        .exclude(pk=child.pk)
        .exists()
    ):
        raise ValidationError(
            {"upn": ["A child or young person with this UPN is already recorded"]}
        )
    return _update(child, by=by, fields=list(values), **values)


# ---- requests ---------------------------------------------------------------------------------


def _check_officer(local_authority, officer, team) -> list[rules.Problem]:
    problems = []
    if (
        officer is not None
        and not officer.role_assignments.filter(local_authority=local_authority).exists()
    ):
        problems.append(
            rules.Problem("officer", "Select an officer who works for this local authority")
        )
    if team is not None and team.local_authority_id != local_authority.pk:
        problems.append(rules.Problem("team", "Select a team of this local authority"))
    return problems


@transaction.atomic
def record_request(
    *,
    child: Child,
    received_on: date,
    source: int | None = None,
    rya: bool = False,
    officer=None,
    team=None,
    native_id: str = "",
    by,
    today: date | None = None,
) -> Request:
    """A request for an EHC needs assessment is received: the 6-, 16- and 20-week clocks start."""
    today = _today(today)
    problems = rules.event_date(
        received_on, today=today, field="received_on", subject="the date the request was received"
    )
    if source not in (None, "") and int(source) not in RequestSource.values:
        problems.append(rules.Problem("source", "Select who made the request from the list"))
    problems += _check_officer(child.local_authority, officer, team)
    _raise_if(problems)
    request = Request.objects.create(
        local_authority_id=child.local_authority_id,
        child=child,
        received_on=received_on,
        source=int(source) if source not in (None, "") else None,
        rya=rya,
        officer=officer,
        team=team,
        native_id=native_id,
    )
    refresh_case(request, today=today)
    audit.record_create(request, by=by)
    return request


@transaction.atomic
def assign_case(request: Request, *, officer, team=None, by) -> Request:
    """Assign (or reassign) a case to an officer and team. The audit trail keeps who had it before."""
    _raise_if(_check_officer(request.local_authority, officer, team))
    _touch(request)
    return _update(
        request,
        by=by,
        fields=["officer_id", "team_id", "updated_at"],
        note="Case assigned",
        officer_id=officer.pk if officer else None,
        team_id=team.pk if team else None,
    )


@transaction.atomic
def withdraw_request(
    request: Request, *, withdrawn_on: date, reason: str = "", by, today: date | None = None
) -> Request:
    """The request is withdrawn (or the child moves away) before a decision or a plan: SEN2 outcome W."""
    today = _today(today)
    problems = rules.request_can_be_withdrawn(stage=request.stage)
    problems += _after_request(
        request,
        withdrawn_on,
        field="withdrawn_on",
        subject="the date the request was withdrawn",
        today=today,
    )
    _raise_if(problems)
    values = dict(withdrawn_on=withdrawn_on, withdrawn_reason=reason.strip()[:200])
    fields = ["withdrawn_on", "withdrawn_reason"]
    if request.outcome == RequestOutcome.AWAITING:
        values["outcome"] = RequestOutcome.WITHDRAWN
        fields.append("outcome")
    else:
        assessment = request.assessments.order_by("-pk").first()
        if assessment is not None and (
            assessment.outcome == AssessmentOutcome.AWAITING
            or (assessment.outcome == AssessmentOutcome.ISSUE and assessment.outcome_on is None)
        ):
            _update(assessment, by=by, fields=["outcome"], outcome=AssessmentOutcome.WITHDRAWN)
    _update(request, by=by, fields=fields, note="Request withdrawn", **values)
    return refresh_case(request, today=today)


@transaction.atomic
def record_decision_to_assess(
    request: Request, *, decided_on: date, by, today: date | None = None
) -> Assessment:
    """The authority decides to carry out an EHC needs assessment (reg 5: within 6 weeks)."""
    today = _today(today)
    problems = rules.request_awaiting_decision(request.outcome)
    problems += _after_request(
        request, decided_on, field="decided_on", subject="the date of the decision", today=today
    )
    _raise_if(problems)
    _update(
        request,
        by=by,
        fields=["outcome", "outcome_on"],
        note="Decided to assess",
        outcome=RequestOutcome.ASSESS,
        outcome_on=decided_on,
    )
    assessment = Assessment.objects.create(request=request, started_on=decided_on)
    audit.record_create(assessment, by=by)
    refresh_case(request, today=today)
    return assessment


@transaction.atomic
def record_decision_not_to_assess(
    request: Request, *, decided_on: date, by, today: date | None = None
) -> Request:
    """The authority decides not to assess (reg 5; appealable, s.51(2)(a))."""
    today = _today(today)
    problems = rules.request_awaiting_decision(request.outcome)
    problems += _after_request(
        request, decided_on, field="decided_on", subject="the date of the decision", today=today
    )
    _raise_if(problems)
    _update(
        request,
        by=by,
        fields=["outcome", "outcome_on"],
        note="Decided not to assess",
        outcome=RequestOutcome.NOT_ASSESS,
        outcome_on=decided_on,
    )
    return refresh_case(request, today=today)


@transaction.atomic
def record_exception(
    request: Request,
    *,
    reason: str,
    starts_on: date,
    ends_on: date | None = None,
    note: str = "",
    by,
    today: date | None = None,
) -> TimeLimitException:
    """Record a reg 10(4) exception: it switches the 16- and 20-week limits off (SEN2 Week20 = 1)."""
    today = _today(today)
    problems = rules.choice_is_given(
        reason,
        allowed=set(ExceptionReason.values),
        field="reason",
        subject="the reason for the exception",
    )
    problems += rules.date_is_given(
        starts_on, field="starts_on", subject="the date the exception started"
    )
    problems += rules.date_not_in_future(
        starts_on, today=today, field="starts_on", subject="the date the exception started"
    )
    problems += rules.date_not_before(
        ends_on,
        starts_on,
        field="ends_on",
        subject="the date the exception ended",
        earlier_event="the date it started",
    )
    _raise_if(problems)
    exception = TimeLimitException.objects.create(
        request=request,
        reason=reason,
        starts_on=starts_on,
        ends_on=ends_on,
        note=note.strip()[:300],
    )
    audit.record_create(exception, by=by)
    _sync_week20(request, by=by)
    refresh_case(request, today=today)
    return exception


@transaction.atomic
def remove_exception(exception: TimeLimitException, *, by) -> None:
    """Remove an exception recorded in error."""
    request = exception.request
    audit.record_delete(exception, by=by)
    exception.delete()
    _sync_week20(request, by=by)
    refresh_case(request)


def _sync_week20(request: Request, *, by) -> None:
    """Assessment.week20 follows the recorded exceptions (derivation in docs/decisions/0024)."""
    has = request.exceptions.exists()
    for assessment in request.assessments.exclude(week20=has):
        _update(assessment, by=by, fields=["week20"], week20=has)


# ---- the assessment ---------------------------------------------------------------------------


@transaction.atomic
def request_advice(
    assessment: Assessment,
    *,
    body: str,
    requested_on: date,
    body_name: str = "",
    by,
    today: date | None = None,
) -> AdviceRequest:
    """Ask a body for advice (reg 6); it is due 6 weeks after they receive the request (reg 8(1))."""
    today = _today(today)
    request = assessment.request
    problems = rules.choice_is_given(
        body, allowed=set(AdviceBody.values), field="body", subject="who was asked for advice"
    )
    problems += rules.event_date(
        requested_on,
        today=today,
        field="requested_on",
        subject="the date the request for advice was received",
        after=assessment.started_on or request.received_on,
        after_event="the date of the decision to assess",
    )
    if assessment.outcome != AssessmentOutcome.AWAITING:
        problems.append(
            rules.Problem(
                "__all__", "Advice can be asked for only while the assessment is under way"
            )
        )
    _raise_if(problems)
    advice = AdviceRequest.objects.create(
        assessment=assessment,
        body=body,
        body_name=body_name.strip()[:150],
        requested_on=requested_on,
        due_on=requested_on + datetime.timedelta(weeks=ADVICE_WEEKS),
    )
    audit.record_create(advice, by=by)
    refresh_case(request, today=today)
    return advice


@transaction.atomic
def record_advice_received(
    advice: AdviceRequest, *, received_on: date, exception: str = "", by, today: date | None = None
) -> AdviceRequest:
    """Advice arrives from a body (optionally noting a reg 8(2) exception to its 6 weeks)."""
    today = _today(today)
    problems = rules.event_date(
        received_on,
        today=today,
        field="received_on",
        subject="the date the advice was received",
        after=advice.requested_on,
        after_event="the date it was requested",
    )
    if exception and exception not in AdviceException.values:
        problems.append(rules.Problem("exception", "Select the exception from the list"))
    _raise_if(problems)
    _update(
        advice,
        by=by,
        fields=["received_on", "exception"],
        received_on=received_on,
        exception=exception,
    )
    refresh_case(advice.assessment.request, today=today)
    return advice


@transaction.atomic
def record_decision_to_issue(
    assessment: Assessment, *, decided_on: date, by, today: date | None = None
) -> Assessment:
    """After the assessment the authority decides to issue a plan (SEN2 outcome Y, date blank until issued)."""
    today = _today(today)
    problems = rules.assessment_awaiting_decision(assessment.outcome)
    problems += _after_request(
        assessment.request,
        decided_on,
        field="decided_on",
        subject="the date of the decision",
        today=today,
    )
    _raise_if(problems)
    _update(
        assessment,
        by=by,
        fields=["outcome", "decided_to_issue_on"],
        note="Decided to issue a plan",
        outcome=AssessmentOutcome.ISSUE,
        decided_to_issue_on=decided_on,
    )
    refresh_case(assessment.request, today=today)
    return assessment


@transaction.atomic
def decide_not_to_issue(
    assessment: Assessment, *, decided_on: date, by, today: date | None = None
) -> Assessment:
    """After the assessment the authority decides not to issue a plan (reg 10: within 16 weeks)."""
    today = _today(today)
    problems = rules.assessment_awaiting_decision(assessment.outcome)
    problems += _after_request(
        assessment.request,
        decided_on,
        field="decided_on",
        subject="the date the family was told",
        today=today,
    )
    _raise_if(problems)
    _update(
        assessment,
        by=by,
        fields=["outcome", "outcome_on"],
        note="Decided not to issue a plan",
        outcome=AssessmentOutcome.NOT_ISSUE,
        outcome_on=decided_on,
    )
    refresh_case(assessment.request, today=today)
    return assessment


@transaction.atomic
def issue_draft_plan(
    assessment: Assessment,
    *,
    issued_on: date,
    preferred_setting: str = "",
    by,
    today: date | None = None,
) -> DraftPlan:
    """Serve the draft plan: the family has 15 days to comment, the day of service being day 1 (reg 13(1))."""
    today = _today(today)
    problems = rules.draft_needs_decision_to_issue(
        outcome=assessment.outcome, outcome_on=assessment.outcome_on
    )
    problems += rules.event_date(
        issued_on,
        today=today,
        field="issued_on",
        subject="the date the draft plan was issued",
        after=assessment.decided_to_issue_on or assessment.request.received_on,
        after_event="the date of the decision to issue a plan",
    )
    _raise_if(problems)
    draft = DraftPlan.objects.create(
        assessment=assessment,
        issued_on=issued_on,
        preferred_setting=preferred_setting.strip()[:150],
        comments_due_on=issued_on + datetime.timedelta(days=rules.DRAFT_COMMENT_DAYS - 1),
    )
    audit.record_create(draft, by=by)
    refresh_case(assessment.request, today=today)
    return draft


@transaction.atomic
def record_draft_comments(
    draft: DraftPlan,
    *,
    received_on: date,
    preferred_setting: str = "",
    by,
    today: date | None = None,
) -> DraftPlan:
    """The family's comments on the draft (and the setting they ask for) arrive."""
    today = _today(today)
    _raise_if(
        rules.event_date(
            received_on,
            today=today,
            field="received_on",
            subject="the date the comments were received",
            after=draft.issued_on,
            after_event="the date the draft was issued",
        )
    )
    values = {"comments_received_on": received_on}
    if preferred_setting:
        values["preferred_setting"] = preferred_setting.strip()[:150]
    _update(draft, by=by, fields=list(values), **values)
    refresh_case(draft.assessment.request, today=today)
    return draft


@transaction.atomic
def record_consultation(
    request: Request,
    *,
    setting_name: str,
    sent_on: date,
    setting_urn: str = "",
    draft: DraftPlan | None = None,
    annual_review: AnnualReview | None = None,
    by,
    today: date | None = None,
) -> Consultation:
    """Consult a setting about being named in the plan (CFA s.39(2)/40(3)); reply due in 15 days."""
    today = _today(today)
    problems = _after_request(
        request, sent_on, field="sent_on", subject="the date the consultation was sent", today=today
    )
    if not setting_name.strip():
        problems.append(rules.Problem("setting_name", "Enter the name of the setting"))
    problems += rules.setting_is_identified(
        urn=setting_urn.strip(), ukprn="", code="", name=setting_name
    )
    _raise_if(problems)
    consultation = Consultation.objects.create(
        request=request,
        draft=draft,
        annual_review=annual_review,
        setting_urn=setting_urn.strip(),
        setting_name=setting_name.strip()[:200],
        sent_on=sent_on,
        response_due_on=sent_on + datetime.timedelta(days=CONSULTATION_DAYS),
    )
    audit.record_create(consultation, by=by)
    return consultation


@transaction.atomic
def record_consultation_response(
    consultation: Consultation, *, responded_on: date, response: str, by, today: date | None = None
) -> Consultation:
    """A setting replies to a consultation."""
    today = _today(today)
    allowed = set(ConsultationResponse.values) - {ConsultationResponse.AWAITING}
    problems = rules.choice_is_given(
        response, allowed=allowed, field="response", subject="the response"
    )
    problems += rules.event_date(
        responded_on,
        today=today,
        field="responded_on",
        subject="the date of the response",
        after=consultation.sent_on,
        after_event="the date the consultation was sent",
    )
    _raise_if(problems)
    return _update(
        consultation,
        by=by,
        fields=["responded_on", "response"],
        responded_on=responded_on,
        response=response,
    )


def _setting_problems(urn: str, ukprn: str, code: str, name: str) -> list[rules.Problem]:
    problems = rules.setting_is_identified(urn=urn, ukprn=ukprn, code=code, name=name)
    if code and code not in SENSetting.values:
        problems.append(rules.Problem("setting_code", "Select the type of setting from the list"))
    return problems


@transaction.atomic
def issue_final_plan(
    assessment: Assessment,
    *,
    issued_on: date,
    primary_need: str,
    secondary_need: str = "",
    setting_urn: str = "",
    setting_ukprn: str = "",
    setting_code: str = "",
    setting_name: str = "",
    native_id: str = "",
    by,
    today: date | None = None,
) -> EHCPlan:
    """Issue the final EHC plan (reg 13(2): within 20 weeks of the request). The plan is then in force."""
    today = _today(today)
    request = assessment.request
    setting_urn, setting_ukprn = setting_urn.strip(), setting_ukprn.strip()
    problems = rules.final_plan_needs_decision_to_issue(
        outcome=assessment.outcome,
        decided_to_issue_on=assessment.decided_to_issue_on,
        outcome_on=assessment.outcome_on,
    )
    if not problems:
        draft = latest(assessment.drafts.all(), "issued_on")
        problems += rules.event_date(
            issued_on,
            today=today,
            field="issued_on",
            subject="the date the final plan was issued",
            after=request.received_on,
            after_event="the date the request was received",
        )
        problems += rules.final_plan_after_draft(
            issued_on=issued_on,
            draft_issued_on=draft.issued_on if draft else None,
            comments_due_on=draft.comments_due_on if draft else None,
            comments_received_on=draft.comments_received_on if draft else None,
        )
    problems += rules.needs_are_given(
        primary_need=primary_need, secondary_need=secondary_need, allowed=set(NeedType.values)
    )
    problems += _setting_problems(setting_urn, setting_ukprn, setting_code, setting_name)
    _raise_if(problems)
    _update(
        assessment, by=by, fields=["outcome_on"], note="Final plan issued", outcome_on=issued_on
    )
    plan = EHCPlan.objects.create(
        local_authority_id=request.local_authority_id,
        request=request,
        assessment=assessment,
        native_id=native_id,
        start_on=issued_on,
        primary_need=primary_need,
        secondary_need=secondary_need,
        setting_urn=setting_urn,
        setting_ukprn=setting_ukprn,
        setting_code=setting_code,
        setting_name=setting_name.strip()[:200],
    )
    audit.record_create(plan, by=by)
    refresh_case(request, today=today)
    return plan


@transaction.atomic
def update_plan_setting(
    plan: EHCPlan,
    *,
    setting_urn: str = "",
    setting_ukprn: str = "",
    setting_code: str = "",
    setting_name: str = "",
    by,
) -> EHCPlan:
    """Change the setting named in section I (after an amendment or a phase transfer)."""
    setting_urn, setting_ukprn = setting_urn.strip(), setting_ukprn.strip()
    _raise_if(
        rules.plan_is_in_force(ceased_on=plan.ceased_on)
        + _setting_problems(setting_urn, setting_ukprn, setting_code, setting_name)
    )
    return _update(
        plan,
        by=by,
        fields=["setting_urn", "setting_ukprn", "setting_code", "setting_name"],
        setting_urn=setting_urn,
        setting_ukprn=setting_ukprn,
        setting_code=setting_code,
        setting_name=setting_name.strip()[:200],
    )


# ---- reviews ----------------------------------------------------------------------------------


@transaction.atomic
def record_annual_review(
    plan: EHCPlan,
    *,
    meeting_on: date,
    report_on: date | None = None,
    phase_transfer: bool = False,
    by,
    today: date | None = None,
) -> AnnualReview:
    """An annual review meeting is held (CFA s.44; reg 20/21). The decision is due 4 weeks later."""
    today = _today(today)
    problems = rules.plan_is_in_force(ceased_on=plan.ceased_on)
    problems += rules.event_date(
        meeting_on,
        today=today,
        field="meeting_on",
        subject="the date of the review meeting",
        after=plan.start_on,
        after_event="the date the plan was issued",
    )
    problems += rules.date_not_before(
        report_on,
        meeting_on,
        field="report_on",
        subject="the date of the review report",
        earlier_event="the date of the meeting",
    )
    problems += rules.date_not_in_future(
        report_on, today=today, field="report_on", subject="the date of the review report"
    )
    if plan.reviews.filter(meeting_on=meeting_on).exists():
        problems.append(
            rules.Problem("meeting_on", "A review meeting on this date is already recorded")
        )
    _raise_if(problems)
    review = AnnualReview.objects.create(
        plan=plan,
        due_on=plan.review_due_on,
        meeting_on=meeting_on,
        report_on=report_on,
        phase_transfer=phase_transfer,
    )
    audit.record_create(review, by=by)
    refresh_case(plan.request, today=today)
    return review


@transaction.atomic
def record_review_report(
    review: AnnualReview, *, report_on: date, by, today: date | None = None
) -> AnnualReview:
    """The review report is sent, due 2 weeks after the meeting (reg 20(7)-(8), 21(7))."""
    today = _today(today)
    _raise_if(
        rules.event_date(
            report_on,
            today=today,
            field="report_on",
            subject="the date of the review report",
            after=review.meeting_on,
            after_event="the date of the meeting",
        )
    )
    _update(review, by=by, fields=["report_on"], report_on=report_on)
    refresh_case(review.plan.request, today=today)
    return review


@transaction.atomic
def record_review_decision(
    review: AnnualReview, *, decided_on: date, outcome: str, by, today: date | None = None
) -> AnnualReview:
    """The authority writes with its decision: maintain, amend or cease, due 4 weeks after the meeting."""
    today = _today(today)
    problems = rules.review_decision_rules(
        outcome=outcome,
        allowed=set(ReviewOutcome.values),
        decision_on_exists=review.decision_on is not None,
    )
    problems += rules.event_date(
        decided_on,
        today=today,
        field="decided_on",
        subject="the date of the decision",
        after=review.meeting_on,
        after_event="the date of the review meeting",
    )
    _raise_if(problems)
    _update(
        review, by=by, fields=["decision_on", "outcome"], decision_on=decided_on, outcome=outcome
    )
    refresh_case(review.plan.request, today=today)
    return review


@transaction.atomic
def issue_amendment_notice(
    review: AnnualReview, *, issued_on: date, by, today: date | None = None
) -> AnnualReview:
    """Send the proposed amendments with the existing plan (reg 22(2); SEN2 ReviewDraft)."""
    today = _today(today)
    problems = rules.amendment_needs_amend_decision(outcome=review.outcome)
    if review.amendment_notice_on is not None:
        problems.append(rules.Problem("__all__", "The amendment notice has already been recorded"))
    problems += rules.event_date(
        issued_on,
        today=today,
        field="issued_on",
        subject="the date the amendment notice was sent",
        after=review.meeting_on,
        after_event="the date of the review meeting",
    )
    _raise_if(problems)
    _update(review, by=by, fields=["amendment_notice_on"], amendment_notice_on=issued_on)
    refresh_case(review.plan.request, today=today)
    return review


@transaction.atomic
def issue_final_amended_plan(
    review: AnnualReview, *, issued_on: date, by, today: date | None = None
) -> AnnualReview:
    """Issue the final amended plan, due 8 weeks after the amendment notice (reg 22(3))."""
    today = _today(today)
    problems = rules.final_amended_plan_needs_notice(
        notice_on=review.amendment_notice_on,
        final_on=review.final_amended_plan_on,
        not_amend_on=review.decided_not_to_amend_on,
    )
    problems += rules.event_date(
        issued_on,
        today=today,
        field="issued_on",
        subject="the date the final amended plan was issued",
        after=review.amendment_notice_on,
        after_event="the date of the amendment notice",
    )
    _raise_if(problems)
    _update(review, by=by, fields=["final_amended_plan_on"], final_amended_plan_on=issued_on)
    refresh_case(review.plan.request, today=today)
    return review


@transaction.atomic
def record_decision_not_to_amend(
    review: AnnualReview, *, decided_on: date, by, today: date | None = None
) -> AnnualReview:
    """After representations the authority decides not to amend after all (reg 22(4))."""
    today = _today(today)
    problems = rules.final_amended_plan_needs_notice(
        notice_on=review.amendment_notice_on,
        final_on=review.final_amended_plan_on,
        not_amend_on=review.decided_not_to_amend_on,
    )
    problems += rules.event_date(
        decided_on,
        today=today,
        field="decided_on",
        subject="the date of the decision",
        after=review.amendment_notice_on,
        after_event="the date of the amendment notice",
    )
    _raise_if(problems)
    _update(review, by=by, fields=["decided_not_to_amend_on"], decided_not_to_amend_on=decided_on)
    refresh_case(review.plan.request, today=today)
    return review


def phase_transfer_due_on(kind: str, transfer_on: date) -> date:
    """The last day to amend the plan for a phase transfer (reg 18), from the rule set."""
    if kind == PhaseTransferKind.POST_16_OTHER:
        return RULES.period("phase_transfer_between_post_16").before(transfer_on)
    name = "phase_transfer_school" if kind == PhaseTransferKind.SCHOOL else "phase_transfer_post_16"
    return RULES.calendar_days[name].last_day_before(
        transfer_on.year, strict=RULES.phase_transfer_before_is_strict
    )


@transaction.atomic
def record_phase_transfer(
    plan: EHCPlan, *, kind: str, transfer_on: date, by, today: date | None = None
) -> PhaseTransfer:
    """A move between phases of education is coming: the plan must name the next setting in time (reg 18)."""
    today = _today(today)
    problems = rules.plan_is_in_force(ceased_on=plan.ceased_on)
    problems += rules.choice_is_given(
        kind, allowed=set(PhaseTransferKind.values), field="kind", subject="the kind of transfer"
    )
    problems += rules.date_is_given(
        transfer_on, field="transfer_on", subject="the date of the move"
    )
    problems += rules.date_not_before(
        transfer_on,
        plan.start_on,
        field="transfer_on",
        subject="the date of the move",
        earlier_event="the date the plan was issued",
    )
    _raise_if(problems)
    transfer = PhaseTransfer.objects.create(
        plan=plan,
        kind=kind,
        transfer_on=transfer_on,
        due_on=phase_transfer_due_on(kind, transfer_on),
    )
    audit.record_create(transfer, by=by)
    refresh_case(plan.request, today=today)
    return transfer


@transaction.atomic
def record_phase_transfer_final(
    transfer: PhaseTransfer,
    *,
    final_on: date,
    next_setting_urn: str = "",
    next_setting_name: str = "",
    by,
    today: date | None = None,
) -> PhaseTransfer:
    """The amended plan naming the next setting is issued (SEN2 PhaseTransferFinalDate)."""
    today = _today(today)
    problems = rules.event_date(
        final_on,
        today=today,
        field="final_on",
        subject="the date the amended plan was issued",
        after=transfer.plan.start_on,
        after_event="the date the plan was issued",
    )
    problems += rules.setting_is_identified(
        urn=next_setting_urn.strip(), ukprn="", code="", name=""
    )
    _raise_if(problems)
    _update(
        transfer,
        by=by,
        fields=["final_on", "next_setting_urn", "next_setting_name"],
        final_on=final_on,
        next_setting_urn=next_setting_urn.strip(),
        next_setting_name=next_setting_name.strip()[:200],
    )
    refresh_case(transfer.plan.request, today=today)
    return transfer


# ---- ceasing and transfers --------------------------------------------------------------------


@transaction.atomic
def cease_plan(
    plan: EHCPlan,
    *,
    ceased_on: date,
    reason: int,
    decided_on: date | None = None,
    by,
    today: date | None = None,
) -> EHCPlan:
    """The plan ends (s.45; reg 31). ``ceased_on`` is the day it ended, not the decision (SEN2 CeaseDate)."""
    today = _today(today)
    try:
        reason = int(reason) if reason not in (None, "") else None
    except (TypeError, ValueError):
        reason = -1
    problems = rules.plan_is_in_force(ceased_on=plan.ceased_on)
    problems += rules.cease_needs_reason(reason, allowed=set(CeaseReason.values))
    problems += rules.event_date(
        ceased_on,
        today=today,
        field="ceased_on",
        subject="the date the plan ended",
        after=plan.start_on,
        after_event="the date the plan was issued",
    )
    problems += rules.date_not_before(
        decided_on,
        plan.start_on,
        field="decided_on",
        subject="the date of the decision to cease",
        earlier_event="the date the plan was issued",
    )
    problems += rules.date_not_in_future(
        decided_on, today=today, field="decided_on", subject="the date of the decision to cease"
    )
    _raise_if(problems)
    _update(
        plan,
        by=by,
        fields=["ceased_on", "cease_reason", "cease_decided_on"],
        note="Plan ceased",
        ceased_on=ceased_on,
        cease_reason=reason,
        cease_decided_on=decided_on,
    )
    refresh_case(plan.request, today=today)
    return plan


@transaction.atomic
def transfer_in(
    *,
    child: Child,
    from_code: str,
    transferred_on: date,
    start_on: date,
    primary_need: str,
    secondary_need: str = "",
    setting_urn: str = "",
    setting_code: str = "",
    setting_name: str = "",
    officer=None,
    team=None,
    by,
    today: date | None = None,
) -> EHCPlan:
    """A child moves in with a plan made by another authority: SEN2 request and assessment H, TransferLA set."""
    today = _today(today)
    authority = child.local_authority
    from_code = (from_code or "").strip()
    problems = rules.la_code_is_valid(from_code, field="from_code", own_code=authority.code)
    problems += rules.event_date(
        transferred_on,
        today=today,
        field="transferred_on",
        subject="the date the plan transferred",
        after=start_on,
        after_event="the date the plan was first issued",
    )
    problems += rules.event_date(
        start_on, today=today, field="start_on", subject="the date the plan was first issued"
    )
    problems += rules.needs_are_given(
        primary_need=primary_need, secondary_need=secondary_need, allowed=set(NeedType.values)
    )
    problems += _setting_problems(setting_urn.strip(), "", setting_code, setting_name)
    problems += _check_officer(authority, officer, team)
    _raise_if(problems)
    request = Request.objects.create(
        local_authority=authority,
        child=child,
        received_on=None,
        outcome=RequestOutcome.HISTORICAL,
        officer=officer,
        team=team,
    )
    assessment = Assessment.objects.create(request=request, outcome=AssessmentOutcome.HISTORICAL)
    plan = EHCPlan.objects.create(
        local_authority=authority,
        request=request,
        assessment=assessment,
        start_on=start_on,
        primary_need=primary_need,
        secondary_need=secondary_need,
        setting_urn=setting_urn.strip(),
        setting_code=setting_code,
        setting_name=setting_name.strip()[:200],
        transferred_in_from=from_code,
        transferred_in_on=transferred_on,
    )
    for obj in (request, assessment, plan):
        audit.record_create(obj, by=by, note=f"Plan transferred in from {from_code}")
    refresh_case(request, today=today)
    return plan


@transaction.atomic
def transfer_out(
    plan: EHCPlan, *, to_code: str, transferred_on: date, by, today: date | None = None
) -> EHCPlan:
    """The child moves to another English authority with the plan: it ceases here with SEN2 reason 5."""
    today = _today(today)
    to_code = (to_code or "").strip()
    problems = rules.plan_is_in_force(ceased_on=plan.ceased_on)
    problems += rules.la_code_is_valid(to_code, field="to_code", own_code=plan.local_authority.code)
    problems += rules.event_date(
        transferred_on,
        today=today,
        field="transferred_on",
        subject="the date the plan transferred",
        after=plan.start_on,
        after_event="the date the plan was issued",
    )
    _raise_if(problems)
    _update(
        plan,
        by=by,
        fields=["transferred_out_to", "ceased_on", "cease_reason"],
        note=f"Plan transferred out to {to_code}",
        transferred_out_to=to_code,
        ceased_on=transferred_on,
        cease_reason=CeaseReason.TRANSFERRED,
    )
    refresh_case(plan.request, today=today)
    return plan


# ---- disputes ---------------------------------------------------------------------------------


def _dispute_flags(request: Request, subject: str, plan: EHCPlan | None, *, kind: str, by) -> None:
    """Set the SEN2 mediation/tribunal flags (items 2.5-2.6, 3.3-3.6) that the dispute implies."""
    if subject == DisputeSubject.REFUSAL_TO_ASSESS:
        if not getattr(request, kind):
            _update(request, by=by, fields=[kind], **{kind: True})
        return
    assessment = (
        plan.assessment if plan is not None else request.assessments.order_by("-pk").first()
    )
    if assessment is None:
        return
    field = kind if subject == DisputeSubject.DECISION_NOT_TO_ISSUE else f"other_{kind}"
    if not getattr(assessment, field):
        _update(assessment, by=by, fields=[field], **{field: True})


def _check_dispute(
    request, subject, plan, decision_on, *, date_field, date_value, date_subject, today
):
    problems = rules.choice_is_given(
        subject, allowed=set(DisputeSubject.values), field="subject", subject="what it is about"
    )
    problems += (
        _after_request(request, date_value, field=date_field, subject=date_subject, today=today)
        if request.received_on
        else rules.event_date(date_value, today=today, field=date_field, subject=date_subject)
    )
    problems += rules.date_not_in_future(
        decision_on, today=today, field="decision_on", subject="the date of the decision letter"
    )
    problems += rules.date_not_before(
        date_value,
        decision_on,
        field=date_field,
        subject=date_subject,
        earlier_event="the date of the decision letter",
    )
    if plan is not None and plan.request_id != request.pk:
        problems.append(rules.Problem("plan", "Select a plan on this case"))
    return problems


@transaction.atomic
def record_mediation(
    request: Request,
    *,
    subject: str,
    adviser_contacted_on: date,
    decision_on: date | None = None,
    plan: EHCPlan | None = None,
    by,
    today: date | None = None,
) -> Mediation:
    """The family contacts the mediation adviser about a decision (reg 33: within 2 months)."""
    today = _today(today)
    _raise_if(
        _check_dispute(
            request,
            subject,
            plan,
            decision_on,
            date_field="adviser_contacted_on",
            date_value=adviser_contacted_on,
            date_subject="the date the adviser was contacted",
            today=today,
        )
    )
    mediation = Mediation.objects.create(
        request=request,
        plan=plan,
        subject=subject,
        decision_on=decision_on,
        adviser_contacted_on=adviser_contacted_on,
    )
    audit.record_create(mediation, by=by)
    _dispute_flags(request, subject, plan, kind="mediation", by=by)
    refresh_case(request, today=today)
    return mediation


@transaction.atomic
def record_mediation_outcome(
    mediation: Mediation,
    *,
    outcome: str,
    mediation_on: date | None = None,
    certificate_on: date | None = None,
    by,
    today: date | None = None,
) -> Mediation:
    """Mediation ends: held (or not), a certificate issued, agreement or not."""
    today = _today(today)
    allowed = set(MediationOutcome.values) - {MediationOutcome.ONGOING}
    problems = rules.choice_is_given(
        outcome, allowed=allowed, field="outcome", subject="the outcome"
    )
    for field, value, subject in (
        ("mediation_on", mediation_on, "the date of the mediation"),
        ("certificate_on", certificate_on, "the date of the certificate"),
    ):
        problems += rules.date_not_in_future(value, today=today, field=field, subject=subject)
        problems += rules.date_not_before(
            value,
            mediation.adviser_contacted_on,
            field=field,
            subject=subject,
            earlier_event="the date the adviser was contacted",
        )
    _raise_if(problems)
    _update(
        mediation,
        by=by,
        fields=["outcome", "mediation_on", "certificate_on"],
        outcome=outcome,
        mediation_on=mediation_on,
        certificate_on=certificate_on,
    )
    refresh_case(mediation.request, today=today)
    return mediation


@transaction.atomic
def record_tribunal_appeal(
    request: Request,
    *,
    subject: str,
    registered_on: date,
    decision_on: date | None = None,
    plan: EHCPlan | None = None,
    by,
    today: date | None = None,
) -> TribunalAppeal:
    """An appeal to the First-tier Tribunal (SEND) is registered (CFA s.51)."""
    today = _today(today)
    _raise_if(
        _check_dispute(
            request,
            subject,
            plan,
            decision_on,
            date_field="registered_on",
            date_value=registered_on,
            date_subject="the date the appeal was registered",
            today=today,
        )
    )
    appeal = TribunalAppeal.objects.create(
        request=request,
        plan=plan,
        subject=subject,
        decision_on=decision_on,
        registered_on=registered_on,
    )
    audit.record_create(appeal, by=by)
    _dispute_flags(request, subject, plan, kind="tribunal", by=by)
    refresh_case(request, today=today)
    return appeal


@transaction.atomic
def record_tribunal_outcome(
    appeal: TribunalAppeal,
    *,
    outcome: str,
    outcome_on: date,
    hearing_on: date | None = None,
    by,
    today: date | None = None,
) -> TribunalAppeal:
    """The appeal ends: conceded, withdrawn, upheld or dismissed."""
    today = _today(today)
    allowed = set(TribunalOutcome.values) - {TribunalOutcome.ONGOING}
    problems = rules.choice_is_given(
        outcome, allowed=allowed, field="outcome", subject="the outcome"
    )
    problems += rules.event_date(
        outcome_on,
        today=today,
        field="outcome_on",
        subject="the date of the outcome",
        after=appeal.registered_on,
        after_event="the date the appeal was registered",
    )
    problems += rules.date_not_before(
        hearing_on,
        appeal.registered_on,
        field="hearing_on",
        subject="the date of the hearing",
        earlier_event="the date the appeal was registered",
    )
    _raise_if(problems)
    _update(
        appeal,
        by=by,
        fields=["outcome", "outcome_on", "hearing_on"],
        outcome=outcome,
        outcome_on=outcome_on,
        hearing_on=hearing_on,
    )
    return appeal
