"""The pages for re-assessment, appeals not opposed and tribunal orders: each event form (allowed,
other authority, anonymous, wrong method, invalid, success), the early-warning list of these
duties, and the case page's statuses for a superseded review."""

import pytest
from django.test import Client
from django.urls import reverse

from cases import services
from cases.models import Reassessment, TribunalAppeal, TribunalOrder, UnopposedAppeal
from cases.tests.test_views_support import (
    date_post,
    days_ago,
    make_case,
    make_plan_case,
    make_review,
)
from core.models import AuditEvent

pytestmark = pytest.mark.django_db


def event_url(case, event):
    return reverse("cases:case_event", args=[case.local_authority.code, case.pk, event])


def refused_and_appealed(authority, subject="refusal_to_assess"):
    case = make_case(authority, by=None, received_days_ago=60)
    services.record_decision_not_to_assess(case, decided_on=days_ago(40), by=None)
    appeal = services.record_tribunal_appeal(case, subject=subject, registered_on=days_ago(20), by=None)
    return case, appeal


def plan_with_appeal(authority):
    case = make_plan_case(authority, by=None)
    appeal = services.record_tribunal_appeal(case, subject="plan_content", registered_on=days_ago(20),
                                             plan=case.plans.get(), by=None)
    return case, appeal


def plan(authority):
    return make_plan_case(authority, by=None)


def asked_to_reassess(authority):
    case = plan(authority)
    services.request_reassessment(case.plans.get(), requested_by="parent", requested_on=days_ago(5), by=None)
    return case


def reassessing(authority):
    case = plan(authority)
    services.decide_to_reassess(case.plans.get(), decided_on=days_ago(10), by=None)
    return case


def not_opposed(authority):
    case, appeal = refused_and_appealed(authority)
    services.record_unopposed_appeal(appeal, notified_on=days_ago(10), by=None)
    return case


def ordered(authority):
    case, _ = plan_with_appeal(authority)
    services.record_tribunal_order(case, made_by="tribunal", kind="assess", made_on=days_ago(10), by=None)
    return case


# slug: (make the case, valid answers, the record written, its field and value)
EVENTS = {
    "reassessment-request": (plan, {"requested_by": "parent", **date_post("requested_on", days_ago(2))},
                             Reassessment, "requested_on", days_ago(2)),
    "reassessment-own-decision": (plan, date_post("decided_on", days_ago(2)), Reassessment, "decided_on",
                                  days_ago(2)),
    "reassessment-decision": (asked_to_reassess, {"decision": "Y", **date_post("decided_on", days_ago(1))},
                              Reassessment, "decision", "Y"),
    "reassessment-exception": (reassessing, {"reason": "personal_circumstances",
                                             **date_post("starts_on", days_ago(5))},
                               Reassessment, "exceptions__reason", "personal_circumstances"),
    "reassessment-finished": (reassessing, {"completion": "amended", **date_post("completed_on", days_ago(1))},
                              Reassessment, "completed_on", days_ago(1)),
    "appeal-not-opposed": (lambda a: refused_and_appealed(a)[0], date_post("notified_on", days_ago(1)),
                           UnopposedAppeal, "notified_on", days_ago(1)),
    "appeal-not-opposed-step": (not_opposed, {"step": "told_family", **date_post("done_on", days_ago(1))},
                                UnopposedAppeal, "told_family_on", days_ago(1)),
    "tribunal-order": (lambda a: plan_with_appeal(a)[0], {"made_by": "tribunal", "kind": "assess",
                                                          **date_post("made_on", days_ago(1))},
                       TribunalOrder, "made_on", days_ago(1)),
    "order-complied": (ordered, date_post("complied_on", days_ago(1)), TribunalOrder, "complied_on", days_ago(1)),
}
SLUGS = list(EVENTS)


@pytest.mark.parametrize("slug", SLUGS)
def test_the_event_page_is_offered_and_shown_where_it_applies(slug, client_for, authority):
    client = client_for("caseworker")
    case = EVENTS[slug][0](authority)
    offered = {form["slug"] for _, forms in client.get(reverse("cases:case_detail", args=["810", case.pk]))
               .context["events"] for form in forms}
    assert slug in offered
    response = client.get(event_url(case, slug))
    assert response.status_code == 200
    assert "govuk-form-group" in response.content.decode()


@pytest.mark.parametrize("slug", SLUGS)
def test_the_event_records_through_its_service_and_is_audited(slug, client_for, authority):
    make, answers, model, field, value = EVENTS[slug]
    client = client_for("caseworker")
    case = make(authority)
    before = AuditEvent.objects.count()
    response = client.post(event_url(case, slug), answers)
    assert response.status_code == 302, response.context and response.context["form"].errors
    assert model.objects.filter(**{field: value}).exists()
    assert AuditEvent.objects.filter(actor=client.user).count() >= 1
    assert AuditEvent.objects.count() > before


@pytest.mark.parametrize("slug", SLUGS)
def test_the_event_with_no_answers_shows_the_error_summary_and_writes_nothing(slug, client_for, authority):
    make, _, model, field, value = EVENTS[slug]
    client = client_for("caseworker")
    case = make(authority)
    before = AuditEvent.objects.count()
    response = client.post(event_url(case, slug), {})
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body and "<title>Error: " in body
    assert not model.objects.filter(**{field: value}).exists()
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("slug", SLUGS)
def test_the_event_of_another_authority_is_not_found(slug, client_for, other_authority):
    make, answers, model, field, value = EVENTS[slug]
    case = make(other_authority)
    assert client_for("caseworker").post(event_url(case, slug), answers).status_code == 404
    assert client_for("caseworker").get(reverse("cases:case_event", args=["810", case.pk, slug])).status_code == 404
    assert not model.objects.filter(**{field: value}).exists()


