"""Built pages and fragments kept until a figure, target, commentary or indicator changes.

Figures change only through the services: values, targets and commentaries are never changed in
place (a correction is a new row), and the in-place changes (an indicator's details, an
authority's RAG rule) are audited. So the newest ids of those tables, and the newest audit event
about an indicator or a RAG rule, say whether anything has changed. Reading them is one query of
indexed maxima per request, so every gunicorn worker sees a change on its next request; each
worker then builds the page once for the new figures and reuses it.

Other audited writes (casework, plans, users) leave the version alone: a busy caseload no longer
throws every scorecard away.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from django.db import connection

from core.models import AuditEvent

from ..models import Commentary, Indicator, RagRule, Target, Value

VERSION_TABLES = (Value, Target, Commentary, RagRule, Indicator)
CHANGED_IN_PLACE = ("indicators.indicator", "indicators.ragrule")  # audit object types

_CACHE: OrderedDict = OrderedDict()
_CACHE_SIZE = 256
_CACHE_LOCK = threading.Lock()
_BUILDING: dict[tuple, threading.Lock] = {}


def data_version() -> tuple:
    """The newest ids of everything a scorecard or dashboard is built from (one query)."""
    quote = connection.ops.quote_name
    audit = AuditEvent._meta
    columns = [f"(SELECT MAX({quote(m._meta.pk.column)}) FROM {quote(m._meta.db_table)})" for m in VERSION_TABLES]
    types = ", ".join(["%s"] * len(CHANGED_IN_PLACE))
    columns.append(f"(SELECT MAX({quote(audit.pk.column)}) FROM {quote(audit.db_table)} "
                   f"WHERE {quote(audit.get_field('object_type').column)} IN ({types}))")
    with connection.cursor() as cursor:
        # Table and column names come from the models; the only values are parameters.
        cursor.execute(f"SELECT {', '.join(columns)}", CHANGED_IN_PLACE)  # noqa: S608
        return tuple(cursor.fetchone())


def cached(kind: str, key: tuple, build, *, version: tuple | None = None):
    """``build()``'s result for this key, reused until any figure, target or commentary changes.

    Pass ``version`` (from data_version) when a request looks up several things, to read it once.
    """
    full_key = (kind, key, data_version() if version is None else version)
    with _CACHE_LOCK:
        if full_key in _CACHE:
            _CACHE.move_to_end(full_key)
            return _CACHE[full_key]
        building = _BUILDING.setdefault((kind, key), threading.Lock())
    with building:  # one thread builds a page; the others wait for it rather than build it too
        with _CACHE_LOCK:
            if full_key in _CACHE:
                return _CACHE[full_key]
        result = build()
        with _CACHE_LOCK:
            _CACHE[full_key] = result
            while len(_CACHE) > _CACHE_SIZE:
                _CACHE.popitem(last=False)
            if len(_BUILDING) > 4 * _CACHE_SIZE:
                _BUILDING.clear()
    return result


def clear_caches() -> None:
    with _CACHE_LOCK:
        _CACHE.clear()
