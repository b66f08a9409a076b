"""Importing a plan from a spreadsheet (with the column-mapping step) and exporting it."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.choices import AuditAction
from core.models import AuditEvent
from plans.importers import uploads
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
    monkeypatch.setattr("plans.views_files.today", lambda: TODAY)
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


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "docx", "pdf"])
def test_each_plan_export_is_audited_with_who_which_plan_and_format(client_for, authority, fmt):
    built = build_plan(authority)
    client = client_for("board_member")
    assert client.get(reverse("plans:plan_export", args=[built.plan.pk, fmt])).status_code == 200
    event = AuditEvent.objects.get(action=AuditAction.EXPORT, actor=client.user)
    assert (event.object_type, event.object_id) == ("plans.improvementplan", str(built.plan.pk))
    assert event.changes == {"format": [None, fmt], "plan": [None, built.plan.pk]}


def test_the_plan_print_page_shows_the_whole_plan_and_is_audited(client, client_for, authority, other_authority):
    built = build_plan(authority)
    kent = build_plan(other_authority, title="Kent SEND plan")
    board = client_for("board_member")
    response = board.get(reverse("plans:plan_print", args=[built.plan.pk]))
    assert response.status_code == 200
    assert "Refresh the early help offer" in response.text and "Print command" in response.text
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, actor=board.user, note__startswith="Printed").count() == 1
    assert board.get(reverse("plans:plan_print", args=[kent.plan.pk])).status_code == 404
    assert client.get(reverse("plans:plan_print", args=[built.plan.pk])).status_code == 302
    assert board.post(reverse("plans:plan_print", args=[built.plan.pk])).status_code == 405


# ---- uploads abandoned at the column step ------------------------------------------------------


def kept_files(tmp_path):
    folder = tmp_path / "plans" / "imports"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def age(tmp_path, name, hours):
    import os
    import time

    path = tmp_path / "plans" / "imports" / name
    then = time.time() - hours * 3600
    os.utime(path, (then, then))


OTHER_HEADER = ["Area", "Step", "Who"]


def test_an_upload_kept_for_the_column_step_is_removed_when_the_import_finishes(manager, authority, tmp_path):
    client = signed_in(manager)
    client.post(reverse("plans:plan_import"), {"local_authority": authority.pk, "title": "Other layout",
                                               "kind": "strategic",
                                               "file": csv_file([["Communication", "Write it", "Head of SEND"]],
                                                                header=OTHER_HEADER)})
    assert len(kept_files(tmp_path)) == 1
    response = client.post(reverse("plans:plan_import_columns"), {"column_0": "Area", "column_2": "Step"})
    assert response.status_code == 302
    assert kept_files(tmp_path) == []


def test_uploads_abandoned_for_a_day_are_removed_when_anyone_starts_an_import(manager, authority, tmp_path):
    client = signed_in(manager)
    for title in ("First", "Second"):
        signed_in(manager).post(reverse("plans:plan_import"), {
            "local_authority": authority.pk, "title": title, "kind": "strategic",
            "file": csv_file([["Communication", "Write it", "Head of SEND"]], header=OTHER_HEADER)})
    old, recent = kept_files(tmp_path)
    age(tmp_path, old, 25)
    age(tmp_path, recent, 23)
    assert client.get(reverse("plans:plan_import")).status_code == 200
    assert kept_files(tmp_path) == [recent]


def test_the_clean_plan_imports_command_removes_old_uploads_only(manager, authority, tmp_path):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    signed_in(manager).post(reverse("plans:plan_import"), {
        "local_authority": authority.pk, "title": "Left", "kind": "strategic",
        "file": csv_file([["Communication", "Write it", "Head of SEND"]], header=OTHER_HEADER)})
    (name,) = kept_files(tmp_path)
    out = io.StringIO()
    call_command("clean_plan_imports", stdout=out)
    assert kept_files(tmp_path) == [name] and "0 abandoned plan uploads deleted" in out.getvalue()
    age(tmp_path, name, 30)
    call_command("clean_plan_imports", stdout=out)
    assert kept_files(tmp_path) == [] and f"Deleted plans/imports/{name}" in out.getvalue()
    with pytest.raises(CommandError, match="--hours must be 1 or more"):
        call_command("clean_plan_imports", "--hours", "0")


def test_cleaning_copes_with_no_uploads_at_all(tmp_path):
    assert uploads.clean_abandoned() == []
