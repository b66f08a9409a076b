"""Writing an import's records in bulk: new rows in one pass per table, changed rows in another.

An import of a large authority creates hundreds of thousands of records. Django's own paths cost
far more than the database takes to store them: ``Model(**kwargs)`` looks up every field's default
for every instance, ``bulk_create`` compiles SQL for every field of every row, and
``get_db_prep_save`` goes through the connection proxy for every value. Here instead:

* ``new(model, **values)`` makes an unsaved instance from defaults worked out once per import;
* ``Writes`` collects one model's new and changed records as the importer matches them;
* ``number(model, objs)`` gives new records their primary keys (and their parents' keys) before
  anything is written, so each new case's clock can be worked out in memory and written with it;
* ``insert_rows`` writes plain values (text, numbers, flags) as they are, after checking their
  type, and anything else (dates, moments) through Django's own conversion once per distinct
  value; PostgreSQL receives the rows with ``COPY``, SQLite as INSERTs of up to 500 rows each.
  ``update_rows`` prepares changed rows the same way for one ``executemany`` UPDATE.

Other databases fall back to ``bulk_create`` / ``bulk_update``.
"""

from __future__ import annotations

import sqlite3
from itertools import chain
from operator import attrgetter, itemgetter

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import signals
from django.db.models.base import ModelState

FAST_VENDORS = ("sqlite", "postgresql")

#: Internal field types whose database value is the Python value itself, when it is of this class.
_EXACT = {
    "CharField": str, "TextField": str, "SlugField": str, "EmailField": str, "URLField": str,
    "IntegerField": int, "SmallIntegerField": int, "BigIntegerField": int,
    "PositiveIntegerField": int, "PositiveSmallIntegerField": int, "PositiveBigIntegerField": int,
    "AutoField": int, "SmallAutoField": int, "BigAutoField": int, "BooleanField": bool,
}


def _connection():
    return connections[DEFAULT_DB_ALIAS]  # the wrapper itself, not the per-attribute proxy


# ---- new instances -----------------------------------------------------------------------------

_TEMPLATES: dict = {}
_RELATIONS: dict = {}


def reset_defaults() -> None:
    """Work defaults (such as ``created_at``) out afresh: called once at the start of an import."""
    _TEMPLATES.clear()


def relations(model) -> tuple:
    """``(name, attname, attname of the related field)`` of each of the model's foreign keys."""
    found = _RELATIONS.get(model)
    if found is None:
        found = _RELATIONS[model] = tuple((f.name, f.attname, f.target_field.attname)
                                          for f in model._meta.concrete_fields if f.is_relation)
    return found


def new(model, **values):
    """A new, unsaved instance with the model's defaults and ``values`` (related records by name).

    It is what ``Model()`` builds, without looking up each default again: defaults are worked
    out once per import (so ``created_at`` is the same moment for every new record). Models with
    ``pre_init`` / ``post_init`` receivers are made by ``Model()`` itself.
    """
    return _make(model, values)


def _make(model, values: dict):
    found = _TEMPLATES.get(model)
    if found is None:
        found = _TEMPLATES[model] = (
            {f.attname: None if f.primary_key else f.get_default() for f in model._meta.concrete_fields},
            signals.pre_init.has_listeners(model) or signals.post_init.has_listeners(model))
    template, listened = found
    if listened:
        obj = model(**template)
    else:
        obj = model.__new__(model)
        state = template.copy()  # one copy of a dict already the right size
        state["_state"] = ModelState()
        obj.__dict__ = state
    if values:
        set_new(obj, values)
    return obj


def set_new(obj, values: dict) -> None:
    """Set ``values`` on an unsaved instance (what the field descriptors do, without their checks)."""
    state = obj.__dict__
    state.update(values)
    for name, attname, target in _RELATIONS.get(type(obj)) or relations(type(obj)):
        if name in state:  # a related record: cache it, and keep its key in the *_id field
            value = obj._state.fields_cache[name] = state.pop(name)
            state[attname] = None if value is None else getattr(value, target)


# ---- collecting ------------------------------------------------------------------------------


