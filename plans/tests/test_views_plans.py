"""Plan pages: the list of plans, creating and changing a plan, the overview, the action list,
"my actions" and the timeline."""

import re

import pytest
from django.urls import reverse

from core.models import AuditEvent
from plans.models import ImprovementPlan

from .ui_helpers import TODAY, add_actions, build_plan, signed_in


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr("plans.views.today", lambda: TODAY)


@pytest.fixture
def lead(user_for):
    return user_for("plan_contributor", full_name="Priya Lead")


@pytest.fixture
def built(authority, lead):
    return build_plan(authority, lead=lead)


@pytest.fixture
def kent_plan(other_authority):
    return build_plan(other_authority, title="Kent SEND plan")


# ---- the list of plans ------------------------------------------------------------------------


def test_the_plans_page_lists_the_plans_of_the_users_authority_only(client_for, built, kent_plan):
    response = client_for("board_member").get(reverse("plans:index"))
    assert response.status_code == 200
    assert "Hull SEND strategic plan" in response.text
    assert "Kent SEND plan" not in response.text


def test_the_plans_page_offers_create_and_import_to_managers_only(client_for, built):
    manager_page = client_for("send_manager").get(reverse("plans:index")).text
    board_page = client_for("board_member").get(reverse("plans:index")).text
    assert reverse("plans:plan_create") in manager_page and reverse("plans:plan_import") in manager_page
    assert reverse("plans:plan_create") not in board_page


def test_the_plans_page_sends_anonymous_people_to_sign_in(client):
    response = client.get(reverse("plans:index"))
    assert response.status_code == 302
    assert reverse("core:sign_in") in response["Location"]


def test_the_plans_page_refuses_post(client_for):
    assert client_for("board_member").post(reverse("plans:index")).status_code == 405


def test_the_plans_page_costs_a_fixed_number_of_queries(client_for, authority, django_assert_max_num_queries):
    for number in range(5):
        build_plan(authority, title=f"Plan {number}")
    client = client_for("board_member")
    with django_assert_max_num_queries(8):
        assert client.get(reverse("plans:index")).status_code == 200


# ---- creating and changing a plan ------------------------------------------------------------


def plan_form(**overrides):
    data = {"local_authority": "", "title": "Priority action plan", "kind": "priority_action",
            "description": "After the November 2023 inspection", "owner": "", "section_labels": "Priority, Objective",
            "action_label": "Action", "status_scale": "ragp",
            "starts_on_day": "1", "starts_on_month": "4", "starts_on_year": "2024",
            "ends_on_day": "31", "ends_on_month": "3", "ends_on_year": "2027"}
    data.update(overrides)
    return data


def test_a_manager_creates_a_plan_with_the_status_scale_they_chose(client_for, authority):
    client = client_for("send_manager")
    response = client.post(reverse("plans:plan_create"), plan_form(local_authority=authority.pk))
    plan = ImprovementPlan.objects.get(title="Priority action plan")
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:plan_detail", args=[plan.pk])
    assert plan.local_authority == authority
    assert plan.starts_on.isoformat() == "2024-04-01"
    assert "Purple: completed, embedded and sustained" in plan.status_options.values_list("label", flat=True)
    assert AuditEvent.objects.filter(object_type="plans.improvementplan", object_id=str(plan.pk)).exists()


def test_creating_a_plan_without_a_title_shows_the_error_summary(client_for, authority):
    response = client_for("send_manager").post(reverse("plans:plan_create"),
                                               plan_form(local_authority=authority.pk, title=""))
    assert response.status_code == 200
    assert "govuk-error-summary" in response.text
    assert "Enter the plan&#x27;s title" in response.text or "Enter the plan's title" in response.text
    assert response.text.count("<title>Error: ") == 1
    assert not ImprovementPlan.objects.exists()


def test_sending_the_plan_form_completely_empty_still_shows_every_error(client_for, authority):
    # Regression: an empty POST is falsy, so `Form(request.POST or None)` left the form unbound.
    response = client_for("send_manager").post(reverse("plans:plan_create"), {})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.text
    assert not ImprovementPlan.objects.exists()


def test_a_plan_cannot_end_before_it_starts(client_for, authority):
    response = client_for("send_manager").post(reverse("plans:plan_create"), plan_form(
        local_authority=authority.pk, ends_on_year="2023"))
    assert "The end date must be the same as or after the start date" in response.text
    assert not ImprovementPlan.objects.exists()


def test_a_manager_cannot_create_a_plan_for_another_authority(client_for, other_authority):
    response = client_for("send_manager").post(reverse("plans:plan_create"),
                                               plan_form(local_authority=other_authority.pk))
    assert response.status_code == 200
    assert "Select a local authority whose plans you manage" in response.text
    assert not ImprovementPlan.objects.exists()


