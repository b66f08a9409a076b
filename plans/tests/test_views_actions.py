"""Action pages: the action page, adding and changing actions and sections, status updates (a
contributor updates only their own actions), sources, linked indicators and evidence files."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import AuditEvent
from plans import dates, services
from plans.models import Action, Evidence, IndicatorLink, Section, StatusUpdate

from .ui_helpers import TODAY, build_plan, signed_in


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch, settings, tmp_path):
    monkeypatch.setattr("plans.views.today", lambda: TODAY)
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def lead(user_for):
    return user_for("plan_contributor", full_name="Priya Lead")


@pytest.fixture
def built(authority, lead):
    return build_plan(authority, lead=lead)


@pytest.fixture
def kent(other_authority):
    return build_plan(other_authority, title="Kent SEND plan")


@pytest.fixture
def indicator(db):
    from indicators.models import Indicator

    return Indicator.objects.create(code="ehcp-20-weeks", title="EHC plans issued within 20 weeks")


# ---- the action page ------------------------------------------------------------------------


def test_the_action_page_shows_the_summary_and_the_update_history(client_for, built):
    response = client_for("board_member").get(reverse("plans:action_detail", args=[built.a11.pk]))
    assert response.status_code == 200
    text = response.text
    assert "Co-produce a communication strategy" in text
    assert "January 2024" in text and "June 2025" in text
    assert "Priya Lead" in text
    assert "Draft agreed with the forum" in text
    assert "On track, no concerns" in text


def test_the_update_history_keeps_every_update_newest_first(client_for, built):
    off = built.plan.status_options.get(code="off_track")
    services.submit_status_update(built.a11, status=off, by=None, commentary="Forum chair has left",
                                  reported_on=datetime.date(2025, 1, 10))
    text = client_for("board_member").get(reverse("plans:action_detail", args=[built.a11.pk])).text
    history = text[text.index("Update history"):]
    assert history.index("Forum chair has left") < history.index("Draft agreed with the forum")


def test_the_action_page_shows_the_flags(client_for, built):
    text = client_for("board_member").get(reverse("plans:action_detail", args=[built.a21.pk])).text
    assert "Past due and not complete" in text
    assert "was due 31 December 2024" in text


def test_the_action_page_shows_linked_indicator_trends(client_for, built, indicator, monkeypatch):
    services.link_indicator(built.a11, indicator=indicator, target=65.0, target_note="By March 2026", by=None)
    summary = {"latest_period": "2024", "latest_value": 48.2, "unit": "%", "target": 60.0, "rag": "red",
               "off_trajectory": True, "trend": [("2022", 52.0), ("2023", 50.1), ("2024", 48.2)]}
    monkeypatch.setattr("indicators.queries.indicator_summary", lambda ind, la: summary)
    text = client_for("board_member").get(reverse("plans:action_detail", args=[built.a11.pk])).text
    assert "EHC plans issued within 20 weeks" in text
    assert "48.2% (2024)" in text
    assert "65.0 for this action: By March 2026" in text
    assert "2023: 50.1" in text
    assert "Linked indicator off trajectory" in text


def test_another_authoritys_action_is_not_found(client_for, kent):
    assert client_for("send_manager").get(reverse("plans:action_detail", args=[kent.a11.pk])).status_code == 404


def test_the_action_page_sends_anonymous_people_to_sign_in(client, built):
    assert client.get(reverse("plans:action_detail", args=[built.a11.pk])).status_code == 302


def test_the_action_page_refuses_post(client_for, built):
    assert client_for("send_manager").post(reverse("plans:action_detail", args=[built.a11.pk])).status_code == 405


def test_only_leads_and_managers_are_offered_the_update_button(client_for, built, lead):
    update_url = reverse("plans:update_create", args=[built.a11.pk])
    assert update_url in signed_in(lead).get(reverse("plans:action_detail", args=[built.a11.pk])).text
    assert update_url in client_for("send_manager").get(reverse("plans:action_detail", args=[built.a11.pk])).text
    assert update_url not in client_for("board_member").get(reverse("plans:action_detail", args=[built.a11.pk])).text
    other = client_for("plan_contributor")
    assert update_url not in other.get(reverse("plans:action_detail", args=[built.a11.pk])).text


# ---- status updates -------------------------------------------------------------------------


def update_form(**overrides):
    data = {"status": "some_concerns", "commentary": "Two schools have not replied",
            "next_steps": "Chase at the SENCO forum", "risks_and_issues": "Summer term",
            "cycle": "", "evidence_title": "", "evidence_url": ""}
    data.update(overrides)
    return data


def test_a_lead_submits_an_update_on_their_own_action(built, lead):
    response = signed_in(lead).post(reverse("plans:update_create", args=[built.a11.pk]),
                                    update_form(cycle=str(built.cycle.pk)))
    assert response.status_code == 302
    update = StatusUpdate.objects.filter(action=built.a11).order_by("-id").first()
    assert update.status.code == "some_concerns"
    assert update.submitted_by == lead
    assert update.reported_on == TODAY
    assert update.cycle == built.cycle
    assert StatusUpdate.objects.filter(action=built.a11).count() == 2  # the earlier one is kept
    built.a11.refresh_from_db()
    assert built.a11.status.code == "some_concerns"
    assert AuditEvent.objects.filter(object_type="plans.statusupdate", object_id=str(update.pk)).exists()


def test_a_lead_attaches_an_evidence_file_that_only_the_partnership_can_download(built, lead, client_for, kent):
    upload = SimpleUploadedFile("attendance.csv", b"school,attended\nA,12\n", content_type="text/csv")
    response = signed_in(lead).post(reverse("plans:update_create", args=[built.a11.pk]),
                                    update_form(evidence_title="Attendance", evidence_file=upload))
    assert response.status_code == 302
    evidence = Evidence.objects.get(update__action=built.a11)
    url = reverse("plans:evidence_download", args=[evidence.pk])
    download = client_for("board_member").get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"school,attended\nA,12\n"
    assert client_for("board_member", kent.plan.local_authority).get(url).status_code == 404
    assert signed_in(lead).post(url).status_code == 405


def test_a_lead_may_give_a_link_as_evidence(built, lead, client_for):
    signed_in(lead).post(reverse("plans:update_create", args=[built.a11.pk]),
                         update_form(evidence_title="Minutes", evidence_url="https://example.org/minutes"))
    evidence = Evidence.objects.get(update__action=built.a11)
    assert evidence.url == "https://example.org/minutes"
    text = client_for("board_member").get(reverse("plans:action_detail", args=[built.a11.pk])).text
    assert 'href="https://example.org/minutes"' in text


def test_an_off_track_update_needs_commentary(built, lead):
    response = signed_in(lead).post(reverse("plans:update_create", args=[built.a11.pk]),
                                    update_form(status="off_track", commentary=""))
    assert response.status_code == 200
    assert "govuk-error-summary" in response.text
    assert "Enter commentary explaining why the action is off track" in response.text
    assert StatusUpdate.objects.filter(action=built.a11).count() == 1


def test_an_update_needs_a_status(built, lead):
    response = signed_in(lead).post(reverse("plans:update_create", args=[built.a11.pk]), update_form(status=""))
    assert "Select the action&#x27;s status" in response.text or "Select the action's status" in response.text
    assert "<title>Error: " in response.text


def test_evidence_with_a_title_needs_a_file_or_link(built, lead):
    response = signed_in(lead).post(reverse("plans:update_create", args=[built.a11.pk]),
                                    update_form(evidence_title="Minutes"))
    assert "Attach a file or enter a link for the evidence" in response.text


def test_a_contributor_may_not_update_an_action_they_do_not_lead(built, lead):
    url = reverse("plans:update_create", args=[built.a21.pk])
    assert signed_in(lead).get(url).status_code == 403
    assert signed_in(lead).post(url, update_form()).status_code == 403
    assert not StatusUpdate.objects.filter(action=built.a21).exists()


def test_a_board_member_may_only_read(client_for, built):
    client = client_for("board_member")
    assert client.get(reverse("plans:update_create", args=[built.a11.pk])).status_code == 403
    assert client.post(reverse("plans:update_create", args=[built.a11.pk]), update_form()).status_code == 403
    assert client.get(reverse("plans:action_edit", args=[built.a11.pk])).status_code == 403


def test_a_manager_may_update_any_action(client_for, built):
    response = client_for("send_manager").post(reverse("plans:update_create", args=[built.a21.pk]), update_form())
    assert response.status_code == 302
    assert StatusUpdate.objects.filter(action=built.a21).count() == 1


def test_updating_another_authoritys_action_is_not_found(client_for, kent):
    assert client_for("send_manager").get(reverse("plans:update_create", args=[kent.a11.pk])).status_code == 404


def test_the_update_page_sends_anonymous_people_to_sign_in(client, built):
    assert client.get(reverse("plans:update_create", args=[built.a11.pk])).status_code == 302


def test_the_update_page_refuses_delete(built, lead):
    assert signed_in(lead).delete(reverse("plans:update_create", args=[built.a11.pk])).status_code == 405


# ---- adding and changing actions ------------------------------------------------------------


def action_form(built, **overrides):
    data = {"section": str(built.p2.pk), "parent": "", "code": "2.3", "title": "Publish the SEND toolkit",
            "intended_outcomes": "Schools know what to provide", "impact_measures": "",
            "start_day": "", "start_month": "3", "start_year": "2025",
            "due_day": "30", "due_month": "9", "due_year": "2025",
            "strategic_lead_user": "", "strategic_lead_name": "Head of Inclusion",
            "strategic_lead_organisation": "Hull City Council",
            "delivery_leads_other": "SEND Information Officer, Hull City Council\nSENCO network lead, Learning Partnership"}
    data.update(overrides)
    return data


def test_a_manager_adds_an_action_with_a_month_precision_start_and_leads(client_for, built):
    response = client_for("send_manager").post(reverse("plans:action_create", args=[built.plan.pk]),
                                               action_form(built))
    action = Action.objects.get(code="2.3")
    assert response["Location"] == reverse("plans:action_detail", args=[action.pk])
    assert (action.start_on, action.start_precision) == (datetime.date(2025, 3, 1), dates.MONTH)
    assert (action.due_on, action.due_precision) == (datetime.date(2025, 9, 30), dates.DAY)
    leads = sorted((lead.kind, lead.name, lead.organisation) for lead in action.leads.all())
    assert leads == [("delivery", "SENCO network lead", "Learning Partnership"),
                     ("delivery", "SEND Information Officer", "Hull City Council"),
                     ("strategic", "Head of Inclusion", "Hull City Council")]


def test_a_due_date_can_be_to_be_confirmed(client_for, built):
    client_for("send_manager").post(reverse("plans:action_create", args=[built.plan.pk]), action_form(
        built, due_day="", due_month="", due_year="", due_tbc="on"))
    action = Action.objects.get(code="2.3")
    assert (action.due_on, action.due_precision) == (None, dates.TBC)


def test_an_action_needs_a_title_and_a_real_due_date(client_for, built):
    response = client_for("send_manager").post(reverse("plans:action_create", args=[built.plan.pk]),
                                               action_form(built, title="", due_month="13"))
    assert "Enter what will be done" in response.text
    assert "The due date must be a real date" in response.text
    assert not Action.objects.filter(code="2.3").exists()


def test_a_due_date_before_the_start_is_refused(client_for, built):
    response = client_for("send_manager").post(reverse("plans:action_create", args=[built.plan.pk]),
                                               action_form(built, due_year="2024"))
    assert "The due date must be the same as or after the start date" in response.text


def test_a_contributor_may_not_add_actions(client_for, built):
    assert client_for("plan_contributor").get(reverse("plans:action_create", args=[built.plan.pk])).status_code == 403


def test_adding_an_action_to_another_authoritys_plan_is_not_found(client_for, kent):
    assert client_for("send_manager").get(reverse("plans:action_create", args=[kent.plan.pk])).status_code == 404


def test_the_add_action_page_sends_anonymous_people_to_sign_in(client, built):
    assert client.get(reverse("plans:action_create", args=[built.plan.pk])).status_code == 302


def test_a_manager_changes_an_action_and_the_form_shows_month_precision(client_for, built):
    client = client_for("send_manager")
    url = reverse("plans:action_edit", args=[built.a11.pk])
    page = client.get(url).text
    assert 'name="start_month" value="1"' in page and 'name="start_day" inputmode' in page
    response = client.post(url, action_form(built, section=str(built.objective.pk), code="1.1",
                                            title="Co-produce and publish a communication strategy"))
    assert response.status_code == 302
    built.a11.refresh_from_db()
    assert built.a11.title == "Co-produce and publish a communication strategy"


def test_changing_another_authoritys_action_is_not_found(client_for, kent):
    assert client_for("send_manager").get(reverse("plans:action_edit", args=[kent.a11.pk])).status_code == 404


def test_the_change_action_page_refuses_put(client_for, built):
    assert client_for("send_manager").put(reverse("plans:action_edit", args=[built.a11.pk])).status_code == 405


# ---- sections -------------------------------------------------------------------------------


def test_a_manager_adds_an_objective_under_a_priority(client_for, built):
    response = client_for("send_manager").post(reverse("plans:section_create", args=[built.plan.pk]), {
        "parent": str(built.p2.pk), "code": "B", "title": "Early years", "description": "", "lead_name": "",
        "lead_user": ""})
    assert response.status_code == 302
    section = Section.objects.get(code="B")
    assert section.parent == built.p2 and section.level == 2


def test_a_section_needs_a_title(client_for, built):
    response = client_for("send_manager").post(reverse("plans:section_create", args=[built.plan.pk]), {
        "parent": "", "code": "3", "title": ""})
    assert "Enter the title" in response.text and "govuk-error-summary" in response.text


def test_a_manager_changes_a_section_lead(client_for, built, lead):
    response = client_for("send_manager").post(reverse("plans:section_edit", args=[built.p2.pk]), {
        "parent": "", "code": "2", "title": "Identify need early", "lead_user": str(lead.pk)})
    assert response.status_code == 302
    built.p2.refresh_from_db()
    assert built.p2.lead_user == lead


def test_sections_of_another_authority_are_not_found(client_for, kent):
    assert client_for("send_manager").get(reverse("plans:section_edit", args=[kent.p1.pk])).status_code == 404
    assert client_for("send_manager").get(reverse("plans:section_create", args=[kent.plan.pk])).status_code == 404


def test_a_board_member_may_not_add_sections(client_for, built):
    assert client_for("board_member").get(reverse("plans:section_create", args=[built.plan.pk])).status_code == 403


def test_the_section_pages_send_anonymous_people_to_sign_in_and_refuse_put(client, client_for, built):
    assert client.get(reverse("plans:section_edit", args=[built.p1.pk])).status_code == 302
    assert client_for("send_manager").put(reverse("plans:section_create", args=[built.plan.pk])).status_code == 405


# ---- sources and indicators -----------------------------------------------------------------


def test_a_manager_links_an_action_to_an_area_for_improvement(client_for, built, authority):
    inspection = services.record_inspection(local_authority=authority, title="Area SEND inspection, November 2023",
                                            by=None, findings=[("afi", 1, "Strengthen transition")],
                                            plans=[built.plan])
    finding = inspection.findings.get()
    url = reverse("plans:action_sources", args=[built.a21.pk])
    client = client_for("send_manager")
    assert "AFI1: Strengthen transition" in client.get(url).text
    response = client.post(url, {"findings": [str(finding.pk)], "kinds": ["dbv"], "reference": "DBV 2"})
    assert response.status_code == 302
    assert sorted(str(s) for s in built.a21.sources.all()) == ["AFI1", "DBV 2"]


def test_an_unknown_finding_is_refused(client_for, built):
    response = client_for("send_manager").post(reverse("plans:action_sources", args=[built.a21.pk]),
                                               {"findings": ["999999"]})
    assert "govuk-error-summary" in response.text
    assert not built.a21.sources.exists()


def test_sources_of_another_authoritys_action_are_not_found(client_for, kent):
    assert client_for("send_manager").get(reverse("plans:action_sources", args=[kent.a11.pk])).status_code == 404


def test_a_contributor_may_not_change_sources(built, lead):
    assert signed_in(lead).get(reverse("plans:action_sources", args=[built.a11.pk])).status_code == 403


def test_the_sources_page_sends_anonymous_people_to_sign_in_and_refuses_put(client, client_for, built):
    assert client.get(reverse("plans:action_sources", args=[built.a11.pk])).status_code == 302
    assert client_for("send_manager").put(reverse("plans:action_sources", args=[built.a11.pk])).status_code == 405


def test_a_manager_links_and_unlinks_an_indicator(client_for, built, indicator):
    client = client_for("send_manager")
    url = reverse("plans:action_indicators", args=[built.a11.pk])
    response = client.post(url, {"indicator": str(indicator.pk), "target": "65", "target_note": "By March 2026"})
    assert response.status_code == 302
    link = IndicatorLink.objects.get(action=built.a11)
    assert (link.target, link.target_note) == (65.0, "By March 2026")
    assert client.get(reverse("plans:indicator_unlink", args=[link.pk])).status_code == 405
    assert client.post(reverse("plans:indicator_unlink", args=[link.pk])).status_code == 302
    assert not IndicatorLink.objects.exists()


def test_an_indicator_target_must_be_a_number(client_for, built, indicator):
    response = client_for("send_manager").post(reverse("plans:action_indicators", args=[built.a11.pk]),
                                               {"indicator": str(indicator.pk), "target": "lots"})
    assert "Target must be a number" in response.text
    assert not IndicatorLink.objects.exists()


def test_indicators_of_another_authoritys_action_are_not_found(client_for, kent, indicator):
    client = client_for("send_manager")
    assert client.get(reverse("plans:action_indicators", args=[kent.a11.pk])).status_code == 404
    link = services.link_indicator(kent.a11, indicator=indicator, by=None)
    assert client.post(reverse("plans:indicator_unlink", args=[link.pk])).status_code == 404
    assert IndicatorLink.objects.filter(pk=link.pk).exists()


def test_a_board_member_may_not_link_indicators(client_for, built):
    assert client_for("board_member").get(reverse("plans:action_indicators", args=[built.a11.pk])).status_code == 403


def test_the_indicators_page_sends_anonymous_people_to_sign_in(client, built):
    assert client.get(reverse("plans:action_indicators", args=[built.a11.pk])).status_code == 302
