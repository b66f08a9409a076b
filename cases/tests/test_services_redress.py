"""Re-assessment, appeals not opposed and tribunal orders as casework events, and the two clock fixes
as the case's next deadline shows them: the state each event leaves, its audit record, the mistakes
it refuses."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from cases import queries, services
from cases.models import Reassessment, TribunalOrder, UnopposedAppeal
from cases.tests.factories import ChildFactory
from cases.tests.test_services import TODAY, audits, errors, full_plan

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(user_for):
    return user_for("caseworker")


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


# ---- the clock fixes, as the case shows them ----------------------------------------------------


def test_comments_on_the_draft_take_the_comment_period_off_the_next_deadline(authority, officer):
    request = services.record_request(child=ChildFactory(), received_on=TODAY - days(60), by=officer, today=TODAY)
    assessment = services.record_decision_to_assess(request, decided_on=TODAY - days(50), by=officer, today=TODAY)
    services.record_decision_to_issue(assessment, decided_on=TODAY - days(10), by=officer, today=TODAY)
    draft = services.issue_draft_plan(assessment, issued_on=TODAY - days(3), by=officer, today=TODAY)
    request.refresh_from_db()
    assert request.next_deadline_label == "Comment period on the draft plan ends"
    services.record_draft_comments(draft, received_on=TODAY - days(1), by=officer, today=TODAY)
    request.refresh_from_db()
    assert (request.next_deadline_on, request.next_deadline_label) == (
        request.received_on + days(140), "Issue the final EHC plan")
    deadline = {d.key: d for d in queries.case_deadlines(queries.case_records(request), today=TODAY)}
    assert (deadline["draft_comments"].status, deadline["draft_comments"].met_on) == ("met", TODAY - days(1))


def test_a_later_review_supersedes_the_earlier_reviews_missing_steps(authority, officer):
    plan = full_plan(received_on=D(2023, 1, 9), issued_on=D(2023, 5, 22), by=officer)
    first = services.record_annual_review(plan, meeting_on=D(2024, 5, 1), by=officer, today=TODAY)
    second = services.record_annual_review(plan, meeting_on=D(2025, 4, 28), by=officer, today=TODAY)
    found = {d.key: d for d in queries.case_deadlines(queries.case_records(plan.request), today=TODAY)}
    for step in ("review_report", "review_decision"):
        assert found[f"{step}:{first.pk}"].status == "superseded"
        assert found[f"{step}:{second.pk}"].overdue
    plan.request.refresh_from_db()
    assert plan.request.next_deadline_on == D(2025, 5, 12)  # the second meeting + 2 weeks
    assert plan.request.next_deadline_label.startswith("Send the review report")


# ---- re-assessment --------------------------------------------------------------------------------


def test_a_request_to_reassess_is_due_a_decision_in_15_days_and_is_audited(authority, officer):
    plan = full_plan(by=officer)
    item = services.request_reassessment(plan, requested_by="parent", requested_on=D(2025, 11, 20), by=officer,
                                         today=TODAY)
    plan.request.refresh_from_db()
    assert (item.decision, item.requested_by) == ("A", "parent")
    assert (plan.request.next_deadline_on, plan.request.next_deadline_label) == (
        D(2025, 12, 5), "Tell the family whether the plan will be re-assessed")
    event = audits(item).get()
    assert (event.action, event.actor, event.local_authority) == ("create", officer, authority)


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"requested_by": ""}, "requested_by", "Select who asked for the re-assessment"),
        ({"requested_by": "local_authority"}, "requested_by", "Select who asked for the re-assessment from the list"),
        ({"requested_on": D(2025, 5, 1)}, "requested_on",
         "The date the request was received must be on or after the date the plan was issued (20 May 2025)"),
        ({"requested_on": TODAY + days(1)}, "requested_on",
         "The date the request was received must be today or in the past"),
    ],
)
def test_a_request_to_reassess_explains_what_is_wrong(authority, officer, values, field, message):
    plan = full_plan(by=officer)
    arguments = {"requested_by": "young_person", "requested_on": D(2025, 11, 20), **values}
    with pytest.raises(ValidationError) as excinfo:
        services.request_reassessment(plan, **arguments, by=officer, today=TODAY)
    assert errors(excinfo)[field] == [message]
    assert not Reassessment.objects.exists()


def test_only_one_reassessment_at_a_time_and_none_after_the_plan_ceases(authority, officer):
    plan = full_plan(by=officer)
    services.decide_to_reassess(plan, decided_on=D(2025, 11, 1), by=officer, today=TODAY)
    with pytest.raises(ValidationError) as excinfo:
        services.request_reassessment(plan, requested_by="parent", requested_on=D(2025, 11, 20), by=officer,
                                      today=TODAY)
    assert errors(excinfo)["__all__"] == ["A re-assessment of this plan is already under way"]
    services.cease_plan(plan, ceased_on=D(2025, 11, 25), reason=9, by=officer, today=TODAY)
    with pytest.raises(ValidationError) as excinfo:
        services.decide_to_reassess(plan, decided_on=D(2025, 11, 26), by=officer, today=TODAY)
    assert errors(excinfo)["__all__"][0] == "This plan ceased on 25 November 2025"


def test_a_decision_to_reassess_starts_14_weeks_for_the_new_plan(authority, officer):
    plan = full_plan(by=officer)
    item = services.request_reassessment(plan, requested_by="institution", requested_on=D(2025, 11, 3), by=officer,
                                         today=TODAY)
    services.record_reassessment_decision(item, decision="Y", decided_on=D(2025, 11, 14), by=officer, today=TODAY)
    plan.request.refresh_from_db()
    assert plan.request.next_deadline_on == D(2026, 2, 20)  # 14 November + 98 days
    assert audits(item).filter(action="update").get().changes["decision"] == ["A", "Y"]
    with pytest.raises(ValidationError) as excinfo:
        services.record_reassessment_decision(item, decision="N", decided_on=D(2025, 11, 20), by=officer,
                                              today=TODAY)
    assert errors(excinfo)["__all__"] == ["The decision on this request to re-assess has already been recorded"]


def test_a_refusal_to_reassess_leaves_no_14_weeks_and_opens_the_appeal_window(authority, officer):
    plan = full_plan(by=officer)
    item = services.request_reassessment(plan, requested_by="parent", requested_on=D(2025, 11, 3), by=officer,
                                         today=TODAY)
    services.record_reassessment_decision(item, decision="N", decided_on=D(2025, 11, 14), by=officer, today=TODAY)
    found = {d.key: d for d in queries.case_deadlines(queries.case_records(plan.request), today=TODAY)}
    assert f"reassessment:{item.pk}" not in found
    assert found["appeal_window"].trigger_on == D(2025, 11, 14)


def test_a_reassessment_ends_with_a_new_plan_or_no_change(authority, officer):
    plan = full_plan(by=officer)
    item = services.decide_to_reassess(plan, decided_on=D(2025, 9, 1), by=officer, today=TODAY)
    assert (item.requested_by, item.decision, item.requested_on) == ("local_authority", "Y", None)
    with pytest.raises(ValidationError) as excinfo:
        services.finish_reassessment(item, completed_on=D(2025, 8, 1), completion="", by=officer, today=TODAY)
    assert errors(excinfo) == {
        "completion": ["Select how the re-assessment ended"],
        "completed_on": ["The date the re-assessment ended must be on or after the date of the decision to "
                         "re-assess (1 September 2025)"],
    }
    services.finish_reassessment(item, completed_on=D(2025, 11, 28), completion="replacement", by=officer,
                                 today=TODAY)
    found = {d.key: d for d in queries.case_deadlines(queries.case_records(plan.request), today=TODAY)}
    assert (found[f"reassessment:{item.pk}"].status, found[f"reassessment:{item.pk}"].met_on) == (
        "met", D(2025, 11, 28))


def test_an_exception_against_a_reassessment_switches_off_its_14_weeks_only(authority, officer):
    plan = full_plan(by=officer)
    item = services.decide_to_reassess(plan, decided_on=D(2025, 6, 2), by=officer, today=TODAY)
    services.record_exception(plan.request, reason="personal_circumstances", starts_on=D(2025, 7, 1),
                              reassessment=item, by=officer, today=TODAY)
    found = {d.key: d for d in queries.case_deadlines(queries.case_records(plan.request), today=TODAY)}
    assert found[f"reassessment:{item.pk}"].status == "switched_off"
    assert found["final_plan"].status == "met"  # the 20 weeks are untouched
    assert not plan.assessment.__class__.objects.get(pk=plan.assessment_id).week20


def test_an_exception_needs_a_reassessment_of_this_case_under_way(authority, officer):
    plan = full_plan(by=officer)
    other = full_plan(by=officer)
    item = services.decide_to_reassess(other, decided_on=D(2025, 6, 2), by=officer, today=TODAY)
    with pytest.raises(ValidationError) as excinfo:
        services.record_exception(plan.request, reason="personal_circumstances", starts_on=D(2025, 7, 1),
                                  reassessment=item, by=officer, today=TODAY)
    assert errors(excinfo)["__all__"] == ["Select a re-assessment of this case"]


# ---- appeals not opposed ----------------------------------------------------------------------------


def refused_and_appealed(officer, *, subject="refusal_to_assess"):
    request = services.record_request(child=ChildFactory(), received_on=D(2025, 6, 2), by=officer, today=TODAY)
    services.record_decision_not_to_assess(request, decided_on=D(2025, 7, 1), by=officer, today=TODAY)
    return services.record_tribunal_appeal(request, subject=subject, registered_on=D(2025, 8, 20), by=officer,
                                           today=TODAY)


def test_an_appeal_not_opposed_concedes_the_appeal_and_starts_the_reg_45_limits(authority, officer):
    appeal = refused_and_appealed(officer)
    unopposed = services.record_unopposed_appeal(appeal, notified_on=D(2025, 11, 24), by=officer, today=TODAY)
    appeal.refresh_from_db()
    request = appeal.request
    request.refresh_from_db()
    assert (unopposed.kind, appeal.outcome, appeal.outcome_on) == ("assessment", "conceded", D(2025, 11, 24))
    assert (request.stage, request.next_deadline_on) == ("closed", D(2025, 12, 8))  # + 2 weeks
    assert audits(unopposed).get().action == "create"
    assert audits(appeal).filter(note="Appeal not opposed").exists()


@pytest.mark.parametrize(
    ("subject", "notified_on", "field", "message"),
    [
        ("cease", D(2025, 11, 24), "__all__",
         "Regulation 45 sets time limits only for appeals against a refusal to assess or re-assess, about the "
         "plan's contents or setting, or against a refusal to amend"),
        ("refusal_to_assess", D(2025, 8, 19), "notified_on",
         "The date the tribunal was told must be on or after the date the appeal was registered (20 August 2025)"),
    ],
)
def test_an_appeal_not_opposed_explains_what_is_wrong(authority, officer, subject, notified_on, field, message):
    appeal = refused_and_appealed(officer, subject=subject)
    with pytest.raises(ValidationError) as excinfo:
        services.record_unopposed_appeal(appeal, notified_on=notified_on, by=officer, today=TODAY)
    assert errors(excinfo)[field] == [message]
    assert not UnopposedAppeal.objects.exists()


def test_the_steps_after_an_appeal_not_opposed_follow_its_kind(authority, officer):
    appeal = refused_and_appealed(officer)
    unopposed = services.record_unopposed_appeal(appeal, notified_on=D(2025, 9, 1), by=officer, today=TODAY)
    services.record_unopposed_appeal_step(unopposed, step="told_family", done_on=D(2025, 9, 10), by=officer,
                                          today=TODAY)
    with pytest.raises(ValidationError) as excinfo:
        services.record_unopposed_appeal_step(unopposed, step="told_family", done_on=D(2025, 9, 11), by=officer,
                                              today=TODAY)
    assert errors(excinfo)["step"] == ["The family was told on 10 September 2025: select the next step"]
    services.record_unopposed_appeal_step(unopposed, step="plan_issued", done_on=D(2025, 11, 20), by=officer,
                                          today=TODAY)
    unopposed.refresh_from_db()
    assert (unopposed.told_family_on, unopposed.plan_issued_on) == (D(2025, 9, 10), D(2025, 11, 20))
    assert audits(unopposed).filter(action="update").count() == 2
    with pytest.raises(ValidationError) as excinfo:
        services.record_unopposed_appeal_step(unopposed, step="no_plan", done_on=D(2025, 11, 21), by=officer,
                                              today=TODAY)
    assert errors(excinfo)["__all__"] == ["The steps after this appeal are already recorded"]


def test_an_appeal_about_the_plan_not_opposed_is_followed_only_by_the_amended_plan(authority, officer):
    plan = full_plan(by=officer)
    appeal = services.record_tribunal_appeal(plan.request, subject="plan_content", registered_on=D(2025, 8, 1),
                                             plan=plan, by=officer, today=TODAY)
    unopposed = services.record_unopposed_appeal(appeal, notified_on=D(2025, 11, 3), by=officer, today=TODAY)
    plan.request.refresh_from_db()
    assert (unopposed.kind, plan.request.next_deadline_on) == ("amendment", D(2025, 12, 8))  # + 5 weeks
    with pytest.raises(ValidationError) as excinfo:
        services.record_unopposed_appeal_step(unopposed, step="told_family", done_on=D(2025, 11, 4), by=officer,
                                              today=TODAY)
    assert "record the amended plan" in errors(excinfo)["step"][0]


# ---- tribunal orders and mediation agreements -------------------------------------------------------


def test_an_order_needs_its_appeal_and_a_mediation_agreement_its_mediation(authority, officer):
    plan = full_plan(by=officer)
    with pytest.raises(ValidationError) as excinfo:
        services.record_tribunal_order(plan.request, made_by="tribunal", kind="not_appealable",
                                       made_on=D(2025, 11, 3), by=officer, today=TODAY)
    assert errors(excinfo) == {
        "made_by": ["Record the tribunal appeal before the tribunal's order"],
        "kind": ["Only a mediation agreement can be about matters that cannot be appealed"],
    }
    with pytest.raises(ValidationError) as excinfo:
        services.record_tribunal_order(plan.request, made_by="mediation", kind="", made_on=None, by=officer,
                                       today=TODAY)
    assert errors(excinfo) == {"kind": ["Select what it requires"], "made_on": ["Enter the date of the order"]}
    assert not TribunalOrder.objects.exists()


def test_a_mediation_agreement_is_due_in_2_weeks_and_recorded_as_carried_out(authority, officer):
    plan = full_plan(by=officer)
    services.record_mediation(plan.request, subject="plan_content", adviser_contacted_on=D(2025, 10, 1), plan=plan,
                              by=officer, today=TODAY)
    order = services.record_tribunal_order(plan.request, made_by="mediation", kind="not_appealable",
                                           made_on=D(2025, 11, 20), detail="Extra sessions", by=officer,
                                           today=TODAY)
    plan.request.refresh_from_db()
    assert (plan.request.next_deadline_on, plan.request.next_deadline_label) == (
        D(2025, 12, 4), "Do what the mediation agreement says")
    services.record_order_complied(order, complied_on=D(2025, 11, 28), by=officer, today=TODAY)
    with pytest.raises(ValidationError) as excinfo:
        services.record_order_complied(order, complied_on=D(2025, 11, 29), by=officer, today=TODAY)
    assert errors(excinfo)["__all__"] == ["This was already carried out on 28 November 2025"]
    assert [e.action for e in audits(order).order_by("pk")] == ["create", "update"]


def test_an_order_to_assess_after_a_refusal_is_due_in_14_weeks(authority, officer):
    appeal = refused_and_appealed(officer)
    services.record_tribunal_order(appeal.request, made_by="tribunal", kind="assess", made_on=D(2025, 11, 10),
                                   by=officer, today=TODAY)
    appeal.request.refresh_from_db()
    assert (appeal.request.next_deadline_on, appeal.request.next_deadline_label) == (
        D(2026, 2, 16), "Carry out the assessment and issue the plan (tribunal order)")
