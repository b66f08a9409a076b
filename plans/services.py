"""Writes to improvement plans: one function per business event, atomic and audited.

Signatures (all keyword-only after the record, all take ``by`` = the user, or None for the system):

Plans and structure
    create_plan(*, local_authority, title, by, kind, description, owner, section_labels,
                action_label, status_scale, starts_on, ends_on) -> ImprovementPlan
    update_plan(plan, *, by, **changes)                     title, kind, description, owner, dates, labels
    set_status_scale(plan, *, options, by)                  [(code, label, colour, meaning), ...]
    add_section(plan, *, title, by, parent, code, description, lead_name, lead_user, position) -> Section
    update_section(section, *, by, **changes)
    delete_section(section, *, by)                          only when it holds no actions or sections
Actions
    add_action(plan, *, section, title, by, parent, code, description, intended_outcomes,
               impact_measures, start_on, start_precision, due_on, due_precision,
               duration_days, position) -> Action
    update_action(action, *, by, **changes)
    delete_action(action, *, by)
    set_action_leads(action, *, leads, by)                  [{"kind", "user", "name", "organisation"}]
    set_action_sources(action, *, sources, by)              [{"kind", "finding", "reference"}]
    set_action_dependencies(action, *, depends_on, by)
    link_indicator(action, *, indicator, by, target, target_note) -> IndicatorLink
    unlink_indicator(link, *, by)
Inspections
    record_inspection(*, local_authority, title, by, inspected_on, published_on, outcome,
                      findings=[(kind, number, text)], plans=[...]) -> Inspection
    add_finding(inspection, *, kind, number, text, by) -> InspectionFinding
    link_inspection(plan, *, inspection, by)
Governance
    create_cycle(plan, *, board, period_start, period_end, deadline, by, frequency, meeting_on)
    schedule_cycles(plan, *, board, frequency, first_period_start, count, deadline_day, by)
    submit_status_update(action, *, status, by, commentary, next_steps, risks_and_issues,
                         reported_on, cycle, evidence=[{"title", "file", "url"}]) -> StatusUpdate
    send_plan_reminders(*, today, days_before, days_after, plans) -> ReminderSummary
Files (see plans/importers and plans/exporters)
    import_plan(*, local_authority, title, file_name, content, by, mapping, sheet) -> ImprovementPlan

Errors a person can fix raise django.core.exceptions.ValidationError (with field names where a
form field is to blame); lack of permission raises PermissionDenied.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Max

from core import access, audit
from core.choices import AuditAction

from . import dates, permissions
from . import status as rules
from .choices import (
    FINDING_SOURCE_KINDS,
    STATUS_SCALE_PRESETS,
    TAG_COLOURS,
    CycleFrequency,
    DatePrecision,
    FindingKind,
    LeadKind,
    PlanKind,
    ReminderKind,
    SourceKind,
    StatusMeaning,
    StatusScalePreset,
)
from .models import (
    Action,
    ActionLead,
    ActionSource,
    Evidence,
    ImprovementPlan,
    IndicatorLink,
    Inspection,
    InspectionFinding,
    ReminderSent,
    ReportingCycle,
    Section,
    StatusOption,
    StatusUpdate,
)

PLAN_FIELDS = ["title", "kind", "description", "owner_id", "starts_on", "ends_on", "section_labels", "action_label"]
SECTION_FIELDS = ["parent_id", "level", "code", "title", "description", "lead_name", "lead_user_id", "position"]
ACTION_FIELDS = [
    "section_id", "parent_id", "code", "title", "description", "intended_outcomes", "impact_measures",
    "start_on", "start_precision", "due_on", "due_precision", "duration_days", "position",
]


def _require(condition: bool, message: str = "Your role does not allow this") -> None:
    if not condition:
        raise PermissionDenied(message)


def _check_manage(by, plan) -> None:
    """System writes (by=None: commands, demo) are trusted; people need plan.manage."""
    if by is not None:
        _require(permissions.can_manage_plan(by, plan))


def _apply(obj, changes: dict, allowed: list[str]) -> list[str]:
    """Set allowed fields (``owner`` or ``owner_id`` both accepted); return the attnames changed."""
    names = []
    for name, value in changes.items():
        attname = name if name in allowed else f"{name}_id"
        if attname not in allowed:
            raise TypeError(f"{type(obj).__name__} has no changeable field {name!r}")
        if attname != name:  # given a model instance for a foreign key
            setattr(obj, name, value)
        else:
            setattr(obj, attname, value)
        names.append(attname)
    return names


def _check_dates(start_on, start_precision, due_on, due_precision) -> None:
    errors = {}
    if start_precision == DatePrecision.TBC:
        errors["start_on"] = "Enter a start date or leave it blank: a start date cannot be to be confirmed"
    if due_precision in (DatePrecision.DAY, DatePrecision.MONTH) and due_on is None:
        errors["due_on"] = "Enter the due date"
    due_last = dates.due_by(due_on, due_precision)
    if start_on and due_last and start_on > due_last and not errors:
        errors["due_on"] = "The due date must be the same as or after the start date"
    if errors:
        raise ValidationError(errors)


# ---- plans and structure --------------------------------------------------------------------

@transaction.atomic
def create_plan(*, local_authority, title: str, by, kind: str = PlanKind.STRATEGIC, description: str = "",
                owner=None, section_labels: list[str] | None = None, action_label: str = "Action",
                status_scale: str = StatusScalePreset.COMMON, starts_on=None, ends_on=None,
                partner_authorities=()) -> ImprovementPlan:
    """Start a plan for an authority, with a status scale copied from a preset."""
    if by is not None:
        _require(access.can(by, "plan.manage", local_authority))
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": "Enter the plan's title"})
    if status_scale not in STATUS_SCALE_PRESETS:
        raise ValidationError({"status_scale": "Choose a status scale"})
    plan = ImprovementPlan.objects.create(
        local_authority=local_authority, title=title[:200], kind=kind, description=description, owner=owner,
        section_labels=list(section_labels or ["Priority", "Objective"]), action_label=action_label,
        starts_on=starts_on, ends_on=ends_on,
    )
    if partner_authorities:
        plan.partner_authorities.set(partner_authorities)
    StatusOption.objects.bulk_create([
        StatusOption(plan=plan, code=code, label=label, colour=colour, meaning=meaning, position=position)
        for position, (code, label, colour, meaning) in enumerate(STATUS_SCALE_PRESETS[status_scale])
    ])
    audit.record_create(plan, by=by)
    return plan


@transaction.atomic
def update_plan(plan: ImprovementPlan, *, by, **changes) -> ImprovementPlan:
    """Change a plan's title, kind, description, owner, dates or level names."""
    _check_manage(by, plan)
    before = audit.snapshot(plan, PLAN_FIELDS)
    names = _apply(plan, changes, PLAN_FIELDS)
    if not (plan.title or "").strip():
        raise ValidationError({"title": "Enter the plan's title"})
    plan.save(update_fields=names)
    audit.record_update(plan, by=by, before=before)
    return plan


