"""In a real browser: a plan contributor submits an update on their action; axe finds no WCAG 2.2
A or AA problems on any plan page."""

import pytest
from django.urls import reverse

from conftest import assert_accessible
from plans import services
from plans.models import StatusUpdate

from .ui_helpers import TODAY, build_plan

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr("plans.views.today", lambda: TODAY)
    monkeypatch.setattr("plans.views_cycles.today", lambda: TODAY)
    monkeypatch.setattr("plans.views_files.today", lambda: TODAY)


def test_a_contributor_finds_their_action_and_submits_an_update(page_for, authority):
    page = page_for("plan_contributor", full_name="Priya Lead")
    built = build_plan(authority, lead=page.user)

    # Given I lead an action, when I open my actions
    page.goto(reverse("plans:my_actions", args=[built.plan.pk]))
    assert page.get_by_role("heading", name="My actions").is_visible()
    # When I choose to update it and forget the commentary for an off-track status
    page.get_by_role("link", name="Update again 1.1").click()
    page.get_by_label("Off track").check()
    page.get_by_role("button", name="Submit update").click()
    # Then the error summary says what to do, and takes me to the field
    summary = page.locator(".govuk-error-summary")
    assert "Enter commentary explaining why the action is off track" in summary.inner_text()
    assert page.title().startswith("Error: ")
    assert_accessible(page)
    # When I add the commentary and submit
    page.get_by_label("Commentary").fill("The forum chair has stepped down; recruiting.")
    page.get_by_label("Next steps").fill("Agree an interim chair")
    page.get_by_role("button", name="Submit update").click()
    # Then I see my update at the top of the history, and the earlier one is kept
    assert "Update submitted: Off track" in page.locator(".govuk-notification-banner").inner_text()
    history = page.locator(".app-timeline").inner_text()
    assert history.index("The forum chair has stepped down") < history.index("Draft agreed with the forum")
    assert StatusUpdate.objects.filter(action=built.a11, submitted_by=page.user).count() == 1


def test_every_plan_page_passes_axe(page_for, authority):
    page = page_for("send_manager")
    built = build_plan(authority, lead=page.user)
    inspection = services.record_inspection(local_authority=authority, title="Area SEND inspection, November 2023",
                                            by=None, findings=[("afi", 1, "Strengthen transition")],
                                            plans=[built.plan])
    services.add_dependency(built.a22, depends_on=built.a21, by=None)
    services.add_action(built.plan, section=built.p2, parent=built.a21, code="2.1a", title="Pilot", by=None)
    services.remove_action(built.a22, reason="Merged into 2.1", by=None)
    pk, action = built.plan.pk, built.a11.pk
    paths = [
        reverse("plans:index"),
        reverse("plans:plan_create"),
        reverse("plans:plan_detail", args=[pk]),
        reverse("plans:plan_edit", args=[pk]),
        reverse("plans:action_list", args=[pk]) + "?overdue=on",
        reverse("plans:my_actions", args=[pk]),
        reverse("plans:plan_gantt", args=[pk]),
        reverse("plans:section_create", args=[pk]),
        reverse("plans:action_create", args=[pk]),
        reverse("plans:action_detail", args=[action]),
        reverse("plans:action_edit", args=[action]),
        reverse("plans:update_create", args=[action]),
        reverse("plans:action_sources", args=[action]),
        reverse("plans:action_indicators", args=[action]),
        reverse("plans:cycle_list", args=[pk]),
        reverse("plans:cycle_create", args=[pk]),
        reverse("plans:cycle_report", args=[built.cycle.pk]),
        reverse("plans:plan_coverage", args=[pk]),
        reverse("plans:inspection_create", args=[pk]),
        reverse("plans:finding_create", args=[pk, inspection.pk]),
        reverse("plans:plan_import"),
        reverse("plans:status_scale", args=[pk]),
        reverse("plans:status_option_create", args=[pk]),
        reverse("plans:status_option_edit", args=[built.on_track.pk]),
        reverse("plans:status_option_retire", args=[built.on_track.pk]),
        reverse("plans:plan_partners", args=[pk]),
        reverse("plans:action_dependencies", args=[action]),
        reverse("plans:action_remove", args=[built.a21.pk]),
        reverse("plans:section_remove", args=[built.p1.pk]),
        reverse("plans:plan_removed", args=[pk]),
        reverse("plans:cycle_schedule", args=[pk]),
        reverse("plans:cycle_report_print", args=[built.cycle.pk]),
        reverse("plans:plan_print", args=[pk]),
    ]
    for path in paths:
        response = page.goto(path)
        assert response.status == 200, path
        assert_accessible(page)


def test_a_form_with_errors_passes_axe(page_for, authority):
    page = page_for("send_manager")
    built = build_plan(authority)
    page.goto(reverse("plans:action_create", args=[built.plan.pk]))
    page.get_by_role("button", name="Save").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)


def test_a_manager_removes_an_action_then_restores_it_and_a_refused_dependency_passes_axe(page_for, authority):
    page = page_for("send_manager")
    built = build_plan(authority)
    services.add_dependency(built.a21, depends_on=built.a11, by=None)

    # Given an action that 2.1 depends on, when I try to make 1.1 depend on 2.1
    page.goto(reverse("plans:action_dependencies", args=[built.a11.pk]))
    page.get_by_label("Add an action that must finish first").select_option(str(built.a21.pk))
    page.get_by_role("button", name="Add dependency").click()
    # Then the error summary explains the loop
    assert "2.1 already depends on 1.1" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)

    # When I remove 2.1 without a reason, then with one
    page.goto(reverse("plans:action_remove", args=[built.a21.pk]))
    page.get_by_role("button", name="Remove action").click()
    assert "Enter why the action is being removed" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    page.get_by_label("Why is it being removed?").fill("Merged into 2.2")
    page.get_by_role("button", name="Remove action").click()
    # Then it has left the overview, and the removed page lists it with the reason
    assert "Refresh the early help offer" not in page.locator(f"#section-{built.p2.pk}").inner_text()
    page.get_by_role("link", name="Removed from the plan (1 action)").click()
    assert "Merged into 2.2" in page.locator("main").inner_text()
    assert_accessible(page)
    # When I open it and restore it, it is back
    page.get_by_role("link", name="2.1 Refresh the early help offer").click()
    page.get_by_role("button", name="Restore action").click()
    assert "Restored 2.1 Refresh the early help offer" in page.locator(".govuk-notification-banner").inner_text()
