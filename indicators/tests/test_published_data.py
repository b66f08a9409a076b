"""The shipped published data, loaded once for this module, against figures from the releases
(spot checks from the data README and the DfE release)."""

import csv
import io
import json
import time

import pytest
from django.core.management import call_command
from django.db import connection

from core.models import AuditEvent, LocalAuthority
from indicators import periods, queries, services
from indicators.models import ENGLAND_CODE, ImportRun, Indicator, Value

pytestmark = pytest.mark.django_db

TIMINGS = {}


@pytest.fixture(scope="module", autouse=True)
def published(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        started = time.perf_counter()
        reports = services.load_published_data()
        TIMINGS["load"] = time.perf_counter() - started
    yield reports
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {Value._meta.db_table}")  # fast: no per-row collection
        AuditEvent.objects.filter(object_type="indicators.importrun").delete()
        ImportRun.objects.all().delete()


def value(code, area, period, *, field="value"):
    row = Value.objects.get(indicator__code=code, area_code=area, period_type=period.type,
                            period_start=period.start, is_current=True, published=True)
    return getattr(row, field)


Y2023, Y2024 = periods.calendar_year(2023), periods.calendar_year(2024)
KENT, DEVON, BIRMINGHAM = "886", "878", "330"


@pytest.mark.parametrize(
    "code, area, period, expected",
    [
        ("ehcp_issued_20wk_ex_pc", ENGLAND_CODE, Y2024, 46.4),
        ("ehcp_issued_20wk_pc", ENGLAND_CODE, Y2024, 45.9),
        ("ehcp_issued_20wk_ex_pc", ENGLAND_CODE, Y2023, 50.3),
        ("ehcp_issued_20wk_pc", ENGLAND_CODE, Y2023, 49.1),
        ("ehcp_issued_20wk_ex_pc", KENT, Y2024, 33.3),
        ("ehcp_issued_20wk_pc", KENT, Y2024, 32.3),
        ("ehcp_issued_20wk_pc", DEVON, Y2024, 3.2),
        ("ehcp_issued_20wk_pc", BIRMINGHAM, Y2024, 26.7),
        ("ehcp_requests", ENGLAND_CODE, Y2024, 154_489),
        ("ehcp_requests", ENGLAND_CODE, Y2023, 138_242),
        ("ehcp_requests_refused", ENGLAND_CODE, Y2024, 38_889),
        ("ehcp_requests_refused_pc", ENGLAND_CODE, Y2024, 25.2),
        ("ehcp_requests", KENT, Y2024, 4_001),
        ("ehcp_requests_refused", KENT, Y2024, 2_200),
        ("ehcp_requests_refused_pc", BIRMINGHAM, Y2024, 41.9),
        ("ehcp_new_plans", ENGLAND_CODE, Y2024, 97_747),
        ("ehcp_new_plans", ENGLAND_CODE, Y2023, 84_428),
        ("ehcp_new_plans", KENT, Y2024, 2_890),
        ("ehcp_assessments", ENGLAND_CODE, Y2024, 105_340),
        ("ehcp_review_decisions_4wk_pc", ENGLAND_CODE, Y2024, 44.4),
        ("ehcp_review_decisions_4wk_pc", KENT, Y2024, 33.6),
        ("ehcp_plans_ceased", ENGLAND_CODE, Y2024, 44_862),
        ("ehcp_plans_ceased", ENGLAND_CODE, Y2023, 39_419),
        ("ehcp_plans_ceased", KENT, Y2024, 2_081),
        ("ehcp_plans_in_force", ENGLAND_CODE, periods.census(2025), 638_745),
        ("ehcp_plans_in_force", ENGLAND_CODE, periods.census(2024), 576_474),
        ("ehcp_plans_in_force", ENGLAND_CODE, periods.census(2023), 517_048),
        ("ehcp_plans_in_force", KENT, periods.census(2025), 20_635),
        ("ehcp_plans_in_force", BIRMINGHAM, periods.census(2025), 12_094),
        ("ehcp_mainstream_pc", ENGLAND_CODE, periods.census(2025), 43.6),
        ("ehcp_special_pc", ENGLAND_CODE, periods.census(2025), 30.4),
        ("ehcp_personal_budgets", ENGLAND_CODE, periods.census(2025), 19_596),
        ("send_tribunal_appeal_rate", ENGLAND_CODE, Y2024, 3.2),
        ("send_tribunal_appeal_rate", ENGLAND_CODE, periods.calendar_year(2014), 1.6),
        ("send_tribunal_appeal_rate", KENT, Y2024, 6.6),
        ("ehcp_absence_pc", KENT, periods.academic_year(2018), 10.010292),
        ("ehcp_absence_pc", KENT, periods.academic_year(2024), 13.741938),
        ("ehcp_suspension_rate", KENT, periods.term("autumn", 2023), 8.595),
        ("ehcp_attendance_pc", KENT, periods.term("autumn", 2025), 85.050136),
    ],
)
def test_published_figures_match_the_release(code, area, period, expected):
    assert value(code, area, period) == pytest.approx(expected)


@pytest.mark.parametrize(
    "code, area, period, numerator, denominator",
    [
        ("ehcp_issued_20wk_pc", ENGLAND_CODE, Y2024, 41_448, 90_392),
        ("ehcp_issued_20wk_pc", KENT, Y2024, 784, 2_424),
        ("ehcp_issued_20wk_pc", ENGLAND_CODE, Y2023, 39_784, 80_945),
        ("ehcp_issued_20wk_ex_pc", ENGLAND_CODE, Y2023, 38_471, 76_506),
        ("send_tribunal_appeal_rate", ENGLAND_CODE, Y2024, 22_276, 689_739),
        ("send_tribunal_appeal_rate", KENT, Y2024, 1_559, 23_692),
        ("ehcp_requests_6wk_pc", ENGLAND_CODE, Y2024, 126_160, 148_753),
        ("ehcp_review_decisions_4wk_pc", ENGLAND_CODE, Y2024, 154_924, 348_759),
    ],
)
def test_the_counts_behind_percentages_are_kept(code, area, period, numerator, denominator):
    assert value(code, area, period, field="numerator") == numerator
    assert value(code, area, period, field="denominator") == denominator


def test_every_english_authority_has_national_regional_and_local_figures():
    period = periods.census(2025)
    rows = Value.objects.filter(indicator__code="ehcp_plans_in_force", period_type=period.type,
                                period_start=period.start, is_current=True)
    la_codes = set(rows.filter(geography="local_authority").values_list("area_code", flat=True))
    assert la_codes == set(LocalAuthority.objects.values_list("code", flat=True))
    assert rows.filter(geography="regional").count() == 9
    assert rows.filter(geography="national").count() == 1


def test_the_2025_codes_of_renamed_authorities_are_matched():
    # North Yorkshire (815) and Somerset (933) use older ONS codes in the SEN2 2025 files
    for code in ("815", "933", "370", "373", "825"):
        assert value("ehcp_plans_in_force", code, periods.census(2025)) > 0


def test_unavailable_values_keep_their_symbol():
    row = Value.objects.get(indicator__code="ehcp_requests_refused_pc", area_code=ENGLAND_CODE,
                            period_type="calendar_year", period_start=periods.calendar_year(2019).start,
                            is_current=True)
    assert row.value is None and row.symbol == "x"


def test_tribunal_rows_are_matched_by_name_because_the_source_swaps_three_codes():
    # The source labels Nottingham 891 and Northamptonshire 892; Nottingham's DfE code is 892.
    with open(services.DATA_DIR / "send_tribunal_appeal_rates_2014_2024_tidy.csv", encoding="utf-8") as handle:
        published = {(r["la_name"], r["year"]): r for r in csv.DictReader(handle)}
    nottingham = published[("Nottingham", "2024")]
    assert value("send_tribunal_appeal_rate", "892", Y2024) == float(nottingham["appeal_rate_pct"])
    notts = published[("Nottinghamshire", "2024")]
    assert value("send_tribunal_appeal_rate", "891", Y2024) == float(notts["appeal_rate_pct"])
    durham = published[("Durham", "2024")]
    assert value("send_tribunal_appeal_rate", "840", Y2024) == float(durham["appeal_rate_pct"])


def test_the_import_reports_what_it_skipped(published):
    ees_report = published[0]
    skipped = "\n".join(ees_report.skipped)
    assert "residential_settings.csv: not a recognised data file" in skipped
    assert "caseload.csv: columns not mapped:" in skipped and "placement_unknown" in skipped
    assert "Cumbria (909): not a current English local authority" in skipped
    assert ees_report.run.values_created == ees_report.created > 15_000


def test_importing_a_file_again_adds_nothing(published):
    before = Value.objects.count()
    report = services.import_published(services.DATA_DIR / "send_tribunal_appeal_rates_2014_2024_tidy.csv")
    assert report.created == 0
    assert report.unchanged == published[1].created
    assert Value.objects.count() == before


def test_the_full_load_is_quick():
    # The goal is under 30 s for everything shipped; allow slack for a busy test machine.
    assert TIMINGS["load"] < 90


def _call_json(*args):
    out = io.StringIO()
    call_command("benchmark", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_the_benchmark_command_prints_kent_against_england_region_and_neighbours():
    result = _call_json("--la", "886", "--indicator", "ehcp_issued_20wk_ex_pc", "--period", "2024")
    assert result["value"] == 33.3
    assert result["england"] == 46.4
    assert result["region"] == value("ehcp_issued_20wk_ex_pc", "E12000008", Y2024)  # South East
    assert [n["la"] for n in result["neighbours"]][:2] == ["881", "845"]  # Essex, East Sussex
    assert len(result["neighbours"]) == 10
    for neighbour in result["neighbours"]:
        assert neighbour["value"] == value("ehcp_issued_20wk_ex_pc", neighbour["la"], Y2024)
    present = [n["value"] for n in result["neighbours"] if n["value"] is not None]
    assert result["neighbours_mean"] == pytest.approx(sum(present) / len(present), abs=0.01)
    la_values = list(Value.objects.filter(
        indicator__code="ehcp_issued_20wk_ex_pc", geography="local_authority", period_type="calendar_year",
        period_start=Y2024.start, is_current=True, value__isnull=False).values_list("value", flat=True))
    assert result["of"] == len(la_values)
    assert result["rank"] == 1 + sum(1 for v in la_values if v > 33.3)
    assert result["quartile"] == (result["rank"] - 1) * 4 // result["of"] + 1
    assert result["change"] == pytest.approx(33.3 - value("ehcp_issued_20wk_ex_pc", KENT, Y2023))


def test_quartiles_follow_polarity_for_a_lower_is_better_measure():
    result = _call_json("--la", "886", "--indicator", "send_tribunal_appeal_rate", "--period", "2024")
    la_values = list(Value.objects.filter(
        indicator__code="send_tribunal_appeal_rate", geography="local_authority", period_type="calendar_year",
        period_start=Y2024.start, is_current=True, value__isnull=False).values_list("value", flat=True))
    assert result["rank"] == 1 + sum(1 for v in la_values if v < 6.6)  # lower is better
    assert result["quartile"] == 4  # one of the highest appeal rates in England


def test_the_benchmark_period_of_a_stock_is_the_census_year():
    result = _call_json("--la", "886", "--indicator", "ehcp_plans_in_force", "--period", "2025")
    assert result["period"] == "January 2025"
    assert result["value"] == 20_635 and result["england"] == 638_745


def test_the_2021_neighbour_set_can_be_chosen():
    result = _call_json("--la", "886", "--indicator", "ehcp_new_plans", "--period", "2024", "--neighbours", "2021")
    assert result["neighbour_set"] == "2021"
    assert result["neighbours"][2]["la"] == "866"  # Swindon is Kent's third closest in 2021


@pytest.mark.parametrize(
    "args, message",
    [
        (["--la", "999", "--indicator", "ehcp_requests", "--period", "2024"], "--la 999"),
        (["--la", "886", "--indicator", "nope", "--period", "2024"], "--indicator nope"),
        (["--la", "886", "--indicator", "ehcp_requests", "--period", "last year"], "--period"),
    ],
)
def test_the_benchmark_command_names_the_bad_argument(args, message):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match=message):
        call_command("benchmark", *args, "--json", stdout=io.StringIO())


def test_the_indicator_history_puts_kent_beside_england_year_by_year():
    indicator = Indicator.objects.get(code="ehcp_issued_20wk_ex_pc")
    kent = LocalAuthority.objects.get(code=KENT)
    history = queries.indicator_history(indicator, kent)
    by_label = {row.period.label: row for row in history["published"]}
    assert [row.period.label for row in history["published"]] == ["2019", "2020", "2021", "2022", "2023", "2024"]
    assert by_label["2024"].value == 33.3 and by_label["2024"].england == 46.4
    assert by_label["2023"].england == 50.3
    assert by_label["2024"].quartile == 3


def test_the_scorecard_shows_published_benchmarks_for_an_authority_without_local_data(
        django_assert_max_num_queries):
    kent = LocalAuthority.objects.get(code=KENT)
    with django_assert_max_num_queries(10):
        rows = queries.scorecard(kent)
    row = next(r for r in rows if r.indicator.code == "ehcp_issued_20wk_ex_pc")
    assert row.latest_value == 33.3 and row.england == 46.4
    assert row.benchmark_period.label == "2024"
    assert [p.label for p, _ in row.series][-2:] == ["2023", "2024"]
