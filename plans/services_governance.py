"""Governance writes: reporting cycles, status updates and reminder emails.

Part of the plans services (re-exported by plans/services.py); atomic and audited like the rest.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from core import audit
from core.choices import AuditAction

from . import dates, permissions
from . import status as rules
from .choices import CycleFrequency, ReminderKind
from .models import (
    Action,
    Evidence,
    ImprovementPlan,
    ReminderSent,
    ReportingCycle,
    StatusOption,
    StatusUpdate,
)

MAX_SCHEDULED_CYCLES = 36  # three years of monthly cycles in one go


@transaction.atomic
def create_cycle(plan: ImprovementPlan, *, board: str, period_start: datetime.date, period_end: datetime.date,
                 deadline: datetime.date, by, frequency: str = CycleFrequency.MONTHLY,
                 meeting_on: datetime.date | None = None) -> ReportingCycle:
    """Open a reporting cycle: leads update their actions for the period by the deadline."""
    permissions.require_manage(by, plan)
    errors = {}
    if not (board or "").strip():
        errors["board"] = "Enter the board the updates are for"
    if period_end < period_start:
        errors["period_end"] = "The end of the period must be the same as or after its start"
    if deadline < period_start:
        errors["deadline"] = "The deadline must be on or after the start of the period"
    if errors:
        raise ValidationError(errors)
    if plan.cycles.filter(board=board.strip(), period_start=period_start).exists():
        raise ValidationError({"period_start": f"{board} already has a cycle starting {period_start:%-d %B %Y}"})
    cycle = ReportingCycle.objects.create(plan=plan, board=board.strip()[:150], frequency=frequency,
                                          period_start=period_start, period_end=period_end, deadline=deadline,
                                          meeting_on=meeting_on)
    audit.record_create(cycle, by=by)
    return cycle


@dataclass
class ScheduledCycles:
    created: list[ReportingCycle] = field(default_factory=list)
    skipped: list[ReportingCycle] = field(default_factory=list)  # already there for that board and period


@transaction.atomic
def schedule_cycles(plan: ImprovementPlan, *, board: str, frequency: str, first_period_start: datetime.date,
                    count: int, by, deadline_day: int = 20,
                    deadline_rule: str = dates.DEADLINE_IN_LAST_MONTH) -> ScheduledCycles:
    """Create ``count`` monthly or quarterly cycles from ``first_period_start``, skipping any the
    board already has for a period. Updates are due on ``deadline_day`` of the period's last
    month (or of the month after it: ``deadline_rule="next_month"``)."""
    permissions.require_manage(by, plan)
    board = (board or "").strip()
    errors = {}
    if not board:
        errors["board"] = "Enter the board the updates are for"
    if frequency not in (CycleFrequency.MONTHLY, CycleFrequency.QUARTERLY):
        errors["frequency"] = "Select monthly or quarterly"
    if not 1 <= count <= MAX_SCHEDULED_CYCLES:
        errors["count"] = f"Number of cycles must be between 1 and {MAX_SCHEDULED_CYCLES}"
    if not 1 <= deadline_day <= 31:
        errors["deadline_day"] = "Day of the deadline must be between 1 and 31"
    if deadline_rule not in dates.DEADLINE_RULES:
        errors["deadline_rule"] = "Select when updates are due"
    if errors:
        raise ValidationError(errors)
    months = 3 if frequency == CycleFrequency.QUARTERLY else 1
    periods = dates.cycle_periods(first_period_start, months=months, count=count, deadline_day=deadline_day,
                                  deadline_rule=deadline_rule)
    existing = {cycle.period_start: cycle for cycle in
                plan.cycles.filter(board=board, period_start__in=[p.start for p in periods])}
    result = ScheduledCycles()
    for period in periods:
        if period.start in existing:
            result.skipped.append(existing[period.start])
        else:
            result.created.append(create_cycle(plan, board=board, frequency=frequency, period_start=period.start,
                                               period_end=period.end, deadline=period.deadline, by=by))
    return result


def cycle_for(plan: ImprovementPlan, on: datetime.date) -> ReportingCycle | None:
    """The cycle an update made on ``on`` counts towards: the open one with the earliest deadline."""
    return (plan.cycles.filter(period_start__lte=on, deadline__gte=on).order_by("deadline", "period_start").first()
            or plan.cycles.filter(period_start__lte=on, period_end__gte=on).order_by("deadline").first())


@transaction.atomic
def submit_status_update(action: Action, *, status: StatusOption, by, commentary: str = "",
                         next_steps: str = "", risks_and_issues: str = "",
                         reported_on: datetime.date | None = None, cycle: ReportingCycle | None = None,
                         evidence=()) -> StatusUpdate:
    """A lead reports on an action: status, commentary, evidence, next steps, risks and issues.

    Nothing is overwritten: each update is a new record. The action's current status follows the
    newest update. Off track and some concerns need commentary, for the board's exceptions.
    """
    from core.clock import today as clock_today

    if by is not None:
        if not permissions.can_update_action(by, action):
            raise PermissionDenied("You can only update actions you lead")
    if action.removed_at is not None:
        raise ValidationError(f"{action} was removed from the plan: restore it before updating it")
    if status is None or status.plan_id != action.plan_id:
        raise ValidationError({"status": "Choose the action's status"})
    if status.retired_at is not None:
        raise ValidationError({"status": f"{status.label} is no longer used in this plan: choose another status"})
    if status.meaning in rules.EXCEPTIONS and not (commentary or "").strip():
        raise ValidationError({"commentary": f"Enter commentary explaining why the action is {status.label.lower()}"})
    reported_on = reported_on or clock_today()
    if cycle is None:
        cycle = cycle_for(action.plan, reported_on)
    elif cycle.plan_id != action.plan_id:
        raise ValidationError({"cycle": "Choose a reporting cycle of this plan"})
    update = StatusUpdate.objects.create(
        action=action, cycle=cycle, status=status, reported_on=reported_on, commentary=(commentary or "").strip(),
        next_steps=(next_steps or "").strip(), risks_and_issues=(risks_and_issues or "").strip(),
        submitted_by=by if getattr(by, "pk", None) else None,
    )
    for item in evidence:
        title, file, url = (item.get("title") or "").strip(), item.get("file"), (item.get("url") or "").strip()
        if not file and not url:
            raise ValidationError({"evidence": "Attach a file or enter a link for the evidence"})
        Evidence.objects.create(update=update, title=(title or getattr(file, "name", "") or url)[:200],
                                file=file or "", url=url)
    audit.record_create(update, by=by)
    if action.last_update_on is None or reported_on >= action.last_update_on:
        before = audit.snapshot(action, ["status_id", "last_update_on", "completed_on"])
        action.status, action.last_update_on = status, reported_on
        if status.is_complete and action.completed_on is None:
            action.completed_on = reported_on
        elif not status.is_complete:
            action.completed_on = None
        action.save(update_fields=["status", "last_update_on", "completed_on"])
        audit.record_update(action, by=by, before=before, note="Status update")
    return update


# ---- reminders ------------------------------------------------------------------------------

@dataclass
class ReminderSummary:
    sent: list[tuple[str, str, int]] = field(default_factory=list)  # (kind, recipient, actions)
    skipped: int = 0  # already sent this cycle

    def __str__(self) -> str:
        return f"{len(self.sent)} reminders sent, {self.skipped} already sent earlier"


def _waiting_actions(cycle: ReportingCycle, today: datetime.date) -> list[Action]:
    """Actions of the cycle's plan that need an update and have none since the period began."""
    actions = (cycle.plan.actions.live().select_related("status", "section")
               .prefetch_related("leads__user").order_by("position", "id"))
    waiting = []
    for action in actions:
        facts = rules.ActionFacts(meaning=action.status.meaning if action.status_id else None,
                                  start_on=action.start_on, start_precision=action.start_precision,
                                  last_update_on=action.last_update_on)
        if rules.is_not_updated(facts, today=today, cycle_start=cycle.period_start):
            waiting.append(action)
    return waiting