@transaction.atomic
def set_status_scale(plan: ImprovementPlan, *, options: list[tuple[str, str, str, str]], by) -> list[StatusOption]:
    """Replace a plan's status scale with ``[(code, label, colour, meaning), ...]`` in order.

    Options keep their identity by code; an option some update already uses cannot be removed.
    """
    _check_manage(by, plan)
    if not options:
        raise ValidationError("A status scale needs at least one status")
    codes = [code for code, *_ in options]
    if len(set(codes)) != len(codes):
        raise ValidationError("Each status on the scale needs a different code")
    for code, label, colour, meaning in options:
        if not label.strip():
            raise ValidationError(f"Enter the words for status {code}")
        if colour not in TAG_COLOURS:
            raise ValidationError(f"Choose a colour for {label} from: {', '.join(TAG_COLOURS)}")
        if meaning not in StatusMeaning.values:
            raise ValidationError(f"Choose what {label} means")
    existing = {option.code: option for option in plan.status_options.all()}
    before = [[o.code, o.label, o.colour, o.meaning] for o in existing.values()]
    for code in set(existing) - set(codes):
        option = existing[code]
        in_use = StatusUpdate.objects.filter(status=option).exists() or Action.objects.filter(status=option).exists()
        if in_use:
            raise ValidationError(f"{option.label} is used by status updates, so it cannot be removed")
        option.delete()
    result = []
    for position, (code, label, colour, meaning) in enumerate(options):
        option = existing.get(code) or StatusOption(plan=plan, code=code)
        option.label, option.colour, option.meaning, option.position = label.strip(), colour, meaning, position
        option.save()
        result.append(option)
    audit.record(action=AuditAction.UPDATE, by=by, obj=plan,
                 changes={"status_scale": [before, [list(o) for o in options]]})
    return result


