"""Removing and restoring actions and sections: nothing is deleted, so no history is lost.

Part of the plans services (re-exported by plans/services.py). A removed action keeps its leads,
sources, links, dependencies and update history; it carries who removed it, when and why, drops
out of lists, roll-ups, reports, reminders and the timeline, and can be restored.

Removing an action removes the workstreams within it; removing a section removes the sections
and actions within it. Everything removed together carries the same ``removed_at``, so restoring
the action or section brings back exactly what went with it (not things removed separately before).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core import audit

from .models import Action, Section
from .permissions import require_manage

REMOVAL_FIELDS = ["removed_at", "removed_by_id", "removed_reason"]


def _descendants(rows: list[tuple[int, int | None]], roots: set[int]) -> set[int]:
    """The ids in ``roots`` and every id below them, given ``[(id, parent_id)]``."""
    children: dict[int, list[int]] = {}
    for pk, parent_id in rows:
        children.setdefault(parent_id, []).append(pk)
    found, stack = set(), list(roots)
    while stack:
        current = stack.pop()
        if current in found:
            continue
        found.add(current)
        stack.extend(children.get(current, []))
    return found


def _mark(records, *, when, by, reason: str, note: str) -> None:
    for record in records:
        before = audit.snapshot(record, REMOVAL_FIELDS)
        record.removed_at, record.removed_reason = when, reason
        record.removed_by = by if getattr(by, "pk", None) else None
        record.save(update_fields=REMOVAL_FIELDS)
        audit.record_update(record, by=by, before=before, note=note)


def _reason(reason: str, what: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": f"Enter why the {what} is being removed"})
    return reason


def workstreams_within(action: Action, *, live: bool = True) -> list[Action]:
    """The workstreams within an action, however deep (not the action itself)."""
    actions = Action.objects.filter(plan_id=action.plan_id)
    if live:
        actions = actions.live()
    ids = _descendants(list(actions.values_list("pk", "parent_id")), {action.pk}) - {action.pk}
    return list(Action.objects.filter(pk__in=ids).order_by("position", "id"))


def contents_of(section: Section) -> tuple[list[Section], list[Action]]:
    """The live sections below a section, and the live actions in it and them (with their workstreams)."""
    sections = _descendants(list(Section.objects.filter(plan_id=section.plan_id).live()
                                 .values_list("pk", "parent_id")), {section.pk})
    live_actions = Action.objects.filter(plan_id=section.plan_id).live()
    in_sections = set(live_actions.filter(section_id__in=sections).values_list("pk", flat=True))
    actions = _descendants(list(live_actions.values_list("pk", "parent_id")), in_sections)
    return (list(Section.objects.filter(pk__in=sections - {section.pk}).order_by("level", "position", "id")),
            list(Action.objects.filter(pk__in=actions).order_by("position", "id")))


@transaction.atomic
def remove_action(action: Action, *, reason: str, by) -> list[Action]:
    """Take an action (and the workstreams within it) out of the plan, saying why. Returns what was removed."""
    require_manage(by, action.plan)
    reason = _reason(reason, action.plan.action_label.lower())
    if action.removed_at is not None:
        raise ValidationError(f"{action} was already removed")
    removed = [action, *workstreams_within(action)]
    _mark(removed, when=timezone.now(), by=by, reason=reason, note="Removed from the plan")
    return removed


@transaction.atomic
def restore_action(action: Action, *, by) -> list[Action]:
    """Put a removed action back, with the workstreams removed with it. Returns what was restored."""
    require_manage(by, action.plan)
    if action.removed_at is None:
        raise ValidationError(f"{action} is not removed")
    section = Section.objects.get(pk=action.section_id)
    if section.removed_at is not None:
        raise ValidationError(f"{action} is in {action.plan.level_label(section.level).lower()} {section}, "
                              "which is removed: restore that first")
    if action.parent_id:
        parent = Action.objects.get(pk=action.parent_id)
        if parent.removed_at is not None:
            raise ValidationError(f"{action} is within {parent}, which is removed: restore that first")
    together = [a for a in workstreams_within(action, live=False) if a.removed_at == action.removed_at]
    restored = [action, *together]
    _mark(restored, when=None, by=by, reason="", note="Restored to the plan")
    return restored


@transaction.atomic
def remove_section(section: Section, *, reason: str, by) -> tuple[list[Section], list[Action]]:
    """Take a section out of the plan with the sections and actions within it, saying why."""
    plan = section.plan
    require_manage(by, plan)
    reason = _reason(reason, plan.level_label(section.level).lower())
    if section.removed_at is not None:
        raise ValidationError(f"{section} was already removed")
    sections, actions = contents_of(section)
    when = timezone.now()
    _mark([section, *sections], when=when, by=by, reason=reason, note="Removed from the plan")
    _mark(actions, when=when, by=by, reason=reason, note=f"Removed from the plan with {section}"[:300])
    return [section, *sections], actions


@transaction.atomic
def restore_section(section: Section, *, by) -> tuple[list[Section], list[Action]]:
    """Put a removed section back, with the sections and actions removed with it."""
    plan = section.plan
    require_manage(by, plan)
    if section.removed_at is None:
        raise ValidationError(f"{section} is not removed")
    if section.parent_id:
        parent = Section.objects.get(pk=section.parent_id)
        if parent.removed_at is not None:
            raise ValidationError(f"{section} is in {plan.level_label(parent.level).lower()} {parent}, "
                                  "which is removed: restore that first")
    when = section.removed_at
    all_sections = Section.objects.filter(plan_id=plan.pk)
    ids = _descendants(list(all_sections.values_list("pk", "parent_id")), {section.pk})
    sections = [s for s in all_sections.filter(pk__in=ids - {section.pk}, removed_at=when).order_by("level", "position")]
    actions = list(Action.objects.filter(plan_id=plan.pk, removed_at=when).order_by("position", "id"))
    _mark([section, *sections], when=None, by=by, reason="", note="Restored to the plan")
    _mark(actions, when=None, by=by, reason="", note="Restored to the plan")
    return [section, *sections], actions
