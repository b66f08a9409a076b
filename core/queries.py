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


# What each area of the service offers on the home page: (capability, title, description, links).
# A link is (label, URL name, takes the authority's code). Links to areas not installed are left out.
HOME_LINKS = [
    ("case.view", "Casework", "Caseloads, statutory deadlines, early warnings and backlogs.", [
        ("My caseload", "cases:caseload", True),
        ("Early warning: deadlines in the next 4 weeks", "cases:early_warning", True),
        ("Backlog by age", "cases:backlog", True),
        ("Caseload per officer", "cases:officer_caseloads", True),
    ]),
    ("team.manage", "Teams", "Teams of SEND officers, their caseloads, and moving an officer's cases.", [
        ("Teams", "cases:team_list", True),
    ]),
    ("indicator.view", "Scorecard", "Monthly indicators with targets, RAG and benchmarks against England, region and similar areas.", [
        ("Scorecard", "indicators:scorecard", True),
        ("Month by month", "indicators:scorecard_history", True),
        ("Public dashboard", "public:authority", True),
    ]),
    ("plan.view", "Improvement plans", "Priorities, actions, status updates and board highlight reports.", [
        ("Improvement plans", "plans:index", False),
    ]),
    ("users.manage", "Administration", "People, roles and the audit trail.", [
        ("Users and roles", "core:user_list", False),
        ("Audit trail", "core:audit_list", False),
    ]),
]


@cache
def url_or_none(url_name: str, code: str | None = None) -> str | None:
    """The path of a URL, or None if no such URL is installed. URLs are fixed at start-up."""
    try:
        return reverse(url_name, kwargs={"code": code} if code else None)
    except NoReverseMatch:
        return None


def home_sections(user) -> list[dict]:
    """The areas this person works in, with links for each authority they hold a role at."""
    sections = []
    for capability, title, description, links in HOME_LINKS:
        authorities = access.authority_list_for(user, capability)
        if not authorities:
            continue
        several = len(authorities) > 1
        hrefs = []
        for label, url_name, per_authority in links:
            if not per_authority:
                if href := url_or_none(url_name):
                    hrefs.append((label, href))
                continue
            for authority in authorities:
                if href := url_or_none(url_name, authority.code):
                    hrefs.append((f"{label}: {authority.name}" if several else label, href))
        if hrefs:
            sections.append({"title": title, "description": description, "links": hrefs})
    return sections


def roles_by_authority(user) -> list[tuple]:
    """[(authority, [role label, ...]), ...] for the home page's "your roles"."""
    roles: dict = {}
    for assignment in access.assignments_of(user):
        roles.setdefault(assignment.local_authority, []).append(in_a_sentence(str(Role(assignment.role).label)))
    return sorted(roles.items(), key=lambda item: item[0].name)


def in_a_sentence(label: str) -> str:
    """A label as it reads mid-sentence: "Board member" -> "board member", "SEND manager" unchanged."""
    first = label.split(" ", 1)[0]
    return label if first.isupper() else label[:1].lower() + label[1:]


def home_identity(user) -> str:
    """Everything the home page's body depends on, as one cache key: name, authorities and roles."""
    held = sorted((a.local_authority_id, a.local_authority.code, a.local_authority.name, a.role) for a in access.assignments_of(user))
    return repr((user.pk, user.get_short_name(), held))
