"""Who may do what to a plan, on top of the capabilities in core.access.

Managers (``plan.manage``) change anything in their authority's plans. Contributors
(``plan.update``) submit updates only for actions they lead: as a strategic or delivery lead of
the action (or of an action it sits under), or as the named lead of its section. Board members and
everyone else with ``plan.view`` read only.
"""

from core import access


def can_view_plan(user, plan) -> bool:
    return access.can(user, "plan.view", plan.local_authority_id)


def can_manage_plan(user, plan) -> bool:
    return access.can(user, "plan.manage", plan.local_authority_id)


def leads_action(user, action) -> bool:
    """Whether the user is named as a lead of this action, an action above it, or its sections."""
    if not getattr(user, "is_authenticated", False):
        return False
    from .models import Action, ActionLead, Section

    action_ids, current = [], action
    while current is not None and current.pk not in action_ids:
        action_ids.append(current.pk)
        current = Action.objects.filter(pk=current.parent_id).first() if current.parent_id else None
    if ActionLead.objects.filter(action_id__in=action_ids, user=user).exists():
        return True
    section_id, seen = action.section_id, set()
    while section_id is not None and section_id not in seen:
        seen.add(section_id)
        row = Section.objects.filter(pk=section_id).values("lead_user_id", "parent_id").first()
        if row is None:
            break
        if row["lead_user_id"] == user.pk:
            return True
        section_id = row["parent_id"]
    return False


def can_update_action(user, action) -> bool:
    """May this user submit a status update for this action?"""
    authority_id = action.plan.local_authority_id
    if access.can(user, "plan.manage", authority_id):
        return True
    return access.can(user, "plan.update", authority_id) and leads_action(user, action)


def can_edit_action(user, action) -> bool:
    """May this user change the action itself (its wording, dates, leads, sources)?"""
    return can_manage_plan(user, action.plan)
