"""Importing a SEN2 Blade export into an authority's case records."""

import datetime

import pytest

from cases import models as m
from cases.importers.sen2_blade import Sen2ImportError
from cases.importers.sen2_import import import_sen2
from core.models import AuditEvent

from .sen2_helpers import SMALL, copy_small, edit

D = datetime.date
TODAY = D(2025, 2, 1)


def counts(authority) -> dict[str, int]:
    return {
        "children": m.Child.objects.filter(local_authority=authority).count(),
        "requests": m.Request.objects.filter(local_authority=authority).count(),
        "assessments": m.Assessment.objects.filter(request__local_authority=authority).count(),
        "plans": m.EHCPlan.objects.filter(local_authority=authority).count(),
        "placements": m.Placement.objects.filter(plan__local_authority=authority).count(),
        "reviews": m.AnnualReview.objects.filter(plan__local_authority=authority).count(),
    }


def run(authority, path=SMALL, by=None):
    return import_sen2(local_authority=authority, path=path, by=by, today=TODAY)


@pytest.mark.django_db
def test_an_import_creates_the_children_cases_plans_and_placements_of_the_export(authority):
    summary = run(authority)
    assert counts(authority) == {"children": 4, "requests": 5, "assessments": 3, "plans": 3,
                                 "placements": 3, "reviews": 1}
    assert summary.added["child"] == 4 and summary.updated["child"] == 0
    ada = m.Child.objects.get(native_id="CH-1001")
    assert (ada.forename, ada.surname, ada.date_of_birth, ada.sex, ada.ethnicity, ada.upn) == (
        "Ada", "Examplefield", D(2016, 3, 4), "F", "WBRI", "A123456789012")
    request = ada.requests.get()
    assert (request.received_on, request.outcome, request.outcome_on, request.source) == (
        D(2024, 2, 5), "Y", D(2024, 3, 10), 2)
    plan = request.plans.get()
    assert (plan.native_id, plan.start_on, plan.setting_urn, plan.primary_need, plan.secondary_need,
            plan.active_native_id) == ("PL-9001", D(2024, 6, 20), "123456", "ASD", "SLCN", "AP-1")
    attended = plan.placements.get()
    assert (attended.kind, attended.urn, attended.entry_on) == ("attended", "123456", D(2024, 9, 2))


@pytest.mark.django_db
def test_a_second_named_setting_and_an_annual_review_are_kept(authority):
    run(authority)
    plan = m.EHCPlan.objects.get(native_id="PL-9002")
    assert (plan.setting_urn, plan.sen_unit, plan.personal_budget) == ("654321", True, True)
    named = plan.placements.get(kind="named")
    assert (named.rank, named.setting_code) == (2, "OLA")
    review = plan.reviews.get()
    assert (review.meeting_on, review.decision_on, review.outcome, review.amendment_notice_on) == (
        D(2024, 5, 1), D(2024, 5, 20), "A", D(2024, 5, 20))


@pytest.mark.django_db
def test_a_ceased_plan_keeps_its_date_and_reason(authority):
    run(authority)
    plan = m.EHCPlan.objects.get(native_id="PL-9003")
    assert (plan.ceased_on, plan.cease_reason) == (D(2024, 7, 31), 4)


@pytest.mark.django_db
def test_imported_cases_get_their_stage_and_next_deadline_from_the_clock(authority):
    run(authority)
    by_native = {r.native_id: r for r in m.Request.objects.all()}
    assert by_native["RQ-5001"].stage == "plan"
    assert by_native["RQ-5005"].stage == "ceased"
    assert by_native["RQ-5003"].stage == "closed"
    open_request = by_native["RQ-5004"]
    assert open_request.stage == "request"
    assert open_request.next_deadline_on == D(2024, 12, 1) + datetime.timedelta(weeks=6)
    plan = m.EHCPlan.objects.get(native_id="PL-9002")
    assert plan.last_reviewed_on == D(2024, 5, 1)
    assert plan.review_due_on is not None


@pytest.mark.django_db
def test_an_import_writes_one_audit_event_with_the_counts(authority, user_for):
    user = user_for("send_manager")
    before = AuditEvent.objects.count()
    run(authority, by=user)
    events = list(AuditEvent.objects.order_by("pk")[before:])
    assert len(events) == 1
    event = events[0]
    assert (event.action, event.actor, event.local_authority) == ("import", user, authority)
    assert event.changes["added"]["child"] == 4 and event.changes["added"]["request"] == 5


@pytest.mark.django_db
def test_importing_the_same_export_twice_changes_nothing(authority):
    run(authority)
    first = counts(authority)
    snapshot = list(m.Request.objects.order_by("pk").values())
    summary = run(authority)
    assert counts(authority) == first
    assert sum(summary.added.values()) == 0 and sum(summary.updated.values()) == 0
    assert summary.unchanged["child"] == 4 and summary.unchanged["plan"] == 3
    after = list(m.Request.objects.order_by("pk").values())
    for row in snapshot + after:
        row.pop("updated_at")
    assert after == snapshot


