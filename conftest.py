"""Fixtures every app's tests share: authorities from the real reference data, and people by role.

``authority`` is Kingston upon Hull (810); ``other_authority`` is Kent (886). A user made with
``user_for("caseworker")`` holds that role at ``authority`` only, so anything of Kent's must 404.
"""

import pytest
from django.test import Client

from core.models import LocalAuthority
from core.tests.factories import TEST_PASSWORD, user_with_role


@pytest.fixture
def authority(db) -> LocalAuthority:
    return LocalAuthority.objects.get(code="810")


@pytest.fixture
def other_authority(db) -> LocalAuthority:
    return LocalAuthority.objects.get(code="886")


@pytest.fixture
def user_for(authority):
    """user_for(role, authority=None, **fields) -> a saved user holding that role."""

    def make(role: str, at: LocalAuthority | None = None, **fields):
        return user_with_role(role, at or authority, **fields)

    return make


@pytest.fixture
def client_for(user_for):
    """client_for(role, authority=None) -> a test client signed in as a new user with that role."""

    def make(role: str, at: LocalAuthority | None = None, **fields) -> Client:
        client = Client()
        user = user_for(role, at, **fields)
        client.force_login(user)
        client.user = user
        return client

    return make


@pytest.fixture
def password() -> str:
    return TEST_PASSWORD
