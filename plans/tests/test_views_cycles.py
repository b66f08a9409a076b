"""Reporting cycles and the board highlight report (web page, PDF and Word downloads)."""

import datetime
import io

import pytest
from django.urls import reverse

from plans import services
from plans.models import ReportingCycle

from .ui_helpers import TODAY, add_actions, build_plan


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr("plans.views.today", lambda: TODAY)


@pytest.fixture
def built(authority):
    return build_plan(authority)


@pytest.fixture
def kent(other_authority):
    return build_plan(other_authority, title="Kent SEND plan")


def cycle_form(**overrides):
    data = {"board": "SEND Strategic Board", "frequency": "quarterly",
            "period_start_day": "1", "period_start_month": "1", "period_start_year": "2025",
            "period_end_day": "31", "period_end_month": "3", "period_end_year": "2025",
            "deadline_day": "10", "deadline_month": "4", "deadline_year": "2025",
            "meeting_on_day": "", "meeting_on_month": "", "meeting_on_year": ""}
    data.update(overrides)
    return data


def test_the_cycles_page_lists_cycles_with_their_reports(client_for, built):
    response = client_for("board_member").get(reverse("plans:cycle_list", args=[built.plan.pk]))
    assert response.status_code == 200
    assert "SEND Delivery Board" in response.text
    assert reverse("plans:cycle_report", args=[built.cycle.pk]) in response.text
    assert "Current" in response.text


def test_the_cycles_page_costs_a_fixed_number_of_queries(client_for, built, django_assert_max_num_queries):
    services.schedule_cycles(built.plan, board="SEND Delivery Board", frequency="monthly",
                             first_period_start=datetime.date(2025, 2, 1), count=12, by=None)
    client = client_for("board_member")
    with django_assert_max_num_queries(10):
        assert client.get(reverse("plans:cycle_list", args=[built.plan.pk])).status_code == 200


def test_cycles_of_another_authority_are_not_found(client_for, kent):
    assert client_for("board_member").get(reverse("plans:cycle_list", args=[kent.plan.pk])).status_code == 404


def test_the_cycles_page_sends_anonymous_people_to_sign_in_and_refuses_post(client, client_for, built):
    assert client.get(reverse("plans:cycle_list", args=[built.plan.pk])).status_code == 302
    assert client_for("board_member").post(reverse("plans:cycle_list", args=[built.plan.pk])).status_code == 405


def test_a_manager_adds_a_quarterly_cycle(client_for, built):
    response = client_for("send_manager").post(reverse("plans:cycle_create", args=[built.plan.pk]), cycle_form())
    assert response.status_code == 302
    cycle = ReportingCycle.objects.get(board="SEND Strategic Board")
    assert (cycle.period_start, cycle.period_end, cycle.deadline) == (
        datetime.date(2025, 1, 1), datetime.date(2025, 3, 31), datetime.date(2025, 4, 10))


def test_a_cycle_must_end_after_it_starts(client_for, built):
    response = client_for("send_manager").post(reverse("plans:cycle_create", args=[built.plan.pk]),
                                               cycle_form(period_end_year="2024"))
    assert "The end of the period must be the same as or after its start" in response.text
    assert "govuk-error-summary" in response.text


def test_a_second_cycle_for_the_same_board_and_period_is_refused(client_for, built):
    response = client_for("send_manager").post(reverse("plans:cycle_create", args=[built.plan.pk]), cycle_form(
        board="SEND Delivery Board", period_end_month="1", deadline_month="1", deadline_day="20"))
    assert "already has a cycle starting" in response.text
    assert ReportingCycle.objects.filter(board="SEND Delivery Board").count() == 1


def test_a_board_member_may_not_add_cycles(client_for, built):
    assert client_for("board_member").get(reverse("plans:cycle_create", args=[built.plan.pk])).status_code == 403


def test_adding_a_cycle_to_another_authoritys_plan_is_not_found(client_for, kent):
    assert client_for("send_manager").get(reverse("plans:cycle_create", args=[kent.plan.pk])).status_code == 404


def test_the_add_cycle_page_sends_anonymous_people_to_sign_in_and_refuses_put(client, client_for, built):
    assert client.get(reverse("plans:cycle_create", args=[built.plan.pk])).status_code == 302
    assert client_for("send_manager").put(reverse("plans:cycle_create", args=[built.plan.pk])).status_code == 405


# ---- the board highlight report ---------------------------------------------------------------


def test_the_highlight_report_page_shows_the_report_and_download_links(client_for, built):
    off = built.plan.status_options.get(code="off_track")
    services.submit_status_update(built.a21, status=off, by=None, commentary="Recruitment delayed",
                                  reported_on=datetime.date(2025, 1, 12))
    response = client_for("board_member").get(reverse("plans:cycle_report", args=[built.cycle.pk]))
    assert response.status_code == 200
    text = response.text
    assert "Highlight report for the SEND Delivery Board" in text
    exceptions = text[text.index("Exceptions"):text.index("Completed since")]
    assert "Refresh the early help offer" in exceptions and "Recruitment delayed" in exceptions
    assert reverse("plans:cycle_report_file", args=[built.cycle.pk, "pdf"]) in text
    assert reverse("plans:cycle_report_file", args=[built.cycle.pk, "docx"]) in text


def test_the_highlight_report_costs_a_fixed_number_of_queries(client_for, built, django_assert_max_num_queries):
    add_actions(built, 30)
    client = client_for("board_member")
    with django_assert_max_num_queries(25):
        assert client.get(reverse("plans:cycle_report", args=[built.cycle.pk])).status_code == 200


def test_the_highlight_report_downloads_as_word(client_for, built):
    response = client_for("board_member").get(reverse("plans:cycle_report_file", args=[built.cycle.pk, "docx"]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    from docx import Document

    words = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "SEND Delivery Board" in words


def test_the_highlight_report_downloads_as_pdf(client_for, built):
    response = client_for("board_member").get(reverse("plans:cycle_report_file", args=[built.cycle.pk, "pdf"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_an_unknown_report_format_is_not_found(client_for, built):
    assert client_for("board_member").get(reverse("plans:cycle_report_file", args=[built.cycle.pk, "odt"])).status_code == 404


def test_another_authoritys_report_is_not_found(client_for, kent):
    client = client_for("board_member")
    assert client.get(reverse("plans:cycle_report", args=[kent.cycle.pk])).status_code == 404
    assert client.get(reverse("plans:cycle_report_file", args=[kent.cycle.pk, "pdf"])).status_code == 404


def test_the_report_pages_send_anonymous_people_to_sign_in_and_refuse_post(client, client_for, built):
    assert client.get(reverse("plans:cycle_report", args=[built.cycle.pk])).status_code == 302
    assert client.get(reverse("plans:cycle_report_file", args=[built.cycle.pk, "pdf"])).status_code == 302
    assert client_for("board_member").post(reverse("plans:cycle_report", args=[built.cycle.pk])).status_code == 405