@transaction.atomic
def add_section(plan: ImprovementPlan, *, title: str, by, parent: Section | None = None, code: str = "",
                description: str = "", lead_name: str = "", lead_user=None, position: int | None = None) -> Section:
    """Add a priority (no parent) or an objective / outcome under one."""
    _check_manage(by, plan)
    if not (title or "").strip():
        raise ValidationError({"title": "Enter the title"})
    if parent is not None and parent.plan_id != plan.pk:
        raise ValidationError({"parent": "Choose a section of this plan"})
    if position is None:
        position = (plan.sections.filter(parent=parent).aggregate(m=Max("position"))["m"] or 0) + 1
    section = Section.objects.create(
        plan=plan, parent=parent, level=(parent.level + 1) if parent else 1, code=code.strip(),
        title=title.strip(), description=description, lead_name=lead_name.strip(), lead_user=lead_user,
        position=position,
    )
    audit.record_create(section, by=by)
    return section


@transaction.atomic
def update_section(section: Section, *, by, **changes) -> Section:
    _check_manage(by, section.plan)
    before = audit.snapshot(section, SECTION_FIELDS)
    names = _apply(section, changes, SECTION_FIELDS)
    if not (section.title or "").strip():
        raise ValidationError({"title": "Enter the title"})
    if "parent_id" in names:
        section.level = section.parent.level + 1 if section.parent_id else 1
        names.append("level")
    section.save(update_fields=sorted(set(names)))
    audit.record_update(section, by=by, before=before)
    return section


@transaction.atomic
def delete_section(section: Section, *, by) -> None:
    _check_manage(by, section.plan)
    if section.actions.exists() or section.children.exists():
        raise ValidationError("Move or delete its actions and sections first")
    audit.record_delete(section, by=by)
    section.delete()


# ---- actions --------------------------------------------------------------------------------

@transaction.atomic
def add_action(plan: ImprovementPlan, *, section: Section, title: str, by, parent: Action | None = None,
               code: str = "", description: str = "", intended_outcomes: str = "", impact_measures: str = "",
               start_on=None, start_precision: str = "", due_on=None, due_precision: str = "",
               duration_days: int | None = None, position: int | None = None) -> Action:
    """Add an action under a section (or a workstream under an action)."""
    _check_manage(by, plan)
    if not (title or "").strip():
        raise ValidationError({"title": "Enter what will be done"})
    if section.plan_id != plan.pk:
        raise ValidationError({"section": "Choose a section of this plan"})
    if parent is not None and parent.plan_id != plan.pk:
        raise ValidationError({"parent": "Choose an action of this plan"})
    start_precision = start_precision or (DatePrecision.DAY if start_on else "")
    due_precision = due_precision or (DatePrecision.DAY if due_on else "")
    _check_dates(start_on, start_precision, due_on, due_precision)
    if position is None:
        position = (plan.actions.aggregate(m=Max("position"))["m"] or 0) + 1
    action = Action.objects.create(
        plan=plan, section=section, parent=parent, code=code.strip(), title=title.strip(),
        description=description, intended_outcomes=intended_outcomes, impact_measures=impact_measures,
        start_on=start_on, start_precision=start_precision, due_on=due_on, due_precision=due_precision,
        duration_days=duration_days, position=position,
    )
    audit.record_create(action, by=by)
    return action


@transaction.atomic
def update_action(action: Action, *, by, **changes) -> Action:
    """Change an action's wording, place, dates or duration (not its status: submit an update)."""
    _check_manage(by, action.plan)
    before = audit.snapshot(action, ACTION_FIELDS)
    names = _apply(action, changes, ACTION_FIELDS)
    if not (action.title or "").strip():
        raise ValidationError({"title": "Enter what will be done"})
    if action.section.plan_id != action.plan_id:
        raise ValidationError({"section": "Choose a section of this plan"})
    if action.parent_id and (action.parent_id == action.pk or action.parent.plan_id != action.plan_id):
        raise ValidationError({"parent": "Choose another action of this plan"})
    _check_dates(action.start_on, action.start_precision, action.due_on, action.due_precision)
    action.save(update_fields=sorted(set(names)))
    audit.record_update(action, by=by, before=before)
    return action


@transaction.atomic
def delete_action(action: Action, *, by) -> None:
    """Delete an action with its leads, sources and update history (the audit trail keeps a record)."""
    _check_manage(by, action.plan)
    audit.record_delete(action, by=by)
    action.delete()


def _lead_label(lead: ActionLead) -> str:
    return f"{lead.kind}: {lead.display}"