class Writes:
    """New and changed instances of one model, written in bulk at the end.

    They are counted in ``summary`` (an object with ``added``, ``updated`` and ``unchanged``
    Counters) under ``key``.
    """

    def __init__(self, key: str, model, summary):
        self.key, self.model, self.pk = key, model, model._meta.pk.attname
        self.added, self.updated, self.unchanged = summary.added, summary.updated, summary.unchanged
        self.new: list = []
        self.changed: dict[int, object] = {}
        self.fields: set[str] = set()
        self._new_ids: set[int] = set()
        self.numbered = 0  # how many of ``new`` have their keys

    def is_new(self, obj) -> bool:
        return id(obj) in self._new_ids

    def create(self, values: dict):
        """A new record with ``values`` (related records by name), to be inserted."""
        obj = _make(self.model, values)
        self._new_ids.add(id(obj))
        self.new.append(obj)
        self.added[self.key] += 1
        return obj

    def apply(self, obj, values: dict) -> bool:
        """Set the values; True if the record is new or changed by them."""
        pk = getattr(obj, self.pk)
        if pk is None:
            set_new(obj, values)
            if id(obj) not in self._new_ids:
                self._new_ids.add(id(obj))
                self.new.append(obj)
                self.added[self.key] += 1
            return True
        differs = False
        for name, value in values.items():
            if hasattr(value, "_meta"):  # a related record: compare ids, never fetch it
                if value.pk is not None and getattr(obj, f"{name}_id") == value.pk:
                    continue
            elif getattr(obj, name) == value:
                continue
            setattr(obj, name, value)
            self.fields.add(name)
            differs = True
        if differs and pk not in self.changed:
            self.updated[self.key] += 1
            self.unchanged[self.key] -= 1
            self.changed[pk] = obj
        return differs

    def seen(self, obj) -> None:
        """Count an existing record once, as unchanged until ``apply`` says otherwise."""
        pk = getattr(obj, self.pk)
        if pk is not None and pk not in self.changed:
            self.unchanged[self.key] += 1

    def number(self) -> None:
        number(self.model, self.new)
        self.numbered = len(self.new)

    def save(self) -> None:
        insert_rows(self.model, self.new, numbered=self.numbered == len(self.new))
        if self.changed and self.fields:
            update_rows(self.model, list(self.changed.values()), sorted(self.fields))


# ---- writing ---------------------------------------------------------------------------------


def _link(objs: list, fields: list) -> None:
    """Copy the key of a related record created earlier in this import onto its ``*_id`` field."""
    for field in fields:
        name, attname, target = field.name, field.attname, field.target_field.attname
        for obj in objs:
            state = obj.__dict__
            if state.get(attname) is None:
                related = obj._state.fields_cache.get(name)
                if related is not None:
                    state[attname] = getattr(related, target)


def _reserve_ids(model, count: int) -> list[int]:
    """``count`` new primary keys for ``model``'s table, taken inside the import's transaction."""
    table, column = model._meta.db_table, model._meta.pk.column
    connection = _connection()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                           [table, column, count])
            return [row[0] for row in cursor.fetchall()]
        # SQLite: the transaction took the write lock when it began (transaction_mode IMMEDIATE),
        # so nobody else can insert between this read and our insert. AUTOINCREMENT never reuses
        # an id, so start after the highest ever given as well as the highest present.
        qn = connection.ops.quote_name
        cursor.execute(f"SELECT COALESCE(MAX({qn(column)}), 0) FROM {qn(table)}")
        start = cursor.fetchone()[0]
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cursor.fetchone()
        start = max(start, row[0] if row else 0)
        return list(range(start + 1, start + count + 1))


def number(model, objs: list) -> None:
    """Give the new records that have none a primary key, and their foreign keys their parents'.

    Parents must be numbered first (children, requests, assessments, plans, ...).
    """
    connection = _connection()
    if connection.vendor not in FAST_VENDORS:
        return  # bulk_create numbers them as it inserts
    meta = model._meta
    _link(objs, [f for f in meta.concrete_fields if f.is_relation])
    waiting = [obj for obj in objs if getattr(obj, meta.pk.attname) is None]
    if not waiting:
        return
    for obj, pk in zip(waiting, _reserve_ids(model, len(waiting)), strict=True):
        obj.__dict__[meta.pk.attname] = pk
        obj._state.adding, obj._state.db = False, connection.alias


