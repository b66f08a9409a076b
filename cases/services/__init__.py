"""Writes to casework: one function per business event (a package: one module per business area).

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
    record_exception(request, *, reason, starts_on, ends_on=None, note="", reassessment=None, by,
                     today=None) -> TimeLimitException
    remove_exception(exception, *, note, by) -> None
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
    request_reassessment(plan, *, requested_by, requested_on, by, today=None) -> Reassessment
    record_reassessment_decision(reassessment, *, decision, decided_on, by, today=None)
        -> Reassessment
    decide_to_reassess(plan, *, decided_on, by, today=None) -> Reassessment
    finish_reassessment(reassessment, *, completed_on, completion, by, today=None) -> Reassessment
    record_unopposed_appeal(appeal, *, notified_on, by, today=None) -> UnopposedAppeal
    record_unopposed_appeal_step(unopposed, *, step, done_on, by, today=None) -> UnopposedAppeal
    record_tribunal_order(request, *, made_by, kind, made_on, detail="", by, today=None)
        -> TribunalOrder
    record_order_complied(order, *, complied_on, by, today=None) -> TribunalOrder
    refresh_case(request, *, save=True, today=None) -> Request
        (recomputes stage and next deadline; not audited)
    case_records(request) -> case_state.CaseRecords   (re-exported from cases.queries)
"""

from ..queries import case_records
from ._common import (
    refresh_case,
)
from .children_and_teams import (
    CHILD_FIELDS,
    assign_case,
    create_team,
    move_cases,
    record_child,
    update_child,
)
from .disputes import (
    UNOPPOSED_KINDS,
    UNOPPOSED_STEPS,
    record_mediation,
    record_mediation_outcome,
    record_order_complied,
    record_tribunal_appeal,
    record_tribunal_order,
    record_tribunal_outcome,
    record_unopposed_appeal,
    record_unopposed_appeal_step,
)
from .plans import (
    CONSULTATION_DAYS,
    issue_draft_plan,
    issue_final_plan,
    record_consultation,
    record_consultation_response,
    record_draft_comments,
    update_plan_setting,
)
from .requests_and_assessment import (
    ADVICE_WEEKS,
    decide_not_to_issue,
    record_advice_received,
    record_decision_not_to_assess,
    record_decision_to_assess,
    record_decision_to_issue,
    record_exception,
    record_request,
    remove_exception,
    request_advice,
    withdraw_request,
)
from .reviews_and_amendments import (
    decide_to_reassess,
    finish_reassessment,
    issue_amendment_notice,
    issue_final_amended_plan,
    phase_transfer_due_on,
    record_annual_review,
    record_decision_not_to_amend,
    record_phase_transfer,
    record_phase_transfer_final,
    record_reassessment_decision,
    record_review_decision,
    record_review_report,
    request_reassessment,
)
from .transfers_and_ceasing import (
    cease_plan,
    transfer_in,
    transfer_out,
)

__all__ = [
    "ADVICE_WEEKS",
    "CHILD_FIELDS",
    "CONSULTATION_DAYS",
    "UNOPPOSED_KINDS",
    "UNOPPOSED_STEPS",
    "assign_case",
    "case_records",
    "cease_plan",
    "create_team",
    "decide_not_to_issue",
    "decide_to_reassess",
    "finish_reassessment",
    "issue_amendment_notice",
    "issue_draft_plan",
    "issue_final_amended_plan",
    "issue_final_plan",
    "move_cases",
    "phase_transfer_due_on",
    "record_advice_received",
    "record_annual_review",
    "record_child",
    "record_consultation",
    "record_consultation_response",
    "record_decision_not_to_amend",
    "record_decision_not_to_assess",
    "record_decision_to_assess",
    "record_decision_to_issue",
    "record_draft_comments",
    "record_exception",
    "record_mediation",
    "record_mediation_outcome",
    "record_order_complied",
    "record_phase_transfer",
    "record_phase_transfer_final",
    "record_reassessment_decision",
    "record_request",
    "record_review_decision",
    "record_review_report",
    "record_tribunal_appeal",
    "record_tribunal_order",
    "record_tribunal_outcome",
    "record_unopposed_appeal",
    "record_unopposed_appeal_step",
    "refresh_case",
    "remove_exception",
    "request_advice",
    "request_reassessment",
    "transfer_in",
    "transfer_out",
    "update_child",
    "update_plan_setting",
    "withdraw_request",
]
