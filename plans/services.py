"""Writes to improvement plans: one function per business event, atomic and audited.

Signatures (all keyword-only after the record, all take ``by`` = the user, or None for the system):

Plans and structure
    create_plan(*, local_authority, title, by, kind, description, owner, section_labels,
                action_label, status_scale, starts_on, ends_on, partner_authorities) -> ImprovementPlan
    update_plan(plan, *, by, **changes)                     title, kind, description, owner, dates, labels
    add_partner_authority(plan, *, local_authority, by)     share the plan with a partner authority
    remove_partner_authority(plan, *, local_authority, by)
    add_section(plan, *, title, by, parent, code, description, lead_name, lead_user, position) -> Section
    update_section(section, *, by, **changes)
    remove_section(section, *, reason, by) / restore_section(section, *, by)
    delete_section(section, *, by)                          only when it holds no actions or sections
Status scale (services_setup.py)
    set_status_scale(plan, *, options, by)                  [(code, label, colour, meaning), ...]
    add_status_option(plan, *, label, colour, meaning, by) -> StatusOption
    update_status_option(option, *, by, label, colour, meaning)
    move_status_option(option, *, by, up)                   one place up or down the scale
    retire_status_option(option, *, by) / restore_status_option(option, *, by)
Actions
    add_action(plan, *, section, title, by, parent, code, description, intended_outcomes,
               impact_measures, start_on, start_precision, due_on, due_precision,
               duration_days, position) -> Action
    update_action(action, *, by, **changes)
    remove_action(action, *, reason, by) / restore_action(action, *, by)   (services_removal.py)
    delete_action(action, *, by)                            system use only: people remove actions
    set_action_leads(action, *, leads, by)                  [{"kind", "user", "name", "organisation"}]
    set_action_sources(action, *, sources, by)              [{"kind", "finding", "reference"}]
    set_action_dependencies(action, *, depends_on, by)
    add_dependency(action, *, depends_on, by) / remove_dependency(action, *, depends_on, by)
    link_indicator(action, *, indicator, by, target, target_note) -> IndicatorLink
    unlink_indicator(link, *, by)
Inspections
    record_inspection(*, local_authority, title, by, inspected_on, published_on, outcome,
                      findings=[(kind, number, text)], plans=[...]) -> Inspection
    add_finding(inspection, *, kind, number, text, by) -> InspectionFinding
    link_inspection(plan, *, inspection, by)
Governance (services_governance.py)
    create_cycle(plan, *, board, period_start, period_end, deadline, by, frequency, meeting_on)
    schedule_cycles(plan, *, board, frequency, first_period_start, count, deadline_day,
                    deadline_rule, by) -> ScheduledCycles(created, skipped)
    submit_status_update(action, *, status, by, commentary, next_steps, risks_and_issues,
                         reported_on, cycle, evidence=[{"title", "file", "url"}]) -> StatusUpdate
    send_plan_reminders(*, today, days_before, days_after, plans) -> ReminderSummary
Files (see plans/importers and plans/exporters)
    import_plan(*, local_authority, title, file_name, content, by, mapping, sheet) -> ImprovementPlan
    record_export(plan, *, by, fmt, what, cycle)            audit a download or print of a plan or report

Errors a person can fix raise django.core.exceptions.ValidationError (with field names where a
form field is to blame); lack of permission raises PermissionDenied.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max

from core import access, audit
from core.choices import AuditAction

from . import dates, permissions
from . import dependencies as dependency_rules
from .choices import (
    FINDING_SOURCE_KINDS,
    STATUS_SCALE_PRESETS,
    DatePrecision,
    FindingKind,
    LeadKind,
    PlanKind,
    SourceKind,
    StatusScalePreset,
)
from .models import (
    Action,
    ActionLead,
    ActionSource,
    ImprovementPlan,
    IndicatorLink,
    Inspection,
    InspectionFinding,
    ReportingCycle,
    Section,
    StatusOption,
)
from .services_governance import ReminderSummary as ReminderSummary
from .services_governance import ScheduledCycles as ScheduledCycles
from .services_governance import create_cycle as create_cycle
from .services_governance import cycle_for as cycle_for
from .services_governance import schedule_cycles as schedule_cycles
from .services_governance import send_plan_reminders as send_plan_reminders
from .services_governance import submit_status_update as submit_status_update
from .services_removal import remove_action as remove_action
from .services_removal import remove_section as remove_section
from .services_removal import restore_action as restore_action
from .services_removal import restore_section as restore_section
from .services_setup import add_partner_authority as add_partner_authority
from .services_setup import add_status_option as add_status_option
from .services_setup import move_status_option as move_status_option
from .services_setup import remove_partner_authority as remove_partner_authority
from .services_setup import restore_status_option as restore_status_option
from .services_setup import retire_status_option as retire_status_option
from .services_setup import set_status_scale as set_status_scale
from .services_setup import update_status_option as update_status_option

PLAN_FIELDS = ["title", "kind", "description", "owner_id", "starts_on", "ends_on", "section_labels", "action_label"]
SECTION_FIELDS = ["parent_id", "level", "code", "title", "description", "lead_name", "lead_user_id", "position"]
ACTION_FIELDS = [
    "section_id", "parent_id", "code", "title", "description", "intended_outcomes", "impact_measures",
    "start_on", "start_precision", "due_on", "due_precision", "duration_days", "position",
]


def _require(condition: bool, message: str = "Your role does not allow this") -> None:
    if not condition:
        raise PermissionDenied(message)


_check_manage = permissions.require_manage


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
    StatusOption.objects.bulk_create([
        StatusOption(plan=plan, code=code, label=label, colour=colour, meaning=meaning, position=position)
        for position, (code, label, colour, meaning) in enumerate(STATUS_SCALE_PRESETS[status_scale])
    ])
    audit.record_create(plan, by=by)
    for partner in partner_authorities:
        add_partner_authority(plan, local_authority=partner, by=by)
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
def add_section(plan: ImprovementPlan, *, title: str, by, parent: Section | None = None, code: str = "",
                description: str = "", lead_name: str = "", lead_user=None, position: int | None = None) -> Section:
    """Add a priority (no parent) or an objective / outcome under one."""
    _check_manage(by, plan)
    if not (title or "").strip():
        raise ValidationError({"title": "Enter the title"})
    if parent is not None and (parent.plan_id != plan.pk or parent.removed_at is not None):
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
    if section.plan_id != plan.pk or section.removed_at is not None:
        raise ValidationError({"section": "Choose a section of this plan"})
    if parent is not None and (parent.plan_id != plan.pk or parent.removed_at is not None):
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
    """Delete an action with its leads, sources and update history (the audit trail keeps a record).

    For the system only (tidying a test or a failed import): people remove actions
    (``remove_action``), which keeps everything and can be undone.
    """
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


def dependency_graph(plan) -> dict[int, set[int]]:
    """The plan's dependencies ``{action id: {ids it depends on}}``, removed actions included (they
    may come back)."""
    graph: dict[int, set[int]] = {}
    for action_id, other_id in Action.dependencies.through.objects.filter(
            from_action__plan_id=plan.pk).values_list("from_action_id", "to_action_id"):
        graph.setdefault(action_id, set()).add(other_id)
    return graph


def _action_names(plan) -> dict[int, str]:
    return {pk: (code or title[:60]) for pk, code, title in
            Action.objects.filter(plan_id=plan.pk).values_list("pk", "code", "title")}


def _check_dependency(action: Action, other: Action, graph) -> None:
    if other.plan_id != action.plan_id:
        raise ValidationError({"depends_on": f"Choose another {action.plan.action_label.lower()} of this plan"})
    names = _action_names(action.plan)
    try:
        dependency_rules.check_new_dependency(action.pk, other.pk, graph, name=lambda pk: names.get(pk, str(pk)))
    except dependency_rules.DependencyProblem as problem:
        raise ValidationError({"depends_on": str(problem)}) from None


@transaction.atomic
def set_action_dependencies(action: Action, *, depends_on: list[Action], by) -> None:
    """Set the actions that must finish before this one (actions of the same plan, never itself,
    and never one that already depends on it)."""
    _check_manage(by, action.plan)
    graph = dependency_graph(action.plan)
    graph.pop(action.pk, None)
    for other in depends_on:
        _check_dependency(action, other, graph)
        graph.setdefault(action.pk, set()).add(other.pk)
    before = sorted(action.dependencies.values_list("pk", flat=True))
    action.dependencies.set(depends_on)
    after = sorted(other.pk for other in depends_on)
    if before != after:
        audit.record(action=AuditAction.UPDATE, by=by, obj=action, changes={"dependencies": [before, after]})


@transaction.atomic
def add_dependency(action: Action, *, depends_on: Action, by) -> None:
    """Say that ``action`` cannot finish until ``depends_on`` has."""
    _check_manage(by, action.plan)
    if action.dependencies.filter(pk=depends_on.pk).exists():
        raise ValidationError({"depends_on": f"{action} already depends on {depends_on}"})
    _check_dependency(action, depends_on, dependency_graph(action.plan))
    before = sorted(action.dependencies.values_list("pk", flat=True))
    action.dependencies.add(depends_on)
    audit.record(action=AuditAction.UPDATE, by=by, obj=action, note=f"Depends on {depends_on}"[:300],
                 changes={"dependencies": [before, sorted([*before, depends_on.pk])]})


@transaction.atomic
def remove_dependency(action: Action, *, depends_on: Action, by) -> None:
    """Say that ``action`` no longer waits for ``depends_on``."""
    _check_manage(by, action.plan)
    before = sorted(action.dependencies.values_list("pk", flat=True))
    if depends_on.pk not in before:
        raise ValidationError({"depends_on": f"{action} does not depend on {depends_on}"})
    action.dependencies.remove(depends_on)
    audit.record(action=AuditAction.UPDATE, by=by, obj=action, note=f"No longer depends on {depends_on}"[:300],
                 changes={"dependencies": [before, [pk for pk in before if pk != depends_on.pk]]})


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


def record_export(plan: ImprovementPlan, *, by, fmt: str, what: str = "plan",
                  cycle: ReportingCycle | None = None) -> None:
    """Audit a download or print of a plan (``what="plan"``) or a cycle's board report
    (``what="board_report"``): who, which plan and cycle, and in what format."""
    if what == "board_report" and cycle is None:
        raise ValueError("A board report export names its cycle")
    obj = cycle if cycle is not None else plan
    subject = f"board report for the {cycle}" if cycle is not None else "plan"
    changes = {"format": [None, fmt], "plan": [None, plan.pk]}
    if cycle is not None:
        changes["cycle"] = [None, cycle.pk]
    verb = "Printed" if fmt == "print" else f"Exported as {fmt.upper()}"
    audit.record(action=AuditAction.EXPORT, by=by, obj=obj, changes=changes,
                 local_authority=plan.local_authority, note=f"{verb}: {subject} ({plan.title})"[:300])