def _action_lines(actions) -> str:
    return "\n".join(f"- {action.code} {action.title[:120]}".replace("-  ", "- ") for action in actions)


def _send_once(cycle, kind, recipient, subject, body, count, summary) -> None:
    try:
        with transaction.atomic():
            ReminderSent.objects.create(cycle=cycle, kind=kind, recipient=recipient, action_count=count)
            send_mail(subject, body, None, [recipient])
    except IntegrityError:
        summary.skipped += 1
        return
    audit.record(action=AuditAction.CREATE, by=None, obj=cycle, note=f"{kind} reminder sent ({count} actions)")
    summary.sent.append((kind, recipient, count))


def send_plan_reminders(*, today: datetime.date, days_before: int = 7, days_after: int = 14,
                        plans=None) -> ReminderSummary:
    """Email leads whose actions need an update before a deadline within ``days_before`` days, and
    each plan's owner about missing updates once a deadline has passed (within ``days_after``).

    Idempotent per cycle: each person gets each kind of reminder once per cycle.
    """
    summary = ReminderSummary()
    cycles = ReportingCycle.objects.select_related("plan__owner", "plan__local_authority")
    if plans is not None:
        cycles = cycles.filter(plan__in=plans)
    upcoming = cycles.filter(deadline__gte=today, deadline__lte=today + datetime.timedelta(days=days_before))
    for cycle in upcoming:
        by_lead: dict[str, list[Action]] = {}
        for action in _waiting_actions(cycle, today):
            for lead in action.leads.all():
                if lead.user_id and lead.user.is_active and lead.user.email:
                    by_lead.setdefault(lead.user.email, [])
                    if action not in by_lead[lead.user.email]:
                        by_lead[lead.user.email].append(action)
        for email, actions in sorted(by_lead.items()):
            subject = f"{cycle.plan.title}: updates due by {cycle.deadline:%-d %B %Y}"
            body = (f"Please update these actions for the {cycle.board} by {cycle.deadline:%-d %B %Y}:\n\n"
                    f"{_action_lines(actions)}\n\nSign in to SENDsight and open 'My actions' to submit updates.\n")
            _send_once(cycle, ReminderKind.LEAD_BEFORE_DEADLINE, email, subject, body, len(actions), summary)
    overdue = cycles.filter(deadline__lt=today, deadline__gte=today - datetime.timedelta(days=days_after))
    for cycle in overdue:
        owner = cycle.plan.owner
        if owner is None or not owner.is_active or not owner.email:
            continue
        actions = _waiting_actions(cycle, today)
        if not actions:
            continue
        subject = f"{cycle.plan.title}: {len(actions)} updates missing for the {cycle.board}"
        body = (f"The deadline for the {cycle.board} ({cycle.period_start:%B %Y}) was {cycle.deadline:%-d %B %Y}. "
                f"These actions have no update yet:\n\n{_action_lines(actions)}\n")
        _send_once(cycle, ReminderKind.OWNER_MISSING_UPDATES, owner.email, subject, body, len(actions), summary)
    return summary
