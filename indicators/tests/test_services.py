import datetime
import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError

from core.models import AuditEvent
from indicators import periods, services, sources
from indicators.importers.upload import UploadError
from indicators.models import Commentary, ImportRun, Indicator, RagRule, Target, Value

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def analyst(user_for):
    return user_for("performance_analyst")


@pytest.fixture
def waits():
    return Indicator.objects.get(code="adhd_wait_over_52wk")


def test_the_catalogue_is_seeded_with_the_dfe_ids_and_the_local_measures():
    codes = set(Indicator.objects.values_list("code", flat=True))
    for code in ["ehcp_issued_20wk_ex_pc", "ehcp_issued_20wk_pc", "ehcp_requests", "ehcp_requests_refused",
                 "ehcp_new_plans", "ehcp_plans_in_force", "ehcp_review_decisions_4wk_pc",
                 "send_tribunal_appeal_rate", "ehcp_requests_6wk_pc", "ehcp_reviews_maintain", "ehcp_reviews_amend",
                 "ehcp_reviews_cease", "ehcp_attendance_pc", "ehcp_absence_pc", "ehcp_suspension_rate",
                 "ehcp_permanent_exclusion_rate", "ehe_children", "reduced_timetables", "eotas_packages",
                 "neet_send_pc", "adhd_wait_over_52wk", "autism_wait_over_52wk", "salt_wait_over_18wk",
                 "send_complaints", "local_offer_visits", "parent_confidence_pc"]:
        assert code in codes


def test_every_seeded_indicator_is_fully_described():
    for indicator in Indicator.objects.filter(local_authority__isnull=True):
        assert indicator.definition and indicator.source and indicator.owner, indicator.code
        assert indicator.quadrant in ("how_much", "how_well", "better_off")
    flows = Indicator.objects.get(code="ehcp_requests")
    stocks = Indicator.objects.get(code="ehcp_plans_in_force")
    assert "calendar year" in flows.definition and flows.period_type == "calendar_year"
    assert "January census" in stocks.definition and stocks.period_type == "census"


def test_an_analyst_adds_their_own_indicator_with_an_id_made_from_the_title(authority, analyst):
    indicator = services.create_indicator(local_authority=authority, title="Short breaks: families supported",
                                          unit="count", polarity="higher", by=analyst)
    assert indicator.code == "la810_short_breaks_families_supported"
    assert indicator.local_authority == authority and indicator.created_by == analyst
    event = AuditEvent.objects.get(object_type="indicators.indicator", object_id=str(indicator.pk))
    assert event.action == "create" and event.local_authority == authority


def test_an_indicator_id_must_be_unique_and_simple(authority, analyst):
    with pytest.raises(ValidationError, match="already an indicator"):
        services.create_indicator(local_authority=authority, title="Copy", code="ehcp_requests", by=analyst)
    with pytest.raises(ValidationError, match="lower-case"):
        services.create_indicator(local_authority=authority, title="Copy", code="Bad Id", by=analyst)


def test_changing_an_indicator_is_audited_with_before_and_after(analyst, waits):
    services.update_indicator(waits, title="ADHD waits over a year", by=analyst)
    waits.refresh_from_db()
    assert waits.title == "ADHD waits over a year"
    event = AuditEvent.objects.filter(object_type="indicators.indicator", action="update").get()
    assert event.changes["title"][1] == "ADHD waits over a year"


def test_a_value_entered_by_hand_records_who_when_and_the_note(authority, analyst, waits):
    row = services.record_value(indicator=waits, local_authority=authority, period=periods.month(2025, 10),
                                value=290, note="From the ICB dashboard", by=analyst)
    assert (row.value, row.source, row.entered_by, row.note) == (290, "manual", analyst, "From the ICB dashboard")
    assert row.entered_at is not None and row.is_current and not row.published


