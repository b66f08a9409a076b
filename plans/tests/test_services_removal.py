"""Removing and restoring actions and sections: nothing is deleted, removed things drop out of
lists, roll-ups, reports, reminders, coverage and exports, and restoring brings back exactly what
was removed together."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.choices import AuditAction
from core.models import AuditEvent
from plans import queries, reports, services
from plans import queries_ui as ui
from plans.exporters import tabular
from plans.models import Action, Section

from .data_helpers import small_plan

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def built(authority, user_for):
    built = small_plan(authority)
    built.manager = user_for("send_manager", full_name="Sam Manager")
    built.w1 = services.add_action(built.plan, section=built.p2, parent=built.a21, code="2.1a",
                                   title="Pilot the training with ten settings", by=None)
    built.w2 = services.add_action(built.plan, section=built.p2, parent=built.w1, code="2.1b",
                                   title="Evaluate the pilot", by=None)
    return built


def live_codes(plan):
    return sorted(plan.actions.live().values_list("code", flat=True))


def test_removing_an_action_keeps_it_with_who_when_and_why_and_audits_it(built):
    services.submit_status_update(built.a12, status=built.options["on_track"], by=None, reported_on=D(2025, 1, 5))
    removed = services.remove_action(built.a12, reason="Merged into 1.1", by=built.manager)
    assert removed == [built.a12]
    action = Action.objects.get(pk=built.a12.pk)
    assert action.is_removed and action.removed_by == built.manager and action.removed_reason == "Merged into 1.1"
    assert action.updates.count() == 1 and action.sources.count() == 1 and action.leads.count() == 1
    event = AuditEvent.objects.get(object_type="plans.action", object_id=str(action.pk), note="Removed from the plan")
    assert event.actor == built.manager and event.changes["removed_reason"] == ["", "Merged into 1.1"]


def test_removing_needs_a_reason_and_a_manager(built, user_for):
    with pytest.raises(ValidationError) as error:
        services.remove_action(built.a12, reason="  ", by=built.manager)
    assert error.value.message_dict == {"reason": ["Enter why the action is being removed"]}
    with pytest.raises(PermissionDenied):
        services.remove_action(built.a12, reason="No longer needed", by=user_for("plan_contributor"))


def test_removing_an_action_removes_its_workstreams_and_restoring_brings_back_only_those(built):
    services.remove_action(built.w2, reason="Not needed", by=None)  # removed on its own first
    removed = services.remove_action(built.a21, reason="Funding withdrawn", by=None)
    assert {a.code for a in removed} == {"2.1", "2.1a"}
    assert live_codes(built.plan) == ["1.1", "1.2"]
    restored = services.restore_action(Action.objects.get(pk=built.a21.pk), by=None)
    assert {a.code for a in restored} == {"2.1", "2.1a"}
    assert live_codes(built.plan) == ["1.1", "1.2", "2.1", "2.1a"]  # 2.1b stays removed
    assert Action.objects.get(pk=built.a21.pk).removed_reason == ""


def test_a_workstream_cannot_be_restored_before_the_action_it_is_within(built):
    services.remove_action(built.a21, reason="Funding withdrawn", by=None)
    with pytest.raises(ValidationError, match="is within 2.1 Train early years settings, which is removed"):
        services.restore_action(Action.objects.get(pk=built.w1.pk), by=None)


def test_removing_a_section_removes_what_is_in_it_and_restoring_it_brings_it_all_back(built):
    services.remove_action(built.a12, reason="Done elsewhere", by=None)
    sections, actions = services.remove_section(built.p1, reason="Priority merged into 2", by=built.manager)
    assert [s.code for s in sections] == ["1", "1A"]
    assert [a.code for a in actions] == ["1.1"]  # 1.2 was already removed
    assert list(built.plan.sections.live().values_list("code", flat=True)) == ["2"]
    with pytest.raises(ValidationError, match="is in objective 1A Families hear from us first, which is removed"):
        services.restore_action(Action.objects.get(pk=built.a11.pk), by=None)
    services.restore_section(Section.objects.get(pk=built.p1.pk), by=built.manager)
    assert live_codes(built.plan) == ["1.1", "2.1", "2.1a", "2.1b"]
    assert built.plan.sections.live().count() == 3


def test_a_removed_action_cannot_be_updated_or_get_new_workstreams(built):
    services.remove_action(built.a12, reason="Done elsewhere", by=None)
    action = Action.objects.get(pk=built.a12.pk)
    with pytest.raises(ValidationError, match="restore it before updating it"):
        services.submit_status_update(action, status=built.options["on_track"], by=None)
    with pytest.raises(ValidationError):
        services.add_action(built.plan, section=built.p1, parent=action, title="More", by=None)


def test_removed_actions_drop_out_of_lists_roll_ups_coverage_exports_and_my_actions(built, user_for):
    lead = user_for("plan_contributor")
    services.set_action_leads(built.a12, leads=[{"kind": "strategic", "user": lead}], by=None)
    services.remove_action(built.a12, reason="Done elsewhere", by=None)
    rows = ui.light_rows(built.plan, today=D(2025, 1, 15), cycle=built.cycle)
    assert [r.code for r in rows] == ["1.1", "2.1", "2.1a", "2.1b"]
    assert [r.code for r in ui.light_rows(built.plan, today=D(2025, 1, 15), cycle=None, show=ui.REMOVED)] == ["1.2"]
    _roots, total, count, removed = ui.count_tree(built.plan, ui.section_values(built.plan))
    assert (count, removed) == (4, 1)
    assert sum(counter.total() for _p, counter in queries.rollup_by_priority(built.plan)) == 4
    coverage = queries.coverage(built.plan)
    assert [a.code for _f, actions in coverage.findings for a in actions] == ["1.1"]
    _header, export_rows = tabular.plan_rows(built.plan)
    assert [row[10] for row in export_rows] == ["1.1", "2.1", "2.1a", "2.1b"]
    assert not queries.actions_led_by(lead).exists()


def test_an_old_board_report_keeps_an_action_removed_after_its_date_and_later_reports_leave_it_out(built):
    feb = services.create_cycle(built.plan, board="SEND Delivery Board", period_start=D(2025, 2, 1),
                                period_end=D(2025, 2, 28), deadline=D(2025, 2, 20), by=None)
    services.remove_action(built.a12, reason="Merged into 1.1", by=None)
    on_5_february = timezone.make_aware(datetime.datetime(2025, 2, 5, 10, 0))
    Action.objects.filter(pk=built.a12.pk).update(removed_at=on_5_february)  # as if removed then
    january = reports.build_board_report(built.plan, built.cycle, today=D(2025, 3, 1))
    february = reports.build_board_report(built.plan, feb, today=D(2025, 3, 1))
    assert january.total_actions == 5 and february.total_actions == 4


def test_a_retired_status_gets_a_report_column_only_while_an_action_had_it(built):
    amber = built.options["some_concerns"]
    services.retire_status_option(amber, by=None)
    report = reports.build_board_report(built.plan, built.cycle, today=D(2025, 1, 25))
    assert amber.label not in [column.label for column in report.columns]
    assert len(report.totals) == len(report.columns) + 1
    services.restore_status_option(amber, by=None)
    services.submit_status_update(built.a11, status=amber, by=None, commentary="Vacancies", reported_on=D(2025, 1, 10))
    services.retire_status_option(amber, by=None)
    report = reports.build_board_report(built.plan, built.cycle, today=D(2025, 1, 25))
    column = [c.label for c in report.columns].index(amber.label)
    assert report.totals[column] == 1


def test_the_audit_trail_says_what_was_restored(built):
    services.remove_action(built.a12, reason="Done elsewhere", by=None)
    services.restore_action(Action.objects.get(pk=built.a12.pk), by=built.manager)
    assert AuditEvent.objects.filter(object_type="plans.action", object_id=str(built.a12.pk),
                                     action=AuditAction.UPDATE, note="Restored to the plan",
                                     actor=built.manager).exists()
