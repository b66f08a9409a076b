"""Services for the draft plan, consultations with settings and the final plan."""

from __future__ import annotations

import datetime

from django.db import transaction

from core import audit

from .. import casework_rules as rules
from ..case_state import latest
from ..choices import (
    ConsultationResponse,
    NeedType,
)
from ..models import (
    AnnualReview,
    Assessment,
    Consultation,
    DraftPlan,
    EHCPlan,
    Request,
)
from ._common import (
    _after_request,
    _raise_if,
    _setting_problems,
    _today,
    _update,
    refresh_case,
)

date = datetime.date

CONSULTATION_DAYS = 15  # SEND Code of Practice 9.83 ("should"), 15 calendar days


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
