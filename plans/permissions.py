"""Who may do what to a plan, on top of the capabilities in core.access.

A plan belongs to its lead authority (``plan.local_authority``) and may be shared with partner
authorities (``plan.partner_authorities``: a partnership of councils). Managers (``plan.manage``)
at the lead authority change anything in the plan. Contributors (``plan.update``) at the lead or
a partner authority submit updates only for actions they lead: as a strategic or delivery lead of
the action (or of an action it sits under), or as the named lead of its section. Board members and
everyone else with ``plan.view`` at the lead or a partner authority read only. The plan's owner
may also look after its status scale.
"""

from django.core.exceptions import PermissionDenied

from core import access


def partner_ids(plan) -> set[int]:
    """The partner authorities' ids, read once per plan object (no query when the plan was read
    with ``has_partners`` annotated False, as plans.queries_ui.plan_or_404 does)."""
    cached = getattr(plan, "_partner_ids", None)
    if cached is None:
        if not plan.pk or getattr(plan, "has_partners", True) is False:
            cached = set()
        else:
            cached = set(plan.partner_authorities.order_by().values_list("pk", flat=True))
        plan._partner_ids = cached
    return cached


def authority_ids(plan) -> set[int]:
    """The lead authority and the partners: where people may read the plan."""
    return {plan.local_authority_id} | partner_ids(plan)


def _can_in_partnership(user, capability: str, plan) -> bool:
    """The capability at the lead authority (no query) or else at a partner (a query only for
    people who hold the capability somewhere else)."""
    if access.can(user, capability, plan.local_authority_id):
        return True
    elsewhere = set(access.authority_ids_for(user, capability)) - {plan.local_authority_id}
    return bool(elsewhere & partner_ids(plan)) if elsewhere else False


def can_view_plan(user, plan) -> bool:
    return _can_in_partnership(user, "plan.view", plan)


def can_manage_plan(user, plan) -> bool:
    return access.can(user, "plan.manage", plan.local_authority_id)


def can_contribute(user, plan) -> bool:
    """Whether the user may submit updates in this plan at all (on the actions they lead)."""
    return _can_in_partnership(user, "plan.update", plan)


def can_configure_plan(user, plan) -> bool:
    """May this user look after the plan's status scale? Managers, and the plan's owner while they
    hold a role at the lead authority."""
    if can_manage_plan(user, plan):
        return True
    return (getattr(user, "pk", None) is not None and plan.owner_id == user.pk
            and access.can(user, "plan.view", plan.local_authority_id))


def require_manage(by, plan) -> None:
    """System writes (by=None: commands, demo) are trusted; people need plan.manage."""
    if by is not None and not can_manage_plan(by, plan):
        raise PermissionDenied("Your role does not allow this")


def require_configure(by, plan) -> None:
    if by is not None and not can_configure_plan(by, plan):
        raise PermissionDenied("Your role does not allow this")


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
    plan = action.plan
    if can_manage_plan(user, plan):
        return True
    return can_contribute(user, plan) and leads_action(user, action)


def can_edit_action(user, action) -> bool:
    """May this user change the action itself (its wording, dates, leads, sources)?"""
    return can_manage_plan(user, action.plan)