def test_a_correction_is_a_new_version_and_the_old_value_is_kept(authority, analyst, waits):
    first = services.record_value(indicator=waits, local_authority=authority, period=periods.month(2025, 10),
                                  value=290, by=analyst)
    second = services.record_value(indicator=waits, local_authority=authority, period=periods.month(2025, 10),
                                   value=295, note="Late referrals added", by=analyst)
    first.refresh_from_db()
    assert not first.is_current and second.is_current and second.supersedes == first
    assert Value.objects.filter(indicator=waits).count() == 2
    assert "Correction of 290" in AuditEvent.objects.filter(object_id=str(second.pk)).get().note


def test_a_value_for_the_wrong_kind_of_period_is_refused(authority, analyst, waits):
    with pytest.raises(ValidationError, match="month"):
        services.record_value(indicator=waits, local_authority=authority, period=periods.calendar_year(2024),
                              value=1, by=analyst)


def test_a_new_target_keeps_the_old_one_in_the_history(authority, analyst, waits):
    old = services.set_target(indicator=waits, local_authority=authority, baseline_value=600,
                              baseline_date=D(2024, 1, 31), target_value=100, target_date=D(2025, 12, 31),
                              by=analyst)
    new = services.set_target(indicator=waits, local_authority=authority, baseline_value=450,
                              baseline_date=D(2025, 1, 31), target_value=0, target_date=D(2026, 12, 31), by=analyst)
    old.refresh_from_db()
    assert not old.is_current and new.is_current and new.supersedes == old
    assert Target.objects.filter(indicator=waits, local_authority=authority).count() == 2


def test_a_target_date_must_follow_the_baseline(authority, analyst, waits):
    with pytest.raises(ValidationError, match="after the baseline"):
        services.set_target(indicator=waits, local_authority=authority, baseline_value=1, baseline_date=D(2025, 1, 1),
                            target_value=0, target_date=D(2024, 1, 1), by=analyst)


def test_an_authority_chooses_its_rag_rule_and_a_change_is_audited(authority, analyst, waits):
    services.set_rag_rule(indicator=waits, local_authority=authority, basis="target", amber_margin=20, by=analyst)
    services.set_rag_rule(indicator=waits, local_authority=authority, basis="neighbours", amber_margin=20, by=analyst)
    rule = RagRule.objects.get()
    assert rule.basis == "neighbours"
    update = AuditEvent.objects.get(object_type="indicators.ragrule", action="update")
    assert update.changes == {"basis": ["target", "neighbours"]}


def test_commentary_is_kept_with_history(authority, analyst, waits):
    services.add_commentary(indicator=waits, local_authority=authority, text="First", kind="exception",
                            period=periods.month(2025, 9), rag="red", by=analyst)
    services.add_commentary(indicator=waits, local_authority=authority, text="Second", kind="exception",
                            period=periods.month(2025, 10), rag="red", by=analyst)
    assert [c.text for c in Commentary.objects.filter(indicator=waits)] == ["Second", "First"]
    with pytest.raises(ValidationError, match="Enter the commentary"):
        services.add_commentary(indicator=waits, local_authority=authority, text="  ", by=analyst)


CSV = ("indicator,period,value,note\n"
       "adhd_wait_over_52wk,2025-09,300,\n"
       "adhd_wait_over_52wk,October 2025,290,ICB figure\n"
       "neet_send_pc,2025-10,7.4,\n"
       "parent_confidence_pc,2025-Q3,51.5,\n")


def test_a_csv_upload_adds_every_value_and_is_audited(authority, analyst):
    result = services.upload_values(local_authority=authority, content=CSV.encode(), file_name="october.csv",
                                    by=analyst)
    assert result.created == 4 and result.unchanged == 0
    row = Value.objects.get(indicator__code="adhd_wait_over_52wk", period_start=D(2025, 10, 1))
    assert (row.value, row.note, row.source, row.import_run) == (290, "ICB figure", "upload", result.run)
    assert AuditEvent.objects.filter(action="import", object_type="indicators.importrun").count() == 1


def test_uploading_the_same_file_again_adds_nothing(authority, analyst):
    services.upload_values(local_authority=authority, content=CSV.encode(), file_name="october.csv", by=analyst)
    again = services.upload_values(local_authority=authority, content=CSV.encode(), file_name="october.csv",
                                   by=analyst)
    assert (again.created, again.unchanged) == (0, 4)


