"""The case page, recording events on a case, recording a new request or transfer in, assignment."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from cases.forms import EVENT_FORMS
from cases.models import Child, EHCPlan, Request, Team
from cases.tests.test_views_support import (
    date_post,
    days_ago,
    make_case,
    make_plan_case,
    make_review,
)
from core.models import AuditEvent

pytestmark = pytest.mark.django_db


def case_url(case, name="cases:case_detail", *extra):
    return reverse(name, args=[case.local_authority.code, case.pk, *extra])


def event_url(case, event):
    return reverse("cases:case_event", args=[case.local_authority.code, case.pk, event])


def long(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


# ---- the case page ----------------------------------------------------------------------------


def test_case_page_shows_the_child_the_case_and_the_next_deadline(client_for, authority):
    client = client_for("caseworker")
    case = make_case(authority, by=client.user, received_days_ago=10, forename="Robin")
    response = client.get(case_url(case))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Robin Testchild" in body
    assert case.reference in body
    assert "Next statutory deadline" in body
    due = case.received_on + datetime.timedelta(days=42)
    assert long(due) in body  # the decision whether to assess, 6 weeks after the request
    assert response.context["view"].next_deadline.key == "decision_to_assess"


def test_case_page_lists_every_deadline_with_a_status_in_words(client_for, authority):
    client = client_for("caseworker")
    case = make_plan_case(authority, by=client.user)
    response = client.get(case_url(case))
    body = response.content.decode()
    assert "Statutory deadlines" in body
    tags = {row.tag for row in response.context["view"].deadlines}
    assert "Met" in tags
    for row in response.context["view"].deadlines:
        assert f'govuk-tag--{row.colour}">{row.tag}</strong>' in body


def test_case_page_warns_of_an_overdue_deadline(client_for, authority):
    client = client_for("caseworker")
    case = make_case(authority, by=client.user, received_days_ago=50)
    body = client.get(case_url(case)).content.decode()
    assert "needs attention" in body
    assert ">Overdue</strong>" in body


def test_case_page_has_a_timeline_of_events_newest_first(client_for, authority):
    client = client_for("caseworker")
    case = make_plan_case(authority, by=client.user)
    response = client.get(case_url(case))
    titles = [entry.title for entry in response.context["view"].timeline]
    assert titles[0] == "Final EHC plan issued"
    assert titles[-1] == "Request for an EHC needs assessment received"
    assert "Decided to assess" in titles and "Draft plan issued" in titles


def test_case_page_offers_only_the_events_that_fit_the_stage(client_for, authority):
    client = client_for("caseworker")
    case = make_case(authority, by=client.user)
    slugs = {form["slug"] for _, forms in client.get(case_url(case)).context["events"] for form in forms}
    assert "decision-to-assess" in slugs
    assert "final-plan" not in slugs and "annual-review" not in slugs


def test_case_page_shows_no_event_links_to_a_read_only_practitioner(client_for, authority):
    client = client_for("practitioner")
    case = make_case(authority, by=None)
    response = client.get(case_url(case))
    assert response.status_code == 200
    assert "Record an event" not in response.content.decode()


def test_case_page_of_another_authority_is_not_found(client_for, other_authority):
    case = make_case(other_authority, by=None)
    client = client_for("send_manager")
    assert client.get(case_url(case)).status_code == 404
    # and asking for it under our own code does not reveal it either
    assert client.get(reverse("cases:case_detail", args=["810", case.pk])).status_code == 404


def test_case_page_asks_an_anonymous_visitor_to_sign_in(authority):
    case = make_case(authority, by=None)
    response = Client().get(case_url(case))
    assert response.status_code == 302 and reverse("core:sign_in") in response.url


def test_case_page_answers_only_get(client_for, authority):
    case = make_case(authority, by=None)
    assert client_for("caseworker").post(case_url(case)).status_code == 405


def test_case_page_uses_a_bounded_number_of_queries(client_for, authority, django_assert_max_num_queries):
    client = client_for("caseworker")
    case = make_plan_case(authority, by=None)
    for days in (200, 100):
        make_review(case, by=None, meeting_days_ago=days)
    with django_assert_max_num_queries(25):
        assert client.get(case_url(case)).status_code == 200


# ---- recording events -------------------------------------------------------------------------


def test_event_form_is_shown_for_an_event_that_fits(client_for, authority):
    client = client_for("caseworker")
    case = make_case(authority, by=client.user)
    response = client.get(event_url(case, "decision-to-assess"))
    assert response.status_code == 200
    assert "Decision whether to assess" in response.content.decode()


def test_decision_to_assess_is_recorded_and_audited(client_for, authority):
    client = client_for("caseworker")
    case = make_case(authority, by=client.user, received_days_ago=20)
    response = client.post(event_url(case, "decision-to-assess"),
                           {"decision": "assess", **date_post("decided_on", days_ago(5))})
    assert response.status_code == 302
    assert response.url == case_url(case)
    case.refresh_from_db()
    assert case.outcome == "Y" and case.outcome_on == days_ago(5) and case.stage == "assessment"
    assert AuditEvent.objects.filter(object_type="cases.request", object_id=str(case.pk), note="Decided to assess",
                                     actor=client.user).exists()


def test_an_event_form_with_no_answers_explains_each_error(client_for, authority):
    client = client_for("caseworker")
    case = make_case(authority, by=client.user)
    response = client.post(event_url(case, "decision-to-assess"), {})
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body and "<title>Error: " in body
    assert "Select whether the local authority decided to assess" in body
    assert "Enter the date of the decision" in body
    case.refresh_from_db()
    assert case.outcome == "A"


def test_an_event_before_the_request_is_refused_beside_the_date(client_for, authority):
    client = client_for("caseworker")
    case = make_case(authority, by=client.user, received_days_ago=20)
    response = client.post(event_url(case, "decision-to-assess"),
                           {"decision": "not_assess", **date_post("decided_on", days_ago(30))})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "must be on or after the date the request was received" in errors["decided_on"][0]
    assert "govuk-error-summary" in response.content.decode()


def test_an_event_in_the_future_is_refused(client_for, authority):
    client = client_for("caseworker")
    case = make_case(authority, by=client.user)
    response = client.post(event_url(case, "decision-to-assess"),
                           {"decision": "assess", **date_post("decided_on", days_ago(-3))})
    assert response.context["form"].errors["decided_on"] == ["The date of the decision must be today or in the past"]


def test_a_date_that_is_not_real_is_explained(client_for, authority):
    client = client_for("caseworker")
    case = make_case(authority, by=client.user)
    response = client.post(event_url(case, "decision-to-assess"),
                           {"decision": "assess", "decided_on_day": "31", "decided_on_month": "2",
                            "decided_on_year": "2026"})
    assert response.context["form"].errors["decided_on"] == ["The date of the decision must be a real date"]


def test_final_plan_cannot_be_recorded_before_a_decision_to_issue(client_for, authority):
    client = client_for("caseworker")
    case = make_case(authority, by=client.user)
    response = client.get(event_url(case, "final-plan"))
    assert response.status_code == 200
    assert "cannot be recorded at this stage of the case" in response.content.decode()
    assert response.context["form"] is None
    response = client.post(event_url(case, "final-plan"), {"primary_need": "ASD", "setting_urn": "123456",
                                                           **date_post("issued_on", days_ago(1))})
    assert response.status_code == 200
    assert not EHCPlan.objects.filter(request=case).exists()


def test_final_plan_before_the_draft_comments_end_is_explained(client_for, authority):
    client = client_for("caseworker")
    case = make_case(authority, by=client.user, received_days_ago=100)
    from cases import services

    assessment = services.record_decision_to_assess(case, decided_on=days_ago(90), by=None)
    services.record_decision_to_issue(assessment, decided_on=days_ago(30), by=None)
    services.issue_draft_plan(assessment, issued_on=days_ago(5), by=None)
    response = client.post(event_url(case, "final-plan"), {"primary_need": "ASD", "setting_urn": "123456",
                                                           **date_post("issued_on", days_ago(2))})
    assert response.status_code == 200
    assert "The final plan must be issued after the 15 days for comments" in response.context["form"].errors["issued_on"][0]


def test_ceasing_a_plan_needs_a_reason(client_for, authority):
    client = client_for("caseworker")
    case = make_plan_case(authority, by=client.user)
    response = client.post(event_url(case, "cease"), date_post("ceased_on", days_ago(1)))
    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == ["Select why the plan is ceasing"]
    response = client.post(event_url(case, "cease"), {"reason": "2", **date_post("ceased_on", days_ago(1))})
    assert response.status_code == 302
    plan = case.plans.get()
    assert plan.ceased_on == days_ago(1) and plan.cease_reason == 2


def test_an_event_with_several_possible_records_asks_which_one(client_for, authority):
    client = client_for("caseworker")
    case = make_plan_case(authority, by=client.user)
    first = make_review(case, by=None, meeting_days_ago=30)
    make_review(case, by=None, meeting_days_ago=20)
    response = client.post(event_url(case, "review-decision"), {"outcome": "M", **date_post("decided_on", days_ago(2))})
    assert response.context["form"].errors["pick"] == ["Select which review"]
    response = client.post(event_url(case, "review-decision"),
                           {"pick": str(first.pk), "outcome": "M", **date_post("decided_on", days_ago(2))})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.outcome == "M" and first.decision_on == days_ago(2)


def test_every_event_form_renders_when_it_applies(client_for, authority):
    """Each event page answers 200 at a stage where it applies, and renders GOV.UK markup."""
    client = client_for("caseworker")
    open_case = make_case(authority, by=None, received_days_ago=30)
    plan_case = make_plan_case(authority, by=None)
    seen = set()
    for case in (open_case, plan_case):
        for _, forms in client.get(case_url(case)).context["events"]:
            for form in forms:
                response = client.get(event_url(case, form["slug"]))
                assert response.status_code == 200, form["slug"]
                assert "govuk-form-group" in response.content.decode()
                seen.add(form["slug"])
    assert {"decision-to-assess", "withdrawal", "exception", "annual-review", "cease", "transfer-out",
            "phase-transfer", "mediation", "tribunal"} <= seen


def test_an_unknown_event_is_not_found(client_for, authority):
    case = make_case(authority, by=None)
    assert client_for("caseworker").get(event_url(case, "teleport")).status_code == 404


def test_event_pages_of_another_authority_are_not_found(client_for, other_authority):
    case = make_case(other_authority, by=None)
    response = client_for("caseworker").post(event_url(case, "decision-to-assess"),
                                             {"decision": "assess", **date_post("decided_on", days_ago(1))})
    assert response.status_code == 404
    case.refresh_from_db()
    assert case.outcome == "A"


def test_event_pages_refuse_a_read_only_practitioner(client_for, authority):
    case = make_case(authority, by=None)
    assert client_for("practitioner").get(event_url(case, "decision-to-assess")).status_code == 403


def test_event_pages_ask_an_anonymous_visitor_to_sign_in(authority):
    case = make_case(authority, by=None)
    response = Client().post(event_url(case, "decision-to-assess"))
    assert response.status_code == 302 and reverse("core:sign_in") in response.url


def test_event_pages_answer_only_get_and_post(client_for, authority):
    case = make_case(authority, by=None)
    assert client_for("caseworker").put(event_url(case, "decision-to-assess")).status_code == 405


def test_a_whole_case_can_be_recorded_through_the_event_forms(client_for, authority):
    """From request to ceasing, every kind of event through its form and service."""
    client = client_for("caseworker")
    case = make_case(authority, by=client.user, received_days_ago=400)

    def record(event, data, expect_stage=None):
        response = client.post(event_url(case, event), data)
        errors = response.context["form"].errors if response.status_code == 200 else None
        assert response.status_code == 302, (event, errors)
        case.refresh_from_db()
        if expect_stage:
            assert case.stage == expect_stage, event

    record("exception", {"reason": "personal_circumstances", **date_post("starts_on", days_ago(390))})
    record("decision-to-assess", {"decision": "assess", **date_post("decided_on", days_ago(370))}, "assessment")
    record("advice-requested", {"body": "ep", **date_post("requested_on", days_ago(368))})
    record("advice-requested", {"body": "health", **date_post("requested_on", days_ago(368))})
    advice = case.assessments.get().advice_requests.order_by("pk")
    record("advice-received", {"pick": str(advice[0].pk), **date_post("received_on", days_ago(330))})
    record("advice-received", date_post("received_on", days_ago(329)))  # only one left: no question
    record("decision-to-issue", {"decision": "issue", **date_post("decided_on", days_ago(320))}, "drafting")
    record("draft-plan", {"preferred_setting": "Oak Lane", **date_post("issued_on", days_ago(310))})
    record("draft-comments", date_post("received_on", days_ago(300)))
    record("consultation", {"setting_name": "Oak Lane Primary", "setting_urn": "123456",
                            **date_post("sent_on", days_ago(299))})
    record("consultation-response", {"response": "can_meet", **date_post("responded_on", days_ago(290))})
    record("final-plan", {"primary_need": "SLCN", "secondary_need": "ASD", "setting_urn": "123456",
                          "setting_name": "Oak Lane Primary", **date_post("issued_on", days_ago(280))}, "plan")
    record("annual-review", date_post("meeting_on", days_ago(60)))
    record("review-report", date_post("report_on", days_ago(55)))
    record("review-decision", {"outcome": "A", **date_post("decided_on", days_ago(40))})
    record("amendment-notice", date_post("issued_on", days_ago(39)))
    record("final-amended-plan", date_post("issued_on", days_ago(20)))
    record("phase-transfer", {"kind": "school", **date_post("transfer_on", days_ago(-200))})
    record("phase-transfer-final", {"next_setting_name": "Hill Secondary", **date_post("final_on", days_ago(5))})
    record("mediation", {"subject": "plan_content", **date_post("adviser_contacted_on", days_ago(15))})
    record("mediation-outcome", {"outcome": "certificate_only", **date_post("certificate_on", days_ago(14))})
    record("tribunal", {"subject": "plan_content", **date_post("registered_on", days_ago(10))})
    record("tribunal-outcome", {"outcome": "conceded", **date_post("outcome_on", days_ago(3))})
    record("cease", {"reason": "3", **date_post("ceased_on", days_ago(1))}, "ceased")

    titles = [entry.title for entry in client.get(case_url(case)).context["view"].timeline]
    assert titles[0] == "Plan ceased"
    assert "Final amended plan issued" in titles and "Tribunal appeal ended" in titles
    assert AuditEvent.objects.filter(actor=client.user).count() >= 24


def test_review_and_amendment_events_that_end_without_amending(client_for, authority):
    client = client_for("caseworker")
    case = make_plan_case(authority, by=None)
    review = make_review(case, by=None, meeting_days_ago=30)
    for event, data in [
        ("review-decision", {"outcome": "A", **date_post("decided_on", days_ago(20))}),
        ("amendment-notice", date_post("issued_on", days_ago(19))),
        ("decision-not-to-amend", date_post("decided_on", days_ago(2))),
    ]:
        assert client.post(event_url(case, event), data).status_code == 302, event
    review.refresh_from_db()
    assert review.decided_not_to_amend_on == days_ago(2)


def test_withdrawal_and_transfer_out_close_the_case(client_for, authority):
    client = client_for("caseworker")
    open_case = make_case(authority, by=None, received_days_ago=30)
    assert client.post(event_url(open_case, "withdrawal"), {"reason": "Moved away",
                                                            **date_post("withdrawn_on", days_ago(1))}).status_code == 302
    open_case.refresh_from_db()
    assert open_case.outcome == "W" and open_case.stage == "closed"
    plan_case = make_plan_case(authority, by=None)
    response = client.post(event_url(plan_case, "transfer-out"), {"to_code": "810", **date_post("transferred_on", days_ago(1))})
    assert response.context["form"].errors["to_code"] == ["Enter a different local authority from this one"]
    assert client.post(event_url(plan_case, "transfer-out"),
                       {"to_code": "886", **date_post("transferred_on", days_ago(1))}).status_code == 302
    assert plan_case.plans.get().transferred_out_to == "886"


def test_event_registry_covers_every_statutory_event():
    assert set(EVENT_FORMS) == {
        "decision-to-assess", "exception", "advice-requested", "advice-received", "decision-to-issue",
        "draft-plan", "draft-comments", "consultation", "consultation-response", "final-plan", "annual-review",
        "review-report", "review-decision", "amendment-notice", "final-amended-plan", "decision-not-to-amend",
        "phase-transfer", "phase-transfer-final", "cease", "transfer-out", "withdrawal", "mediation",
        "mediation-outcome", "tribunal", "tribunal-outcome",
        # re-assessment, appeals not opposed, orders (cases/forms_redress.py)
        "reassessment-request", "reassessment-own-decision", "reassessment-decision", "reassessment-exception",
        "reassessment-finished", "appeal-not-opposed", "appeal-not-opposed-step", "tribunal-order",
        "order-complied",
    }


# ---- a new request, a transfer in ------------------------------------------------------------


def test_new_request_page_is_shown_to_a_caseworker(client_for, authority):
    response = client_for("caseworker").get(reverse("cases:case_create", args=["810"]))
    assert response.status_code == 200
    assert "Record a request for an EHC needs assessment" in response.content.decode()


def test_a_new_request_records_the_child_and_the_case(client_for, authority):
    client = client_for("caseworker")
    response = client.post(reverse("cases:case_create", args=["810"]), {
        "forename": "Jamie", "surname": "Example", **date_post("date_of_birth", datetime.date(2016, 5, 4)),
        "sex": "F", "postcode": "hu1 2aa", "source": "2", "officer": str(client.user.pk),
        **date_post("received_on", days_ago(3)),
    })
    assert response.status_code == 302
    case = Request.objects.get(child__forename="Jamie")
    assert response.url == case_url(case)
    assert case.officer == client.user and case.received_on == days_ago(3) and case.source == 2
    assert case.child.postcode == "HU1 2AA" and case.local_authority == authority
    assert AuditEvent.objects.filter(object_type="cases.child", object_id=str(case.child.pk)).exists()


def test_a_new_request_with_no_answers_explains_what_to_enter(client_for, authority):
    response = client_for("caseworker").post(reverse("cases:case_create", args=["810"]), {})
    body = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in body
    assert "Enter the date the request was received" in body
    assert "Enter the date of birth" in body
    assert "Enter the first name" in body and "Enter the last name" in body


def test_a_new_request_refused_by_the_service_leaves_no_child_behind(client_for, authority):
    client = client_for("caseworker")
    response = client.post(reverse("cases:case_create", args=["810"]), {
        "forename": "Jamie", "surname": "Example", **date_post("date_of_birth", datetime.date(2016, 5, 4)),
        **date_post("received_on", days_ago(-5)),
    })
    assert response.status_code == 200
    assert response.context["form"].errors["received_on"] == [
        "The date the request was received must be today or in the past"]
    assert not Child.objects.filter(forename="Jamie").exists()


def test_a_new_request_for_a_child_already_recorded(client_for, authority):
    client = client_for("caseworker")
    first = make_case(authority, by=None)
    url = reverse("cases:case_create", args=["810"]) + f"?child={first.child.pk}"
    assert "forename" not in client.get(url).context["form"].fields
    assert client.post(url, date_post("received_on", days_ago(1))).status_code == 302
    assert first.child.requests.count() == 2


def test_a_new_request_cannot_name_a_child_of_another_authority(client_for, other_authority):
    kentish = make_case(other_authority, by=None)
    url = reverse("cases:case_create", args=["810"]) + f"?child={kentish.child.pk}"
    assert client_for("caseworker").get(url).status_code == 404


def test_new_request_page_access(client_for, authority):
    url = reverse("cases:case_create", args=["810"])
    assert client_for("caseworker").get(reverse("cases:case_create", args=["886"])).status_code == 404
    assert client_for("practitioner").get(url).status_code == 403
    assert Client().get(url).status_code == 302
    assert client_for("caseworker").delete(url).status_code == 405


def test_a_plan_transferred_in_starts_a_case_at_the_plan_stage(client_for, authority):
    client = client_for("caseworker")
    url = reverse("cases:case_transfer_in", args=["810"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"forename": "Sam", "surname": "Mover", **date_post("date_of_birth", datetime.date(2012, 1, 9)),
                                 "from_code": "810", "primary_need": "MLD", "setting_urn": "123456",
                                 **date_post("start_on", days_ago(500)), **date_post("transferred_on", days_ago(10))})
    assert response.context["form"].errors["from_code"] == ["Enter a different local authority from this one"]
    assert not Child.objects.filter(forename="Sam").exists()
    response = client.post(url, {"forename": "Sam", "surname": "Mover", **date_post("date_of_birth", datetime.date(2012, 1, 9)),
                                 "from_code": "886", "primary_need": "MLD", "setting_urn": "123456",
                                 **date_post("start_on", days_ago(500)), **date_post("transferred_on", days_ago(10))})
    assert response.status_code == 302
    case = Request.objects.get(child__forename="Sam")
    assert case.stage == "plan" and case.plans.get().transferred_in_from == "886"


# ---- assignment -------------------------------------------------------------------------------


def test_a_manager_reassigns_a_case_and_the_change_is_audited(client_for, authority, user_for):
    client = client_for("send_manager")
    before, after = user_for("caseworker"), user_for("caseworker")
    team = Team.objects.create(local_authority=authority, name="East")
    case = make_case(authority, by=None, officer=before)
    url = case_url(case, "cases:case_assign")
    assert client.get(url).status_code == 200
    response = client.post(url, {"officer": str(after.pk), "team": str(team.pk)})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.officer == after and case.team == team
    event = AuditEvent.objects.get(object_type="cases.request", object_id=str(case.pk), note="Case assigned")
    assert event.changes["officer_id"] == [before.pk, after.pk]
    assert event.actor == client.user


def test_assignment_needs_an_officer(client_for, authority):
    client = client_for("send_manager")
    case = make_case(authority, by=None)
    response = client.post(case_url(case, "cases:case_assign"), {"officer": ""})
    assert response.status_code == 200
    assert "Select the officer who will hold the case" in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()


def test_assignment_cannot_name_someone_outside_the_authority(client_for, authority, user_for, other_authority):
    client = client_for("send_manager")
    outsider = user_for("caseworker", other_authority)
    case = make_case(authority, by=None)
    response = client.post(case_url(case, "cases:case_assign"), {"officer": str(outsider.pk)})
    assert response.status_code == 200
    case.refresh_from_db()
    assert case.officer is None


def test_assignment_access(client_for, authority, other_authority):
    case = make_case(authority, by=None)
    kentish = make_case(other_authority, by=None)
    assert client_for("caseworker").get(case_url(case, "cases:case_assign")).status_code == 403
    assert client_for("send_manager").get(case_url(kentish, "cases:case_assign")).status_code == 404
    assert Client().get(case_url(case, "cases:case_assign")).status_code == 302
    assert client_for("send_manager").patch(case_url(case, "cases:case_assign")).status_code == 405
