"""How an import writes: new cases once, with the state the clock gives them; few queries; the
export checked before the transaction begins."""

import datetime
import gc

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from cases import models as m
from cases import synthetic
from cases.case_state import case_state
from cases.exporters.sen2_blade import write_export
from cases.exporters.sen2_export import build_return
from cases.importers import sen2_import
from cases.importers.sen2_blade import Sen2ImportError
from cases.importers.sen2_import import collector_paused, import_sen2
from cases.queries import case_records

from .sen2_helpers import SMALL, add_row, copy_small, edit

D = datetime.date
TODAY = D(2025, 2, 1)


def synthetic_export(authority, folder, *, plans=60, seed=5):
    """A synthetic authority's return, then the authority emptied: a first import into it."""
    synthetic.generate(authority, plans=plans, years=4, seed=seed, end=TODAY)
    write_export(build_return(authority, year=2025), folder, export_date=TODAY)
    m.EHCPlan.objects.filter(local_authority=authority).delete()
    m.Request.objects.filter(local_authority=authority).delete()
    m.Child.objects.filter(local_authority=authority).delete()
    return folder


def writes_to(queries, table: str, verb: str) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].startswith(verb) and f'"{table}"' in q["sql"]]


@pytest.mark.django_db
def test_new_cases_are_written_once_already_holding_their_stage_and_deadline(authority):
    with CaptureQueriesContext(connection) as queries:
        import_sen2(local_authority=authority, path=SMALL, by=None, today=TODAY)
    assert writes_to(queries, "cases_request", "UPDATE") == []
    assert writes_to(queries, "cases_ehcplan", "UPDATE") == []
    assert m.Request.objects.get(native_id="RQ-5004").next_deadline_on == D(2025, 1, 12)


@pytest.mark.django_db
def test_each_imported_case_holds_the_state_the_clock_gives_it_read_back(authority, tmp_path):
    folder = synthetic_export(authority, tmp_path / "export")
    import_sen2(local_authority=authority, path=folder, by=None, today=TODAY)
    requests = list(m.Request.objects.filter(local_authority=authority))
    assert len(requests) > 60
    for request in requests:
        records = case_records(request)
        state = case_state(records, today=TODAY)
        assert (request.stage, request.next_deadline_on, request.next_deadline_label) == (
            state.stage, state.next_deadline_on, state.next_deadline_label), request.native_id
        if records.plan is not None:
            assert (records.plan.review_due_on, records.plan.last_reviewed_on) == (
                state.review_due_on, state.last_reviewed_on), request.native_id


@pytest.mark.django_db
def test_a_case_the_import_changes_is_worked_out_again(authority, tmp_path):
    import_sen2(local_authority=authority, path=SMALL, by=None, today=TODAY)
    folder = copy_small(tmp_path)
    edit(folder, "requests", "24", requestoutcome="N", requestoutcomedate="2025-Jan-10 00:00:00")
    summary = import_sen2(local_authority=authority, path=folder, by=None, today=TODAY)
    request = m.Request.objects.get(native_id="RQ-5004")
    assert (request.outcome, request.stage, request.next_deadline_on) == ("N", "closed", None)
    assert summary.cases == 1


@pytest.mark.django_db
def test_an_import_takes_the_same_few_queries_whatever_its_size(authority, tmp_path):
    with CaptureQueriesContext(connection) as small:
        import_sen2(local_authority=authority, path=SMALL, by=None, today=TODAY)
    m.EHCPlan.objects.all().delete()
    m.Request.objects.all().delete()
    m.Child.objects.all().delete()
    folder = synthetic_export(authority, tmp_path / "export", plans=120)
    with CaptureQueriesContext(connection) as large:
        summary = import_sen2(local_authority=authority, path=folder, by=None, today=TODAY)
    assert summary.added["request"] > 100
    assert len(large) <= len(small) + 5


@pytest.mark.django_db
def test_the_summary_says_how_long_each_step_took(authority):
    summary = import_sen2(local_authority=authority, path=SMALL, by=None, today=TODAY)
    assert list(summary.seconds) == ["checking", "matching", "clocks", "writing", "refreshing"]
    assert summary.cases == 5


@pytest.mark.django_db(transaction=True)
def test_the_export_is_checked_before_the_transaction_begins(authority, monkeypatch):
    seen = []
    real_load = sen2_import.load

    def load(*args, **kwargs):
        seen.append(transaction.get_connection().in_atomic_block)
        return real_load(*args, **kwargs)

    monkeypatch.setattr(sen2_import, "load", load)
    import_sen2(local_authority=authority, path=SMALL, by=None, today=TODAY)
    assert seen == [False]
    assert m.Child.objects.filter(local_authority=authority).count() == 4


def test_the_garbage_collector_is_paused_while_importing_and_restored_after():
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), collector_paused():
        raise ValueError
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # left as it was found
    finally:
        gc.enable()


@pytest.mark.django_db
def test_a_refused_export_leaves_the_garbage_collector_running(authority, tmp_path):
    folder = copy_small(tmp_path)
    edit(folder, "senneed", "83", sentype="NOPE")
    with pytest.raises(Sen2ImportError):
        import_sen2(local_authority=authority, path=folder, by=None, today=TODAY)
    assert gc.isenabled()


@pytest.mark.django_db
def test_an_active_plan_under_a_request_without_a_plan_belongs_to_the_childs_latest_plan(
        authority, tmp_path):
    folder = copy_small(tmp_path)
    add_row(folder, "requests", requeststableid="26", NativeId="RQ-5006", persontableid="11",
            receiveddate="2024-Dec-10 00:00:00", requestoutcome="A", rya="0", requestmediation="0",
            requesttribunal="0", exported="0")
    add_row(folder, "activeplans", activeplanstableid="63", NativeId="AP-9", requeststableid="26",
            reviewmeeting="2024-Dec-12 00:00:00")
    import_sen2(local_authority=authority, path=folder, by=None, today=TODAY)
    plan = m.EHCPlan.objects.get(native_id="PL-9001")
    assert plan.active_native_id == "AP-9"
    assert list(plan.reviews.values_list("meeting_on", flat=True)) == [D(2024, 12, 12)]
    import_sen2(local_authority=authority, path=folder, by=None, today=TODAY)  # the stored plan
    assert m.EHCPlan.objects.filter(native_id="PL-9001").count() == 1
    assert plan.reviews.count() == 1


@pytest.mark.django_db
def test_a_reassessment_recorded_in_sendsight_keeps_its_deadline_when_an_import_recomputes_the_case(authority):
    from cases import services
    from cases.importers.sen2_refresh import refresh_cases

    import_sen2(local_authority=authority, path=SMALL, by=None, today=TODAY)
    plan = m.EHCPlan.objects.filter(local_authority=authority, ceased_on__isnull=True).order_by("pk").first()
    services.request_reassessment(plan, requested_by="parent", requested_on=D(2025, 1, 27), by=None, today=TODAY)
    expected = m.Request.objects.get(pk=plan.request_id)

    refresh_cases([expected], today=TODAY)

    request = m.Request.objects.get(pk=plan.request_id)
    state = case_state(case_records(request), today=TODAY)
    assert (request.next_deadline_on, request.next_deadline_label) == (state.next_deadline_on, state.next_deadline_label)
    assert request.next_deadline_on == expected.next_deadline_on