_NONE = type(None)


def _column(field, values: tuple, connection):
    """One column of rows, as the database driver is to be given it.

    Text, numbers and flags of exactly the field's type (or None) go as they are; a column of one
    other type (dates, moments) goes through Django's ``get_db_prep_save`` once per distinct
    value; anything else (mixed types, unhashable values) value by value.
    """
    kind = (field.target_field if field.is_relation else field).get_internal_type()
    classes = set(map(type, values))
    exact = _EXACT.get(kind)
    if exact is not None and classes <= {exact, _NONE}:
        return values
    prepare = field.get_db_prep_save
    if len(classes - {_NONE}) <= 1:  # one type: equal values are the same value
        try:
            prepared = {value: prepare(value, connection) for value in set(values)}
        except TypeError:  # unhashable (a dict for a JSON field)
            pass
        else:
            return list(map(prepared.__getitem__, values))
    return [prepare(value, connection) for value in values]


def _rows(objs: list, fields: list, connection) -> list[tuple]:
    """The rows of ``fields`` (attribute values, then prepared a column at a time)."""
    names = [f.attname for f in fields]
    try:  # the instances' own values, without the attribute lookups
        rows = list(map(itemgetter(*names), map(vars, objs)))
    except KeyError:  # a deferred field: let the model load it
        rows = list(map(attrgetter(*names), objs))
    if len(fields) == 1:
        return [(value,) for value in _column(fields[0], rows, connection)]
    columns = [_column(field, values, connection)
               for field, values in zip(fields, zip(*rows, strict=True), strict=True)]
    return list(zip(*columns, strict=True))


def insert_rows(model, objs: list, *, numbered: bool = False) -> None:
    """INSERT new records: COPY on PostgreSQL, else INSERTs of several rows each. They are
    numbered first unless ``numbered`` says ``number`` has been called for them already."""
    if not objs:
        return
    connection = _connection()
    if connection.vendor not in FAST_VENDORS:
        model.objects.bulk_create(objs, batch_size=2000)
        return
    if not numbered:
        number(model, objs)
    meta = model._meta
    fields = [meta.pk] + [f for f in meta.concrete_fields if not f.primary_key]
    rows = _rows(objs, fields, connection)
    qn = connection.ops.quote_name
    table, columns = qn(meta.db_table), ", ".join(qn(f.column) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            _insert_sqlite(cursor, connection, table, columns, len(fields), rows)


def _insert_sqlite(cursor, connection, table: str, columns: str, width: int, rows: list) -> None:
    """Several rows per INSERT: SQLite then prepares and steps one statement per batch, not per row."""
    variables = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    per = max(1, min(500, variables // width))
    one = "(" + ", ".join(["%s"] * width) + ")"
    whole = len(rows) - len(rows) % per
    if whole:
        sql = f"INSERT INTO {table} ({columns}) VALUES " + ", ".join([one] * per)
        cursor.executemany(sql, [list(chain.from_iterable(rows[i:i + per])) for i in range(0, whole, per)])
    if whole < len(rows):
        rest = rows[whole:]
        sql = f"INSERT INTO {table} ({columns}) VALUES " + ", ".join([one] * len(rest))
        cursor.execute(sql, list(chain.from_iterable(rest)))


def update_rows(model, objs: list, fields: list[str]) -> None:
    """UPDATE each row's ``fields`` with one ``executemany`` (Django's ``bulk_update`` builds a
    CASE expression per field and row, which is many times slower for thousands of rows)."""
    if not objs:
        return
    connection = _connection()
    if connection.vendor not in FAST_VENDORS:
        model.objects.bulk_update(objs, fields, batch_size=1000)
        return
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    _link(objs, [f for f in columns if f.is_relation])
    qn = connection.ops.quote_name
    sql = (f"UPDATE {qn(meta.db_table)} SET " + ", ".join(f"{qn(f.column)} = %s" for f in columns)
           + f" WHERE {qn(meta.pk.column)} = %s")
    with connection.cursor() as cursor:
        cursor.executemany(sql, _rows(objs, columns + [meta.pk], connection))