def test_a_board_member_may_not_create_a_plan(client_for):
    assert client_for("board_member").get(reverse("plans:plan_create")).status_code == 403


def test_the_create_page_sends_anonymous_people_to_sign_in(client):
    assert client.get(reverse("plans:plan_create")).status_code == 302


def test_the_create_page_refuses_put(client_for):
    assert client_for("send_manager").put(reverse("plans:plan_create")).status_code == 405


def test_a_manager_changes_a_plans_title(client_for, built):
    url = reverse("plans:plan_edit", args=[built.plan.pk])
    client = client_for("send_manager")
    assert client.get(url).status_code == 200
    response = client.post(url, plan_form(title="Hull one plan", local_authority=built.plan.local_authority_id))
    assert response.status_code == 302
    built.plan.refresh_from_db()
    assert built.plan.title == "Hull one plan"


def test_changing_a_plan_with_a_blank_title_shows_the_error(client_for, built):
    response = client_for("send_manager").post(reverse("plans:plan_edit", args=[built.plan.pk]), plan_form(title=""))
    assert "govuk-error-summary" in response.text
    built.plan.refresh_from_db()
    assert built.plan.title == "Hull SEND strategic plan"


def test_another_authoritys_plan_cannot_be_changed(client_for, kent_plan):
    assert client_for("send_manager").get(reverse("plans:plan_edit", args=[kent_plan.plan.pk])).status_code == 404


def test_a_contributor_may_not_change_plan_details(client_for, built):
    assert client_for("plan_contributor").get(reverse("plans:plan_edit", args=[built.plan.pk])).status_code == 403


# ---- the overview ---------------------------------------------------------------------------


def test_the_overview_shows_the_tree_with_counts_per_priority(client_for, built):
    response = client_for("board_member").get(reverse("plans:plan_detail", args=[built.plan.pk]))
    assert response.status_code == 200
    text = response.text
    assert "Clear and open communication" in text and "Families hear from us first" in text
    assert "Co-produce a communication strategy" in text
    rollup = text[text.index('id="rollup"'):text.index("</table>", text.index('id="rollup"'))]
    rows = re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", rollup, re.S)
    priority_1 = next(row for row in rows if "Clear and open communication" in row)
    priority_2 = next(row for row in rows if "Identify need early" in row)
    numbers = lambda row: [int(n) for n in re.findall(r"numeric\">(?:<strong>)?(\d+)", row)]  # noqa: E731
    # Columns: the six statuses, "No update yet", then the total.
    assert numbers(priority_1) == [0, 1, 0, 0, 0, 0, 0, 1]
    assert numbers(priority_2) == [0, 0, 0, 0, 0, 0, 2, 2]


def test_the_overview_flags_a_past_due_action(client_for, built):
    text = client_for("board_member").get(reverse("plans:plan_detail", args=[built.plan.pk])).text
    row = text[text.index("Refresh the early help offer"):]
    row = row[:row.index("</tr>")]
    assert "Past due and not complete" in row


def test_the_overview_of_another_authoritys_plan_is_not_found(client_for, kent_plan):
    assert client_for("send_manager").get(reverse("plans:plan_detail", args=[kent_plan.plan.pk])).status_code == 404


def test_a_partner_authority_can_see_a_partnership_plan(client_for, built, other_authority):
    built.plan.partner_authorities.add(other_authority)
    client = client_for("board_member", other_authority)
    assert client.get(reverse("plans:plan_detail", args=[built.plan.pk])).status_code == 200
    assert client.get(reverse("plans:plan_edit", args=[built.plan.pk])).status_code == 404


def test_the_overview_sends_anonymous_people_to_sign_in(client, built):
    assert client.get(reverse("plans:plan_detail", args=[built.plan.pk])).status_code == 302


def test_the_overview_refuses_post(client_for, built):
    assert client_for("send_manager").post(reverse("plans:plan_detail", args=[built.plan.pk])).status_code == 405


def test_the_overview_costs_the_same_queries_for_many_actions(client_for, built, django_assert_max_num_queries):
    add_actions(built, 30)
    client = client_for("board_member")
    with django_assert_max_num_queries(20):
        response = client.get(reverse("plans:plan_detail", args=[built.plan.pk]))
    assert response.text.count("Extra action") == 30


def test_board_members_see_no_change_links_on_the_overview(client_for, built):
    text = client_for("board_member").get(reverse("plans:plan_detail", args=[built.plan.pk])).text
    assert reverse("plans:action_create", args=[built.plan.pk]) not in text
    manager_text = client_for("send_manager").get(reverse("plans:plan_detail", args=[built.plan.pk])).text
    assert reverse("plans:action_create", args=[built.plan.pk]) in manager_text


