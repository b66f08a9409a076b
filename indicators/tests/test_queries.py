import datetime

import pytest

from indicators import periods, queries, services
from indicators.models import ENGLAND_CODE, Indicator

pytestmark = pytest.mark.django_db
D = datetime.date
END = D(2025, 10, 31)


def monthly(authority, code, values, *, end=END):
    indicator = Indicator.objects.get(code=code)
    months = periods.months_ending(end, len(values))
    services.save_local_values(local_authority=authority, by=None, values=[
        services.NewValue(indicator.pk, "local_authority", authority.code, authority.pk, authority.region_id, m,
                          float(v)) for m, v in zip(months, values, strict=True)])
    return indicator


def published(indicator, period, figures, authorities):
    """figures: {area code: value}; England is ENGLAND_CODE."""
    new = []
    for code, value in figures.items():
        la = authorities.get(code)
        geography = "national" if code == ENGLAND_CODE else "local_authority"
        new.append(services.NewValue(indicator.pk, geography, code, la.pk if la else None,
                                     la.region_id if la else None, period, value))
    from django.db import transaction

    with transaction.atomic():
        services._save_values(new, source="published", by=None)


def row_for(rows, code):
    return next(r for r in rows if r.indicator.code == code)


def test_a_local_measure_shows_its_latest_month_trend_target_and_rag(authority):
    waits = monthly(authority, "adhd_wait_over_52wk", [600, 560, 540, 500])
    services.set_target(indicator=waits, local_authority=authority, baseline_value=600,
                        baseline_date=D(2025, 7, 31), target_value=0, target_date=D(2026, 7, 31), by=None)
    row = row_for(queries.scorecard(authority), "adhd_wait_over_52wk")
    assert row.latest_period == periods.month(2025, 10) and row.latest_value == 500
    assert [v for _, v in row.series] == [600, 560, 540, 500]
    # the trajectory on 31 October 2025 (92 of 365 days) is 600 - 600*92/365; 500 is behind it
    assert row.trajectory_value == pytest.approx(600 - 600 * 92 / 365)
    assert row.rag_basis == "trajectory" and row.rag_status == "red"
    assert row.off_trajectory is True and row.needs_commentary is True
    assert row.change == -40


def test_an_exception_commentary_for_the_latest_period_answers_the_red_flag(authority):
    waits = monthly(authority, "adhd_wait_over_52wk", [600, 500])
    services.set_target(indicator=waits, local_authority=authority, baseline_value=600,
                        baseline_date=D(2025, 9, 30), target_value=0, target_date=D(2025, 12, 31), by=None)
    services.add_commentary(indicator=waits, local_authority=authority, text="Older", kind="exception",
                            period=periods.month(2025, 9), by=None)
    assert row_for(queries.scorecard(authority), "adhd_wait_over_52wk").needs_commentary is True
    services.add_commentary(indicator=waits, local_authority=authority, text="Extra clinics from November",
                            kind="exception", period=periods.month(2025, 10), by=None)
    row = row_for(queries.scorecard(authority), "adhd_wait_over_52wk")
    assert row.needs_commentary is False and row.commentary.text == "Extra clinics from November"


def test_an_authoritys_rag_rule_overrides_the_catalogue_default(authority):
    waits = monthly(authority, "adhd_wait_over_52wk", [600, 500])
    services.set_target(indicator=waits, local_authority=authority, baseline_value=600,
                        baseline_date=D(2025, 9, 30), target_value=480, target_date=D(2026, 9, 30), by=None)
    assert row_for(queries.scorecard(authority), "adhd_wait_over_52wk").rag_status == "green"  # ahead of the line
    services.set_rag_rule(indicator=waits, local_authority=authority, basis="target", amber_margin=10, by=None)
    assert row_for(queries.scorecard(authority), "adhd_wait_over_52wk").rag_status == "red"  # 20 above 480
    services.set_rag_rule(indicator=waits, local_authority=authority, basis="target", amber_margin=25, by=None)
    assert row_for(queries.scorecard(authority), "adhd_wait_over_52wk").rag_status == "amber"


