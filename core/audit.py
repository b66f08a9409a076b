"""The audit trail: who did what to which record, when, with the values before and after.

Services call these functions inside their transaction, so a change and its audit record are
written together or not at all. Nothing in the service edits or deletes an AuditEvent.
"""

import datetime
import decimal
import uuid
from collections.abc import Iterable

from django.db.models import Model

from .choices import AuditAction
from .models import AuditEvent


def _plain(value):
    """A JSON-safe form of a field value."""
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [_plain(item) for item in value]
    if hasattr(value, "name") and hasattr(value, "url"):  # a FieldFile
        return value.name or None
    return value


def field_names(obj: Model) -> list[str]:
    return [f.attname if f.is_relation else f.name for f in obj._meta.concrete_fields if not f.primary_key]


def snapshot(obj: Model, fields: Iterable[str] | None = None) -> dict:
    """The current values of a record's fields, for comparing before and after a change."""
    return {name: _plain(getattr(obj, name)) for name in (fields or field_names(obj))}


def _authority_of(obj):
    if obj is None:
        return None
    if hasattr(obj, "audit_authority"):
        return obj.audit_authority()
    return getattr(obj, "local_authority", None)


def _actor_label(by) -> str:
    if by is None:
        return "system"
    return getattr(by, "email", None) or str(by)


def _event(*, action: str, by=None, obj: Model | None = None, changes: dict | None = None,
           note: str = "", local_authority=None, object_type: str = "", object_id: str = "",
           object_label: str = "") -> AuditEvent:
    """One audit event, not yet saved."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_label = object_label or (obj.audit_label() if hasattr(obj, "audit_label") else f"{obj._meta.verbose_name} {obj.pk}")
    return AuditEvent(
        actor=by if getattr(by, "pk", None) else None,
        actor_label=_actor_label(by),
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_label=object_label[:200],
        local_authority=local_authority or _authority_of(obj),
        changes=changes or {},
        note=note[:300],
    )


def record(*, action: str, by=None, obj: Model | None = None, changes: dict | None = None,
           note: str = "", local_authority=None, object_type: str = "", object_id: str = "",
           object_label: str = "") -> AuditEvent:
    """Write one audit event."""
    event = _event(action=action, by=by, obj=obj, changes=changes, note=note,
                   local_authority=local_authority, object_type=object_type, object_id=object_id,
                   object_label=object_label)
    event.save(force_insert=True)
    return event


def record_many(events: Iterable[dict], *, batch_size: int = 500) -> list[AuditEvent]:
    """Write many audit events, one INSERT per ``batch_size``: one event per record changed.

    Each item holds the keyword arguments of :func:`record` (``action``, ``by``, ``obj``,
    ``changes``, ``note`` ...), so every record keeps its own event with its values before and
    after, as if each were written by ``record``. For a business event that changes many records
    at once (a caseload moved); not for imports, which write one event with counts (0010).
    """
    return AuditEvent.objects.bulk_create([_event(**item) for item in events], batch_size=batch_size)


def record_create(obj: Model, *, by, note: str = "") -> AuditEvent:
    after = snapshot(obj)
    return record(action=AuditAction.CREATE, by=by, obj=obj, note=note,
                  changes={k: [None, v] for k, v in after.items() if v not in (None, "", [], {})})


def record_update(obj: Model, *, by, before: dict, note: str = "") -> AuditEvent | None:
    """Record the fields that differ from ``before`` (a snapshot taken before the change).

    Returns None, and writes nothing, when nothing changed.
    """
    after = snapshot(obj, before.keys())
    changes = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
    if not changes:
        return None
    return record(action=AuditAction.UPDATE, by=by, obj=obj, changes=changes, note=note)


def record_delete(obj: Model, *, by, note: str = "") -> AuditEvent:
    before = snapshot(obj)
    return record(action=AuditAction.DELETE, by=by, obj=obj, note=note,
                  changes={k: [v, None] for k, v in before.items() if v not in (None, "", [], {})})
