"""The analysts' and owners' forms: enter a value, set a target, add commentary, add an indicator,
upload values."""

import datetime

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import AuditEvent
from indicators import queries
from indicators.models import Commentary, Indicator, Target, Value
from indicators.tests import ui_fixtures

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_caches():
    """Built pages are cached by the newest ids, which repeat between tests after rollbacks."""
    queries.clear_caches()
TIMELY = ui_fixtures.TIMELY
ERROR_SUMMARY = 'class="govuk-error-summary"'

PAGES = [
    ("indicators:value_create", [TIMELY], "performance_analyst"),
    ("indicators:target_set", [TIMELY], "performance_analyst"),
    ("indicators:commentary_create", [TIMELY], "plan_contributor"),
    ("indicators:indicator_create", [], "performance_analyst"),
    ("indicators:value_upload", [], "send_manager"),
]


def url(name, code="810", *extra):
    return reverse(name, args=[code, *extra])


@pytest.mark.parametrize(("name", "extra", "role"), PAGES)
def test_form_page_opens_for_someone_allowed(client_for, name, extra, role):
    response = client_for(role).get(url(name, "810", *extra))
    assert response.status_code == 200
    assert 'method="post"' in response.content.decode()


@pytest.mark.parametrize(("name", "extra", "role"), PAGES)
def test_form_page_for_another_authority_is_not_found(client_for, name, extra, role):
    assert client_for(role).get(url(name, "886", *extra)).status_code == 404


@pytest.mark.parametrize(("name", "extra", "role"), PAGES)
def test_form_page_is_forbidden_to_a_role_that_may_not_change_figures(client_for, name, extra, role):
    assert client_for("practitioner").get(url(name, "810", *extra)).status_code == 403


@pytest.mark.parametrize(("name", "extra", "role"), PAGES)
def test_form_page_asks_anonymous_people_to_sign_in(client, name, extra, role):
    response = client.get(url(name, "810", *extra))
    assert response.status_code == 302 and "/sign-in/" in response.url


@pytest.mark.parametrize(("name", "extra", "role"), PAGES)
def test_form_page_refuses_other_methods(client_for, name, extra, role):
    assert client_for(role).put(url(name, "810", *extra)).status_code == 405


# ---- enter a value -------------------------------------------------------------------------

def test_entering_a_value_records_who_when_and_the_note(client_for, authority):
    client = client_for("performance_analyst")
    response = client.post(url("indicators:value_create", "810", TIMELY), {
        "period_type": "rolling_12", "period": "2025-09", "value": "61.5", "note": "From the October return"})
    assert response.status_code == 302
    assert response.url == url("indicators:indicator_detail", "810", TIMELY)
    value = Value.objects.get(indicator__code=TIMELY, area_code="810", is_current=True, published=False)
    assert value.value == 61.5
    assert (value.period_start, value.period_end) == (datetime.date(2024, 10, 1), datetime.date(2025, 9, 30))
    assert value.entered_by == client.user and value.note == "From the October return"
    assert AuditEvent.objects.filter(object_type="indicators.value", object_id=str(value.pk)).exists()


@pytest.mark.parametrize(("data", "message"), [
    ({"period_type": "rolling_12", "period": "", "value": "61.5"}, "Enter the period"),
    ({"period_type": "rolling_12", "period": "Smarch 2025", "value": "61.5"}, "Enter the period in the right form"),
    ({"period_type": "rolling_12", "period": "2025-09", "value": ""}, "Enter the value"),
    ({"period_type": "rolling_12", "period": "2025-09", "value": "lots"}, "Value must be a number, like 46.4"),
    ({"period_type": "rolling_12", "period": "2025-09", "value": "140"}, "Value must be a percentage between 0 and 100"),
    ({"period_type": "rolling_12", "period": "2099-01", "value": "50"}, "The period must have started by today"),
])
def test_an_invalid_value_is_listed_in_the_error_summary_and_nothing_is_saved(client_for, data, message):
    response = client_for("performance_analyst").post(url("indicators:value_create", "810", TIMELY), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert ERROR_SUMMARY in html and message in html
    assert "<title>Error: " in html
    assert not Value.objects.filter(indicator__code=TIMELY, area_code="810").exists()


# ---- set a target --------------------------------------------------------------------------

def date_fields(prefix, day):
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}


def test_setting_a_target_keeps_the_old_one_in_the_history(client_for, authority):
    client = client_for("performance_analyst")
    target_url = url("indicators:target_set", "810", TIMELY)
    for target in ("50", "60"):
        response = client.post(target_url, {
            "baseline_value": "28", **date_fields("baseline_date", datetime.date(2023, 1, 31)),
            "target_value": target, **date_fields("target_date", datetime.date(2024, 1, 31)), "note": ""})
        assert response.status_code == 302
    targets = Target.objects.filter(indicator__code=TIMELY, local_authority=authority)
    assert sorted((t.target_value, t.is_current) for t in targets) == [(50.0, False), (60.0, True)]
    assert targets.get(is_current=True).set_by == client.user


def test_a_target_date_before_the_baseline_is_refused_with_a_message(client_for):
    response = client_for("performance_analyst").post(url("indicators:target_set", "810", TIMELY), {
        "baseline_value": "28", **date_fields("baseline_date", datetime.date(2024, 1, 31)),
        "target_value": "50", **date_fields("target_date", datetime.date(2023, 1, 31))})
    html = response.content.decode()
    assert response.status_code == 200 and ERROR_SUMMARY in html
    assert "The target date must be after the baseline date" in html
    assert not Target.objects.exists()