# ---- the action list ------------------------------------------------------------------------


def list_url(built, **params):
    from urllib.parse import urlencode

    return reverse("plans:action_list", args=[built.plan.pk]) + ("?" + urlencode(params) if params else "")


def codes_in(text):
    return re.findall(r'href="/plans/actions/\d+/">(\d+\.\d+) ', text)


def test_the_action_list_shows_every_action_in_plan_order(client_for, built):
    response = client_for("board_member").get(list_url(built))
    assert response.status_code == 200
    assert codes_in(response.text) == ["1.1", "2.1", "2.2"]


@pytest.mark.parametrize(("params", "expected"), [
    ({"status": "on_track"}, ["1.1"]),
    ({"status": "none"}, ["2.1", "2.2"]),
    ({"overdue": "on"}, ["2.1"]),
    ({"organisation": "Hull City Council"}, ["2.1"]),
    ({"lead": "Priya Lead"}, ["1.1"]),
    ({"source": "none"}, ["1.1", "2.1", "2.2"]),
    ({"q": "early"}, ["2.1", "2.2"]),
    ({"sort": "due"}, ["2.1", "1.1", "2.2"]),
    ({"sort": "-due"}, ["1.1", "2.1", "2.2"]),
    ({"sort": "code"}, ["1.1", "2.1", "2.2"]),
])
def test_the_action_list_filters_and_sorts(client_for, built, params, expected):
    response = client_for("board_member").get(list_url(built, **params))
    assert codes_in(response.text) == expected


def test_the_action_list_filters_by_priority(client_for, built):
    response = client_for("board_member").get(list_url(built, priority=built.p2.pk))
    assert codes_in(response.text) == ["2.1", "2.2"]


def test_the_action_list_filters_by_area_for_improvement(client_for, built, authority):
    inspection = services_record_inspection(authority, built)
    finding = inspection.findings.get(number=2)
    from plans import services

    services.set_action_sources(built.a21, sources=[{"kind": "afi", "finding": finding}], by=None)
    response = client_for("board_member").get(list_url(built, finding=finding.pk))
    assert codes_in(response.text) == ["2.1"]


def services_record_inspection(authority, built):
    from plans import services

    return services.record_inspection(local_authority=authority, title="Area SEND inspection, November 2023",
                                      by=None, findings=[("afi", 1, "Strengthen transition"), ("afi", 2, "Embed QA")],
                                      plans=[built.plan])


def test_an_unknown_filter_value_shows_the_error_summary(client_for, built):
    response = client_for("board_member").get(list_url(built, status="purple-ish"))
    assert response.status_code == 200
    assert "govuk-error-summary" in response.text
    assert "<title>Error: " in response.text


def test_the_action_list_of_another_authoritys_plan_is_not_found(client_for, kent_plan):
    assert client_for("board_member").get(list_url(kent_plan)).status_code == 404


def test_the_action_list_sends_anonymous_people_to_sign_in(client, built):
    assert client.get(list_url(built)).status_code == 302


def test_the_action_list_refuses_post(client_for, built):
    assert client_for("board_member").post(list_url(built)).status_code == 405


def test_the_action_list_costs_the_same_queries_for_many_actions(client_for, built, django_assert_max_num_queries):
    add_actions(built, 60)
    client = client_for("board_member")
    with django_assert_max_num_queries(20):
        response = client.get(list_url(built, sort="due"))
    assert "Page 1 of 2" in response.text


# ---- my actions -----------------------------------------------------------------------------


def test_my_actions_lists_the_actions_a_lead_leads(built, lead):
    response = signed_in(lead).get(reverse("plans:my_actions", args=[built.plan.pk]))
    assert response.status_code == 200
    assert codes_in(response.text) == ["1.1"]
    assert reverse("plans:update_create", args=[built.a11.pk]) in response.text


def test_my_actions_says_when_an_action_is_due_an_update_this_cycle(built, lead):
    built.a11.last_update_on = TODAY.replace(year=2024, month=12)
    built.a11.save(update_fields=["last_update_on"])
    text = signed_in(lead).get(reverse("plans:my_actions", args=[built.plan.pk])).text
    assert "Status not updated this cycle" in text
    assert "1 of your 1 action need" in text


def test_my_actions_of_a_section_lead_includes_the_sections_actions(built, user_for):
    from plans import services

    section_lead = user_for("plan_contributor")
    services.update_section(built.p2, lead_user=section_lead, by=None)
    text = signed_in(section_lead).get(reverse("plans:my_actions", args=[built.plan.pk])).text
    assert codes_in(text) == ["2.1", "2.2"]


