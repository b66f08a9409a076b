"""Reporting cycles and the board highlight report (web page, PDF and Word downloads)."""

import datetime
import io

import pytest
from django.urls import reverse

from core.choices import AuditAction
from core.models import AuditEvent
from plans import services
from plans.models import ReportingCycle

from .ui_helpers import TODAY, add_actions, build_plan


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr("plans.views.today", lambda: TODAY)
    monkeypatch.setattr("plans.views_cycles.today", lambda: TODAY)
    monkeypatch.setattr("plans.views_files.today", lambda: TODAY)


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


# ---- a series of cycles -------------------------------------------------------------------------


def series_form(**overrides):
    data = {"board": "SEND Delivery Board", "frequency": "monthly", "first_period_start_day": "",
            "first_period_start_month": "12", "first_period_start_year": "2024", "count": "4",
            "deadline_day": "10", "deadline_rule": "next_month"}
    data.update(overrides)
    return data


def test_a_manager_adds_a_series_of_cycles_and_is_told_which_were_created_and_skipped(client_for, built):
    client = client_for("send_manager")
    response = client.post(reverse("plans:cycle_schedule", args=[built.plan.pk]), series_form(), follow=True)
    text = response.text
    assert ("Added 3 reporting cycles for the SEND Delivery Board: December 2024, February 2025, March 2025. "
            "Skipped 1 the board already had: January 2025") in text
    made = list(built.plan.cycles.filter(board="SEND Delivery Board").order_by("period_start")
                .values_list("period_start", "period_end", "deadline"))
    assert made[0] == (datetime.date(2024, 12, 1), datetime.date(2024, 12, 31), datetime.date(2025, 1, 10))
    assert made[1][2] == datetime.date(2025, 1, 20)  # January's cycle was already there, unchanged
    assert made[3] == (datetime.date(2025, 3, 1), datetime.date(2025, 3, 31), datetime.date(2025, 4, 10))
    assert AuditEvent.objects.filter(object_type="plans.reportingcycle", action=AuditAction.CREATE,
                                     actor=client.user).count() == 3


def test_quarterly_cycles_are_due_in_their_last_month(client_for, built):
    client_for("send_manager").post(reverse("plans:cycle_schedule", args=[built.plan.pk]), series_form(
        board="SEND Strategic Board", frequency="quarterly", first_period_start_month="4",
        first_period_start_year="2025", count="2", deadline_day="31", deadline_rule="last_month"))
    assert list(built.plan.cycles.filter(board="SEND Strategic Board").order_by("period_start")
                .values_list("period_end", "deadline")) == [
        (datetime.date(2025, 6, 30), datetime.date(2025, 6, 30)),
        (datetime.date(2025, 9, 30), datetime.date(2025, 9, 30))]


def test_a_series_needs_a_board_a_start_and_a_sensible_number_and_day(client_for, built):
    response = client_for("send_manager").post(reverse("plans:cycle_schedule", args=[built.plan.pk]), series_form(
        board="", first_period_start_month="", first_period_start_year="", count="40", deadline_day="0"))
    assert response.status_code == 200
    text = response.text
    assert "govuk-error-summary" in text
    for message in ("Enter the board the updates are for", "Number of cycles must be 36 or fewer",
                    "Day must be between 1 and 31"):
        assert message in text
    assert built.plan.cycles.count() == 1


def test_the_series_page_needs_a_manager_of_the_plans_authority(client, client_for, built, kent):
    url = reverse("plans:cycle_schedule", args=[built.plan.pk])
    assert client.get(url).status_code == 302
    assert client_for("board_member").get(url).status_code == 403
    assert client_for("send_manager").get(reverse("plans:cycle_schedule", args=[kent.plan.pk])).status_code == 404
    assert client_for("send_manager").put(url).status_code == 405


# ---- downloads and prints are audited -----------------------------------------------------------


def exports(user, **filters):
    return AuditEvent.objects.filter(action=AuditAction.EXPORT, actor=user, **filters)


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_downloading_the_board_report_is_audited_with_the_plan_cycle_and_format(client_for, built, fmt):
    client = client_for("board_member")
    assert client.get(reverse("plans:cycle_report_file", args=[built.cycle.pk, fmt])).status_code == 200
    event = exports(client.user).get()
    assert (event.object_type, event.object_id) == ("plans.reportingcycle", str(built.cycle.pk))
    assert event.changes == {"format": [None, fmt], "plan": [None, built.plan.pk], "cycle": [None, built.cycle.pk]}
    assert event.local_authority_id == built.plan.local_authority_id
    assert f"Exported as {fmt.upper()}: board report for the SEND Delivery Board, January 2025" in event.note


def test_the_print_page_of_the_board_report_is_audited(client_for, built, kent):
    client = client_for("board_member")
    response = client.get(reverse("plans:cycle_report_print", args=[built.cycle.pk]))
    assert response.status_code == 200
    assert "Highlight report for the SEND Delivery Board" in response.text
    assert exports(client.user, changes__format=[None, "print"]).count() == 1
    assert client.get(reverse("plans:cycle_report_print", args=[kent.cycle.pk])).status_code == 404
    assert client.post(reverse("plans:cycle_report_print", args=[built.cycle.pk])).status_code == 405
    assert exports(client.user).count() == 1  # refused requests write nothing


def test_the_board_report_command_writes_the_report_and_audits_it(built, tmp_path):
    from django.core.management import call_command

    out = tmp_path / "report.docx"
    call_command("board_report", str(built.cycle.pk), "--format", "docx", "--out", str(out), stdout=io.StringIO())
    assert out.read_bytes().startswith(b"PK")
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.changes["cycle"] == [None, built.cycle.pk] and event.actor_label == "system"