def test_published_benchmarks_rank_the_authority_against_england_and_its_neighbours(authority):
    indicator = Indicator.objects.get(code="ehcp_issued_20wk_ex_pc")
    codes = queries.neighbour_codes(authority)
    from core.models import LocalAuthority

    las = {la.code: la for la in LocalAuthority.objects.filter(code__in=[authority.code, *codes])}
    figures = {ENGLAND_CODE: 46.4, authority.code: 30.0, **{c: 40.0 + i for i, c in enumerate(codes)}}
    published(indicator, periods.calendar_year(2024), figures, las)
    published(indicator, periods.calendar_year(2023), {authority.code: 25.0, ENGLAND_CODE: 50.3}, las)
    row = row_for(queries.scorecard(authority), "ehcp_issued_20wk_ex_pc")
    assert row.latest_value == 30.0 and row.england == 46.4
    assert row.neighbours_mean == pytest.approx(sum(40.0 + i for i in range(len(codes))) / len(codes))
    assert (row.rank, row.of, row.quartile) == (len(codes) + 1, len(codes) + 1, 4)
    assert row.change == 5.0
    result = queries.benchmark(indicator, authority, periods.calendar_year(2024))
    assert result["value"] == 30.0 and result["neighbours"][0] == {"la": codes[0], "value": 40.0}
    assert result["previous_value"] == 25.0


def test_scorecard_filters_by_theme_owner_and_rag(authority):
    monthly(authority, "adhd_wait_over_52wk", [600, 500])
    assert {r.indicator.theme for r in queries.scorecard(authority, theme="health")} == {"health"}
    owned = queries.scorecard(authority, owner="Integrated care board (ICB)")
    assert owned and all(r.indicator.owner == "Integrated care board (ICB)" for r in owned)
    assert all(r.rag_status is None for r in queries.scorecard(authority, rag_status="none"))
    assert queries.scorecard(authority, rag_status="green") == []
    assert all(r.indicator.is_public for r in queries.scorecard(authority, public_only=True))


def test_the_scorecard_for_60_indicators_and_36_months_takes_a_few_queries(authority, django_assert_max_num_queries):
    for n in range(60 - Indicator.objects.count()):
        services.create_indicator(local_authority=authority, title=f"Local measure {n}", by=None)
    new = []
    months = periods.months_ending(END, 36)
    for indicator in Indicator.objects.all():
        period_type = indicator.local_period_type
        for i, month in enumerate(months):
            if period_type not in ("month", "rolling_12"):
                continue
            period = month if period_type == "month" else periods.rolling_12(month.end)
            new.append(services.NewValue(indicator.pk, "local_authority", authority.code, authority.pk,
                                         authority.region_id, period, float(i)))
    services.save_local_values(local_authority=authority, values=new, by=None)
    with django_assert_max_num_queries(10):
        rows = queries.scorecard(authority)
    assert len(rows) == 60
    monthly_rows = [r for r in rows if r.indicator.local_period_type in ("month", "rolling_12")]
    assert len(monthly_rows) >= 40
    assert all(len(r.series) == 36 and r.latest_period.end == END for r in monthly_rows)
    grid = queries.month_grid(rows, queries.scorecard_months(authority, rows))
    assert len(grid[0][1]) == 36


def test_indicator_summary_follows_the_contract_for_plans(authority):
    waits = monthly(authority, "adhd_wait_over_52wk", [600, 560, 500])
    services.set_target(indicator=waits, local_authority=authority, baseline_value=600,
                        baseline_date=D(2025, 8, 31), target_value=0, target_date=D(2026, 8, 31), by=None)
    summary = queries.indicator_summary(waits, authority)
    assert set(summary) == {"latest_period", "latest_value", "unit", "target", "rag", "off_trajectory", "trend"}
    assert summary["latest_period"] == "October 2025" and summary["latest_value"] == 500
    assert summary["unit"] == "count" and summary["target"] == 0
    assert summary["rag"] in ("red", "amber", "green") and summary["off_trajectory"] is True
    assert summary["trend"] == [("August 2025", 600), ("September 2025", 560), ("October 2025", 500)]


