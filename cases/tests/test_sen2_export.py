"""Writing the SEN2 return from case records, and reading it back (round trip)."""

import datetime

import pytest

from cases import models as m
from cases import services, synthetic
from cases.exporters.sen2_blade import rows_of, write_export
from cases.exporters.sen2_export import build_return
from cases.importers.sen2_import import import_sen2

from .sen2_helpers import SMALL

D = datetime.date
CREATED = datetime.datetime(2025, 1, 20, 9, 30)
TODAY = D(2025, 6, 30)


def export(authority, folder, year=2025) -> dict[str, bytes]:
    write_export(build_return(authority, year=year, created=CREATED), folder,
                 export_date=CREATED.date())
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def wipe(authority) -> None:
    """Remove every case record of the authority, as if starting from a fresh database."""
    m.EHCPlan.objects.filter(local_authority=authority).delete()
    m.Request.objects.filter(local_authority=authority).delete()
    m.Child.objects.filter(local_authority=authority).delete()


def rows(authority, year=2025) -> dict[str, list[dict]]:
    return rows_of(build_return(authority, year=year))


@pytest.mark.django_db
def test_an_imported_export_exported_again_gives_the_same_files(authority, tmp_path):
    import_sen2(local_authority=authority, path=SMALL, by=None, today=TODAY)
    first = export(authority, tmp_path / "first")
    wipe(authority)
    import_sen2(local_authority=authority, path=tmp_path / "first", by=None, today=TODAY)
    second = export(authority, tmp_path / "second")
    assert list(first) == list(second) and len(first) == 9
    assert first == second


@pytest.mark.django_db
def test_synthetic_casework_survives_export_import_export_unchanged(authority, tmp_path):
    synthetic.generate(authority, plans=80, years=4, seed=11, end=TODAY)
    first = export(authority, tmp_path / "first")
    assert first["Blade-Export_20-01-2025_namedplan.csv"].count(b"\r\n") > 40
    reimport = import_sen2(local_authority=authority, path=tmp_path / "first", by=None, today=TODAY)
    assert sum(reimport.added.values()) == 0 and sum(reimport.updated.values()) == 0
    wipe(authority)
    import_sen2(local_authority=authority, path=tmp_path / "first", by=None, today=TODAY)
    assert export(authority, tmp_path / "second") == first


@pytest.mark.django_db
def test_the_export_writes_the_blade_layout(authority, tmp_path):
    import_sen2(local_authority=authority, path=SMALL, by=None, today=TODAY)
    files = export(authority, tmp_path / "out")
    assert sorted(name.rsplit("_", 1)[1] for name in files) == sorted(
        f"{module}.csv" for module in ("sen2", "person", "requests", "assessment", "namedplan",
                                       "plandetail", "activeplans", "placementdetail", "senneed"))
    header, first = files["Blade-Export_20-01-2025_person.csv"].decode().split("\r\n")[:2]
    assert header.startswith("persontableid,NativeId,personorderseqcolumn,sourceid,sen2tableid,surname")
    assert first.startswith("1,CH-1001,1,,1,Examplefield,Ada,2016-Mar-04 00:00:00,F,WBRI")
    sen2 = files["Blade-Export_20-01-2025_sen2.csv"].decode().split("\r\n")[1]
    assert sen2 == "1,,1,,SEN2,2025,2025-Jan-16 00:00:00,L,810,SENDsight,0.1,1,2025-Jan-20 09:30:00,,,"


def native_case(authority, *, received_on, decided_on=None, issued_on=None):
    child = services.record_child(local_authority=authority, forename="Tess", surname="Fictional",
                                  date_of_birth=D(2015, 5, 5), sex="F", upn_unknown="UN8", by=None,
                                  today=TODAY)
    request = services.record_request(child=child, received_on=received_on, source=1, by=None,
                                      today=TODAY)
    if decided_on:
        assessment = services.record_decision_to_assess(request, decided_on=decided_on, by=None,
                                                        today=TODAY)
        if issued_on:
            services.record_decision_to_issue(assessment, decided_on=issued_on - datetime.timedelta(days=20),
                                              by=None, today=TODAY)
            assessment.refresh_from_db()
            services.issue_draft_plan(assessment, issued_on=issued_on - datetime.timedelta(days=18),
                                      by=None, today=TODAY)
            services.issue_final_plan(assessment, issued_on=issued_on, primary_need="SEMH",
                                      setting_urn="100001", by=None, today=TODAY)
    request.refresh_from_db()
    return request


