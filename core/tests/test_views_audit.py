import csv
import io

import pytest

from core import audit, services
from core.choices import AuditAction, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client_for):
    return client_for(Role.ADMINISTRATOR)


def test_administrators_see_their_authoritys_audit_trail_only(admin_client, user_for, other_authority, django_assert_max_num_queries):
    admin = admin_client.user
    person = user_for(Role.CASEWORKER)
    services.update_user(person, by=admin, job_title="Visible change")
    stranger = user_for(Role.CASEWORKER, other_authority)
    audit.record(action=AuditAction.UPDATE, by=stranger, obj=stranger, local_authority=other_authority, note="hidden change")
    with django_assert_max_num_queries(10):
        content = admin_client.get("/audit/").content.decode()
    assert "Visible change" in content and "hidden change" not in content


def test_the_audit_trail_filters_by_action_and_who(admin_client, user_for):
    admin = admin_client.user
    person = user_for(Role.CASEWORKER)
    services.update_user(person, by=admin, job_title="Changed title")
    services.record_sign_in(admin)
    content = admin_client.get("/audit/?action=sign_in").content.decode()
    assert "Signed in" in content and "Changed title" not in content


def test_an_impossible_date_filter_shows_an_error(admin_client):
    content = admin_client.get("/audit/?date_from_day=31&date_from_month=2&date_from_year=2026").content.decode()
    assert "The date to show changes from must be a real date" in content
    assert "<title>Error: " in content


def test_the_audit_trail_downloads_as_csv(admin_client, user_for):
    person = user_for(Role.CASEWORKER)
    services.update_user(person, by=admin_client.user, job_title="Exported change")
    response = admin_client.get("/audit/?format=csv")
    assert response["Content-Type"] == "text/csv"
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["when", "who", "action"]
    assert any("Exported change" in cell for row in rows[1:] for cell in row)


def test_people_who_are_not_administrators_cannot_see_the_audit_trail(client_for, client):
    assert client_for(Role.SEND_MANAGER).get("/audit/").status_code == 404
    assert client.get("/audit/").status_code == 302


def test_the_audit_trail_cannot_be_changed_through_the_service(admin_client):
    assert admin_client.post("/audit/").status_code == 405
