"""Reads for the pages that keep case records right and the work organised: teams with their
officers' caseloads, the officers who hold live cases, and the exceptions removed from a case
(read back from the audit trail, since the exception itself is deleted).

"Live" cases are those the caseloads show: open (request, assessment, drafting) or a plan in
force. ``today`` is passed in by the views.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from core.choices import AuditAction
from core.models import AuditEvent, User

from .choices import OPEN_STAGES, ExceptionReason, Stage
from .models import Request, Team
from .queries_ui import DAY, WARNING_HORIZON_DAYS, TimelineEntry

date = datetime.date
LIVE_STAGES = (*OPEN_STAGES, Stage.PLAN)


# ---- teams ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OfficerLoad:
    """One officer's live cases within one team (officer_id None: cases not assigned)."""

    officer_id: int | None
    name: str
    active: bool
    open: int
    plans: int
    overdue: int
    due_soon: int
    total: int


@dataclass
class TeamLoad:
    """A team (None: cases in no team) and its officers' live cases."""

    team: Team | None
    officers: list[OfficerLoad] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.team.name if self.team else "No team"

    def total(self, key: str) -> int:
        return sum(getattr(officer, key) for officer in self.officers)

    @property
    def totals(self) -> dict:
        return {key: self.total(key) for key in ("open", "plans", "overdue", "due_soon", "total")}


def _names(ids) -> dict[int, tuple[str, bool]]:
    """{user id: (name, active)} in one query."""
    return {
        pk: (full_name or email, active)
        for pk, full_name, email, active in User.objects.filter(pk__in=ids).values_list(
            "pk", "full_name", "email", "is_active"
        )
    }


def team_caseloads(local_authority, *, today: date) -> list[TeamLoad]:
    """Every team of the authority (with none of its cases too) and, within each, the live cases
    each officer holds: open, plans in force, overdue and due in the next 4 weeks. Three queries
    however many cases: the counts are grouped by the database."""
    soon = today + WARNING_HORIZON_DAYS * DAY
    teams = {team.pk: TeamLoad(team) for team in Team.objects.filter(local_authority=local_authority)}
    counts = list(
        Request.objects.filter(local_authority=local_authority, stage__in=LIVE_STAGES)
        .values("team_id", "officer_id")
        .annotate(
            open=Count("pk", filter=Q(stage__in=OPEN_STAGES)),
            plans=Count("pk", filter=Q(stage=Stage.PLAN)),
            overdue=Count("pk", filter=Q(next_deadline_on__lt=today)),
            due_soon=Count("pk", filter=Q(next_deadline_on__gte=today, next_deadline_on__lte=soon)),
            total=Count("pk"),
        )
        .order_by()
    )
    names = _names({row["officer_id"] for row in counts if row["officer_id"] is not None})
    no_team = TeamLoad(None)
    for row in counts:
        officer_id = row["officer_id"]
        name, active = names.get(officer_id, ("Not assigned", True)) if officer_id else ("Not assigned", True)
        load = OfficerLoad(officer_id, name, active, row["open"], row["plans"], row["overdue"],
                           row["due_soon"], row["total"])
        teams.get(row["team_id"], no_team).officers.append(load)
    result = sorted(teams.values(), key=lambda t: t.name.lower())
    if no_team.officers:
        result.append(no_team)
    for load in result:
        load.officers.sort(key=lambda o: (o.officer_id is None, o.name.lower()))
    return result


def officers_holding_cases(local_authority) -> list[tuple[User, int]]:
    """The people who hold live cases at the authority, with how many, by name. Includes people
    who have left (inactive, or no longer with a role here): their cases still need moving."""
    counts = dict(
        Request.objects.filter(local_authority=local_authority, stage__in=LIVE_STAGES,
                               officer__isnull=False)
        .values("officer_id")
        .annotate(total=Count("pk"))
        .order_by()
        .values_list("officer_id", "total")
    )
    users = User.objects.filter(pk__in=counts).only("pk", "full_name", "email", "is_active")
    return sorted(((user, counts[user.pk]) for user in users),
                  key=lambda pair: ((pair[0].full_name or pair[0].email).lower(), pair[0].pk))


# ---- exceptions removed -----------------------------------------------------------------------


def removed_exceptions(case: Request) -> list[TimelineEntry]:
    """Timeline entries for the reg 10(4) exceptions removed from this case, on the day they were
    removed, with why. The exception is deleted; its audit record keeps what it was and why."""
    events = AuditEvent.objects.filter(
        object_type="cases.timelimitexception",
        action=AuditAction.DELETE,
        local_authority_id=case.local_authority_id,
        changes__request_id__0=case.pk,
    ).only("at", "changes", "actor_label", "note")
    labels = dict(ExceptionReason.choices)
    entries = []
    for event in events:
        before = {key: values[0] for key, values in event.changes.items() if values}
        reason = labels.get(before.get("reason"), "reason not recorded")
        starts = before.get("starts_on")
        # Why it no longer applies (services.remove_exception asks); older removals have no note.
        detail = event.note.rstrip(".") or "Recorded in error"
        if starts:
            day = date.fromisoformat(starts)
            detail += f". It was recorded as starting on {day.day} {day:%B %Y}"
        entries.append(TimelineEntry(timezone.localdate(event.at), f"Exception removed: {reason}", detail, 2))
    return entries


def with_removed_exceptions(timeline: list[TimelineEntry], case: Request) -> list[TimelineEntry]:
    """The case timeline with the removed exceptions added, newest first (as queries_ui sorts it)."""
    removed = removed_exceptions(case)
    if not removed:
        return timeline
    return sorted([*timeline, *removed], key=lambda e: (e.on, e.order), reverse=True)
