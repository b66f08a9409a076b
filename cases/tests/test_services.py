"""Each casework event: the state it leaves, the audit record it writes, the mistakes it refuses."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from cases import services
from cases.models import AnnualReview, Assessment, EHCPlan, Request
from cases.tests.factories import ChildFactory, EHCPlanFactory, RequestFactory, TeamFactory
from core.models import AuditEvent

D = datetime.date
TODAY = D(2025, 12, 1)


@pytest.fixture
def officer(user_for):
    return user_for("caseworker")


def audits(obj):
    return AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))


def errors(excinfo) -> dict:
    return excinfo.value.message_dict


RECEIVED = D(2025, 1, 6)
ISSUED = D(2025, 5, 20)


def full_plan(*, received_on=RECEIVED, issued_on=ISSUED, by=None) -> EHCPlan:
    child = ChildFactory()
    request = services.record_request(child=child, received_on=received_on, by=by, today=TODAY)
    assessment = services.record_decision_to_assess(request, decided_on=received_on + datetime.timedelta(days=35),
                                                    by=by, today=TODAY)
    services.record_decision_to_issue(assessment, decided_on=issued_on - datetime.timedelta(days=30), by=by,
                                      today=TODAY)
    services.issue_draft_plan(assessment, issued_on=issued_on - datetime.timedelta(days=25), by=by, today=TODAY)
    return services.issue_final_plan(assessment, issued_on=issued_on, primary_need="SLCN", setting_urn="117001",
                                     setting_name="Example Primary", by=by, today=TODAY)


def test_recording_a_request_opens_a_case_due_for_a_decision_in_6_weeks(authority, officer):
    child = ChildFactory()
    request = services.record_request(child=child, received_on=D(2025, 11, 3), source=2, officer=officer,
                                      by=officer, today=TODAY)
    request.refresh_from_db()
    assert request.local_authority == authority
    assert (request.stage, request.outcome) == ("request", "A")
    assert request.next_deadline_on == D(2025, 12, 15)  # 3 November + 42 days
    event = audits(request).get()
    assert (event.action, event.actor, event.local_authority) == ("create", officer, authority)
    assert event.changes["received_on"] == [None, "2025-11-03"]


def test_a_request_dated_in_the_future_is_refused_with_a_message_for_the_field(officer):
    with pytest.raises(ValidationError) as excinfo:
        services.record_request(child=ChildFactory(), received_on=TODAY + datetime.timedelta(days=1),
                                by=officer, today=TODAY)
    assert errors(excinfo) == {"received_on": ["The date the request was received must be today or in the past"]}
    assert not Request.objects.exists()


def test_an_officer_of_another_authority_cannot_be_assigned(user_for, other_authority):
    stranger = user_for("caseworker", other_authority)
    with pytest.raises(ValidationError) as excinfo:
        services.record_request(child=ChildFactory(), received_on=D(2025, 11, 3), officer=stranger, by=None,
                                today=TODAY)
    assert "officer" in errors(excinfo)


def test_a_decision_before_the_request_is_refused(officer):
    request = RequestFactory(received_on=D(2025, 10, 1))
    with pytest.raises(ValidationError) as excinfo:
        services.record_decision_to_assess(request, decided_on=D(2025, 9, 30), by=officer, today=TODAY)
    assert errors(excinfo)["decided_on"] == [
        "The date of the decision must be on or after the date the request was received (1 October 2025)"]
    request.refresh_from_db()
    assert request.outcome == "A"
    assert not Assessment.objects.exists()


def test_deciding_to_assess_starts_an_assessment_and_audits_the_request_outcome(officer):
    request = RequestFactory(received_on=D(2025, 10, 1))
    assessment = services.record_decision_to_assess(request, decided_on=D(2025, 11, 5), by=officer, today=TODAY)
    request.refresh_from_db()
    assert (request.outcome, request.outcome_on, request.stage) == ("Y", D(2025, 11, 5), "assessment")
    assert assessment.started_on == D(2025, 11, 5)
    change = audits(request).get(action="update").changes
    assert change["outcome"] == ["A", "Y"]
    assert audits(assessment).filter(action="create").exists()


def test_a_request_is_decided_only_once(officer):
    request = RequestFactory(received_on=D(2025, 10, 1))
    services.record_decision_not_to_assess(request, decided_on=D(2025, 11, 5), by=officer, today=TODAY)
    with pytest.raises(ValidationError) as excinfo:
        services.record_decision_to_assess(request, decided_on=D(2025, 11, 6), by=officer, today=TODAY)
    assert errors(excinfo) == {"__all__": ["A decision on this request has already been recorded"]}
    request.refresh_from_db()
    assert (request.outcome, request.stage) == ("N", "closed")


def test_no_final_plan_without_a_decision_to_issue(officer):
    request = RequestFactory(received_on=D(2025, 3, 1))
    assessment = services.record_decision_to_assess(request, decided_on=D(2025, 4, 1), by=officer, today=TODAY)
    with pytest.raises(ValidationError) as excinfo:
        services.issue_final_plan(assessment, issued_on=D(2025, 7, 1), primary_need="ASD", by=officer, today=TODAY)
    assert errors(excinfo)["__all__"] == ["Record the decision to issue a plan before issuing the final plan"]
    assert not EHCPlan.objects.exists()


def test_issuing_the_final_plan_puts_the_plan_in_force_with_its_review_due_within_12_months(officer):
    plan = full_plan(by=officer)
    plan.refresh_from_db()
    request = plan.request
    request.refresh_from_db()
    assert request.stage == "plan"
    assert plan.assessment.outcome_on == D(2025, 5, 20)
    assert plan.review_due_on == D(2026, 5, 19)  # the 12 months beginning with 20 May 2025
    assert request.next_deadline_on == D(2026, 5, 19)
    assert audits(plan).get().changes["primary_need"] == [None, "SLCN"]


def test_the_final_plan_needs_a_primary_need_and_a_sensible_setting(officer):
    request = RequestFactory(received_on=D(2025, 3, 1))
    assessment = services.record_decision_to_assess(request, decided_on=D(2025, 4, 1), by=officer, today=TODAY)
    services.record_decision_to_issue(assessment, decided_on=D(2025, 5, 1), by=officer, today=TODAY)
    services.issue_draft_plan(assessment, issued_on=D(2025, 5, 5), by=officer, today=TODAY)
    with pytest.raises(ValidationError) as excinfo:
        services.issue_final_plan(assessment, issued_on=D(2025, 6, 1), primary_need="", setting_urn="12",
                                  by=officer, today=TODAY)
    assert set(errors(excinfo)) == {"primary_need", "setting_urn"}


def test_a_recorded_exception_sets_the_week20_flag_and_removing_it_clears_it(officer):
    request = RequestFactory(received_on=D(2025, 3, 1))
    assessment = services.record_decision_to_assess(request, decided_on=D(2025, 4, 1), by=officer, today=TODAY)
    exception = services.record_exception(request, reason="school_closure", starts_on=D(2025, 7, 18),
                                          ends_on=D(2025, 9, 3), by=officer, today=TODAY)
    assessment.refresh_from_db()
    assert assessment.week20 is True
    assert audits(exception).filter(action="create").exists()
    services.remove_exception(exception, note="Recorded on the wrong case", by=officer)
    assessment.refresh_from_db()
    assert assessment.week20 is False


def test_removing_an_exception_keeps_why_in_its_audit_event(officer, authority):
    request = RequestFactory(received_on=D(2025, 3, 1))
    services.record_decision_to_assess(request, decided_on=D(2025, 4, 1), by=officer, today=TODAY)
    exception = services.record_exception(request, reason="personal_circumstances", starts_on=D(2025, 5, 1),
                                          by=officer, today=TODAY)
    removed_pk = exception.pk  # delete() clears it
    services.remove_exception(exception, note="  The family confirmed they were not abroad  ", by=officer)
    deleted = AuditEvent.objects.get(object_type="cases.timelimitexception", object_id=str(removed_pk),
                                     action="delete")
    assert deleted.note == "The family confirmed they were not abroad"
    assert (deleted.actor, deleted.local_authority) == (officer, authority)
    assert deleted.changes["reason"] == ["personal_circumstances", None]


@pytest.mark.parametrize(
    ("note", "message"),
    [
        ("", "Enter why the exception no longer applies"),
        ("   ", "Enter why the exception no longer applies"),
        ("x" * 301, "Why the exception no longer applies must be 300 characters or fewer"),
    ],
)
def test_an_exception_is_not_removed_without_saying_why(officer, note, message):
    request = RequestFactory(received_on=D(2025, 3, 1))
    assessment = services.record_decision_to_assess(request, decided_on=D(2025, 4, 1), by=officer, today=TODAY)
    exception = services.record_exception(request, reason="personal_circumstances", starts_on=D(2025, 5, 1),
                                          by=officer, today=TODAY)
    with pytest.raises(ValidationError) as excinfo:
        services.remove_exception(exception, note=note, by=officer)
    assert errors(excinfo) == {"note": [message]}
    assert request.exceptions.filter(pk=exception.pk).exists()
    assert not audits(exception).filter(action="delete").exists()
    assessment.refresh_from_db()
    assert assessment.week20 is True


def test_no_ceasing_without_a_reason(officer):
    plan = EHCPlanFactory()
    with pytest.raises(ValidationError) as excinfo:
        services.cease_plan(plan, ceased_on=D(2025, 11, 1), reason=None, by=officer, today=TODAY)
    assert errors(excinfo) == {"reason": ["Select why the plan is ceasing"]}
    plan.refresh_from_db()
    assert plan.ceased_on is None


def test_ceasing_a_plan_records_the_day_and_reason_and_closes_the_case_clock(officer):
    plan = full_plan(by=officer)
    services.cease_plan(plan, ceased_on=D(2025, 11, 1), reason=3, decided_on=D(2025, 9, 1), by=officer,
                        today=TODAY)
    plan.refresh_from_db()
    plan.request.refresh_from_db()
    assert (plan.ceased_on, plan.cease_reason) == (D(2025, 11, 1), 3)
    assert (plan.request.stage, plan.request.next_deadline_on) == ("ceased", None)
    assert audits(plan).get(action="update").changes["cease_reason"] == [None, 3]


def test_a_ceased_plan_cannot_be_ceased_again(officer):
    plan = EHCPlanFactory(ceased_on=D(2025, 10, 1), cease_reason=2)
    with pytest.raises(ValidationError) as excinfo:
        services.cease_plan(plan, ceased_on=D(2025, 11, 1), reason=3, by=officer, today=TODAY)
    assert errors(excinfo)["__all__"] == ["This plan ceased on 1 October 2025"]


def test_reassigning_a_case_is_audited_with_the_officer_before_and_after(user_for, officer):
    manager = user_for("send_manager")
    team = TeamFactory()
    request = RequestFactory(officer=officer)
    services.assign_case(request, officer=manager, team=team, by=manager)
    request.refresh_from_db()
    assert (request.officer, request.team) == (manager, team)
    change = audits(request).get(action="update")
    assert change.changes["officer_id"] == [officer.pk, manager.pk]
    assert change.actor == manager


def test_withdrawing_a_request_closes_the_case_as_sen2_outcome_w(officer):
    request = RequestFactory(received_on=D(2025, 10, 1))
    services.withdraw_request(request, withdrawn_on=D(2025, 10, 20), reason="Moved away", by=officer, today=TODAY)
    request.refresh_from_db()
    assert (request.outcome, request.stage, request.withdrawn_on) == ("W", "closed", D(2025, 10, 20))
    with pytest.raises(ValidationError):
        services.withdraw_request(request, withdrawn_on=D(2025, 10, 21), by=officer, today=TODAY)


def test_a_transfer_in_creates_historical_request_and_assessment_and_the_plan(authority, officer):
    child = ChildFactory()
    plan = services.transfer_in(child=child, from_code="886", transferred_on=D(2025, 9, 1),
                                start_on=D(2024, 3, 1), primary_need="SEMH", by=officer, today=TODAY)
    assert (plan.request.outcome, plan.assessment.outcome) == ("H", "H")
    assert (plan.transferred_in_from, plan.local_authority) == ("886", authority)
    plan.request.refresh_from_db()
    assert plan.request.stage == "plan"


def test_a_transfer_in_from_this_authority_itself_is_refused(officer):
    with pytest.raises(ValidationError) as excinfo:
        services.transfer_in(child=ChildFactory(), from_code="810", transferred_on=D(2025, 9, 1),
                             start_on=D(2024, 3, 1), primary_need="SEMH", by=officer, today=TODAY)
    assert "from_code" in errors(excinfo)


def test_a_transfer_out_ceases_the_plan_with_sen2_reason_5(officer):
    plan = EHCPlanFactory()
    services.transfer_out(plan, to_code="886", transferred_on=D(2025, 10, 1), by=officer, today=TODAY)
    plan.refresh_from_db()
    assert (plan.ceased_on, plan.cease_reason, plan.transferred_out_to) == (D(2025, 10, 1), 5, "886")


def test_a_review_decided_amend_runs_to_the_final_amended_plan(officer):
    plan = full_plan(by=officer, received_on=D(2024, 1, 8), issued_on=D(2024, 5, 20))
    review = services.record_annual_review(plan, meeting_on=D(2025, 4, 1), by=officer, today=TODAY)
    services.record_review_decision(review, decided_on=D(2025, 4, 20), outcome="A", by=officer, today=TODAY)
    services.issue_amendment_notice(review, issued_on=D(2025, 4, 20), by=officer, today=TODAY)
    services.issue_final_amended_plan(review, issued_on=D(2025, 6, 1), by=officer, today=TODAY)
    review = AnnualReview.objects.get()
    assert (review.outcome, review.decision_on, review.final_amended_plan_on) == ("A", D(2025, 4, 20),
                                                                                 D(2025, 6, 1))
    plan.refresh_from_db()
    assert plan.last_reviewed_on == D(2025, 4, 1)
    assert plan.review_due_on == D(2026, 3, 31)  # 12 months beginning with the meeting
    assert audits(review).filter(action="update").count() == 3


def test_an_amendment_notice_needs_a_decision_to_amend(officer):
    plan = EHCPlanFactory()
    review = services.record_annual_review(plan, meeting_on=D(2025, 11, 1), by=officer, today=TODAY)
    services.record_review_decision(review, decided_on=D(2025, 11, 10), outcome="M", by=officer, today=TODAY)
    with pytest.raises(ValidationError) as excinfo:
        services.issue_amendment_notice(review, issued_on=D(2025, 11, 11), by=officer, today=TODAY)
    assert errors(excinfo)["__all__"] == ["Record a decision to amend the plan before the amendment notice"]


def test_a_review_decision_before_the_meeting_is_refused(officer):
    review = services.record_annual_review(EHCPlanFactory(), meeting_on=D(2025, 11, 1), by=officer, today=TODAY)
    with pytest.raises(ValidationError) as excinfo:
        services.record_review_decision(review, decided_on=D(2025, 10, 31), outcome="M", by=officer, today=TODAY)
    assert "decided_on" in errors(excinfo)


@pytest.mark.parametrize(
    ("kind", "transfer_on", "due_on"),
    [
        ("school", D(2026, 9, 1), D(2026, 2, 14)),  # "before 15 February" read strictly
        ("post_16", D(2026, 9, 1), D(2026, 3, 30)),  # "before 31 March"
        ("post_16_other", D(2026, 1, 5), D(2025, 8, 5)),  # at least 5 months before the move
    ],
)
def test_a_phase_transfer_is_due_by_the_reg_18_date(officer, kind, transfer_on, due_on):
    transfer = services.record_phase_transfer(EHCPlanFactory(), kind=kind, transfer_on=transfer_on, by=officer,
                                              today=TODAY)
    assert transfer.due_on == due_on


def test_a_mediation_on_a_refusal_sets_the_sen2_request_mediation_flag(officer):
    request = RequestFactory(received_on=D(2025, 6, 1))
    services.record_decision_not_to_assess(request, decided_on=D(2025, 7, 1), by=officer, today=TODAY)
    mediation = services.record_mediation(request, subject="refusal_to_assess", decision_on=D(2025, 7, 1),
                                          adviser_contacted_on=D(2025, 7, 20), by=officer, today=TODAY)
    request.refresh_from_db()
    assert request.mediation is True
    assert audits(mediation).filter(action="create").exists()


def test_a_tribunal_appeal_on_plan_content_sets_the_other_tribunal_flag(officer):
    plan = EHCPlanFactory()
    services.record_tribunal_appeal(plan.request, subject="plan_content", registered_on=D(2025, 9, 1),
                                    plan=plan, by=officer, today=TODAY)
    plan.assessment.refresh_from_db()
    assert (plan.assessment.other_tribunal, plan.assessment.tribunal) == (True, False)


def test_recording_a_child_cleans_identifiers_and_refuses_a_duplicate_upn(authority, officer):
    child = services.record_child(local_authority=authority, forename=" Sam ", surname="Example",
                                  date_of_birth=D(2015, 2, 3), upn="z81000000001a", postcode="hu1 2aa",
                                  by=officer, today=TODAY)
    assert (child.forename, child.upn, child.postcode) == ("Sam", "Z81000000001A", "HU1 2AA")
    with pytest.raises(ValidationError) as excinfo:
        services.record_child(local_authority=authority, forename="Other", surname="Example",
                              date_of_birth=D(2015, 2, 3), upn="Z81000000001A", by=officer, today=TODAY)
    assert "upn" in errors(excinfo)


def test_a_child_born_in_the_future_is_refused(authority, officer):
    with pytest.raises(ValidationError) as excinfo:
        services.record_child(local_authority=authority, forename="A", surname="B", date_of_birth=D(2026, 1, 1),
                              by=officer, today=TODAY)
    assert errors(excinfo) == {"date_of_birth": ["The date of birth must be today or in the past"]}


@pytest.mark.parametrize("held", [2, 3])
def test_after_a_later_review_the_case_is_next_due_for_that_reviews_step(officer, held):
    plan = full_plan(by=officer, received_on=D(2022, 1, 10), issued_on=D(2022, 5, 20))
    meetings = [D(2023, 4, 3), D(2024, 4, 1), D(2025, 3, 24)][:held]
    for meeting in meetings[:-1]:
        review = services.record_annual_review(plan, meeting_on=meeting, by=officer, today=TODAY)
        services.record_review_report(review, report_on=meeting, by=officer, today=TODAY)
        services.record_review_decision(review, decided_on=meeting, outcome="M", by=officer, today=TODAY)
    services.record_annual_review(plan, meeting_on=meetings[-1], by=officer, today=TODAY)
    request = Request.objects.get(pk=plan.request_id)
    assert request.next_deadline_label == f"Send the review report (annual review {held})"
    assert request.next_deadline_on == meetings[-1] + datetime.timedelta(weeks=2)
