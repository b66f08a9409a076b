"""Writing an import's records in bulk (``cases.importers.sen2_write``): the same rows as Django."""

import datetime

import pytest
from django.db import connection
from django.db.models import signals
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases import models as m
from cases.choices import RequestOutcome, Stage
from cases.importers import sen2_write
from cases.importers.sen2_write import insert_rows, new, number, reset_defaults, update_rows

D = datetime.date
DOB = D(2016, 3, 4)


def django_row(obj, fields):
    """What Django itself would hand the database driver for these fields."""
    return tuple(f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields)


def children(authority, count):
    return [new(m.Child, local_authority=authority, forename=f"Test{n}", surname="Examplefield",
                date_of_birth=D(2015, 1, 1) + datetime.timedelta(days=n), upn=f"Z810{n:08d}A")
            for n in range(count)]


@pytest.mark.django_db
def test_a_new_instance_has_the_same_values_as_one_made_by_the_model(authority):
    reset_defaults()
    fast, slow = new(m.Request, local_authority=authority), m.Request(local_authority=authority)
    for field in m.Request._meta.concrete_fields:
        if field.name not in ("created_at", "updated_at"):
            assert getattr(fast, field.attname) == getattr(slow, field.attname), field.name
    assert fast.local_authority is authority and fast._state.adding and fast.pk is None


@pytest.mark.django_db
def test_a_model_with_init_receivers_is_made_by_the_model_itself(authority):
    seen = []

    def receiver(sender, instance, **kwargs):
        seen.append(instance)

    reset_defaults()
    signals.post_init.connect(receiver, sender=m.Placement)
    try:
        placement = new(m.Placement, kind="named")
    finally:
        signals.post_init.disconnect(receiver, sender=m.Placement)
    assert seen == [placement] and placement.kind == "named"


@pytest.mark.django_db
@pytest.mark.parametrize("model", [m.Child, m.Request, m.Assessment, m.EHCPlan, m.Placement,
                                   m.AnnualReview, m.PhaseTransfer])
def test_rows_hold_the_values_django_would_write_for_every_field(authority, model):
    reset_defaults()
    child = new(m.Child, local_authority=authority, date_of_birth=D(2016, 2, 29))
    request = new(m.Request, local_authority=authority, child=child, received_on=D(2024, 2, 5),
                  outcome=RequestOutcome.ASSESS, outcome_on=D(2024, 3, 10), source=2, rya=True)
    plan = new(m.EHCPlan, local_authority=authority, request=request, start_on=D(2024, 6, 20),
               cease_reason=None, personal_budget=True)
    samples = {
        m.Child: [child, new(m.Child, local_authority=authority)],
        m.Request: [request, new(m.Request, local_authority=authority, child=child, stage=Stage.PLAN)],
        m.Assessment: [new(m.Assessment, request=request, outcome="Y", week20=True)],
        m.EHCPlan: [plan],
        m.Placement: [new(m.Placement, plan=plan, rank=2, entry_on=D(2024, 9, 2))],
        m.AnnualReview: [new(m.AnnualReview, plan=plan, meeting_on=D(2024, 5, 1), outcome="A")],
        m.PhaseTransfer: [new(m.PhaseTransfer, plan=plan, due_on=D(2025, 2, 15))],
    }
    for related in (m.Child, m.Request, m.EHCPlan):
        number(related, samples[related][:1])
    objs = samples[model]
    number(model, objs)
    fields = [f for f in model._meta.concrete_fields]
    assert sen2_write._rows(objs, fields, connection) == [django_row(obj, fields) for obj in objs]


@pytest.mark.django_db
def test_values_of_another_type_go_through_django_conversion(authority):
    reset_defaults()
    child = new(m.Child, local_authority=authority, forename=12,
                date_of_birth=datetime.datetime(2016, 3, 4, 10, 30))
    number(m.Child, [child])
    fields = [m.Child._meta.get_field(name) for name in ("forename", "date_of_birth", "created_at")]
    assert sen2_write._rows([child], fields, connection) == [django_row(child, fields)]
    assert sen2_write._rows([child], fields, connection)[0][0] == "12"


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 499, 500, 1201])
def test_every_new_record_is_inserted_whatever_the_batch_sizes(authority, count):
    reset_defaults()
    objs = children(authority, count)
    insert_rows(m.Child, objs)
    stored = {c.pk: c for c in m.Child.objects.filter(local_authority=authority)}
    assert sorted(stored) == sorted(c.pk for c in objs)
    last = stored[objs[-1].pk]
    assert (last.forename, last.date_of_birth, last.upn) == (
        f"Test{count - 1}", D(2015, 1, 1) + datetime.timedelta(days=count - 1), f"Z810{count - 1:08d}A")
    assert last.created_at == objs[-1].created_at


@pytest.mark.django_db
def test_inserting_thousands_of_records_takes_a_handful_of_queries(authority):
    reset_defaults()
    objs = children(authority, 3000)
    with CaptureQueriesContext(connection) as queries:
        insert_rows(m.Child, objs)
    assert len(queries) <= 4


@pytest.mark.django_db
def test_new_records_get_keys_after_those_already_used_and_link_to_new_parents(authority):
    existing = m.Child.objects.create(local_authority=authority, forename="Existing", date_of_birth=DOB)
    reset_defaults()
    child = new(m.Child, local_authority=authority, forename="New", date_of_birth=DOB)
    request = new(m.Request, local_authority=authority, child=child, received_on=D(2024, 1, 8))
    assert request.child_id is None  # its parent has no key yet
    number(m.Child, [child])
    number(m.Request, [request])
    assert child.pk > existing.pk and request.child_id == child.pk
    insert_rows(m.Child, [child])
    insert_rows(m.Request, [request])
    assert m.Request.objects.get(pk=request.pk).child.forename == "New"


@pytest.mark.django_db
def test_changed_records_are_updated_in_the_fields_named_only(authority):
    child = m.Child.objects.create(local_authority=authority, forename="Ada", surname="Old",
                                 date_of_birth=DOB)
    child.forename, child.surname = "Ava", "New"
    update_rows(m.Child, [child], ["surname"])
    child.refresh_from_db()
    assert (child.forename, child.surname) == ("Ada", "New")


@pytest.mark.django_db
def test_a_moment_is_written_as_django_writes_it(authority):
    reset_defaults()
    moment = timezone.make_aware(datetime.datetime(2025, 1, 20, 9, 30))
    child = new(m.Child, local_authority=authority, created_at=moment, date_of_birth=DOB)
    insert_rows(m.Child, [child])
    assert m.Child.objects.get(pk=child.pk).created_at == moment


@pytest.mark.django_db
def test_a_record_loaded_without_some_fields_is_read_through_the_model(authority):
    child = m.Child.objects.create(local_authority=authority, forename="Ada", date_of_birth=DOB)
    partial = m.Child.objects.only("id").get(pk=child.pk)
    fields = [m.Child._meta.get_field(name) for name in ("forename", "date_of_birth")]
    assert sen2_write._rows([partial], fields, connection) == [django_row(child, fields)]