def test_an_xlsx_upload_is_read_like_a_csv(authority, analyst):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Indicator", "Period", "Value"])
    sheet.append(["salt_wait_over_18wk", datetime.datetime(2025, 10, 31), 42])
    buffer = io.BytesIO()
    book.save(buffer)
    result = services.upload_values(local_authority=authority, content=buffer.getvalue(), file_name="salt.xlsx",
                                    by=analyst)
    assert result.created == 1
    assert Value.objects.get(indicator__code="salt_wait_over_18wk").period_start == D(2025, 10, 1)


def test_every_bad_cell_is_reported_by_row_and_column_and_nothing_is_written(authority, analyst):
    bad = ("indicator,period,value\n"
           "adhd_wait_over_52wk,2025-10,300\n"
           "not_an_indicator,2025-10,3\n"
           "neet_send_pc,Octobre 2025,7\n"
           "neet_send_pc,2025-11,170\n"
           "adhd_wait_over_52wk,2025-11,lots\n"
           "adhd_wait_over_52wk,2025-12,\n"
           "adhd_wait_over_52wk,2025-10,301\n")
    with pytest.raises(UploadError) as caught:
        services.upload_values(local_authority=authority, content=bad.encode(), file_name="bad.csv", by=analyst)
    errors = caught.value.errors
    assert "bad.csv, row 3, column indicator: 'not_an_indicator' is not an indicator id in the catalogue" in errors
    assert any(e.startswith("bad.csv, row 4, column period:") for e in errors)
    assert "bad.csv, row 5, column value: a percentage must be between 0 and 100" in errors
    assert "bad.csv, row 6, column value: 'lots' is not a number" in errors
    assert "bad.csv, row 7, column value: enter a number" in errors
    assert "bad.csv, row 8: the same indicator and period as row 2" in errors
    assert Value.objects.count() == 0 and ImportRun.objects.count() == 0


@pytest.mark.parametrize("content, name, message", [
    (b"a,b\n1,2\n", "x.csv", "missing: indicator, period, value"),
    (b"indicator,period,value\n", "x.csv", "no rows of values"),
    (b"not a spreadsheet", "x.xlsx", "not a readable Excel"),
    (b"indicator", "x.pdf", "must be a CSV or XLSX"),
    ("indicator,period,value\nadhd_wait_over_52wk,2025-10,3\n".encode("utf-16"), "x.csv", "not UTF-8"),
])
def test_an_unreadable_upload_says_why(authority, analyst, content, name, message):
    with pytest.raises(UploadError, match=message):
        services.upload_values(local_authority=authority, content=content, file_name=name, by=analyst)


def test_an_upload_cannot_use_another_authoritys_own_indicator(authority, other_authority, user_for):
    kent_analyst = user_for("performance_analyst", other_authority)
    services.create_indicator(local_authority=other_authority, title="Kent only", code="kent_only", by=kent_analyst)
    with pytest.raises(UploadError, match="'kent_only' is not an indicator id"):
        services.upload_values(local_authority=authority, content=b"indicator,period,value\nkent_only,2025-10,1\n",
                               file_name="x.csv", by=None)


FAKE_YEAR = {"requests_received": 800, "requests_refused": 190, "plans_issued": 520, "plans_issued_ex": 500,
             "plans_issued_within_20_weeks_ex": 250, "pc_plans_issued_within_20_weeks_ex": 50.0,
             "pc_plans_issued_within_20_weeks": None, "plans_in_force": 3300,
             "review_outcomes": {"maintain": 900, "amend": 1300, "cease": 40}, "plans_ceased_by_reason": {2: 7}}


