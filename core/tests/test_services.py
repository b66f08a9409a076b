import pytest
from django.utils import timezone

from core import services
from core.choices import AuditAction, Role
from core.models import AuditEvent, RoleAssignment, User

pytestmark = pytest.mark.django_db


def test_creating_a_user_with_a_role_is_audited_without_the_password(user_for, authority):
    admin = user_for(Role.ADMINISTRATOR)
    person = services.create_user(email="New.Person@Example.org", full_name="New Person", by=admin,
                                  role=Role.CASEWORKER, local_authority=authority)
    assert person.email == "new.person@example.org"
    assert not person.has_usable_password()
    assert RoleAssignment.objects.filter(user=person, role=Role.CASEWORKER, local_authority=authority).exists()
    created = AuditEvent.objects.filter(action=AuditAction.CREATE, object_type="core.user", object_id=str(person.pk)).get()
    assert created.actor == admin
    assert created.changes["full_name"] == [None, "New Person"]
    assert "password" not in str(created.changes) or created.changes["password"][1].startswith("!")


def test_changing_a_users_details_records_before_and_after(user_for):
    admin = user_for(Role.ADMINISTRATOR)
    person = user_for(Role.CASEWORKER, job_title="Caseworker")
    services.update_user(person, by=admin, job_title="Senior caseworker")
    event = AuditEvent.objects.filter(action=AuditAction.UPDATE, object_id=str(person.pk)).get()
    assert event.changes == {"job_title": ["Caseworker", "Senior caseworker"]}


def test_a_change_that_changes_nothing_writes_no_audit_event(user_for):
    admin = user_for(Role.ADMINISTRATOR)
    person = user_for(Role.CASEWORKER, job_title="Caseworker")
    services.update_user(person, by=admin, job_title="Caseworker")
    assert not AuditEvent.objects.filter(action=AuditAction.UPDATE).exists()


def test_removing_a_role_is_audited_with_what_it_was(user_for, authority):
    admin = user_for(Role.ADMINISTRATOR)
    person = user_for(Role.CASEWORKER)
    assignment = RoleAssignment.objects.get(user=person)
    services.remove_role(assignment, by=admin)
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    event = AuditEvent.objects.get(action=AuditAction.DELETE, object_type="core.roleassignment")
    assert event.changes["role"] == [Role.CASEWORKER, None]
    assert event.local_authority == authority


def test_five_failed_sign_ins_lock_the_account_and_a_good_one_resets_the_count(user_for):
    person = user_for(Role.CASEWORKER)
    for _ in range(4):
        services.record_failed_sign_in(person.email, person)
    person.refresh_from_db()
    assert person.failed_sign_ins == 4 and not services.account_locked(person)
    services.record_failed_sign_in(person.email, person)
    person.refresh_from_db()
    assert services.account_locked(person)
    assert AuditEvent.objects.filter(action=AuditAction.LOCKED_OUT, object_id=str(person.pk)).exists()
    services.record_sign_in(person)
    person.refresh_from_db()
    assert person.failed_sign_ins == 0 and person.locked_until is None


def test_an_administrator_can_unlock_an_account(user_for):
    admin = user_for(Role.ADMINISTRATOR)
    person = user_for(Role.CASEWORKER, locked_until=timezone.now() + timezone.timedelta(minutes=10))
    services.unlock_account(person, by=admin)
    person.refresh_from_db()
    assert not services.account_locked(person)


def test_a_failed_sign_in_for_an_unknown_address_is_audited_without_the_address():
    services.record_failed_sign_in("nobody@example.org", None)
    event = AuditEvent.objects.get(action=AuditAction.SIGN_IN_FAILED)
    assert "nobody@example.org" not in f"{event.object_label}{event.note}{event.changes}"
    assert User.objects.count() == 0