@pytest.mark.parametrize("slug", SLUGS)
def test_the_event_asks_an_anonymous_visitor_to_sign_in_and_answers_only_get_and_post(slug, client_for, authority):
    case = EVENTS[slug][0](authority)
    response = Client().get(event_url(case, slug))
    assert response.status_code == 302 and reverse("core:sign_in") in response.url
    assert client_for("caseworker").put(event_url(case, slug)).status_code == 405


def test_a_refusal_by_the_service_is_shown_beside_the_field(client_for, authority):
    client = client_for("caseworker")
    case = plan(authority)
    services.record_mediation(case, subject="plan_content", adviser_contacted_on=days_ago(30), by=None)
    response = client.post(event_url(case, "tribunal-order"), {"made_by": "tribunal", "kind": "not_appealable",
                                                               **date_post("made_on", days_ago(1))})
    assert response.context["form"].errors == {
        "made_by": ["Record the tribunal appeal before the tribunal's order"],
        "kind": ["Only a mediation agreement can be about matters that cannot be appealed"],
    }


def test_an_appeal_not_opposed_is_offered_only_for_the_subjects_reg_45_covers(client_for, authority):
    client = client_for("caseworker")
    case, appeal = refused_and_appealed(authority, subject="cease")
    assert client.get(event_url(case, "appeal-not-opposed")).context["unavailable"]
    appeal.subject = "refusal_to_assess"
    appeal.save(update_fields=["subject"])
    assert client.get(event_url(case, "appeal-not-opposed")).context["form"] is not None
    client.post(event_url(case, "appeal-not-opposed"), date_post("notified_on", days_ago(1)))
    assert TribunalAppeal.objects.get(pk=appeal.pk).outcome == "conceded"


# ---- the case page ------------------------------------------------------------------------------


def test_the_case_page_shows_an_overtaken_reviews_steps_as_superseded_not_missed(client_for, authority):
    client = client_for("caseworker")
    case = make_plan_case(authority, by=None, received_days_ago=800)
    make_review(case, by=None, meeting_days_ago=400)  # never reported on or decided
    make_review(case, by=None, meeting_days_ago=5)
    view = client.get(reverse("cases:case_detail", args=["810", case.pk])).context["view"]
    first = [row for row in view.deadlines if row.deadline.title.endswith("(annual review 1)")]
    assert {row.tag for row in first} == {"Superseded by a later review"}
    assert not any(row.deadline.title.endswith("(annual review 1)") for row in view.warnings)


def test_the_case_page_lists_redress_duties_in_a_bounded_number_of_queries(client_for, authority,
                                                                           django_assert_max_num_queries):
    client = client_for("caseworker")
    case = ordered(authority)
    services.decide_to_reassess(case.plans.get(), decided_on=days_ago(10), by=None)
    services.record_unopposed_appeal(case.tribunal_appeals.get(), notified_on=days_ago(3), by=None)
    with django_assert_max_num_queries(25):
        response = client.get(reverse("cases:case_detail", args=["810", case.pk]))
    titles = {row.deadline.title for row in response.context["view"].deadlines}
    assert {"Finish the re-assessment: issue the amended or replacement plan",
            "Carry out the assessment and issue the plan (tribunal order)",
            "Issue the amended plan (appeal not opposed)"} <= titles
    timeline = {entry.title for entry in response.context["view"].timeline}
    assert {"Local authority decided to re-assess the plan", "Tribunal order to carry out an EHC needs assessment",
            "Told the tribunal the appeal is not opposed"} <= timeline


# ---- early warning ------------------------------------------------------------------------------


def duties_url(code="810"):
    return reverse("cases:early_warning_duties", args=[code])


def test_early_warning_lists_reassessment_appeal_and_order_duties_due_soon_or_overdue(client_for, authority):
    asked_to_reassess(authority)  # decision due in 10 days
    not_opposed(authority)  # told the tribunal 10 days ago: the 2 weeks end in 4 days
    late = ordered(authority)
    TribunalOrder.objects.filter(request=late).update(made_on=days_ago(100))  # 14 weeks passed 2 days ago
    reassessing(authority)  # the 14 weeks are not due within 4 weeks: not listed
    response = client_for("caseworker").get(duties_url())
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [(row.title, row.due) for row in rows] == [
        ("Carry out the assessment and issue the plan (tribunal order)", days_ago(2)),
        ("Tell the family the assessment will go ahead (appeal not opposed)", days_ago(-4)),
        ("Tell the family whether the plan will be re-assessed", days_ago(-10)),
    ]
    body = response.content.decode()
    assert ">Overdue</strong>" in body and ">Due soon</strong>" in body
    assert "3 duties due" in body


def test_early_warning_duties_of_another_authority_are_not_found(client_for, other_authority):
    assert client_for("caseworker").get(duties_url("886")).status_code == 404


def test_early_warning_duties_ask_an_anonymous_visitor_to_sign_in_and_answer_only_get(client_for, authority):
    response = Client().get(duties_url())
    assert response.status_code == 302 and reverse("core:sign_in") in response.url
    assert client_for("caseworker").post(duties_url()).status_code == 405


def test_early_warning_duties_use_a_bounded_number_of_queries(client_for, authority, django_assert_max_num_queries):
    client = client_for("send_manager")
    for _ in range(3):
        asked_to_reassess(authority)
        not_opposed(authority)
        ordered(authority)
    # session and user 2, session save 3, authority and roles 2, then 4 lists for the page
    with django_assert_max_num_queries(12):
        response = client.get(duties_url())
    assert len(response.context["rows"]) == 6  # the orders are not due within 4 weeks
