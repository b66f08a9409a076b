"""Who may do what, for which local authority: every permission check in SENDsight comes here.

A capability is a short name for something a person may do ("case.view", "plan.edit"). Roles
grant capabilities for the authorities they are held for. Someone with no role at an authority
must not learn its records exist: those pages answer 404. Someone with a role there who lacks
the capability gets 403.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404

from . import identity
from .choices import Role
from .models import LocalAuthority

R = Role
CAPABILITIES: dict[str, frozenset[str]] = {
    # Casework: children's records are special-category data, so only those who work the cases.
    "case.view": frozenset({R.SEND_MANAGER, R.CASEWORKER, R.PERFORMANCE_ANALYST, R.PRACTITIONER}),
    "case.edit": frozenset({R.SEND_MANAGER, R.CASEWORKER}),
    "case.assign": frozenset({R.SEND_MANAGER}),
    "case.import": frozenset({R.SEND_MANAGER, R.PERFORMANCE_ANALYST}),
    # Teams and who holds the cases (officers' names and counts, no child's record).
    "team.manage": frozenset({R.SEND_MANAGER, R.ADMINISTRATOR}),
    # The scorecard: aggregate figures, seen by everyone in the partnership.
    "indicator.view": frozenset(set(Role)),
    "indicator.edit": frozenset({R.SEND_MANAGER, R.PERFORMANCE_ANALYST}),
    "indicator.comment": frozenset({R.SEND_MANAGER, R.PERFORMANCE_ANALYST, R.PLAN_CONTRIBUTOR}),
    # Improvement plans: contributors update their own actions (checked in plans), managers run plans.
    "plan.view": frozenset(set(Role)),
    "plan.update": frozenset({R.SEND_MANAGER, R.PLAN_CONTRIBUTOR}),
    "plan.manage": frozenset({R.SEND_MANAGER}),
    # Running the service.
    "users.manage": frozenset({R.ADMINISTRATOR}),
    "audit.view": frozenset({R.ADMINISTRATOR}),
}


def _roles_by_authority(user) -> dict[int, set[str]]:
    """{local_authority_id: {role, ...}} for this user, read once per request."""
    if not user.is_authenticated or not user.is_active:
        return {}
    cached = getattr(user, "_sendsight_roles", None)
    if cached is None:
        cached = {}
        for assignment in assignments_of(user):
            cached.setdefault(assignment.local_authority_id, set()).add(assignment.role)
        user._sendsight_roles = cached
    return cached


def assignments_of(user) -> list:
    """The user's role assignments with their authorities, read once per request."""
    cached = getattr(user, "_sendsight_assignments", None)
    if cached is None:
        cached = identity.role_assignments(user)
        user._sendsight_assignments = cached
    return cached


def _authority_id(local_authority) -> int:
    return local_authority if isinstance(local_authority, int) else local_authority.pk


def roles_for(user, local_authority) -> set[str]:
    return set(_roles_by_authority(user).get(_authority_id(local_authority), set()))


def can(user, capability: str, local_authority) -> bool:
    """May this user do this for this authority?"""
    if capability not in CAPABILITIES:
        raise KeyError(f"Unknown capability {capability!r}")
    return bool(roles_for(user, local_authority) & CAPABILITIES[capability])


def can_anywhere(user, capability: str) -> bool:
    allowed = CAPABILITIES[capability]
    return any(roles & allowed for roles in _roles_by_authority(user).values())


def authority_ids_for(user, capability: str | None = None) -> list[int]:
    roles = _roles_by_authority(user)
    if capability is None:
        return sorted(roles)
    allowed = CAPABILITIES[capability]
    return sorted(la for la, held in roles.items() if held & allowed)


def authorities_for(user, capability: str | None = None) -> QuerySet[LocalAuthority]:
    """The authorities this user may act for (with this capability, if given)."""
    return LocalAuthority.objects.filter(pk__in=authority_ids_for(user, capability)).select_related("region")


def authority_list_for(user, capability: str) -> list[LocalAuthority]:
    """As authorities_for, as a list sorted by name, from the assignments already read (no query)."""
    allowed = CAPABILITIES[capability]
    found = {a.local_authority_id: a.local_authority for a in assignments_of(user) if a.role in allowed}
    return sorted(found.values(), key=lambda la: la.name)


def check(user, capability: str, local_authority) -> None:
    """Raise Http404 if the user has no role at the authority, PermissionDenied if the role does not allow it."""
    if not roles_for(user, local_authority):
        raise Http404("No such record")
    if not can(user, capability, local_authority):
        raise PermissionDenied("Your role does not allow this")


def authority_or_404(user, code: str, capability: str) -> LocalAuthority:
    """Fetch an authority by DfE code that the user may act for with this capability."""
    try:
        authority = LocalAuthority.objects.select_related("region").get(code=code)
    except LocalAuthority.DoesNotExist:
        raise Http404("No such local authority") from None
    check(user, capability, authority)
    return authority


def object_or_404(user, capability: str, queryset, *, authority_field: str = "local_authority", **lookup) -> Model:
    """Fetch one record and check the user may act on it; 404 for other authorities' records.

    ``authority_field`` is the path from the record to its local authority (``"case__local_authority"``).
    """
    if isinstance(queryset, type) and issubclass(queryset, Model):
        queryset = queryset._default_manager.all()
    allowed = authority_ids_for(user)
    try:
        obj = queryset.filter(**{f"{authority_field}__in": allowed}).get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404("No such record") from None
    authority_id = obj
    for part in authority_field.split("__"):
        authority_id = getattr(authority_id, part)
    check(user, capability, authority_id)
    return obj
