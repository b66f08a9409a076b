"""Reads for core pages."""

from functools import cache

from django.db.models import Q, QuerySet
from django.urls import NoReverseMatch, reverse

from . import access
from .choices import Role
from .models import User


def users_visible_to(authority_ids: list[int]) -> QuerySet[User]:
    """People an administrator can see: those with a role at one of their authorities, or with no role yet."""
    return (
        User.objects.filter(Q(role_assignments__local_authority_id__in=authority_ids) | Q(role_assignments__isnull=True))
        .distinct()
        .prefetch_related("role_assignments__local_authority")
        .order_by("full_name", "email")
    )


# What each area of the service offers on the home page. Apps add links by URL name; a link
# whose URL does not exist (an area not installed) is left out.
HOME_LINKS = [
    ("case.view", "Casework", "Caseloads, statutory deadlines, early warnings and backlogs.", [
        ("My caseload", "cases:index"),
    ]),
    ("indicator.view", "Scorecard", "Monthly indicators with targets, RAG and benchmarks against England, region and similar areas.", [
        ("Scorecard", "indicators:index"),
    ]),
    ("plan.view", "Improvement plans", "Priorities, actions, status updates and board highlight reports.", [
        ("Improvement plans", "plans:index"),
    ]),
    ("users.manage", "Administration", "People, roles and the audit trail.", [
        ("Users and roles", "core:user_list"),
        ("Audit trail", "core:audit_list"),
    ]),
]


@cache
def url_or_none(url_name: str) -> str | None:
    """The path of a URL without arguments, or None if no such URL is installed. URLs are fixed at start-up."""
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return None


def home_sections(user) -> list[dict]:
    sections = []
    for capability, title, description, links in HOME_LINKS:
        if not access.can_anywhere(user, capability):
            continue
        hrefs = [(label, href) for label, url_name in links if (href := url_or_none(url_name))]
        if hrefs:
            sections.append({"title": title, "description": description, "links": hrefs})
    return sections


def roles_by_authority(user) -> list[tuple]:
    """[(authority, [role label, ...]), ...] for the home page's "your roles"."""
    roles: dict = {}
    for assignment in access.assignments_of(user):
        roles.setdefault(assignment.local_authority, []).append(Role(assignment.role).label)
    return sorted(roles.items(), key=lambda item: item[0].name)
