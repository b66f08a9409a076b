"""Setting a plan up: its status scale (words, colour, meaning, order, retiring) and its partner
authorities. Each change is audited; history is never rewritten."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.choices import AuditAction
from core.models import AuditEvent
from plans import permissions, queries, services
from plans.models import StatusOption

from .data_helpers import small_plan

D = datetime.date
pytestmark = pytest.mark.django_db


def events(obj, **filters):
    return AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk), **filters)


# ---- the status scale -------------------------------------------------------------------------


def test_a_manager_adds_a_status_at_the_end_of_the_scale_with_a_code_made_from_its_words(authority, user_for):
    built = small_plan(authority)
    manager = user_for("send_manager")
    option = services.add_status_option(built.plan, label="Paused by the board", colour="pink", meaning="some_concerns",
                                        by=manager)
    assert (option.code, option.position) == ("paused_by_the_board", 6)
    assert events(option, action=AuditAction.CREATE, actor=manager).exists()


def test_a_status_needs_words_a_known_colour_and_meaning_and_different_words_from_the_others(authority):
    built = small_plan(authority)
    with pytest.raises(ValidationError) as error:
        services.add_status_option(built.plan, label=" ", colour="mauve", meaning="sort_of", by=None)
    assert set(error.value.message_dict) == {"label", "colour", "meaning"}
    with pytest.raises(ValidationError, match="already has a status called off track"):
        services.add_status_option(built.plan, label="off track", colour="red", meaning="off_track", by=None)


def test_words_and_colour_change_at_any_time_and_are_audited(authority):
    built = small_plan(authority)
    option = built.options["on_track"]
    services.submit_status_update(built.a11, status=option, by=None, reported_on=D(2025, 1, 5))
    services.update_status_option(option, label="Green", colour="turquoise", meaning="on_track", by=None)
    option.refresh_from_db()
    assert (option.label, option.colour) == ("Green", "turquoise")
    change = events(option, action=AuditAction.UPDATE).get()
    assert change.changes["label"] == ["On track, no concerns", "Green"]


def test_the_meaning_of_a_status_in_use_cannot_change_so_history_keeps_its_meaning(authority):
    built = small_plan(authority)
    option = built.options["on_track"]
    services.submit_status_update(built.a11, status=option, by=None, reported_on=D(2025, 1, 5))
    with pytest.raises(ValidationError) as error:
        services.update_status_option(option, label=option.label, colour=option.colour, meaning="off_track", by=None)
    assert "used by 1 update and 1 action, so what it means cannot change" in error.value.message_dict["meaning"][0]
    unused = built.options["sustained"]
    services.update_status_option(unused, label=unused.label, colour=unused.colour, meaning="completed", by=None)
    assert StatusOption.objects.get(pk=unused.pk).meaning == "completed"


def test_a_status_moves_up_and_down_the_scale_and_the_new_order_is_audited(authority):
    built = small_plan(authority)
    codes = lambda: list(built.plan.status_options.order_by("position").values_list("code", flat=True))  # noqa: E731
    services.move_status_option(built.options["off_track"], up=True, by=None)
    assert codes() == ["not_due", "on_track", "off_track", "some_concerns", "completed", "sustained"]
    services.move_status_option(built.options["not_due"], up=True, by=None)  # already first: nothing changes
    services.move_status_option(built.options["sustained"], up=False, by=None)
    assert codes()[0] == "not_due" and codes()[-1] == "sustained"
    order = AuditEvent.objects.filter(object_type="plans.improvementplan", object_id=str(built.plan.pk),
                                      changes__has_key="status_order")
    assert order.count() == 1


def test_a_retired_status_keeps_its_history_but_is_not_offered_or_accepted_for_new_updates(authority):
    built = small_plan(authority)
    amber = built.options["some_concerns"]
    update = services.submit_status_update(built.a11, status=amber, by=None, commentary="Staff vacancies",
                                           reported_on=D(2025, 1, 5))
    services.retire_status_option(amber, by=None)
    amber.refresh_from_db()
    assert amber.is_retired
    update.refresh_from_db()
    built.a11.refresh_from_db()
    assert update.status == amber and built.a11.status == amber  # nothing written is changed
    assert queries.uses_of_status(amber) == (1, 1)
    with pytest.raises(ValidationError, match="no longer used in this plan"):
        services.submit_status_update(built.a12, status=amber, by=None, commentary="Late")
    assert events(amber, action=AuditAction.UPDATE, note="Retired").exists()
    services.restore_status_option(amber, by=None)
    services.submit_status_update(built.a12, status=amber, by=None, commentary="Late")


def test_the_last_status_in_use_cannot_be_retired(authority):
    built = small_plan(authority)
    *others, last = list(built.plan.status_options.order_by("position"))
    for option in others:
        services.retire_status_option(option, by=None)
    with pytest.raises(ValidationError, match="at least one status in use"):
        services.retire_status_option(last, by=None)


def test_the_plans_owner_may_look_after_its_scale_but_a_contributor_may_not(authority, user_for):
    owner = user_for("board_member")
    built = small_plan(authority)
    services.update_plan(built.plan, owner=owner, by=None)
    services.retire_status_option(built.options["not_due"], by=owner)
    with pytest.raises(PermissionDenied):
        services.restore_status_option(built.options["not_due"], by=user_for("plan_contributor"))


# ---- partner authorities -----------------------------------------------------------------------


def test_sharing_a_plan_with_a_partner_lets_its_people_read_and_its_contributors_update_their_actions(
        authority, other_authority, user_for):
    partner_lead = user_for("plan_contributor", other_authority)
    built = small_plan(authority, lead=partner_lead)
    assert not permissions.can_view_plan(partner_lead, built.plan)
    services.add_partner_authority(built.plan, local_authority=other_authority, by=user_for("send_manager"))
    plan = type(built.plan).objects.get(pk=built.plan.pk)
    assert permissions.can_view_plan(partner_lead, plan)
    built.a11.plan = plan
    built.a12.plan = plan
    assert permissions.can_update_action(partner_lead, built.a11)  # they lead it
    assert not permissions.can_update_action(partner_lead, built.a12)
    assert not permissions.can_manage_plan(user_for("send_manager", other_authority), plan)
    services.submit_status_update(built.a11, status=built.options["on_track"], by=partner_lead)
    shared = AuditEvent.objects.get(object_type="plans.improvementplan", object_id=str(plan.pk),
                                    changes__has_key="partner_authorities")
    assert shared.changes["partner_authorities"] == [[], ["886"]]


def test_a_plan_is_not_shared_with_its_own_authority_or_twice_and_only_partners_are_removed(authority, other_authority):
    built = small_plan(authority)
    with pytest.raises(ValidationError, match="already holds this plan"):
        services.add_partner_authority(built.plan, local_authority=authority, by=None)
    services.add_partner_authority(built.plan, local_authority=other_authority, by=None)
    with pytest.raises(ValidationError, match="already a partner"):
        services.add_partner_authority(built.plan, local_authority=other_authority, by=None)
    services.remove_partner_authority(built.plan, local_authority=other_authority, by=None)
    assert not built.plan.partner_authorities.exists()
    with pytest.raises(ValidationError, match="is not a partner"):
        services.remove_partner_authority(built.plan, local_authority=other_authority, by=None)


def test_only_the_lead_authoritys_managers_change_partners(authority, other_authority, user_for):
    built = small_plan(authority)
    with pytest.raises(PermissionDenied):
        services.add_partner_authority(built.plan, local_authority=other_authority,
                                       by=user_for("send_manager", other_authority))
    with pytest.raises(PermissionDenied):
        services.add_partner_authority(built.plan, local_authority=other_authority, by=user_for("board_member"))
