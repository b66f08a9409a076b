"""Reads: the tree with roll-ups, flags on action rows, filters, coverage, and query counts."""

import datetime
import sys
import types

import pytest

from indicators.models import Indicator
from plans import queries, services
from plans import status as rules

from .data_helpers import small_plan

D = datetime.date
TODAY = D(2025, 1, 25)


@pytest.mark.django_db
def test_the_tree_rolls_status_counts_up_to_each_priority(authority):
    built = small_plan(authority)
    services.submit_status_update(built.a11, status=built.options["some_concerns"], by=None, commentary="Capacity",
                                  reported_on=D(2025, 1, 10))
    roots, total = queries.plan_tree(built.plan, today=TODAY)
    assert [root.section.code for root in roots] == ["1", "2"]
    assert dict(roots[0].counts) == {"some_concerns": 1, rules.NO_UPDATE: 1}
    assert dict(roots[0].children[0].counts) == {"some_concerns": 1}
    assert dict(roots[1].counts) == {rules.NO_UPDATE: 1}
    assert sum(total.values()) == 3
    assert [(p.code, dict(c)) for p, c in queries.rollup_by_priority(built.plan)] == [
        ("1", {"some_concerns": 1, rules.NO_UPDATE: 1}), ("2", {rules.NO_UPDATE: 1})]


@pytest.mark.django_db
def test_action_rows_carry_their_priority_and_flags_for_the_current_cycle(authority):
    built = small_plan(authority)
    services.submit_status_update(built.a11, status=built.options["on_track"], by=None, reported_on=D(2025, 1, 10))
    rows = {row.action.code: row for row in queries.action_rows(built.plan, today=TODAY)}
    assert rows["1.1"].priority == built.p1 and rows["1.1"].flags == []
    assert rows["1.2"].flags == [rules.PAST_DUE, rules.NOT_UPDATED]  # due Dec 2024, never updated
    assert rows["2.1"].flags == []  # starts in March


@pytest.mark.django_db
def test_a_linked_indicator_off_trajectory_flags_the_action(authority, monkeypatch):
    module = types.ModuleType("indicators.queries")
    module.indicator_summary = lambda indicator, la: {"off_trajectory": indicator.code == "salt_wait_over_18wk"}
    monkeypatch.setitem(sys.modules, "indicators.queries", module)
    built = small_plan(authority)
    services.link_indicator(built.a11, indicator=Indicator.objects.get(code="salt_wait_over_18wk"), by=None)
    services.link_indicator(built.a21, indicator=Indicator.objects.get(code="ehcp_issued_20wk_pc"), by=None)
    rows = {row.action.code: row for row in queries.action_rows(built.plan, today=TODAY)}
    assert rules.INDICATOR_OFF_TRAJECTORY in rows["1.1"].flags
    assert rules.INDICATOR_OFF_TRAJECTORY not in rows["2.1"].flags


@pytest.mark.django_db
def test_action_rows_cope_without_the_indicators_contract(authority, monkeypatch):
    monkeypatch.setitem(sys.modules, "indicators.queries", None)
    built = small_plan(authority)
    services.link_indicator(built.a11, indicator=Indicator.objects.get(code="salt_wait_over_18wk"), by=None)
    rows = queries.action_rows(built.plan, today=TODAY)
    assert all(rules.INDICATOR_OFF_TRAJECTORY not in row.flags for row in rows)


@pytest.mark.django_db
@pytest.mark.parametrize(("filters", "codes"), [
    ({}, ["1.1", "1.2", "2.1"]),
    ({"overdue": True}, ["1.2"]),
    ({"lead": "head of service"}, ["1.2"]),
    ({"organisation": "hull city"}, ["1.2"]),
    ({"source": "sef"}, ["1.1"]),
    ({"status": "none"}, ["1.2", "2.1"]),
    ({"flag": "not_updated"}, ["1.2"]),
    ({"sort": "-code"}, ["2.1", "1.2", "1.1"]),
    ({"sort": "due"}, ["1.2", "1.1", "2.1"]),  # TBC last
])
def test_the_action_list_filters_and_sorts(authority, filters, codes):
    built = small_plan(authority)
    services.submit_status_update(built.a11, status=built.options["on_track"], by=None, reported_on=D(2025, 1, 10))
    rows = queries.filter_rows(queries.action_rows(built.plan, today=TODAY), **filters)
    assert [row.action.code for row in rows] == codes


@pytest.mark.django_db
def test_filtering_by_priority_and_finding(authority):
    built = small_plan(authority)
    rows = queries.action_rows(built.plan, today=TODAY)
    assert [r.action.code for r in queries.filter_rows(rows, priority=built.p2.pk)] == ["2.1"]
    assert [r.action.code for r in queries.filter_rows(rows, finding=built.afi1.pk)] == ["1.1", "1.2"]


@pytest.mark.django_db
def test_coverage_flags_areas_for_improvement_with_no_action_and_actions_with_no_source(authority):
    built = small_plan(authority)
    coverage = queries.coverage(built.plan)
    assert [(finding.code, [a.code for a in actions]) for finding, actions in coverage.findings] == [
        ("AFI1", ["1.1", "1.2"]), ("AFI2", [])]
    assert coverage.uncovered_findings == [built.afi2]
    assert [a.code for a in coverage.actions_without_source] == ["2.1"]


@pytest.mark.django_db
def test_my_actions_are_those_i_lead_or_whose_section_i_lead(authority, user_for):
    me = user_for("plan_contributor")
    built = small_plan(authority, lead=me)
    assert [a.code for a in queries.actions_led_by(me)] == ["1.1"]
    services.update_section(built.p2, by=None, lead_user=me)
    assert sorted(a.code for a in queries.actions_led_by(me)) == ["1.1", "2.1"]


@pytest.mark.django_db
def test_the_current_cycle_is_the_one_whose_period_includes_today(authority):
    built = small_plan(authority)
    assert queries.current_cycle(built.plan, TODAY) == built.cycle
    assert queries.current_cycle(built.plan, D(2024, 12, 1)) is None
    assert queries.current_cycle(built.plan, D(2025, 6, 1)) == built.cycle  # the last one started


@pytest.mark.django_db
def test_the_tree_costs_the_same_queries_however_many_actions(authority, django_assert_max_num_queries):
    built = small_plan(authority)
    for number in range(30):
        action = services.add_action(built.plan, section=built.p2, code=f"2.{number + 2}", title=f"Action {number}",
                                     by=None)
        services.set_action_leads(action, leads=[{"kind": "strategic", "name": f"Lead {number}"}], by=None)
        services.submit_status_update(action, status=built.options["on_track"], by=None, reported_on=D(2025, 1, 2))
    with django_assert_max_num_queries(12):
        roots, _total = queries.plan_tree(built.plan, today=TODAY)
        rows = [row for root in roots for row in root.rows]
        assert len({lead.display for root in roots for child in [root, *root.children] for row in child.rows
                    for lead in row.action.leads.all()}) == 32
    assert rows


@pytest.mark.django_db
def test_latest_updates_as_of_a_date_ignore_later_ones(authority):
    built = small_plan(authority)
    services.submit_status_update(built.a11, status=built.options["on_track"], by=None, reported_on=D(2025, 1, 10))
    services.submit_status_update(built.a11, status=built.options["off_track"], by=None, commentary="Late",
                                  reported_on=D(2025, 2, 10))
    assert queries.latest_updates(built.plan, as_of=D(2025, 1, 31))[built.a11.pk].status.meaning == "on_track"
    assert queries.meanings_as_of(built.plan, as_of=D(2025, 2, 28)) == {built.a11.pk: "off_track"}