@transaction.atomic
def set_action_leads(action: Action, *, leads: list[dict], by) -> list[ActionLead]:
    """Replace the action's leads: ``[{"kind": "strategic", "user": u | None, "name": "", "organisation": ""}]``."""
    _check_manage(by, action.plan)
    before = [_lead_label(lead) for lead in action.leads.select_related("user")]
    created = []
    for position, spec in enumerate(leads):
        user, name = spec.get("user"), (spec.get("name") or "").strip()
        if user is None and not name:
            raise ValidationError({"leads": "Enter the lead's name or role, or choose a person"})
        kind = spec.get("kind") or LeadKind.STRATEGIC
        if kind not in LeadKind.values:
            raise ValidationError({"leads": "Choose strategic lead or delivery lead"})
        created.append(ActionLead(action=action, kind=kind, user=user, name=name[:200],
                                  organisation=(spec.get("organisation") or "").strip()[:150], position=position))
    action.leads.all().delete()
    ActionLead.objects.bulk_create(created)
    after = [_lead_label(lead) for lead in created]
    if before != after:
        audit.record(action=AuditAction.UPDATE, by=by, obj=action, changes={"leads": [before, after]})
    return created


@transaction.atomic
def set_action_sources(action: Action, *, sources: list[dict], by) -> list[ActionSource]:
    """Replace the action's sources: ``[{"kind": "afi", "finding": f | None, "reference": "AFI4"}]``."""
    _check_manage(by, action.plan)
    before = sorted(str(source) for source in action.sources.select_related("finding"))
    created = []
    for spec in sources:
        kind, finding = spec.get("kind"), spec.get("finding")
        if kind not in SourceKind.values:
            raise ValidationError({"sources": "Choose where the action comes from"})
        if kind in FINDING_SOURCE_KINDS and finding is None and not spec.get("reference"):
            raise ValidationError({"sources": "Choose the inspection finding this action addresses"})
        if finding is not None and finding.inspection.local_authority_id != action.plan.local_authority_id:
            raise ValidationError({"sources": "Choose a finding from this authority's inspections"})
        created.append(ActionSource(action=action, kind=kind, finding=finding,
                                    reference=(spec.get("reference") or "").strip()[:100]))
    action.sources.all().delete()
    ActionSource.objects.bulk_create(created)
    after = sorted(str(source) for source in created)
    if before != after:
        audit.record(action=AuditAction.UPDATE, by=by, obj=action, changes={"sources": [before, after]})
    return created


@transaction.atomic
def set_action_dependencies(action: Action, *, depends_on: list[Action], by) -> None:
    """Set the actions that must finish before this one (actions of the same plan, never itself)."""
    _check_manage(by, action.plan)
    for other in depends_on:
        if other.pk == action.pk or other.plan_id != action.plan_id:
            raise ValidationError({"dependencies": "Choose other actions of this plan"})
    before = sorted(action.dependencies.values_list("pk", flat=True))
    action.dependencies.set(depends_on)
    after = sorted(other.pk for other in depends_on)
    if before != after:
        audit.record(action=AuditAction.UPDATE, by=by, obj=action, changes={"dependencies": [before, after]})


@transaction.atomic
def link_indicator(action: Action, *, indicator, by, target: float | None = None,
                   target_note: str = "") -> IndicatorLink:
    """Link an impact measure from the indicator catalogue, with this action's target for it."""
    _check_manage(by, action.plan)
    link = IndicatorLink.objects.filter(action=action, indicator=indicator).first()
    if link is None:
        link = IndicatorLink.objects.create(action=action, indicator=indicator, target=target,
                                            target_note=target_note.strip()[:200])
        audit.record_create(link, by=by)
        return link
    before = audit.snapshot(link, ["target", "target_note"])
    link.target, link.target_note = target, target_note.strip()[:200]
    link.save(update_fields=["target", "target_note"])
    audit.record_update(link, by=by, before=before)
    return link


@transaction.atomic
def unlink_indicator(link: IndicatorLink, *, by) -> None:
    _check_manage(by, link.action.plan)
    audit.record_delete(link, by=by)
    link.delete()


# ---- inspections ----------------------------------------------------------------------------