def test_my_actions_of_another_authoritys_plan_is_not_found(client_for, kent_plan):
    assert client_for("plan_contributor").get(reverse("plans:my_actions", args=[kent_plan.plan.pk])).status_code == 404


def test_my_actions_sends_anonymous_people_to_sign_in(client, built):
    assert client.get(reverse("plans:my_actions", args=[built.plan.pk])).status_code == 302


def test_my_actions_refuses_post(built, lead):
    assert signed_in(lead).post(reverse("plans:my_actions", args=[built.plan.pk])).status_code == 405


def test_my_actions_costs_a_fixed_number_of_queries(built, lead, django_assert_max_num_queries):
    add_actions(built, 30)
    client = signed_in(lead)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("plans:my_actions", args=[built.plan.pk])).status_code == 200


# ---- the timeline ---------------------------------------------------------------------------


def test_the_timeline_page_shows_the_svg_and_the_table_alternative(client_for, built):
    response = client_for("board_member").get(reverse("plans:plan_gantt", args=[built.plan.pk]))
    assert response.status_code == 200
    text = response.text
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="app-chart app-gantt" role="img"' in text
    assert 'data-date="2025-01-15"' in text  # today's line
    table = text[text.index('id="timeline-table"'):]
    assert "Co-produce a communication strategy" in table
    assert "January 2024" in table and "June 2025" in table  # month precision, written as months
    assert "TBC" in table
    assert "style=" not in text[text.index("<svg"):text.index("</svg>")]


def test_the_timeline_can_show_one_priority(client_for, built):
    text = client_for("board_member").get(
        reverse("plans:plan_gantt", args=[built.plan.pk]) + f"?priority={built.p2.pk}").text
    assert "Refresh the early help offer" in text
    assert "Co-produce a communication strategy" not in text


def test_the_timeline_of_another_authoritys_plan_is_not_found(client_for, kent_plan):
    assert client_for("board_member").get(reverse("plans:plan_gantt", args=[kent_plan.plan.pk])).status_code == 404


def test_the_timeline_sends_anonymous_people_to_sign_in(client, built):
    assert client.get(reverse("plans:plan_gantt", args=[built.plan.pk])).status_code == 302


def test_the_timeline_refuses_post(client_for, built):
    assert client_for("board_member").post(reverse("plans:plan_gantt", args=[built.plan.pk])).status_code == 405


def test_the_timeline_costs_the_same_queries_for_many_actions(client_for, built, django_assert_max_num_queries):
    add_actions(built, 30)
    client = client_for("board_member")
    with django_assert_max_num_queries(20):
        assert client.get(reverse("plans:plan_gantt", args=[built.plan.pk])).status_code == 200


def test_a_large_plan_overview_links_each_part_to_its_actions(client_for, built, monkeypatch):
    monkeypatch.setattr("plans.views.OVERVIEW_ACTION_LIMIT", 2)
    client = client_for("board_member")
    text = client.get(reverse("plans:plan_detail", args=[built.plan.pk])).text
    assert "Co-produce a communication strategy" not in text
    assert f"?section={built.objective.pk}" in text
    assert "Co-produce a communication strategy" in client.get(
        reverse("plans:plan_detail", args=[built.plan.pk]) + "?all=1").text


def test_the_action_list_shows_the_actions_in_one_part_of_the_plan(client_for, built):
    response = client_for("board_member").get(list_url(built, section=built.objective.pk))
    assert codes_in(response.text) == ["1.1"]
    assert "Actions in A Families hear from us first" in response.text
    response = client_for("board_member").get(list_url(built, section=built.p1.pk))
    assert codes_in(response.text) == ["1.1"]  # objective A sits under priority 1


@pytest.mark.parametrize(("due_on", "precision", "past_due"), [
    ("2024-12-31", "day", True),
    ("2025-01-14", "day", True),
    ("2025-01-15", "day", False),  # due today: not yet past due
    ("2024-12-01", "month", True),  # due by the end of December
    ("2025-01-01", "month", False),  # due by the end of this month
    (None, "tbc", False),
])
def test_the_past_due_filter_agrees_with_the_rule(client_for, built, due_on, precision, past_due):
    import datetime

    from plans import dates as plan_dates
    from plans.models import Action

    day = datetime.date.fromisoformat(due_on) if due_on else None
    Action.objects.filter(pk=built.a22.pk).update(due_on=day, due_precision=precision)
    assert plan_dates.is_past_due(day, precision, today=TODAY) is past_due
    codes = codes_in(client_for("board_member").get(list_url(built, overdue="on")).text)
    assert ("2.2" in codes) is past_due
