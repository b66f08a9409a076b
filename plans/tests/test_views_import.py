"""Importing a plan from a spreadsheet (with the column-mapping step) and exporting it."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from plans.models import Action, ImprovementPlan

from .ui_helpers import TODAY, build_plan, signed_in

HEADER = ["Priority", "Objective", "Action", "Intended outcomes", "Impact measures", "Lead", "Start", "Due",
          "Source", "Status"]
GOOD_ROWS = [
    ["1. Communication", "A. Families hear from us first", "Co-produce a communication strategy",
     "Families trust us", "Survey", "Head of SEND", "Jan-24", "Jun-24", "SEF", "On track, no concerns"],
    ["", "", "Publish a newsletter each term", "", "", "Parent Carer Forum", "Feb-24", "TBC", "AFI2", "Not due yet"],
    ["2. Identify need early", "", "Refresh the early help offer", "", "", "Head of Early Help", "01/09/2024",
     "31/12/2024", "DBV", "Off track"],
]


def csv_file(rows, header=HEADER, name="plan.csv"):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile(name, out.getvalue().encode(), content_type="text/csv")


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch, settings, tmp_path):
    monkeypatch.setattr("plans.views.today", lambda: TODAY)
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def manager(user_for):
    return user_for("send_manager")


def test_a_manager_imports_a_plan_from_a_csv_file(manager, authority):
    response = signed_in(manager).post(reverse("plans:plan_import"), {
        "local_authority": authority.pk, "title": "Imported plan", "kind": "strategic", "file": csv_file(GOOD_ROWS)})
    plan = ImprovementPlan.objects.get(title="Imported plan")
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:plan_detail", args=[plan.pk])
    assert plan.local_authority == authority
    assert sorted(plan.actions.values_list("title", flat=True)) == [
        "Co-produce a communication strategy", "Publish a newsletter each term", "Refresh the early help offer"]


def test_an_import_with_bad_cells_lists_every_problem_and_writes_nothing(manager, authority):
    rows = [GOOD_ROWS[0], ["", "", "", "", "", "", "", "", "", ""][:2] + ["", "", "", "", "Soon", "", "", ""],
            ["2. Early", "", "Do a thing", "", "", "", "Feb-24", "not a date", "", ""]]
    response = signed_in(manager).post(reverse("plans:plan_import"), {
        "local_authority": authority.pk, "title": "Bad plan", "kind": "strategic", "file": csv_file(rows)})
    assert response.status_code == 200
    text = response.text
    assert "govuk-error-summary" in text and "<title>Error: " in text
    assert "nothing was imported" in text
    assert "row 4, column Due" in text
    assert not ImprovementPlan.objects.exists()
    assert not Action.objects.exists()


def test_a_file_with_other_column_names_can_be_matched_and_imported(manager, authority):
    client = signed_in(manager)
    header = ["Area", "Step", "Who", "From", "By", "RAG"]
    rows = [["1. Communication", "Co-produce a strategy", "Head of SEND", "Jan-24", "Jun-24", "Green"],
            ["2. Early help", "Refresh the offer", "Head of Early Help", "Sep-24", "Dec-24", "Red"]]
    response = client.post(reverse("plans:plan_import"), {
        "local_authority": authority.pk, "title": "Matched plan", "kind": "strategic",
        "file": csv_file(rows, header=header)})
    assert "there is no Priority column" in response.text
    assert reverse("plans:plan_import_columns") in response.text
    assert not ImprovementPlan.objects.exists()
    page = client.get(reverse("plans:plan_import_columns"))
    assert page.status_code == 200
    assert "<option value=\"Step\">Step</option>" in page.text
    response = client.post(reverse("plans:plan_import_columns"), {
        "column_0": "Area", "column_2": "Step", "column_5": "Who", "column_6": "From", "column_7": "By"})
    plan = ImprovementPlan.objects.get(title="Matched plan")
    assert response["Location"] == reverse("plans:plan_detail", args=[plan.pk])
    assert plan.actions.count() == 2
    assert client.get(reverse("plans:plan_import_columns")).status_code == 302  # the upload is gone


def test_the_column_step_needs_the_required_columns_and_no_column_twice(manager, authority):
    client = signed_in(manager)
    client.post(reverse("plans:plan_import"), {
        "local_authority": authority.pk, "title": "Matched plan", "kind": "strategic",
        "file": csv_file([["1", "Step one"]], header=["Area", "Step"])})
    response = client.post(reverse("plans:plan_import_columns"), {"column_0": "Area", "column_1": "Area"})
    assert "Select the column that holds action" in response.text
    assert "Column ‘Area’ is already chosen for priority" in response.text
    assert not ImprovementPlan.objects.exists()


def test_the_column_step_without_an_upload_goes_back_to_the_upload(manager):
    response = signed_in(manager).get(reverse("plans:plan_import_columns"))
    assert response["Location"] == reverse("plans:plan_import")


def test_an_import_needs_a_spreadsheet(manager, authority):
    response = signed_in(manager).post(reverse("plans:plan_import"), {
        "local_authority": authority.pk, "title": "Plan", "kind": "strategic",
        "file": SimpleUploadedFile("plan.docx", b"not a sheet")})
    assert "must be an Excel workbook (.xlsx) or a CSV file" in response.text
    response = signed_in(manager).post(reverse("plans:plan_import"), {
        "local_authority": authority.pk, "title": "Plan", "kind": "strategic"})
    assert "Select a file to import" in response.text


def test_a_manager_cannot_import_into_another_authority(manager, other_authority):
    response = signed_in(manager).post(reverse("plans:plan_import"), {
        "local_authority": other_authority.pk, "title": "Plan", "kind": "strategic", "file": csv_file(GOOD_ROWS)})
    assert "Select a local authority whose plans you manage" in response.text
    assert not ImprovementPlan.objects.exists()


def test_a_board_member_may_not_import(client_for):
    assert client_for("board_member").get(reverse("plans:plan_import")).status_code == 403
    assert client_for("board_member").get(reverse("plans:plan_import_columns")).status_code == 403


def test_the_import_page_sends_anonymous_people_to_sign_in_and_refuses_put(client, manager):
    assert client.get(reverse("plans:plan_import")).status_code == 302
    assert signed_in(manager).put(reverse("plans:plan_import")).status_code == 405


# ---- export ---------------------------------------------------------------------------------


def test_export_then_import_gives_the_same_actions(manager, authority):
    built = build_plan(authority)
    client = signed_in(manager)
    response = client.get(reverse("plans:plan_export", args=[built.plan.pk, "xlsx"]))
    assert response.status_code == 200
    assert 'filename="hull-send-strategic-plan.xlsx"' in response["Content-Disposition"]
    upload = SimpleUploadedFile("export.xlsx", response.content)
    client.post(reverse("plans:plan_import"), {"local_authority": authority.pk, "title": "Round trip",
                                               "kind": "strategic", "file": upload})
    copy = ImprovementPlan.objects.get(title="Round trip")
    fields = ("code", "title", "start_on", "start_precision", "due_on", "due_precision")
    assert (list(copy.actions.order_by("position").values_list(*fields))
            == list(built.plan.actions.order_by("position").values_list(*fields)))


@pytest.mark.parametrize(("fmt", "starts_with"), [("csv", b"Code,"), ("xlsx", b"PK"), ("docx", b"PK"), ("pdf", b"%PDF")])
def test_a_board_member_downloads_the_plan_in_each_format(client_for, authority, fmt, starts_with):
    built = build_plan(authority)
    response = client_for("board_member").get(reverse("plans:plan_export", args=[built.plan.pk, fmt]))
    assert response.status_code == 200
    assert response.content.lstrip(b"\xef\xbb\xbf").startswith(starts_with) or fmt == "csv"
    if fmt == "csv":
        assert "Co-produce a communication strategy" in response.content.decode("utf-8-sig")


def test_an_unknown_export_format_is_not_found(client_for, authority):
    built = build_plan(authority)
    assert client_for("board_member").get(reverse("plans:plan_export", args=[built.plan.pk, "odt"])).status_code == 404


def test_another_authoritys_plan_cannot_be_exported(client_for, other_authority):
    built = build_plan(other_authority)
    assert client_for("board_member").get(reverse("plans:plan_export", args=[built.plan.pk, "csv"])).status_code == 404


def test_export_sends_anonymous_people_to_sign_in_and_refuses_post(client, client_for, authority):
    built = build_plan(authority)
    assert client.get(reverse("plans:plan_export", args=[built.plan.pk, "csv"])).status_code == 302
    assert client_for("board_member").post(reverse("plans:plan_export", args=[built.plan.pk, "csv"])).status_code == 405
