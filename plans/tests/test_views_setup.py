"""The status scale pages and the partner authorities page."""

import pytest
from django.urls import reverse

from core.choices import AuditAction
from core.models import AuditEvent
from plans import services
from plans.models import StatusOption

from .ui_helpers import TODAY, build_plan


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr("plans.views.today", lambda: TODAY)
    monkeypatch.setattr("plans.views_cycles.today", lambda: TODAY)


@pytest.fixture
def built(authority):
    return build_plan(authority)


@pytest.fixture
def kent(other_authority):
    return build_plan(other_authority, title="Kent SEND plan")


def option(built, code) -> StatusOption:
    return built.plan.status_options.get(code=code)


def option_form(**overrides):
    return {"label": "Paused by the board", "colour": "pink", "meaning": "some_concerns", **overrides}


# ---- the scale page ---------------------------------------------------------------------------


def test_the_scale_shows_each_status_as_words_on_its_colour_with_its_meaning_and_use(client_for, built):
    response = client_for("board_member").get(reverse("plans:status_scale", args=[built.plan.pk]))
    assert response.status_code == 200
    text = response.text
    assert '<strong class="govuk-tag govuk-tag--green">On track, no concerns</strong>' in text
    assert "Completed, embedded and sustained" in text
    assert reverse("plans:status_option_create", args=[built.plan.pk]) not in text  # board members read only


def test_managers_and_the_plans_owner_are_offered_the_changes(client_for, built):
    manager = client_for("send_manager")
    assert reverse("plans:status_option_create", args=[built.plan.pk]) in manager.get(
        reverse("plans:status_scale", args=[built.plan.pk])).text
    owner = client_for("board_member")
    services.update_plan(built.plan, owner=owner.user, by=None)
    text = owner.get(reverse("plans:status_scale", args=[built.plan.pk])).text
    assert reverse("plans:status_option_edit", args=[option(built, "on_track").pk]) in text


def test_the_scale_page_costs_a_fixed_number_of_queries(client_for, built, django_assert_max_num_queries):
    client = client_for("send_manager")
    with django_assert_max_num_queries(12):
        assert client.get(reverse("plans:status_scale", args=[built.plan.pk])).status_code == 200


def test_another_authoritys_scale_is_not_found(client_for, kent):
    assert client_for("send_manager").get(reverse("plans:status_scale", args=[kent.plan.pk])).status_code == 404
    assert client_for("send_manager").get(
        reverse("plans:status_option_edit", args=[option(kent, "on_track").pk])).status_code == 404


def test_the_scale_pages_send_anonymous_people_to_sign_in_and_refuse_wrong_methods(client, client_for, built):
    on_track = option(built, "on_track")
    for url in (reverse("plans:status_scale", args=[built.plan.pk]),
                reverse("plans:status_option_edit", args=[on_track.pk]),
                reverse("plans:status_option_retire", args=[on_track.pk])):
        assert client.get(url).status_code == 302
    manager = client_for("send_manager")
    assert manager.post(reverse("plans:status_scale", args=[built.plan.pk])).status_code == 405
    assert manager.get(reverse("plans:status_option_move", args=[on_track.pk])).status_code == 405
    assert manager.get(reverse("plans:status_option_restore", args=[on_track.pk])).status_code == 405


def test_a_manager_adds_a_status_and_it_is_audited(client_for, built):
    client = client_for("send_manager")
    response = client.post(reverse("plans:status_option_create", args=[built.plan.pk]), option_form())
    assert response.status_code == 302
    added = option(built, "paused_by_the_board")
    assert (added.colour, added.meaning, added.position) == ("pink", "some_concerns", 6)
    assert AuditEvent.objects.filter(object_type="plans.statusoption", object_id=str(added.pk),
                                     action=AuditAction.CREATE, actor=client.user).exists()


def test_the_colour_choices_show_the_colour_and_its_name_together(client_for, built):
    text = client_for("send_manager").get(reverse("plans:status_option_create", args=[built.plan.pk])).text
    assert '<strong class="govuk-tag govuk-tag--light-blue">Light blue</strong>' in text


def test_a_status_without_words_or_colour_shows_the_error_summary(client_for, built):
    response = client_for("send_manager").post(reverse("plans:status_option_create", args=[built.plan.pk]),
                                               option_form(label="", colour=""))
    assert response.status_code == 200
    assert "govuk-error-summary" in response.text
    assert "Enter the words for the status" in response.text and "Select a colour for the status" in response.text
    assert response.text.count("<title>Error: ") == 1


def test_changing_the_meaning_of_a_status_in_use_is_refused_on_the_form(client_for, built):
    on_track = option(built, "on_track")  # 1.1 was reported on track
    response = client_for("send_manager").post(reverse("plans:status_option_edit", args=[on_track.pk]),
                                               option_form(label="Green", colour="green", meaning="off_track"))
    assert "so what it means cannot change" in response.text
    assert option(built, "on_track").meaning == "on_track"


def test_a_manager_rewords_a_status(client_for, built):
    on_track = option(built, "on_track")
    response = client_for("send_manager").post(reverse("plans:status_option_edit", args=[on_track.pk]),
                                               option_form(label="Green", colour="green", meaning="on_track"))
    assert response.status_code == 302
    assert option(built, "on_track").label == "Green"


