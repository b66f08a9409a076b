"""``sendsight import_sen2`` and ``sendsight export_sen2``: arguments, messages and exit codes."""

import io

import pytest
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError

from cases import models as m
from cases.management.commands.import_sen2 import ProgressBar

from .sen2_helpers import SMALL, copy_small, edit


def call(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_import_prints_what_was_added_and_updated(authority):
    out, err = call("import_sen2", str(SMALL), "--la", "810")
    assert "Imported the SEN2 return 2025 (census 16 January 2025)" in out
    assert "Children and young people: 4 added, 0 updated, 0 unchanged" in out
    assert "EHC plans: 3 added, 0 updated, 0 unchanged" in out
    assert "100%" in err  # the progress bar goes to stderr
    out, _ = call("import_sen2", str(SMALL), "--la", "810", "--no-progress")
    assert "Children and young people: 0 added, 0 updated, 4 unchanged" in out


@pytest.mark.django_db
def test_import_of_a_bad_export_lists_every_problem_and_writes_nothing(authority, tmp_path):
    folder = copy_small(tmp_path)
    edit(folder, "person", "12", personbirthdate="2009-Nov-31 00:00:00")
    edit(folder, "senneed", "83", sentyperank="3")
    with pytest.raises(CommandError) as caught:
        call("import_sen2", str(folder), "--la", "810", "--no-progress")
    message = str(caught.value)
    assert "nothing has been written" in message and "2 problem(s)" in message
    assert "Blade-Export_20-01-2025_person.csv, row 3, column personbirthdate" in message
    assert "Blade-Export_20-01-2025_senneed.csv, row 4, column sentyperank" in message
    assert m.Child.objects.count() == 0


@pytest.mark.django_db
def test_import_names_an_unknown_authority_and_user(authority):
    with pytest.raises(CommandError, match="no local authority with DfE code '999'"):
        call("import_sen2", str(SMALL), "--la", "999")
    with pytest.raises(CommandError, match="no user with email"):
        call("import_sen2", str(SMALL), "--la", "810", "--user", "nobody@example.org")


@pytest.mark.django_db
def test_import_records_the_user_named_in_the_audit_trail(authority, user_for):
    from core.models import AuditEvent

    user = user_for("performance_analyst")
    call("import_sen2", str(SMALL), "--la", "810", "--user", user.email, "--no-progress")
    assert AuditEvent.objects.filter(action="import").get().actor == user


@pytest.mark.django_db
def test_export_writes_the_nine_files_and_counts_their_rows(authority, tmp_path):
    call("import_sen2", str(SMALL), "--la", "810", "--no-progress")
    out, _ = call("export_sen2", "--la", "810", "--year", "2025", "--out", str(tmp_path / "out"))
    assert len(list((tmp_path / "out").glob("Blade-Export_*_*.csv"))) == 9
    assert "Wrote the SEN2 return 2025 (census 16 January 2025)" in out
    assert "_person.csv: 4 rows" in out and "_senneed.csv: 3 rows" in out


@pytest.mark.django_db
def test_export_refuses_a_bad_year_an_unknown_authority_and_a_file_as_folder(authority, tmp_path):
    with pytest.raises(CommandError, match="between 2015 and 2099"):
        call("export_sen2", "--la", "810", "--year", "25", "--out", str(tmp_path))
    with pytest.raises(CommandError, match="no local authority"):
        call("export_sen2", "--la", "000", "--year", "2025", "--out", str(tmp_path))
    a_file = tmp_path / "taken.txt"
    a_file.write_text("x")
    with pytest.raises(CommandError, match="is a file"):
        call("export_sen2", "--la", "810", "--year", "2025", "--out", str(a_file))


@pytest.mark.django_db
def test_export_refuses_a_folder_holding_another_export(authority, tmp_path):
    (tmp_path / "Blade-Export_01-01-2020_person.csv").write_text("old")
    with pytest.raises(CommandError, match="already holds another Blade export"):
        call("export_sen2", "--la", "810", "--year", "2025", "--out", str(tmp_path))


def test_the_progress_bar_writes_a_line_per_tenth_when_not_on_a_terminal():
    stream = io.StringIO()
    bar = ProgressBar(stream)
    for done in range(0, 101, 5):
        bar(done, 100)
    lines = stream.getvalue().splitlines()
    assert lines[0] == "Checking rows: 0% (0 of 100)" and lines[-1] == "Checking rows: 100% (100 of 100)"
    assert len(lines) == 11


@pytest.mark.django_db
def test_the_command_line_exits_non_zero_on_a_bad_export_and_zero_on_a_good_one(authority, tmp_path,
                                                                              capsys, monkeypatch):
    # run_from_argv closes every database connection when it ends; keep the test's open.
    monkeypatch.setattr("django.db.connections.close_all", lambda: None)
    folder = copy_small(tmp_path)
    edit(folder, "requests", "21", requestoutcome="X")
    argv = ["sendsight", "import_sen2", str(folder), "--la", "810", "--skip-checks", "--no-progress"]
    with pytest.raises(SystemExit) as exited:
        ManagementUtility(argv).execute()
    assert exited.value.code == 1
    assert "requests.csv, row 2, column requestoutcome" in capsys.readouterr().err
    argv[2] = str(SMALL)
    ManagementUtility(argv).execute()  # no SystemExit: exit status 0
    assert "4 added" in capsys.readouterr().out
