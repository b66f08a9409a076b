"""Who is asking: the three reads every signed-in request makes, each one plain SQL statement.

Every signed-in page reads the session, the user and the user's role assignments before it
does anything else. Through the ORM these three reads cost about ten times the database's own
work, because each query is built and compiled afresh (see docs/decisions/0013). Here each is
one prepared statement whose rows become model instances through the same converters the ORM
uses, so the objects are exactly what the ORM would give.

Nothing here is cached between requests: a sign-out, a removed role, a deactivated or locked
account takes effect on the very next request, in every worker.
"""

from __future__ import annotations

from django.db import connections, router
from django.utils import timezone

_LOADERS: dict = {}


class _Loader:
    """Reads rows of chosen columns of one model and makes instances from them."""

    def __init__(self, model, field_names: list[str] | None, alias: str):
        fields = [f for f in model._meta.concrete_fields if field_names is None or f.attname in field_names]
        connection = connections[alias]
        self.model = model
        self.alias = alias
        self.attnames = [f.attname for f in fields]
        self.columns = [connection.ops.quote_name(f.column) for f in fields]
        self.table = connection.ops.quote_name(model._meta.db_table)
        self.pk_column = connection.ops.quote_name(model._meta.pk.column)
        converters = []
        for index, field in enumerate(fields):
            column = field.get_col(model._meta.db_table)
            found = connection.ops.get_db_converters(column) + field.get_db_converters(connection)
            if found:
                converters.append((index, column, found))
        self.converters = converters

    def select(self, prefix: str = "") -> str:
        return ", ".join(f"{prefix}{column}" for column in self.columns)

    def instance(self, row):
        if self.converters:
            row = list(row)
            connection = connections[self.alias]
            for index, column, found in self.converters:
                value = row[index]
                for converter in found:
                    value = converter(value, column, connection)
                row[index] = value
        return self.model.from_db(self.alias, self.attnames, row)


def _loader(model, field_names: tuple[str, ...] | None = None) -> _Loader:
    alias = router.db_for_read(model)
    key = (model, field_names, alias)
    loader = _LOADERS.get(key)
    if loader is None:
        loader = _LOADERS[key] = _Loader(model, list(field_names) if field_names else None, alias)
    return loader


def session_data(session_model, session_key: str) -> str | None:
    """The encoded data of an unexpired session, or None."""
    alias = router.db_for_read(session_model)
    connection = connections[alias]
    table = connection.ops.quote_name(session_model._meta.db_table)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT session_data FROM {table} WHERE session_key = %s AND expire_date > %s", [session_key, now])
        row = cursor.fetchone()
    return row[0] if row else None


def user_by_id(user_model, user_id):
    """The user with this primary key, every field loaded, or None."""
    try:
        user_id = user_model._meta.pk.to_python(user_id)
    except Exception:  # a malformed id in a session is simply nobody
        return None
    loader = _loader(user_model)
    with connections[loader.alias].cursor() as cursor:
        cursor.execute(f"SELECT {loader.select()} FROM {loader.table} WHERE {loader.pk_column} = %s", [user_id])
        row = cursor.fetchone()
    return loader.instance(row) if row else None


def role_assignments(user) -> list:
    """The user's RoleAssignment rows, each with its LocalAuthority attached, in one statement."""
    from .models import LocalAuthority, RoleAssignment

    roles = _loader(RoleAssignment, ("id", "user_id", "role", "local_authority_id", "created_at"))
    authorities = _loader(LocalAuthority)
    sql = (
        f"SELECT {roles.select('r.')}, {authorities.select('a.')} FROM {roles.table} r "
        f"JOIN {authorities.table} a ON a.id = r.local_authority_id WHERE r.user_id = %s ORDER BY r.id"
    )
    with connections[roles.alias].cursor() as cursor:
        cursor.execute(sql, [user.pk])
        rows = cursor.fetchall()
    width = len(roles.attnames)
    found = []
    for row in rows:
        assignment = roles.instance(row[:width])
        assignment.local_authority = authorities.instance(row[width:])
        found.append(assignment)
    return found