def test_a_status_moves_up_the_scale(client_for, built):
    off = option(built, "off_track")
    response = client_for("send_manager").post(reverse("plans:status_option_move", args=[off.pk]), {"direction": "up"})
    assert response.status_code == 302
    assert list(built.plan.status_options.order_by("position").values_list("code", flat=True))[2] == "off_track"
    assert client_for("send_manager").post(reverse("plans:status_option_move", args=[off.pk]),
                                           {"direction": "sideways"}).status_code == 404


def test_retiring_a_status_in_use_asks_first_and_keeps_its_history(client_for, built):
    on_track = option(built, "on_track")
    client = client_for("send_manager")
    page = client.get(reverse("plans:status_option_retire", args=[on_track.pk]))
    assert "1 update used it" in page.text and "Nothing already written changes" in page.text
    assert client.post(reverse("plans:status_option_retire", args=[on_track.pk])).status_code == 302
    assert option(built, "on_track").is_retired
    action_page = client.get(reverse("plans:action_detail", args=[built.a11.pk])).text
    assert "On track, no concerns" in action_page  # the update and the action keep it
    update_page = client.get(reverse("plans:update_create", args=[built.a11.pk])).text
    assert 'value="on_track"' not in update_page
    scale = client.get(reverse("plans:status_scale", args=[built.plan.pk])).text
    assert "Retired" in scale
    assert client.post(reverse("plans:status_option_restore", args=[on_track.pk])).status_code == 302
    assert not option(built, "on_track").is_retired


def test_contributors_may_not_change_the_scale(client_for, built):
    client = client_for("plan_contributor")
    assert client.get(reverse("plans:status_option_create", args=[built.plan.pk])).status_code == 403
    assert client.post(reverse("plans:status_option_retire", args=[option(built, "not_due").pk])).status_code == 403


# ---- partner authorities ----------------------------------------------------------------------


def test_a_manager_shares_the_plan_with_a_partner_authority_and_stops_sharing_it(client_for, built, other_authority):
    client = client_for("send_manager")
    url = reverse("plans:plan_partners", args=[built.plan.pk])
    assert "not shared with any other authority" in client.get(url).text
    response = client.post(url, {"local_authority": str(other_authority.pk)})
    assert response.status_code == 302
    assert list(built.plan.partner_authorities.all()) == [other_authority]
    assert "Kent" in client.get(reverse("plans:plan_detail", args=[built.plan.pk])).text
    assert AuditEvent.objects.filter(object_type="plans.improvementplan", object_id=str(built.plan.pk),
                                     actor=client.user, note="Shared with Kent").exists()
    remove = reverse("plans:partner_remove", args=[built.plan.pk, other_authority.pk])
    assert client.get(remove).status_code == 405
    assert client.post(remove).status_code == 302
    assert not built.plan.partner_authorities.exists()


def test_choosing_no_authority_shows_the_error_summary(client_for, built):
    response = client_for("send_manager").post(reverse("plans:plan_partners", args=[built.plan.pk]), {})
    assert "govuk-error-summary" in response.text
    assert "Select the authority to share the plan with" in response.text


def test_only_the_lead_authoritys_managers_see_the_partners_page(client, client_for, built, kent, other_authority):
    url = reverse("plans:plan_partners", args=[built.plan.pk])
    assert client.get(url).status_code == 302
    assert client_for("board_member").get(url).status_code == 403
    assert client_for("send_manager").get(reverse("plans:plan_partners", args=[kent.plan.pk])).status_code == 404
    built.plan.partner_authorities.add(other_authority)
    assert client_for("send_manager", other_authority).get(url).status_code == 404
    assert client_for("send_manager").put(url).status_code == 405


def test_a_contributor_at_a_partner_authority_updates_the_action_they_lead(client_for, built, other_authority):
    partner = client_for("plan_contributor", other_authority, full_name="Kim Partner")
    services.set_action_leads(built.a21, leads=[{"kind": "delivery", "user": partner.user}], by=None)
    url = reverse("plans:update_create", args=[built.a21.pk])
    assert partner.get(url).status_code == 404  # not shared yet
    services.add_partner_authority(built.plan, local_authority=other_authority, by=None)
    assert partner.get(url).status_code == 200
    response = partner.post(url, {"status": "on_track", "commentary": "Started with the early years team"})
    assert response.status_code == 302
    assert built.a21.updates.get().submitted_by == partner.user
    assert partner.get(reverse("plans:update_create", args=[built.a11.pk])).status_code == 403  # not theirs
    board = client_for("board_member", other_authority)
    assert board.get(reverse("plans:plan_detail", args=[built.plan.pk])).status_code == 200
    assert board.get(url).status_code == 403


def test_people_at_partner_authorities_can_be_chosen_as_leads(client_for, built, other_authority, user_for):
    user_for("plan_contributor", other_authority, full_name="Kim Partner")
    services.add_partner_authority(built.plan, local_authority=other_authority, by=None)
    text = client_for("send_manager").get(reverse("plans:action_edit", args=[built.a21.pk])).text
    assert "Kim Partner" in text
