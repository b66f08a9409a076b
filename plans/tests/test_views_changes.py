"""Changing a plan's shape on the web: dependencies, workstreams nested under their action, and
removing and restoring actions and sections."""

import pytest
from django.urls import reverse

from core.choices import AuditAction
from core.models import AuditEvent
from plans import services
from plans.models import Action, Section

from .ui_helpers import TODAY, build_plan


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr("plans.views.today", lambda: TODAY)
    monkeypatch.setattr("plans.views_cycles.today", lambda: TODAY)


@pytest.fixture
def built(authority):
    built = build_plan(authority)
    built.w1 = services.add_action(built.plan, section=built.p2, parent=built.a21, code="2.1a",
                                   title="Pilot the refreshed offer in two localities", by=None)
    return built


@pytest.fixture
def kent(other_authority):
    return build_plan(other_authority, title="Kent SEND plan")


# ---- dependencies -----------------------------------------------------------------------------


def test_a_manager_adds_and_removes_a_dependency(client_for, built):
    client = client_for("send_manager")
    url = reverse("plans:action_dependencies", args=[built.a22.pk])
    response = client.post(url, {"depends_on": str(built.a21.pk)})
    assert response.status_code == 302
    assert list(built.a22.dependencies.all()) == [built.a21]
    assert AuditEvent.objects.filter(object_type="plans.action", object_id=str(built.a22.pk), actor=client.user,
                                     note__startswith="Depends on 2.1").exists()
    remove = reverse("plans:dependency_remove", args=[built.a22.pk, built.a21.pk])
    assert client.get(remove).status_code == 405
    assert client.post(remove).status_code == 302
    assert not built.a22.dependencies.exists()


def test_a_dependency_loop_is_refused_with_a_clear_form_error(client_for, built):
    services.add_dependency(built.a21, depends_on=built.a11, by=None)
    response = client_for("send_manager").post(reverse("plans:action_dependencies", args=[built.a11.pk]),
                                               {"depends_on": str(built.a21.pk)})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.text
    assert "1.1 cannot depend on 2.1, because 2.1 already depends on 1.1 (2.1 → 1.1)" in response.text
    assert not built.a11.dependencies.exists()


def test_choosing_nothing_shows_the_error_summary(client_for, built):
    response = client_for("send_manager").post(reverse("plans:action_dependencies", args=[built.a11.pk]), {})
    assert "Select the action that must finish first" in response.text
    assert "<title>Error: " in response.text


def test_the_action_page_shows_depends_on_and_needed_by_and_the_timeline_table_too(client_for, built):
    services.add_dependency(built.a22, depends_on=built.a21, by=None)
    client = client_for("board_member")
    a21 = client.get(reverse("plans:action_detail", args=[built.a21.pk])).text
    assert "Needed by" in a21 and "2.2 Train early years settings" in a21
    a22 = client.get(reverse("plans:action_detail", args=[built.a22.pk])).text
    assert "2.1 Refresh the early help offer" in a22.split("Depends on", 1)[1]
    timeline = client.get(reverse("plans:plan_gantt", args=[built.plan.pk])).text
    table = timeline.split('id="timeline-table"', 1)[1]
    assert "<th scope=\"col\" class=\"govuk-table__header\">Depends on</th>" in table
    row_22 = table.split("2.2 Train early years settings", 1)[1].split("</tr>", 1)[0]
    assert '<td class="govuk-table__cell">2.1</td>' in row_22


def test_dependency_pages_of_another_authority_are_not_found_and_need_a_manager(client, client_for, built, kent):
    url = reverse("plans:action_dependencies", args=[built.a11.pk])
    assert client.get(url).status_code == 302
    assert client_for("board_member").get(url).status_code == 403
    assert client_for("send_manager").get(reverse("plans:action_dependencies", args=[kent.a11.pk])).status_code == 404
    assert client_for("send_manager").put(url).status_code == 405


# ---- workstreams ------------------------------------------------------------------------------


def test_workstreams_are_listed_under_their_action_on_the_overview_and_the_action_page(client_for, built):
    client = client_for("board_member")
    overview = client.get(reverse("plans:plan_detail", args=[built.plan.pk])).text
    section = overview.split(f'id="section-{built.p2.pk}"', 1)[1]
    assert section.index("2.1 Refresh the early help offer") < section.index("2.1a Pilot the refreshed offer") \
        < section.index("2.2 Train early years settings")
    assert "Workstream within 2.1" in section
    page = client.get(reverse("plans:action_detail", args=[built.a21.pk])).text
    assert "Workstreams within it" in page and "2.1a Pilot the refreshed offer in two localities" in page


def test_a_workstream_in_another_section_is_still_listed_under_its_action(client_for, built):
    services.update_action(built.w1, section=built.p1, by=None)
    overview = client_for("board_member").get(reverse("plans:plan_detail", args=[built.plan.pk])).text
    section_2 = overview.split(f'id="section-{built.p2.pk}"', 1)[1]
    assert "2.1a Pilot" in section_2


