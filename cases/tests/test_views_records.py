"""Correcting a case's records: a child's details, removing a time-limit exception, the setting
named in a plan, and assigning a case to a team alone."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from cases import services
from cases.models import Team
from cases.tests.test_views_support import date_post, days_ago, make_case, make_plan_case
from core.models import AuditEvent

pytestmark = pytest.mark.django_db


def case_url(case, name, *extra):
    return reverse(f"cases:{name}", args=[case.local_authority.code, case.pk, *extra])


def child_post(**changes) -> dict:
    data = {"forename": "Robin", "surname": "Sample", **date_post("date_of_birth", datetime.date(2015, 3, 1)),
            "sex": "F", "ethnicity": "", "postcode": "HU1 2AA", "upn": "", "uln": "", "upn_unknown": ""}
    return {**data, **changes}


def audits_of(obj, action="update"):
    return AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk), action=action)


# ---- a child's details ------------------------------------------------------------------------


def test_the_child_form_is_filled_in_from_the_record(client_for, authority):
    client = client_for("caseworker")
    case = make_case(authority, by=None, forename="Robin")
    response = client.get(case_url(case, "child_edit"))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'value="Robin"' in body and 'value="Testchild"' in body
    assert 'name="date_of_birth_year" value="2015"' in body


def test_the_case_page_links_to_the_child_form_for_those_who_edit_casework(client_for, authority):
    case = make_case(authority, by=None)
    link = case_url(case, "child_edit")
    assert link in client_for("caseworker").get(case_url(case, "case_detail")).content.decode()
    assert link not in client_for("practitioner").get(case_url(case, "case_detail")).content.decode()


def test_correcting_a_childs_details_saves_them_and_audits_before_and_after(client_for, authority):
    client = client_for("caseworker")
    case = make_case(authority, by=None, forename="Robyn")
    response = client.post(case_url(case, "child_edit"),
                           child_post(postcode="hu1 2aa", upn="A123456789012", ethnicity="WBRI"))
    assert response.status_code == 302 and response.url == case_url(case, "case_detail")
    child = case.child
    child.refresh_from_db()
    assert (child.forename, child.surname, child.postcode, child.upn, child.sex, child.ethnicity) == (
        "Robin", "Sample", "HU1 2AA", "A123456789012", "F", "WBRI")
    event = audits_of(child).get()
    assert event.changes["forename"] == ["Robyn", "Robin"]
    assert event.changes["upn"] == ["", "A123456789012"]
    assert "date_of_birth" not in event.changes  # unchanged fields are not recorded
    assert event.actor == client.user


def test_saving_unchanged_details_writes_no_audit_event(client_for, authority):
    client = client_for("caseworker")
    case = make_case(authority, by=None, forename="Robin", surname="Sample")
    child = case.child
    services.update_child(child, sex="F", postcode="HU1 2AA", by=None)
    before = audits_of(child).count()
    assert client.post(case_url(case, "child_edit"), child_post()).status_code == 302
    assert audits_of(child).count() == before


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"forename": ""}, "forename", "Enter the first name"),
    ({"date_of_birth_year": ""}, "date_of_birth", "The date of birth must include a year"),
    ({"upn": "12345"}, "upn", "Enter a UPN of 13 characters"),
    ({"uln": "12AB"}, "uln", "Enter a ULN of 10 numbers"),
    ({"postcode": "ZZ"}, "postcode", "Enter a real postcode, like HU1 2AA"),
    # too long for the field: the same message, not Django's "Ensure this value has at most ..."
    ({"postcode": "NOT A CODE"}, "postcode", "Enter a real postcode, like HU1 2AA"),
    ({"upn": "A12345678901234"}, "upn", "Enter a UPN of 13 characters"),
    ({"uln": "12345678901"}, "uln", "Enter a ULN of 10 numbers"),
])
def test_an_invalid_childs_details_show_the_error_summary_and_change_nothing(client_for, authority, changes,
                                                                           field, message):
    client = client_for("caseworker")
    case = make_case(authority, by=None, forename="Robin")
    response = client.post(case_url(case, "child_edit"), child_post(**changes))
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body and message in body
    assert f'href="#id_{field}' in body  # the summary links to the field
    assert "<title>Error: " in body
    case.child.refresh_from_db()
    assert case.child.surname == "Testchild"


def test_a_date_of_birth_in_the_future_is_refused_by_the_service(client_for, authority):
    client = client_for("caseworker")
    case = make_case(authority, by=None)
    response = client.post(case_url(case, "child_edit"),
                           child_post(**date_post("date_of_birth", days_ago(-3))))
    assert response.status_code == 200
    assert "The date of birth must be today or in the past" in response.content.decode()


def test_a_upn_already_recorded_for_another_child_is_refused(client_for, authority):
    client = client_for("caseworker")
    other = make_case(authority, by=None)
    services.update_child(other.child, upn="A123456789012", by=None)
    case = make_case(authority, by=None)
    response = client.post(case_url(case, "child_edit"), child_post(upn="A123456789012"))
    assert "A child or young person with this UPN is already recorded" in response.content.decode()
    case.child.refresh_from_db()
    assert case.child.upn == ""


def test_child_form_access(client_for, authority, other_authority):
    case = make_case(authority, by=None)
    kentish = make_case(other_authority, by=None)
    assert client_for("practitioner").get(case_url(case, "child_edit")).status_code == 403
    assert client_for("caseworker").get(case_url(kentish, "child_edit")).status_code == 404
    # another authority's case under our own code is not found either
    assert client_for("caseworker").get(
        reverse("cases:child_edit", args=[authority.code, kentish.pk])).status_code == 404
    response = Client().get(case_url(case, "child_edit"))
    assert response.status_code == 302 and reverse("core:sign_in") in response.url
    assert client_for("caseworker").put(case_url(case, "child_edit")).status_code == 405


# ---- removing a time-limit exception ----------------------------------------------------------

WHY = {"note": "Recorded on the wrong case"}


def case_with_exception(authority, *, received_days_ago=150):
    case = make_case(authority, by=None, received_days_ago=received_days_ago)
    services.record_decision_to_assess(case, decided_on=days_ago(received_days_ago - 30), by=None)
    exception = services.record_exception(case, reason="personal_circumstances", starts_on=days_ago(received_days_ago - 40),
                                          note="Family abroad", by=None)
    case.refresh_from_db()
    return case, exception


def test_the_case_page_lists_exceptions_with_a_link_to_remove_each(client_for, authority):
    client = client_for("caseworker")
    case, exception = case_with_exception(authority)
    body = client.get(case_url(case, "case_detail")).content.decode()
    assert "Exceptions to the time limits" in body
    assert case_url(case, "exception_remove", exception.pk) in body


def test_the_removal_page_asks_for_confirmation_and_warns_the_limits_apply_again(client_for, authority):
    client = client_for("caseworker")
    case, exception = case_with_exception(authority)
    response = client.get(case_url(case, "exception_remove", exception.pk))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Are you sure you want to remove this exception?" in body
    assert "The 16 and 20-week time limits will apply to this case again" in body
    assert exception.__class__.objects.filter(pk=exception.pk).exists()  # a GET removes nothing


def test_removing_the_only_exception_turns_the_20_week_limit_back_on(client_for, authority):
    client = client_for("caseworker")
    case, exception = case_with_exception(authority)
    assessment = case.assessments.get()
    assert assessment.week20 is True
    response = client.post(case_url(case, "exception_remove", exception.pk), WHY, follow=True)
    assert response.redirect_chain[-1][0] == case_url(case, "case_detail")
    assert "the 16 and 20-week time limits apply to this case again" in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.week20 is False
    assert not case.exceptions.exists()
    deleted = audits_of(exception, "delete").get()
    assert deleted.actor == client.user and deleted.changes["reason"] == ["personal_circumstances", None]
    flag = audits_of(assessment).order_by("-pk").first()  # the latest change to the flag
    assert flag.changes["week20"] == [True, False]


def test_the_timeline_shows_the_exception_was_removed(client_for, authority):
    client = client_for("caseworker")
    case, exception = case_with_exception(authority)
    client.post(case_url(case, "exception_remove", exception.pk), WHY)
    response = client.get(case_url(case, "case_detail"))
    titles = [entry.title for entry in response.context["view"].timeline]
    assert "Exception: Exceptional personal circumstances" not in titles
    removed = next(e for e in response.context["view"].timeline if e.title.startswith("Exception removed"))
    assert removed.title == "Exception removed: Exceptional personal circumstances"
    assert removed.on == days_ago(0)
    started = days_ago(110)  # as case_with_exception records it
    assert removed.detail == (f"Recorded on the wrong case. It was recorded as starting on "
                              f"{started.day} {started:%B %Y}")
    assert "Exception removed" in response.content.decode()
    assert "Recorded on the wrong case. It was recorded as starting on" in response.content.decode()
    # only this case's removals: another case's timeline does not show it
    other, _ = case_with_exception(authority)
    other_titles = [e.title for e in client.get(case_url(other, "case_detail")).context["view"].timeline]
    assert not any(title.startswith("Exception removed") for title in other_titles)


def test_the_removal_page_asks_why_the_exception_no_longer_applies(client_for, authority):
    client = client_for("caseworker")
    case, exception = case_with_exception(authority)
    body = client.get(case_url(case, "exception_remove", exception.pk)).content.decode()
    assert "Why does this exception no longer apply?" in body
    assert '<textarea name="note"' in body


@pytest.mark.parametrize(
    ("note", "message"),
    [("", "Enter why the exception no longer applies"),
     ("x" * 301, "Why the exception no longer applies must be 300 characters or fewer")],
)
def test_removing_without_saying_why_shows_the_error_and_keeps_the_exception(client_for, authority, note,
                                                                             message):
    client = client_for("caseworker")
    case, exception = case_with_exception(authority)
    response = client.post(case_url(case, "exception_remove", exception.pk), {"note": note})
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body and message in body
    assert "<title>Error: " in body
    assert case.exceptions.filter(pk=exception.pk).exists()
    assert case.assessments.get().week20 is True
    assert not AuditEvent.objects.filter(object_type="cases.timelimitexception", action="delete").exists()


def test_the_reason_for_removing_is_kept_in_the_audit_trail(client_for, authority):
    client = client_for("caseworker")
    case, exception = case_with_exception(authority)
    removed_pk = exception.pk
    client.post(case_url(case, "exception_remove", exception.pk), {"note": "  Family were not abroad  "})
    deleted = AuditEvent.objects.get(object_type="cases.timelimitexception", object_id=str(removed_pk),
                                     action="delete")
    assert (deleted.note, deleted.actor) == ("Family were not abroad", client.user)


def test_removing_one_of_two_exceptions_leaves_the_limit_switched_off(client_for, authority):
    client = client_for("caseworker")
    case, exception = case_with_exception(authority)
    services.record_exception(case, reason="school_closure", starts_on=days_ago(100), by=None)
    body = client.get(case_url(case, "exception_remove", exception.pk)).content.decode()
    assert "Another exception on this case still switches" in body
    client.post(case_url(case, "exception_remove", exception.pk), WHY)
    assert case.assessments.get().week20 is True


def test_removing_a_reassessments_exception_speaks_of_its_14_weeks_and_leaves_the_flag(client_for, authority):
    client = client_for("caseworker")
    case = make_plan_case(authority, by=None)
    plan = case.plans.get()
    reassessment = services.decide_to_reassess(plan, decided_on=days_ago(20), by=None)
    exception = services.record_exception(case, reason="personal_circumstances", starts_on=days_ago(10),
                                          reassessment=reassessment, by=None)
    body = client.get(case_url(case, "exception_remove", exception.pk)).content.decode()
    assert "The 14-week time limit of the re-assessment will apply to this case again" in body
    response = client.post(case_url(case, "exception_remove", exception.pk), WHY, follow=True)
    assert "the 14-week time limit of the re-assessment applies to this case again" in response.content.decode()
    assert not case.exceptions.exists()
    assert case.assessments.get().week20 is False


def test_removing_an_exception_recomputes_the_next_deadline(client_for, authority):
    client = client_for("caseworker")
    case = make_case(authority, by=None, received_days_ago=30)
    services.record_decision_to_assess(case, decided_on=days_ago(20), by=None)
    exception = services.record_exception(case, reason="personal_circumstances", starts_on=days_ago(10), by=None)
    case.refresh_from_db()
    with_exception = (case.next_deadline_on, case.next_deadline_label)
    client.post(case_url(case, "exception_remove", exception.pk), WHY)
    case.refresh_from_db()
    assert (case.next_deadline_on, case.next_deadline_label) != with_exception
    assert case.next_deadline_on <= case.received_on + datetime.timedelta(days=140)


def test_exception_removal_access(client_for, authority, other_authority):
    case, exception = case_with_exception(authority)
    kentish, theirs = case_with_exception(other_authority)
    url = case_url(case, "exception_remove", exception.pk)
    assert client_for("practitioner").post(url).status_code == 403
    assert client_for("caseworker").post(case_url(kentish, "exception_remove", theirs.pk)).status_code == 404
    # another case's exception through this case's address is not found
    other, elsewhere = case_with_exception(authority)
    assert client_for("caseworker").get(case_url(case, "exception_remove", elsewhere.pk)).status_code == 404
    response = Client().post(url)
    assert response.status_code == 302 and reverse("core:sign_in") in response.url
    assert client_for("caseworker").delete(url).status_code == 405
    assert case.exceptions.exists() and kentish.exceptions.exists()


# ---- the setting named in a plan --------------------------------------------------------------


def setting_post(**values) -> dict:
    return {"setting_urn": "", "setting_ukprn": "", "setting_code": "", "setting_name": "", **values}


def test_the_case_page_links_to_the_setting_form_while_the_plan_is_in_force(client_for, authority):
    client = client_for("caseworker")
    case = make_plan_case(authority, by=None)
    assert case_url(case, "plan_setting_change") in client.get(case_url(case, "case_detail")).content.decode()


def test_the_setting_form_shows_the_current_setting(client_for, authority):
    case = make_plan_case(authority, by=None, setting_name="Oak Lane Primary", setting_urn="123456")
    body = client_for("caseworker").get(case_url(case, "plan_setting_change")).content.decode()
    assert "Oak Lane Primary" in body and 'value="123456"' in body


def test_changing_the_named_setting_saves_it_and_audits_before_and_after(client_for, authority):
    client = client_for("caseworker")
    case = make_plan_case(authority, by=None, setting_name="Oak Lane Primary", setting_urn="123456")
    response = client.post(case_url(case, "plan_setting_change"),
                           setting_post(setting_urn="654321", setting_name="Elm Street Academy"))
    assert response.status_code == 302
    plan = case.plans.get()
    assert (plan.setting_urn, plan.setting_name) == ("654321", "Elm Street Academy")
    event = audits_of(plan).filter(changes__has_key="setting_urn").get()
    assert event.changes["setting_urn"] == ["123456", "654321"]
    assert event.actor == client.user


@pytest.mark.parametrize(("values", "message"), [
    ({}, "Enter the URN, the UKPRN or the type of the setting named in the plan"),
    ({"setting_urn": "12"}, "Enter a URN of 6 numbers"),
    ({"setting_urn": "123456", "setting_code": "EHE"}, "Enter a URN, a UKPRN or a type of setting, not more than one"),
])
def test_an_invalid_setting_shows_the_error_summary_and_changes_nothing(client_for, authority, values, message):
    client = client_for("caseworker")
    case = make_plan_case(authority, by=None, setting_urn="123456")
    response = client.post(case_url(case, "plan_setting_change"), setting_post(**values))
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body and message in body
    assert case.plans.get().setting_urn == "123456"


def test_a_ceased_plans_setting_cannot_be_changed(client_for, authority):
    client = client_for("caseworker")
    case = make_plan_case(authority, by=None)
    services.cease_plan(case.plans.get(), ceased_on=days_ago(5), reason=3, by=None)
    response = client.post(case_url(case, "plan_setting_change"), setting_post(setting_urn="654321"))
    assert response.status_code == 200
    assert "this plan ceased on" in response.content.decode()
    assert case.plans.get().setting_urn == "123456"
    assert case_url(case, "plan_setting_change") not in client.get(case_url(case, "case_detail")).content.decode()


def test_a_case_without_a_plan_has_no_setting_to_change(client_for, authority):
    case = make_case(authority, by=None)
    assert client_for("caseworker").get(case_url(case, "plan_setting_change")).status_code == 404


def test_setting_form_access(client_for, authority, other_authority):
    case = make_plan_case(authority, by=None)
    kentish = make_plan_case(other_authority, by=None)
    url = case_url(case, "plan_setting_change")
    assert client_for("practitioner").get(url).status_code == 403
    assert client_for("caseworker").get(case_url(kentish, "plan_setting_change")).status_code == 404
    response = Client().get(url)
    assert response.status_code == 302 and reverse("core:sign_in") in response.url
    assert client_for("caseworker").patch(url).status_code == 405


# ---- assigning a case to a team alone ---------------------------------------------------------


def test_a_manager_assigns_a_case_to_a_team_with_no_officer_yet(client_for, authority, user_for):
    client = client_for("send_manager")
    before = user_for("caseworker")
    team = Team.objects.create(local_authority=authority, name="West")
    case = make_case(authority, by=None, officer=before)
    response = client.post(case_url(case, "case_assign"), {"officer": "", "team": str(team.pk)})
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.officer, case.team) == (None, team)
    event = audits_of(case).get(note="Case assigned")
    assert event.changes["officer_id"] == [before.pk, None]
    assert event.changes["team_id"] == [None, team.pk]


def test_assignment_needs_an_officer_or_a_team_when_there_are_teams(client_for, authority):
    client = client_for("send_manager")
    Team.objects.create(local_authority=authority, name="West")
    case = make_case(authority, by=None)
    response = client.post(case_url(case, "case_assign"), {"officer": "", "team": ""})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Select the officer who will hold the case, or a team" in body and "govuk-error-summary" in body