@pytest.mark.django_db
def test_cases_recorded_in_the_service_are_exported_with_sendsight_ids_and_reimport_unchanged(
        authority, tmp_path):
    request = native_case(authority, received_on=D(2024, 3, 1), decided_on=D(2024, 4, 5),
                          issued_on=D(2024, 7, 12))
    out = rows(authority)
    assert out["person"][0]["NativeId"] == f"SS-C-{request.child_id}"
    assert out["requests"][0]["NativeId"] == f"SS-R-{request.pk}"
    assert out["namedplan"][0]["startdate"] == "2024-Jul-12 00:00:00"
    assert [(n["sentype"], n["sentyperank"]) for n in out["senneed"]] == [("SEMH", "1")]
    export(authority, tmp_path / "out")
    summary = import_sen2(local_authority=authority, path=tmp_path / "out", by=None, today=TODAY)
    assert sum(summary.added.values()) == 0 and sum(summary.updated.values()) == 0
    request.refresh_from_db()
    assert request.native_id == ""  # SENDsight's own id is recognised, not stored


@pytest.mark.django_db
def test_a_decision_made_after_the_census_date_is_sent_as_awaiting(authority):
    native_case(authority, received_on=D(2024, 12, 10), decided_on=D(2025, 1, 20))
    request = rows(authority)["requests"][0]
    assert (request["requestoutcome"], request["requestoutcomedate"]) == ("A", "")
    assert rows(authority)["assessment"] == []
    assert rows(authority, year=2026)["requests"][0]["requestoutcome"] == "Y"


@pytest.mark.django_db
def test_a_request_received_after_the_census_date_is_left_out(authority):
    native_case(authority, received_on=D(2025, 1, 17))
    assert rows(authority)["requests"] == []
    assert len(rows(authority, year=2026)["requests"]) == 1


@pytest.mark.django_db
def test_decisions_before_the_flow_year_are_sent_as_historical(authority):
    native_case(authority, received_on=D(2022, 3, 1), decided_on=D(2022, 4, 1), issued_on=D(2022, 7, 1))
    out = rows(authority)
    assert (out["requests"][0]["requestoutcome"], out["requests"][0]["requestoutcomedate"]) == ("H", "")
    assert out["assessment"][0]["assessmentoutcome"] == "H"
    assert out["namedplan"][0]["startdate"] == "2022-Jul-01 00:00:00"
    assert len(out["activeplans"]) == 1


@pytest.mark.django_db
def test_a_plan_ceased_after_the_census_is_still_in_force_in_that_return(authority):
    request = native_case(authority, received_on=D(2022, 3, 1), decided_on=D(2022, 4, 1),
                          issued_on=D(2022, 7, 1))
    plan = request.plans.get()
    services.cease_plan(plan, ceased_on=D(2025, 3, 31), reason=3, by=None, today=TODAY)
    in_2025 = rows(authority)
    assert in_2025["namedplan"][0]["ceasedate"] == "" and len(in_2025["activeplans"]) == 1
    in_2026 = rows(authority, year=2026)
    assert (in_2026["namedplan"][0]["ceasedate"], in_2026["namedplan"][0]["ceasereason"]) == (
        "2025-Mar-31 00:00:00", "3")
    assert in_2026["activeplans"] == []


@pytest.mark.django_db
def test_a_closed_case_from_an_earlier_year_is_not_in_the_return(authority):
    request = native_case(authority, received_on=D(2022, 3, 1))
    services.record_decision_not_to_assess(request, decided_on=D(2022, 4, 1), by=None, today=TODAY)
    assert rows(authority)["person"] == []
    assert len(rows(authority, year=2023)["person"]) == 1


@pytest.mark.django_db
def test_another_authoritys_cases_are_never_exported(authority, other_authority):
    native_case(other_authority, received_on=D(2024, 3, 1))
    assert rows(authority)["person"] == []
    assert len(rows(other_authority)["person"]) == 1