@transaction.atomic
def record_inspection(*, local_authority, title: str, by, inspected_on=None, published_on=None,
                      outcome: str = "", findings=(), plans=()) -> Inspection:
    """Record an inspection with its findings ``[(kind, number, text)]``, answered by ``plans``."""
    if by is not None:
        _require(access.can(by, "plan.manage", local_authority))
    if not (title or "").strip():
        raise ValidationError({"title": "Enter the inspection's title"})
    inspection = Inspection.objects.create(local_authority=local_authority, title=title.strip()[:200],
                                           inspected_on=inspected_on, published_on=published_on, outcome=outcome)
    audit.record_create(inspection, by=by)
    for kind, number, text in findings:
        add_finding(inspection, kind=kind, number=number, text=text, by=by)
    for plan in plans:
        link_inspection(plan, inspection=inspection, by=by)
    return inspection


@transaction.atomic
def add_finding(inspection: Inspection, *, kind: str, number: int, text: str, by) -> InspectionFinding:
    """Add an area for improvement or priority action, numbered as in the inspection report."""
    if by is not None:
        _require(access.can(by, "plan.manage", inspection.local_authority_id))
    if kind not in FindingKind.values:
        raise ValidationError({"kind": "Choose area for improvement or priority action"})
    if not (text or "").strip():
        raise ValidationError({"text": "Enter what the inspection said"})
    if inspection.findings.filter(kind=kind, number=number).exists():
        raise ValidationError({"number": f"This inspection already has {FindingKind(kind).label.lower()} {number}"})
    finding = InspectionFinding.objects.create(inspection=inspection, kind=kind, number=number, text=text.strip())
    audit.record_create(finding, by=by)
    return finding


@transaction.atomic
def link_inspection(plan: ImprovementPlan, *, inspection: Inspection, by) -> None:
    """Say that a plan answers an inspection (so its findings appear in the plan's coverage)."""
    _check_manage(by, plan)
    if inspection.local_authority_id != plan.local_authority_id:
        raise ValidationError({"inspection": "Choose an inspection of this authority"})
    plan.inspections.add(inspection)
    audit.record(action=AuditAction.UPDATE, by=by, obj=plan, changes={"inspections": [None, inspection.pk]})


# ---- governance -----------------------------------------------------------------------------

@transaction.atomic
def create_cycle(plan: ImprovementPlan, *, board: str, period_start: datetime.date, period_end: datetime.date,
                 deadline: datetime.date, by, frequency: str = CycleFrequency.MONTHLY,
                 meeting_on: datetime.date | None = None) -> ReportingCycle:
    """Open a reporting cycle: leads update their actions for the period by the deadline."""
    _check_manage(by, plan)
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


@transaction.atomic
def schedule_cycles(plan: ImprovementPlan, *, board: str, frequency: str, first_period_start: datetime.date,
                    count: int, by, deadline_day: int = 20) -> list[ReportingCycle]:
    """Create ``count`` monthly or quarterly cycles from ``first_period_start`` (skipping any that exist).

    Each period runs a month (or three); updates are due on ``deadline_day`` of its last month.
    """
    _check_manage(by, plan)
    months = 3 if frequency == CycleFrequency.QUARTERLY else 1
    start = first_period_start.replace(day=1)
    created = []
    for _ in range(count):
        end = dates.month_end(dates.add_months(start, months - 1))
        deadline = end.replace(day=min(deadline_day, end.day))
        if not plan.cycles.filter(board=board, period_start=start).exists():
            created.append(create_cycle(plan, board=board, frequency=frequency, period_start=start,
                                        period_end=end, deadline=deadline, by=by))
        start = dates.add_months(start, months)
    return created


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
        _require(permissions.can_update_action(by, action), "You can only update actions you lead")
    if status is None or status.plan_id != action.plan_id:
        raise ValidationError({"status": "Choose the action's status"})
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
    actions = (cycle.plan.actions.select_related("status", "section")
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


# ---- files ----------------------------------------------------------------------------------

def import_plan(*, local_authority, title: str, file_name: str, content: bytes, by, mapping: dict | None = None,
                sheet: str | None = None, kind: str = PlanKind.STRATEGIC, inspection=None,
                status_scale: str | None = None) -> ImprovementPlan:
    """Create a plan from an XLSX or CSV file (see plans/importers). All or nothing.

    ``status_scale`` is a preset name; None picks the preset whose words the Status column uses.

    Raises plans.importers.ImportProblems listing every bad row and cell.
    """
    from .importers import tabular

    return tabular.import_plan(local_authority=local_authority, title=title, file_name=file_name, content=content,
                               by=by, mapping=mapping, sheet=sheet, kind=kind, inspection=inspection,
                               status_scale=status_scale)