# ---- removing and restoring -------------------------------------------------------------------


def test_removing_an_action_asks_for_a_reason_and_names_what_goes_with_it(client_for, built):
    client = client_for("send_manager")
    url = reverse("plans:action_remove", args=[built.a21.pk])
    page = client.get(url).text
    assert "These are removed with it" in page and "2.1a Pilot the refreshed offer" in page
    response = client.post(url, {"reason": ""})
    assert "govuk-error-summary" in response.text and "Enter why the action is being removed" in response.text
    assert not Action.objects.get(pk=built.a21.pk).is_removed


def test_a_removed_action_leaves_the_lists_and_can_be_found_and_restored(client_for, built):
    client = client_for("send_manager")
    response = client.post(reverse("plans:action_remove", args=[built.a21.pk]), {"reason": "Merged into 2.2"})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(object_type="plans.action", object_id=str(built.a21.pk),
                                     action=AuditAction.UPDATE, note="Removed from the plan").exists()
    message = client.get(reverse("plans:plan_detail", args=[built.plan.pk])).text
    assert "Removed 2.1 Refresh the early help offer and 1 within it" in message
    overview = client.get(reverse("plans:plan_detail", args=[built.plan.pk])).text
    assert "Refresh the early help offer" not in overview
    assert "Removed from the plan (2 actions)" in overview
    actions = client.get(reverse("plans:action_list", args=[built.plan.pk])).text
    assert "Refresh the early help offer" not in actions
    removed = client.get(reverse("plans:action_list", args=[built.plan.pk]) + "?show=removed").text
    assert "Refresh the early help offer" in removed and ">Removed</strong>" in removed
    timeline = client.get(reverse("plans:plan_gantt", args=[built.plan.pk])).text
    assert "Refresh the early help offer" not in timeline
    assert "Refresh the early help offer" in client.get(
        reverse("plans:plan_gantt", args=[built.plan.pk]) + "?removed=1").text
    listing = client.get(reverse("plans:plan_removed", args=[built.plan.pk])).text
    assert "Merged into 2.2" in listing
    page = client.get(reverse("plans:action_detail", args=[built.a21.pk])).text
    assert "was removed from the plan" in page and "Merged into 2.2" in page
    assert client.get(reverse("plans:update_create", args=[built.a21.pk])).status_code == 404
    assert client.post(reverse("plans:action_restore", args=[built.a21.pk])).status_code == 302
    assert set(Action.objects.filter(plan=built.plan).live().values_list("code", flat=True)) == {
        "1.1", "2.1", "2.1a", "2.2"}


def test_a_section_is_removed_with_its_contents_and_restored_from_the_removed_page(client_for, built):
    client = client_for("send_manager")
    page = client.get(reverse("plans:section_remove", args=[built.p1.pk])).text
    assert "1 part of the plan and 1 action" in page
    assert client.post(reverse("plans:section_remove", args=[built.p1.pk]),
                       {"reason": "Combined with priority 2"}).status_code == 302
    assert Section.objects.get(pk=built.objective.pk).is_removed
    restore_action = client.post(reverse("plans:action_restore", args=[built.a11.pk]))
    assert restore_action.status_code == 409
    assert "which is removed: restore that first" in restore_action.text
    listing = client.get(reverse("plans:plan_removed", args=[built.plan.pk])).text
    assert "Combined with priority 2" in listing
    assert client.post(reverse("plans:section_restore", args=[built.p1.pk])).status_code == 302
    assert not Action.objects.get(pk=built.a11.pk).is_removed


def test_removing_needs_a_manager_of_the_plans_authority(client, client_for, built, kent):
    assert client.get(reverse("plans:action_remove", args=[built.a21.pk])).status_code == 302
    assert client_for("plan_contributor").post(reverse("plans:action_remove", args=[built.a21.pk]),
                                               {"reason": "x"}).status_code == 403
    assert client_for("send_manager").get(reverse("plans:section_remove", args=[kent.p1.pk])).status_code == 404
    assert client_for("send_manager").get(reverse("plans:action_restore", args=[built.a21.pk])).status_code == 405
    assert client_for("send_manager").put(reverse("plans:action_remove", args=[built.a21.pk])).status_code == 405


def test_the_removed_page_is_for_the_partnership_and_costs_a_fixed_number_of_queries(
        client, client_for, built, kent, django_assert_max_num_queries):
    for action in (built.a21, built.a22):
        services.remove_action(Action.objects.get(pk=action.pk), reason="Done", by=None)
    url = reverse("plans:plan_removed", args=[built.plan.pk])
    assert client.get(url).status_code == 302
    board = client_for("board_member")
    with django_assert_max_num_queries(12):
        text = board.get(url).text
    assert "2.2 Train early years settings" in text and "can be restored" not in text
    assert client_for("board_member").get(reverse("plans:plan_removed", args=[kent.plan.pk])).status_code == 404
    assert board.post(url).status_code == 405
