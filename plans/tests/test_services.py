"""Writes to plans: one service per event, each audited; the contributor edits only their actions."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.choices import AuditAction
from core.models import AuditEvent
from plans import permissions, services
from plans.models import Action, ActionLead, StatusUpdate

from .data_helpers import small_plan

D = datetime.date


def events_for(obj, action=None):
    events = AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
    return events.filter(action=action) if action else events


@pytest.mark.django_db
def test_a_new_plan_gets_the_common_six_point_status_scale_and_an_audit_record(authority, user_for):
    manager = user_for("send_manager")
    plan = services.create_plan(local_authority=authority, title="Priority action plan", by=manager)
    labels = list(plan.status_options.values_list("label", flat=True))
    assert labels == ["Not due yet", "On track, no concerns", "On track, some concerns", "Off track", "Completed",
                      "Completed, embedded and sustained"]
    event = events_for(plan, AuditAction.CREATE).get()
    assert event.actor == manager and event.local_authority == authority


@pytest.mark.django_db
def test_hulls_ragp_scale_keeps_colour_and_words_together(authority):
    plan = services.create_plan(local_authority=authority, title="One plan", by=None, status_scale="ragp")
    red = plan.status_options.get(meaning="off_track")
    assert (red.label, red.colour) == ("Red: off track", "red")


@pytest.mark.django_db
def test_only_a_manager_may_create_a_plan(authority, user_for):
    with pytest.raises(PermissionDenied):
        services.create_plan(local_authority=authority, title="Plan", by=user_for("plan_contributor"))


@pytest.mark.django_db
def test_a_plan_needs_a_title(authority):
    with pytest.raises(ValidationError) as error:
        services.create_plan(local_authority=authority, title="  ", by=None)
    assert error.value.message_dict == {"title": ["Enter the plan's title"]}


@pytest.mark.django_db
def test_sections_nest_and_record_their_level(authority):
    built = small_plan(authority)
    assert (built.p1.level, built.objective.level) == (1, 2)
    assert built.plan.level_label(built.objective.level) == "Objective"


@pytest.mark.django_db
def test_changing_an_action_audits_the_fields_before_and_after(authority, user_for):
    manager = user_for("send_manager")
    built = small_plan(authority)
    services.update_action(built.a12, by=manager, due_on=D(2025, 3, 31), title="Publish the framework")
    event = events_for(built.a12, AuditAction.UPDATE).latest("id")
    assert event.changes["due_on"] == ["2024-12-31", "2025-03-31"]
    assert event.changes["title"] == ["Publish the transition framework", "Publish the framework"]


@pytest.mark.django_db
def test_a_due_date_before_the_start_is_refused(authority):
    built = small_plan(authority)
    with pytest.raises(ValidationError) as error:
        services.update_action(built.a12, by=None, due_on=D(2024, 8, 1))
    assert "The due date must be the same as or after the start date" in error.value.message_dict["due_on"]


@pytest.mark.django_db
def test_a_status_update_is_a_new_record_and_the_action_follows_the_newest(authority):
    built = small_plan(authority)
    first = services.submit_status_update(built.a11, status=built.options["on_track"], by=None,
                                          commentary="Started", reported_on=D(2025, 1, 10))
    second = services.submit_status_update(built.a11, status=built.options["some_concerns"], by=None,
                                           commentary="Staff shortages", reported_on=D(2025, 2, 10))
    built.a11.refresh_from_db()
    assert StatusUpdate.objects.filter(action=built.a11).count() == 2
    assert (built.a11.status, built.a11.last_update_on) == (built.options["some_concerns"], D(2025, 2, 10))
    first.refresh_from_db()
    assert first.commentary == "Started"  # history is kept, not overwritten
    assert first.cycle == built.cycle and second.cycle is None  # February has no cycle


@pytest.mark.django_db
def test_a_backdated_update_is_kept_in_history_without_replacing_the_current_status(authority):
    built = small_plan(authority)
    services.submit_status_update(built.a11, status=built.options["off_track"], by=None, commentary="Late",
                                  reported_on=D(2025, 2, 10))
    services.submit_status_update(built.a11, status=built.options["on_track"], by=None, reported_on=D(2025, 1, 5))
    built.a11.refresh_from_db()
    assert built.a11.status == built.options["off_track"]


@pytest.mark.django_db
def test_completing_an_action_records_when_it_was_completed(authority):
    built = small_plan(authority)
    services.submit_status_update(built.a12, status=built.options["completed"], by=None, reported_on=D(2025, 1, 8))
    built.a12.refresh_from_db()
    assert built.a12.completed_on == D(2025, 1, 8)


@pytest.mark.django_db
def test_off_track_needs_commentary_for_the_boards_exceptions(authority):
    built = small_plan(authority)
    with pytest.raises(ValidationError) as error:
        services.submit_status_update(built.a11, status=built.options["off_track"], by=None, commentary=" ")
    assert error.value.message_dict == {"commentary": ["Enter commentary explaining why the action is off track"]}


@pytest.mark.django_db
def test_evidence_needs_a_file_or_a_link(authority):
    built = small_plan(authority)
    with pytest.raises(ValidationError):
        services.submit_status_update(built.a11, status=built.options["on_track"], by=None,
                                      evidence=[{"title": "Minutes"}])
    assert not StatusUpdate.objects.filter(action=built.a11).exists()  # nothing half-written
    update = services.submit_status_update(built.a11, status=built.options["on_track"], by=None,
                                           evidence=[{"title": "Minutes", "url": "https://example.org/minutes"}])
    assert update.evidence.get().url == "https://example.org/minutes"


@pytest.mark.django_db
def test_a_status_from_another_plans_scale_is_refused(authority):
    built = small_plan(authority)
    other = services.create_plan(local_authority=authority, title="Other", by=None)
    with pytest.raises(ValidationError):
        services.submit_status_update(built.a11, status=other.status_options.first(), by=None)


@pytest.mark.django_db
def test_a_contributor_updates_the_actions_they_lead_and_no_others(authority, user_for):
    contributor = user_for("plan_contributor")
    built = small_plan(authority, lead=contributor)
    assert permissions.can_update_action(contributor, built.a11)
    assert not permissions.can_update_action(contributor, built.a12)
    update = services.submit_status_update(built.a11, status=built.options["on_track"], by=contributor,
                                           commentary="On schedule")
    assert update.submitted_by == contributor
    assert events_for(update, AuditAction.CREATE).get().actor == contributor
    with pytest.raises(PermissionDenied, match="You can only update actions you lead"):
        services.submit_status_update(built.a12, status=built.options["on_track"], by=contributor)


@pytest.mark.django_db
def test_the_named_lead_of_a_section_may_update_its_actions(authority, user_for):
    contributor = user_for("plan_contributor")
    built = small_plan(authority)
    services.update_section(built.p1, by=None, lead_user=contributor)
    assert permissions.can_update_action(contributor, built.a11)  # under objective 1A of priority 1
    assert not permissions.can_update_action(contributor, built.a21)


@pytest.mark.django_db
def test_a_contributor_may_not_change_the_action_itself(authority, user_for):
    contributor = user_for("plan_contributor")
    built = small_plan(authority, lead=contributor)
    assert not permissions.can_edit_action(contributor, built.a11)
    with pytest.raises(PermissionDenied):
        services.update_action(built.a11, by=contributor, title="Changed")


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["board_member", "practitioner", "performance_analyst"])
def test_board_members_and_other_readers_read_only(authority, user_for, role):
    reader = user_for(role)
    built = small_plan(authority, lead=reader)  # even when named as a lead
    assert permissions.can_view_plan(reader, built.plan)
    assert not permissions.can_update_action(reader, built.a11)


@pytest.mark.django_db
def test_a_manager_of_another_authority_cannot_update_this_authoritys_actions(authority, other_authority, user_for):
    kent_manager = user_for("send_manager", other_authority)
    built = small_plan(authority)
    assert not permissions.can_view_plan(kent_manager, built.plan)
    with pytest.raises(PermissionDenied):
        services.submit_status_update(built.a11, status=built.options["on_track"], by=kent_manager)


@pytest.mark.django_db
def test_leads_are_replaced_and_the_change_audited(authority, user_for):
    person = user_for("plan_contributor", full_name="Sam Synthetic")
    built = small_plan(authority)
    services.set_action_leads(built.a12, by=None, leads=[
        {"kind": "strategic", "name": "Designated Clinical Officer", "organisation": "Example ICB"},
        {"kind": "delivery", "user": person}])
    assert [lead.display for lead in ActionLead.objects.filter(action=built.a12)] == [
        "Designated Clinical Officer (Example ICB)", "Sam Synthetic"]
    change = events_for(built.a12, AuditAction.UPDATE).latest("id").changes["leads"]
    assert change[0] == ["strategic: Head of Service (SEND) (Hull City Council)"]


@pytest.mark.django_db
def test_a_lead_needs_a_name_or_a_person(authority):
    built = small_plan(authority)
    with pytest.raises(ValidationError):
        services.set_action_leads(built.a12, leads=[{"kind": "strategic", "name": " "}], by=None)


@pytest.mark.django_db
def test_a_finding_from_another_authority_cannot_be_a_source(authority, other_authority):
    built = small_plan(authority)
    kent = services.record_inspection(local_authority=other_authority, title="Kent inspection", by=None,
                                      findings=[("afi", 1, "Something")])
    with pytest.raises(ValidationError):
        services.set_action_sources(built.a12, sources=[{"kind": "afi", "finding": kent.findings.get()}], by=None)


@pytest.mark.django_db
def test_finding_numbers_are_unique_within_an_inspection(authority):
    built = small_plan(authority)
    with pytest.raises(ValidationError, match="already has area for improvement 1"):
        services.add_finding(built.inspection, kind="afi", number=1, text="Again", by=None)


@pytest.mark.django_db
def test_dependencies_are_actions_of_the_same_plan(authority):
    built = small_plan(authority)
    services.set_action_dependencies(built.a21, depends_on=[built.a11], by=None)
    assert list(built.a21.dependencies.all()) == [built.a11]
    with pytest.raises(ValidationError):
        services.set_action_dependencies(built.a21, depends_on=[built.a21], by=None)


@pytest.mark.django_db
def test_monthly_cycles_are_scheduled_once_with_a_deadline_in_each_month(authority):
    built = small_plan(authority)
    made = services.schedule_cycles(built.plan, board="SEND Delivery Board", frequency="monthly",
                                    first_period_start=D(2025, 1, 1), count=3, by=None)
    assert [(c.period_start, c.period_end, c.deadline) for c in made.created] == [
        (D(2025, 2, 1), D(2025, 2, 28), D(2025, 2, 20)),
        (D(2025, 3, 1), D(2025, 3, 31), D(2025, 3, 20)),
    ]
    assert made.skipped == [built.cycle]  # January already existed
    quarterly = services.schedule_cycles(built.plan, board="Strategic Board", frequency="quarterly",
                                         first_period_start=D(2025, 1, 1), count=1, by=None).created
    assert (quarterly[0].period_end, quarterly[0].deadline) == (D(2025, 3, 31), D(2025, 3, 20))


@pytest.mark.django_db
def test_a_cycle_with_a_deadline_before_its_period_is_refused(authority):
    built = small_plan(authority)
    with pytest.raises(ValidationError) as error:
        services.create_cycle(built.plan, board="Board", period_start=D(2025, 5, 1), period_end=D(2025, 5, 31),
                              deadline=D(2025, 4, 1), by=None)
    assert "deadline" in error.value.message_dict


@pytest.mark.django_db
def test_the_status_scale_can_be_reworded_but_a_status_in_use_cannot_be_removed(authority):
    built = small_plan(authority)
    services.submit_status_update(built.a11, status=built.options["on_track"], by=None)
    scale = [(o.code, o.label, o.colour, o.meaning) for o in built.plan.status_options.all()]
    reworded = [(c, "Green" if c == "on_track" else label, colour, m) for c, label, colour, m in scale]
    services.set_status_scale(built.plan, options=reworded, by=None)
    assert built.plan.status_options.get(code="on_track").label == "Green"
    with pytest.raises(ValidationError, match="cannot be removed"):
        services.set_status_scale(built.plan, options=[s for s in reworded if s[0] != "on_track"], by=None)


@pytest.mark.django_db
def test_deleting_an_action_leaves_an_audit_record(authority):
    built = small_plan(authority)
    pk = built.a21.pk
    services.delete_action(built.a21, by=None)
    assert not Action.objects.filter(pk=pk).exists()
    assert AuditEvent.objects.filter(object_type="plans.action", object_id=str(pk), action=AuditAction.DELETE).exists()
