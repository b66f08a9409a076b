"""Database sessions read with one plain statement (see core.identity); written as Django does."""

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

from . import identity


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self):
        data = identity.session_data(self.model, self.session_key) if self.session_key else None
        if data is None:
            self._session_key = None
            return None
        return _Loaded(data)


class _Loaded:
    """What DatabaseSessionStore.load() needs of a session row."""

    __slots__ = ("session_data",)

    def __init__(self, session_data: str):
        self.session_data = session_data
