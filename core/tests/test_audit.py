"""core.audit: one event per change, written by record or, for many records at once, record_many."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import audit
from core.models import AuditEvent

pytestmark = pytest.mark.django_db

FIELDS = ("actor_id", "actor_label", "action", "object_type", "object_id", "object_label",
          "local_authority_id", "changes", "note")


def fields_of(event):
    return tuple(getattr(event, name) for name in FIELDS)


def test_record_many_writes_the_same_events_as_record_one_by_one(user_for, authority, other_authority):
    manager = user_for("send_manager")
    items = [
        dict(action="update", by=manager, obj=authority, changes={"name": ["Hull", "Kingston upon Hull"]},
             note="Renamed"),
        dict(action="update", by=None, obj=other_authority, changes={}, local_authority=authority),
        dict(action="create", by=manager, object_type="cases.team", object_id="7", object_label="Team North",
             note="x" * 400),
    ]
    one_by_one = [audit.record(**item) for item in items]
    together = audit.record_many(items)
    stored = AuditEvent.objects.filter(pk__in=[e.pk for e in together]).order_by("pk")
    assert [fields_of(e) for e in stored] == [fields_of(e) for e in one_by_one]
    assert stored[1].actor_label == "system" and len(stored[2].note) == 300


def test_record_many_inserts_each_batch_in_one_statement(authority):
    items = [dict(action="update", obj=authority, changes={"n": [n, n + 1]}) for n in range(12)]
    with CaptureQueriesContext(connection) as queries:
        written = audit.record_many(items, batch_size=5)
    assert len(written) == 12 and AuditEvent.objects.filter(object_type="core.localauthority").count() == 12
    assert len(queries) == 3
    assert sorted(e.changes["n"][0] for e in AuditEvent.objects.filter(object_type="core.localauthority")) == \
        list(range(12))


def test_record_many_with_nothing_to_record_writes_nothing():
    with CaptureQueriesContext(connection) as queries:
        assert audit.record_many([]) == []
    assert len(queries) == 0