@pytest.mark.django_db
def test_a_bad_row_in_the_last_file_writes_nothing_at_all(authority, tmp_path):
    folder = copy_small(tmp_path)
    edit(folder, "senneed", "83", sentype="NOPE")
    audit_before = AuditEvent.objects.count()
    with pytest.raises(Sen2ImportError) as caught:
        run(authority, folder)
    assert [(p.column, p.row) for p in caught.value.problems] == [("sentype", 4)]
    assert counts(authority) == dict.fromkeys(counts(authority), 0)
    assert AuditEvent.objects.count() == audit_before


@pytest.mark.django_db
def test_an_export_for_another_authority_is_refused(other_authority):
    with pytest.raises(Sen2ImportError) as caught:
        run(other_authority)
    assert "not 886" in str(caught.value.problems[0])
    assert m.Child.objects.count() == 0


@pytest.mark.django_db
def test_a_later_export_updates_the_records_it_matches_by_native_id(authority, tmp_path):
    run(authority)
    child_pk = m.Child.objects.get(native_id="CH-1002").pk
    folder = copy_small(tmp_path)
    edit(folder, "person", "12", surname="Testington-Smith", upn="C111111111111")
    edit(folder, "requests", "23", requesttribunal="1")
    summary = run(authority, folder)
    assert m.Child.objects.get(pk=child_pk).surname == "Testington-Smith"
    assert m.Request.objects.get(native_id="RQ-5003").tribunal is True
    assert (summary.updated["child"], summary.added["child"]) == (1, 0)
    assert (summary.updated["request"], summary.unchanged["request"]) == (1, 4)
    assert m.Child.objects.count() == 4


@pytest.mark.django_db
def test_a_child_whose_native_id_changed_is_matched_by_upn(authority, tmp_path):
    run(authority)
    ada = m.Child.objects.get(native_id="CH-1001")
    folder = copy_small(tmp_path)
    edit(folder, "person", "11", NativeId="NEWSYS-77")
    summary = run(authority, folder)
    ada.refresh_from_db()
    assert ada.native_id == "NEWSYS-77"
    assert m.Child.objects.count() == 4 and summary.updated["child"] == 1


@pytest.mark.django_db
def test_a_child_with_a_new_native_id_and_no_upn_is_a_new_child(authority, tmp_path):
    run(authority)
    folder = copy_small(tmp_path)
    edit(folder, "person", "12", NativeId="NEWSYS-78")  # Ben has a ULN, no UPN
    summary = run(authority, folder)
    assert summary.added["child"] == 1
    assert m.Child.objects.filter(forename="Ben").count() == 2


@pytest.mark.django_db
def test_a_historical_outcome_never_replaces_a_recorded_decision(authority, tmp_path):
    run(authority)
    folder = copy_small(tmp_path)
    edit(folder, "requests", "21", requestoutcome="H", requestoutcomedate="")
    edit(folder, "assessment", "31", assessmentoutcome="H", assessmentoutcomedate="")
    run(authority, folder)
    request = m.Request.objects.get(native_id="RQ-5001")
    assert (request.outcome, request.outcome_on) == ("Y", D(2024, 3, 10))
    assessment = request.assessments.get()
    assert (assessment.outcome, assessment.outcome_on) == ("Y", D(2024, 6, 20))


@pytest.mark.django_db
def test_an_older_return_does_not_take_back_a_cease_dated_after_its_census(authority, tmp_path):
    run(authority)
    plan = m.EHCPlan.objects.get(native_id="PL-9001")
    m.EHCPlan.objects.filter(pk=plan.pk).update(ceased_on=D(2025, 3, 1), cease_reason=5)
    run(authority)  # the January 2025 return knows nothing of a March 2025 cease
    plan.refresh_from_db()
    assert (plan.ceased_on, plan.cease_reason) == (D(2025, 3, 1), 5)


@pytest.mark.django_db
def test_records_the_export_does_not_mention_are_left_alone(authority, tmp_path):
    run(authority)
    plan = m.EHCPlan.objects.get(native_id="PL-9001")
    m.Placement.objects.create(plan=plan, kind="attended", rank=1, urn="111111", entry_on=D(2023, 9, 1),
                               leaving_on=D(2024, 7, 20))
    run(authority)
    assert plan.placements.count() == 2


@pytest.mark.django_db
def test_two_authorities_can_hold_the_same_native_ids(authority, other_authority, tmp_path):
    run(authority)
    folder = copy_small(tmp_path)
    edit(folder, "sen2", "1", lea="886")
    import_sen2(local_authority=other_authority, path=folder, by=None, today=TODAY)
    assert m.Child.objects.filter(local_authority=other_authority).count() == 4
    assert m.Child.objects.filter(local_authority=authority).count() == 4


@pytest.mark.django_db
def test_imported_cases_are_worked_on_with_the_same_services_as_any_other(authority):
    from cases import services

    run(authority)
    request = m.Request.objects.get(native_id="RQ-5004")
    services.record_decision_to_assess(request, decided_on=D(2025, 1, 10), by=None, today=TODAY)
    request.refresh_from_db()
    assert (request.outcome, request.stage) == ("Y", "assessment")
    summary = run(authority)  # a return saying "awaiting a decision" does not undo the decision
    request.refresh_from_db()
    assert (request.outcome, request.outcome_on) == ("Y", D(2025, 1, 10))
    assert summary.updated["request"] == 0