def test_a_missing_target_date_names_the_date(client_for):
    response = client_for("performance_analyst").post(url("indicators:target_set", "810", TIMELY), {
        "baseline_value": "28", **date_fields("baseline_date", datetime.date(2024, 1, 31)), "target_value": "50"})
    assert "Enter the date the target should be met by" in response.content.decode()


# ---- commentary ----------------------------------------------------------------------------

def test_commentary_on_a_red_indicator_is_kept_as_an_exception(client_for, authority):
    ui_fixtures.load(authority)  # 63% against an 80% target: red
    client = client_for("plan_contributor")
    page = client.get(url("indicators:commentary_create", "810", TIMELY)).content.decode()
    assert "Add an exception commentary" in page
    response = client.post(url("indicators:commentary_create", "810", TIMELY),
                           {"text": "Two caseworkers start in November."})
    assert response.status_code == 302
    comment = Commentary.objects.get(indicator__code=TIMELY, local_authority=authority)
    assert (comment.kind, comment.rag, comment.author) == ("exception", "red", client.user)
    assert comment.period_start == datetime.date(2024, 11, 1)  # the 12 months to October 2025


def test_empty_commentary_is_refused(client_for):
    response = client_for("plan_contributor").post(url("indicators:commentary_create", "810", TIMELY), {"text": " "})
    html = response.content.decode()
    assert ERROR_SUMMARY in html and "Enter the commentary" in html
    assert not Commentary.objects.exists()


# ---- add an indicator ----------------------------------------------------------------------

INDICATOR = {
    "code": "", "title": "Children waiting for a wheelchair assessment", "public_description": "",
    "definition": "Children on the wheelchair service waiting list at the month end.", "numerator": "",
    "denominator": "", "source": "ICB wheelchair service", "unit": "count", "decimal_places": "0",
    "polarity": "lower", "frequency": "monthly", "period_type": "month", "owner": "ICB",
    "quadrant": "how_well", "theme": "health", "rag_basis": "target",
}


def test_an_analyst_adds_their_own_indicator(client_for, authority):
    response = client_for("performance_analyst").post(url("indicators:indicator_create", "810"), INDICATOR)
    assert response.status_code == 302
    indicator = Indicator.objects.get(title=INDICATOR["title"])
    assert indicator.local_authority == authority
    assert indicator.code.startswith("la810_children_waiting")
    assert response.url == url("indicators:indicator_detail", "810", indicator.code)


def test_a_new_indicator_needs_a_title_and_definition(client_for):
    response = client_for("performance_analyst").post(url("indicators:indicator_create", "810"),
                                                      {**INDICATOR, "title": "", "definition": ""})
    html = response.content.decode()
    assert ERROR_SUMMARY in html and "Enter the title" in html and "Enter the definition" in html


def test_a_new_indicator_cannot_take_an_existing_id(client_for):
    response = client_for("performance_analyst").post(url("indicators:indicator_create", "810"),
                                                      {**INDICATOR, "code": TIMELY})
    assert "An indicator with this id already exists" in response.content.decode()


# ---- upload --------------------------------------------------------------------------------

def upload(client, name, content):
    return client.post(url("indicators:value_upload", "810"), {"file": SimpleUploadedFile(name, content)})


def test_uploading_a_csv_adds_every_value(client_for, authority):
    content = (f"indicator,period,value,note\n{TIMELY},2025-08,58.0,\n{TIMELY},2025-09,59.5,late return\n").encode()
    response = upload(client_for("performance_analyst"), "october.csv", content)
    assert response.status_code == 302
    values = Value.objects.filter(indicator__code=TIMELY, area_code="810", published=False).order_by("period_start")
    assert [v.value for v in values] == [58.0, 59.5]


def test_uploading_an_xlsx_adds_every_value(client_for):
    book = openpyxl.Workbook()
    book.active.append(["indicator", "period", "value"])
    book.active.append([TIMELY, "2025-09", 59.5])
    import io
    out = io.BytesIO()
    book.save(out)
    assert upload(client_for("performance_analyst"), "values.xlsx", out.getvalue()).status_code == 302
    assert Value.objects.get(indicator__code=TIMELY, area_code="810").value == 59.5


def test_a_bad_upload_lists_every_problem_by_row_and_column_and_saves_nothing(client_for):
    content = (f"indicator,period,value\n{TIMELY},2025-08,58.0\nnot_an_indicator,2025-09,1\n"
               f"{TIMELY},Smarch,2\n{TIMELY},2025-07,lots\n").encode()
    response = upload(client_for("performance_analyst"), "bad.csv", content)
    html = response.content.decode()
    assert response.status_code == 200 and ERROR_SUMMARY in html
    summary = html[html.index(ERROR_SUMMARY):html.index("</ul>", html.index(ERROR_SUMMARY))]
    assert summary.count("<li>") == 3
    for row in ("row 3", "row 4", "row 5"):
        assert row in summary.lower()
    assert not Value.objects.exists()


def test_a_file_that_is_not_csv_or_xlsx_is_refused(client_for):
    html = upload(client_for("performance_analyst"), "notes.txt", b"hello").content.decode()
    assert "The selected file must be a CSV or XLSX" in html


def test_no_file_chosen_is_refused(client_for):
    response = client_for("performance_analyst").post(url("indicators:value_upload", "810"), {})
    assert "Select a CSV or XLSX file" in response.content.decode()
