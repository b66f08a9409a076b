"""Inspection areas for improvement: recording them, and the coverage view (findings with no
action; actions with no source)."""

import pytest
from django.urls import reverse

from plans import services
from plans.models import Inspection, InspectionFinding

from .ui_helpers import TODAY, build_plan


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr("plans.views.today", lambda: TODAY)


@pytest.fixture
def built(authority):
    built = build_plan(authority)
    built.inspection = services.record_inspection(
        local_authority=authority, title="Area SEND inspection, November 2023", by=None, plans=[built.plan],
        findings=[("afi", 1, "Strengthen transition into adulthood"), ("afi", 2, "Embed the QA framework")])
    afi1 = built.inspection.findings.get(number=1)
    services.set_action_sources(built.a11, sources=[{"kind": "afi", "finding": afi1}], by=None)
    services.set_action_sources(built.a21, sources=[{"kind": "sef", "reference": "SEF 4"}], by=None)
    return built


@pytest.fixture
def kent(other_authority):
    return build_plan(other_authority, title="Kent SEND plan")


def test_coverage_shows_each_finding_with_its_actions_and_flags_gaps(client_for, built):
    response = client_for("board_member").get(reverse("plans:plan_coverage", args=[built.plan.pk]))
    assert response.status_code == 200
    text = response.text
    findings = text[text.index('id="findings"'):]
    findings = findings[:findings.index("</table>")]
    afi1 = findings[findings.index("AFI1"):findings.index("AFI2")]
    afi2 = findings[findings.index("AFI2"):]
    assert reverse("plans:action_detail", args=[built.a11.pk]) in afi1
    assert "No action" in afi2
    assert "1 finding with no action: AFI2" in text


def test_coverage_lists_actions_with_no_source(client_for, built):
    text = client_for("board_member").get(reverse("plans:plan_coverage", args=[built.plan.pk])).text
    no_source = text[text.index('id="no-source"'):]
    assert "Train early years settings" in no_source  # 2.2 has no source
    assert "Refresh the early help offer" not in no_source  # 2.1 comes from the SEF
    assert "Co-produce a communication strategy" not in no_source


def test_coverage_costs_a_fixed_number_of_queries(client_for, built, django_assert_max_num_queries):
    client = client_for("board_member")
    with django_assert_max_num_queries(12):
        assert client.get(reverse("plans:plan_coverage", args=[built.plan.pk])).status_code == 200


def test_coverage_of_another_authoritys_plan_is_not_found(client_for, kent):
    assert client_for("board_member").get(reverse("plans:plan_coverage", args=[kent.plan.pk])).status_code == 404


def test_the_coverage_page_sends_anonymous_people_to_sign_in_and_refuses_post(client, client_for, built):
    assert client.get(reverse("plans:plan_coverage", args=[built.plan.pk])).status_code == 302
    assert client_for("board_member").post(reverse("plans:plan_coverage", args=[built.plan.pk])).status_code == 405


def test_a_manager_records_an_inspection_then_its_findings(client_for, built):
    client = client_for("send_manager")
    response = client.post(reverse("plans:inspection_create", args=[built.plan.pk]), {
        "title": "Monitoring visit, June 2025", "outcome": "",
        "published_on_day": "30", "published_on_month": "6", "published_on_year": "2025"})
    inspection = Inspection.objects.get(title="Monitoring visit, June 2025")
    assert response["Location"] == reverse("plans:finding_create", args=[built.plan.pk, inspection.pk])
    assert built.plan.inspections.filter(pk=inspection.pk).exists()
    url = reverse("plans:finding_create", args=[built.plan.pk, inspection.pk])
    assert 'value="1"' in client.get(url).text  # the next number is suggested
    assert client.post(url, {"kind": "priority_action", "number": "1", "text": "Act on waiting times"}).status_code == 302
    assert [f.code for f in inspection.findings.all()] == ["PA1"]


def test_an_inspection_needs_a_title(client_for, built):
    response = client_for("send_manager").post(reverse("plans:inspection_create", args=[built.plan.pk]), {"title": ""})
    assert "Enter the inspection" in response.text and "govuk-error-summary" in response.text


def test_a_finding_number_cannot_be_used_twice(client_for, built):
    url = reverse("plans:finding_create", args=[built.plan.pk, built.inspection.pk])
    response = client_for("send_manager").post(url, {"kind": "afi", "number": "2", "text": "Again"})
    assert "already has area for improvement 2" in response.text
    assert InspectionFinding.objects.filter(inspection=built.inspection, number=2).count() == 1


def test_a_finding_needs_its_text(client_for, built):
    url = reverse("plans:finding_create", args=[built.plan.pk, built.inspection.pk])
    response = client_for("send_manager").post(url, {"kind": "afi", "number": "3", "text": ""})
    assert "Enter what the inspection said" in response.text


def test_a_board_member_may_not_record_inspections(client_for, built):
    client = client_for("board_member")
    assert client.get(reverse("plans:inspection_create", args=[built.plan.pk])).status_code == 403
    assert client.get(reverse("plans:finding_create", args=[built.plan.pk, built.inspection.pk])).status_code == 403


def test_inspections_of_another_authority_are_not_found(client_for, built, kent):
    client = client_for("send_manager")
    assert client.get(reverse("plans:inspection_create", args=[kent.plan.pk])).status_code == 404
    other = services.record_inspection(local_authority=kent.plan.local_authority, title="Kent inspection", by=None)
    assert client.get(reverse("plans:finding_create", args=[built.plan.pk, other.pk])).status_code == 404


def test_the_inspection_pages_send_anonymous_people_to_sign_in_and_refuse_put(client, client_for, built):
    assert client.get(reverse("plans:inspection_create", args=[built.plan.pk])).status_code == 302
    assert client_for("send_manager").put(reverse("plans:inspection_create", args=[built.plan.pk])).status_code == 405
