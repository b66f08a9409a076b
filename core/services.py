"""Writes to people, roles and sign-in state: one function per business event, each audited."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import audit
from .choices import AuditAction
from .models import RoleAssignment, User
from .sign_in_rules import LockoutPolicy, after_failed_attempt, is_locked


def lockout_policy() -> LockoutPolicy:
    return LockoutPolicy(attempts=settings.SIGN_IN_ATTEMPTS_BEFORE_LOCKOUT, minutes=settings.SIGN_IN_LOCKOUT_MINUTES)


@transaction.atomic
def create_user(*, email: str, full_name: str, by, organisation: str = "", job_title: str = "",
                password: str | None = None, role: str | None = None, local_authority=None) -> User:
    """Add a person. Without a password they set one through the password reset email."""
    user = User.objects.create_user(
        email=email, password=password, full_name=full_name, organisation=organisation, job_title=job_title
    )
    if password is None:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    audit.record_create(user, by=by)
    if role and local_authority is not None:
        assign_role(user, role=role, local_authority=local_authority, by=by)
    return user


@transaction.atomic
def update_user(user: User, *, by, **fields) -> User:
    before = audit.snapshot(user, fields.keys())
    for name, value in fields.items():
        setattr(user, name, value)
    user.save(update_fields=list(fields))
    audit.record_update(user, by=by, before=before)
    return user


@transaction.atomic
def assign_role(user: User, *, role: str, local_authority, by) -> RoleAssignment:
    assignment, created = RoleAssignment.objects.get_or_create(user=user, role=role, local_authority=local_authority)
    if created:
        audit.record_create(assignment, by=by)
    return assignment


@transaction.atomic
def remove_role(assignment: RoleAssignment, *, by) -> None:
    audit.record_delete(assignment, by=by)
    assignment.delete()


def account_locked(user: User, *, now=None) -> bool:
    return is_locked(user.locked_until, now or timezone.now())


@transaction.atomic
def record_sign_in(user: User) -> None:
    user.failed_sign_ins = 0
    user.locked_until = None
    user.last_login = timezone.now()
    user.save(update_fields=["failed_sign_ins", "locked_until", "last_login"])
    audit.record(action=AuditAction.SIGN_IN, by=user, obj=user, object_label=user.email)


@transaction.atomic
def record_failed_sign_in(email: str, user: User | None) -> None:
    """Count a failed attempt; lock the account after too many. The password is never recorded."""
    if user is None:
        audit.record(action=AuditAction.SIGN_IN_FAILED, note="unknown email address")
        return
    now = timezone.now()
    user.failed_sign_ins, locked_until = after_failed_attempt(user.failed_sign_ins, now, lockout_policy())
    fields = ["failed_sign_ins"]
    if locked_until:
        user.locked_until = locked_until
        fields.append("locked_until")
    user.save(update_fields=fields)
    audit.record(action=AuditAction.LOCKED_OUT if locked_until else AuditAction.SIGN_IN_FAILED,
                 by=None, obj=user, object_label=user.email)


def record_sign_out(user: User) -> None:
    audit.record(action=AuditAction.SIGN_OUT, by=user, obj=user, object_label=user.email)


@transaction.atomic
def deactivate_user(user: User, *, by) -> None:
    """Someone has left: they can no longer sign in. Their name stays on the records they touched."""
    update_user(user, by=by, is_active=False)


@transaction.atomic
def reactivate_user(user: User, *, by) -> None:
    update_user(user, by=by, is_active=True)


@transaction.atomic
def unlock_account(user: User, *, by) -> None:
    update_user(user, by=by, failed_sign_ins=0, locked_until=None)
