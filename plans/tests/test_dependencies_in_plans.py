"""Dependencies between a plan's actions: added and removed (audited), loops and self-dependency
refused with a clear message, and carried through export and import."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import AuditEvent
from plans import services
from plans.exporters import export_plan, tabular
from plans.importers import ImportProblems

from .data_helpers import small_plan
from .test_importers import GOOD, HEADER, csv_bytes

D = datetime.date
pytestmark = pytest.mark.django_db


def test_a_dependency_is_added_and_removed_and_both_are_audited(authority, user_for):
    built = small_plan(authority)
    manager = user_for("send_manager")
    services.add_dependency(built.a21, depends_on=built.a11, by=manager)
    assert list(built.a21.dependencies.all()) == [built.a11]
    assert list(built.a11.dependents.all()) == [built.a21]
    services.remove_dependency(built.a21, depends_on=built.a11, by=manager)
    assert not built.a21.dependencies.exists()
    notes = list(AuditEvent.objects.filter(object_type="plans.action", object_id=str(built.a21.pk), actor=manager)
                 .order_by("id").values_list("note", flat=True))
    assert notes == ["Depends on 1.1 Co-produce a communication strategy",
                     "No longer depends on 1.1 Co-produce a communication strategy"]


def test_an_action_cannot_depend_on_itself_or_close_a_loop(authority):
    built = small_plan(authority)
    with pytest.raises(ValidationError) as error:
        services.add_dependency(built.a11, depends_on=built.a11, by=None)
    assert error.value.message_dict == {"depends_on": ["1.1 cannot depend on itself"]}
    services.add_dependency(built.a12, depends_on=built.a11, by=None)
    services.add_dependency(built.a21, depends_on=built.a12, by=None)
    with pytest.raises(ValidationError) as error:
        services.add_dependency(built.a11, depends_on=built.a21, by=None)
    assert error.value.message_dict["depends_on"] == [
        "1.1 cannot depend on 2.1, because 2.1 already depends on 1.1 (2.1 → 1.2 → 1.1)"]
    with pytest.raises(ValidationError, match="already depends on"):
        services.add_dependency(built.a12, depends_on=built.a11, by=None)


def test_setting_all_dependencies_at_once_checks_for_loops_too(authority):
    built = small_plan(authority)
    services.set_action_dependencies(built.a12, depends_on=[built.a11], by=None)
    with pytest.raises(ValidationError, match="because 1.2 already depends on 1.1"):
        services.set_action_dependencies(built.a11, depends_on=[built.a21, built.a12], by=None)
    assert not built.a11.dependencies.exists()


def test_dependencies_are_actions_of_the_same_plan_and_changed_by_managers(authority, user_for):
    built = small_plan(authority)
    other = small_plan(authority)
    with pytest.raises(ValidationError, match="of this plan"):
        services.add_dependency(built.a11, depends_on=other.a12, by=None)
    with pytest.raises(PermissionDenied):
        services.add_dependency(built.a11, depends_on=built.a12, by=user_for("plan_contributor"))


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_then_import_keeps_the_dependencies(authority, fmt):
    built = small_plan(authority)
    services.add_dependency(built.a21, depends_on=built.a11, by=None)
    services.add_dependency(built.a21, depends_on=built.a12, by=None)
    header, rows = tabular.plan_rows(built.plan)
    assert header[-2:] == ["Depends on", "Needed by"]
    by_code = {row[10]: row for row in rows}
    assert by_code["2.1"][12] == "1.1; 1.2" and by_code["1.1"][13] == "2.1"
    content, _type = export_plan(built.plan, fmt=fmt, today=D(2025, 1, 15))
    copy = services.import_plan(local_authority=authority, title="Copy", file_name=f"plan.{fmt}", content=content,
                                by=None)
    assert sorted(copy.actions.get(code="2.1").dependencies.values_list("code", flat=True)) == ["1.1", "1.2"]
    assert tabular.plan_rows(copy) == tabular.plan_rows(built.plan)


def test_the_word_and_pdf_plan_say_what_each_action_depends_on(authority):
    from plans import reports

    built = small_plan(authority)
    services.add_dependency(built.a21, depends_on=built.a11, by=None)
    document = reports.build_plan_document(built.plan, today=D(2025, 1, 15))
    actions = {a.code: a for section in document.sections for a in section.actions}
    assert (actions["2.1"].depends_on, actions["1.1"].needed_by) == ("1.1", "2.1")


def test_bad_depends_on_cells_are_each_reported_with_row_and_column(authority):
    header = [*HEADER, "Code", "Depends on"]
    rows = [
        [*GOOD[:2], "First", *GOOD[3:], "A", ""],
        [*GOOD[:2], "Second", *GOOD[3:], "B", "Z"],       # Z is nobody's code
        [*GOOD[:2], "Third", *GOOD[3:], "C", "C"],        # itself
        [*GOOD[:2], "Fourth", *GOOD[3:], "D", "E"],
        [*GOOD[:2], "Fifth", *GOOD[3:], "E", "D"],        # D already depends on E
        [*GOOD[:2], "Sixth", *GOOD[3:], "A", ""],         # a second A
        [*GOOD[:2], "Seventh", *GOOD[3:], "", "A"],       # which A?
    ]
    with pytest.raises(ImportProblems) as error:
        services.import_plan(local_authority=authority, title="Bad", file_name="deps.csv",
                             content=csv_bytes(rows, header=header), by=None)
    assert error.value.lines() == [
        "deps.csv, row 3, column Depends on: 'Z' is not the Code of any action in the file",
        "deps.csv, row 4, column Depends on: C cannot depend on itself",
        "deps.csv, row 6, column Depends on: E cannot depend on D, because D already depends on E (D → E)",
        "deps.csv, row 8, column Depends on: more than one action has the Code 'A' (rows 2, 7), "
        "so it cannot say which it depends on",
    ]