def test_indicator_summary_is_none_without_values(authority):
    assert queries.indicator_summary(Indicator.objects.get(code="ehe_children"), authority) is None


def test_another_authoritys_values_never_appear_in_the_scorecard(authority, other_authority):
    monthly(other_authority, "ehe_children", [100, 200])
    assert row_for(queries.scorecard(authority), "ehe_children").latest_value is None


def test_own_indicators_are_only_in_their_authoritys_catalogue(authority, other_authority):
    services.create_indicator(local_authority=other_authority, title="Kent only", by=None)
    assert not queries.indicators_for(authority).filter(title="Kent only").exists()
    assert queries.indicators_for(other_authority).filter(title="Kent only").exists()
    assert queries.indicator_for(authority, "la886_kent_only") is None


def test_value_versions_list_corrections_newest_first(authority):
    waits = Indicator.objects.get(code="ehe_children")
    for value in (100, 110):
        services.record_value(indicator=waits, local_authority=authority, period=periods.month(2025, 10), value=value,
                              by=None)
    assert [v.value for v in queries.value_versions(waits, authority, periods.month(2025, 10))] == [110, 100]


def test_the_indicator_history_lists_the_local_series_oldest_first(authority):
    waits = monthly(authority, "adhd_wait_over_52wk", [600, 560, 500])
    history = queries.indicator_history(waits, authority)
    assert [(row.period.label, row.value) for row in history["local"]] == [
        ("August 2025", 600), ("September 2025", 560), ("October 2025", 500)]
    assert history["published"] == []
    assert len(history["neighbour_codes"]) == 10


def test_the_england_overview_shows_each_public_indicator_with_its_regions(authority):
    indicator = Indicator.objects.get(code="ehcp_plans_in_force")
    from core.models import Region

    region = Region.objects.get(code="E12000008")
    new = [services.NewValue(indicator.pk, "national", ENGLAND_CODE, None, None, periods.census(year), value)
           for year, value in ((2024, 576_474.0), (2025, 638_745.0))]
    new.append(services.NewValue(indicator.pk, "regional", region.code, None, region.pk, periods.census(2025), 110_014.0))
    from django.db import transaction

    with transaction.atomic():
        services._save_values(new, source="published", by=None)
    rows = queries.england_overview()
    row = next(r for r in rows if r["indicator"] == indicator)
    assert row["latest_value"] == 638_745 and row["latest_period"].label == "January 2025"
    assert [v for _, v in row["series"]] == [576_474, 638_745]
    assert row["regions"] == [("South East", 110_014)]
    assert all(r["indicator"].is_public for r in rows)


def test_an_annual_figure_entered_locally_extends_the_published_series_without_replacing_it(authority):
    indicator = Indicator.objects.get(code="send_tribunal_appeal_rate")
    las = {authority.code: authority}
    published(indicator, periods.calendar_year(2023), {authority.code: 2.0, ENGLAND_CODE: 2.5}, las)
    published(indicator, periods.calendar_year(2024), {authority.code: 1.9, ENGLAND_CODE: 3.2}, las)
    services.record_value(indicator=indicator, local_authority=authority, period=periods.calendar_year(2024),
                          value=9.9, by=None)
    services.record_value(indicator=indicator, local_authority=authority, period=periods.calendar_year(2025),
                          value=2.2, note="Provisional, from HMCTS monthly data", by=None)
    row = row_for(queries.scorecard(authority), "send_tribunal_appeal_rate")
    assert [(p.label, v) for p, v in row.series] == [("2023", 2.0), ("2024", 1.9), ("2025", 2.2)]
    assert row.latest_value == 2.2 and row.benchmark_period.label == "2024" and row.england == 3.2