@pytest.fixture
def fake_cases(monkeypatch):
    calls = []

    def year(la, *, year):
        calls.append(("year", year))
        return FAKE_YEAR

    def rolling(la, *, month_end):
        calls.append(("rolling", month_end))
        return {**FAKE_YEAR, "requests_received": 700 + month_end.month}

    monkeypatch.setattr(sources, "available", lambda: True)
    monkeypatch.setattr(sources, "has_case_records", lambda la: True)
    monkeypatch.setattr(sources, "statutory_for_year", year)
    monkeypatch.setattr(sources, "statutory_rolling", rolling)
    return calls


def test_values_computed_from_cases_use_the_contract_keys(authority, fake_cases):
    created = services.compute_case_values(local_authority=authority, years=[2024],
                                           month_ends=[D(2025, 9, 30), D(2025, 10, 31)])
    assert created > 0
    own = Value.objects.filter(local_authority=authority, source="computed")
    assert own.get(indicator__code="ehcp_requests", period_type="calendar_year").value == 800
    # plans in force for year Y are counted at the January Y+1 census
    assert own.get(indicator__code="ehcp_plans_in_force", period_type="census").period_start == D(2025, 1, 1)
    timeliness = own.get(indicator__code="ehcp_issued_20wk_ex_pc", period_type="calendar_year")
    assert (timeliness.value, timeliness.numerator, timeliness.denominator) == (50.0, 250, 500)
    assert own.get(indicator__code="ehcp_reviews_cease", period_type="calendar_year").value == 40
    assert own.get(indicator__code="ehcp_ceased_needs_met", period_type="calendar_year").value == 7
    assert not own.filter(indicator__code="ehcp_issued_20wk_pc").exists()  # None means no value
    rolling = own.filter(indicator__code="ehcp_requests", period_type="rolling_12").order_by("period_start")
    assert [(r.period_end, r.value) for r in rolling] == [(D(2025, 9, 30), 709), (D(2025, 10, 31), 710)]
    monthly = own.get(indicator__code="ehcp_plans_in_force", period_type="month", period_start=D(2025, 10, 1))
    assert monthly.value == 3300


def test_computing_again_adds_nothing_new(authority, fake_cases):
    services.compute_case_values(local_authority=authority, years=[2024])
    assert services.compute_case_values(local_authority=authority, years=[2024]) == 0


def test_without_the_casework_app_nothing_is_computed(authority, monkeypatch):
    monkeypatch.setattr(sources, "available", lambda: False)
    assert services.compute_case_values(local_authority=authority, years=[2024]) == 0
    assert not Value.objects.exists()


def test_local_values_never_replace_published_ones(authority, fake_cases, tmp_path):
    header = ("time_period,time_identifier,geographic_level,new_la_code,old_la_code,la_name,region_code,"
              "breakdown_topic,breakdown,requests_received_in_year")
    (tmp_path / "r.csv").write_text(header + "\n2024,Calendar year,Local authority,E06000010,810,Hull,E12000003,"
                                    "All requests for EHC needs assessments,All requests for EHC needs assessments,"
                                    "811\n")
    services.import_published(tmp_path / "r.csv")
    services.compute_case_values(local_authority=authority, years=[2024])
    rows = Value.objects.filter(indicator__code="ehcp_requests", area_code="810", period_type="calendar_year",
                                is_current=True)
    assert sorted((r.published, r.value) for r in rows) == [(False, 800), (True, 811)]


def test_the_compute_indicators_command_stores_case_values(authority, fake_cases, monkeypatch):
    from django.core.management import call_command

    from core import clock

    monkeypatch.setattr(clock, "today", lambda: D(2025, 11, 15))
    out = io.StringIO()
    call_command("compute_indicators", "--la", "810", "--years", "1", "--months", "2", stdout=out)
    assert ("year", 2024) in fake_cases and ("rolling", D(2025, 10, 31)) in fake_cases
    assert ("rolling", D(2025, 9, 30)) in fake_cases and len(fake_cases) == 3
    assert "values computed from case records" in out.getvalue()
    assert Value.objects.filter(source="computed", local_authority=authority).exists()


def test_the_compute_indicators_command_refuses_an_unknown_authority():
    from django.core.management import call_command
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--la 999"):
        call_command("compute_indicators", "--la", "999", stdout=io.StringIO())
