"""Writes that set a plan up: its status scale and the partner authorities it is shared with.

Part of the plans services (re-exported by plans/services.py); atomic and audited like the rest.

The status scale belongs to the plan. Words and colour can change at any time (pages always show
them together). An option's meaning (what the flags, roll-ups and board report reason about)
cannot change once an update or action uses it, because that would silently rewrite history: add
a new status and retire the old one instead. A retired option is not offered for new updates, and
the updates and actions that used it keep showing it.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from core import audit
from core.choices import AuditAction

from .choices import TAG_COLOURS, StatusMeaning
from .models import Action, ImprovementPlan, StatusOption, StatusUpdate
from .permissions import require_configure, require_manage
from .queries import uses_of_status

OPTION_FIELDS = ["label", "colour", "meaning", "position", "retired_at"]


def _in_use(option: StatusOption) -> bool:
    return StatusUpdate.objects.filter(status=option).exists() or Action.objects.filter(status=option).exists()


def _check_option(plan, *, label: str, colour: str, meaning: str, option: StatusOption | None = None) -> str:
    errors = {}
    label = (label or "").strip()
    if not label:
        errors["label"] = "Enter the words for the status"
    elif plan.status_options.filter(label__iexact=label).exclude(pk=getattr(option, "pk", None)).exists():
        errors["label"] = f"The scale already has a status called {label}"
    if colour not in TAG_COLOURS:
        errors["colour"] = "Select a colour for the status"
    if meaning not in StatusMeaning.values:
        errors["meaning"] = "Select what the status means"
    if errors:
        raise ValidationError(errors)
    return label


def _new_code(plan, label: str) -> str:
    base = (slugify(label)[:34] or "status").replace("-", "_")
    taken = set(plan.status_options.values_list("code", flat=True))
    code, number = base, 2
    while code in taken:
        code, number = f"{base}_{number}", number + 1
    return code


@transaction.atomic
def add_status_option(plan: ImprovementPlan, *, label: str, colour: str, meaning: str, by) -> StatusOption:
    """Add a status at the end of the plan's scale."""
    require_configure(by, plan)
    label = _check_option(plan, label=label, colour=colour, meaning=meaning)
    last = plan.status_options.order_by("-position").values_list("position", flat=True).first()
    option = StatusOption.objects.create(plan=plan, code=_new_code(plan, label), label=label[:80], colour=colour,
                                         meaning=meaning, position=(last + 1) if last is not None else 0)
    audit.record_create(option, by=by)
    return option


@transaction.atomic
def update_status_option(option: StatusOption, *, by, label: str, colour: str, meaning: str) -> StatusOption:
    """Change a status's words, colour or meaning (its meaning only while nothing uses it)."""
    require_configure(by, option.plan)
    label = _check_option(option.plan, label=label, colour=colour, meaning=meaning, option=option)
    if meaning != option.meaning and _in_use(option):
        updates, actions = uses_of_status(option)
        raise ValidationError({"meaning": (
            f"{option.label} is used by {updates} update{'s' if updates != 1 else ''} and {actions} "
            f"action{'s' if actions != 1 else ''}, so what it means cannot change. "
            "Add a new status with the new meaning and retire this one instead")})
    before = audit.snapshot(option, OPTION_FIELDS)
    option.label, option.colour, option.meaning = label[:80], colour, meaning
    option.save(update_fields=["label", "colour", "meaning"])
    audit.record_update(option, by=by, before=before)
    return option


@transaction.atomic
def move_status_option(option: StatusOption, *, by, up: bool) -> list[StatusOption]:
    """Move a status one place up (earlier) or down the scale; returns the scale in its new order."""
    plan = option.plan
    require_configure(by, plan)
    scale = list(plan.status_options.select_for_update().order_by("position", "id"))
    before = [o.code for o in scale]
    index = next(i for i, o in enumerate(scale) if o.pk == option.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(scale):
        scale[index], scale[other] = scale[other], scale[index]
    changed = []
    for position, item in enumerate(scale):
        if item.position != position:
            item.position = position
            changed.append(item)
    StatusOption.objects.bulk_update(changed, ["position"])
    after = [o.code for o in scale]
    if before != after:
        audit.record(action=AuditAction.UPDATE, by=by, obj=plan, changes={"status_order": [before, after]})
    return scale


@transaction.atomic
def retire_status_option(option: StatusOption, *, by) -> StatusOption:
    """Stop offering a status for new updates; everything that used it keeps it."""
    require_configure(by, option.plan)
    if option.retired_at is not None:
        return option
    if not option.plan.status_options.filter(retired_at__isnull=True).exclude(pk=option.pk).exists():
        raise ValidationError("The scale needs at least one status in use, so the last one cannot be retired")
    before = audit.snapshot(option, OPTION_FIELDS)
    option.retired_at = timezone.now()
    option.save(update_fields=["retired_at"])
    audit.record_update(option, by=by, before=before, note="Retired")
    return option


@transaction.atomic
def restore_status_option(option: StatusOption, *, by) -> StatusOption:
    """Offer a retired status for new updates again."""
    require_configure(by, option.plan)
    if option.retired_at is None:
        return option
    before = audit.snapshot(option, OPTION_FIELDS)
    option.retired_at = None
    option.save(update_fields=["retired_at"])
    audit.record_update(option, by=by, before=before, note="Back in use")
    return option


@transaction.atomic
def set_status_scale(plan: ImprovementPlan, *, options: list[tuple[str, str, str, str]], by) -> list[StatusOption]:
    """Replace a plan's status scale with ``[(code, label, colour, meaning), ...]`` in order.

    Options keep their identity by code; an option some update already uses cannot be removed
    (retire it instead) nor change its meaning.
    """
    require_configure(by, plan)
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
        if _in_use(option):
            raise ValidationError(f"{option.label} is used by status updates, so it cannot be removed: retire it")
        option.delete()
    result = []
    for position, (code, label, colour, meaning) in enumerate(options):
        option = existing.get(code) or StatusOption(plan=plan, code=code)
        if option.pk and option.meaning != meaning and _in_use(option):
            raise ValidationError(f"{option.label} is used by status updates, so what it means cannot change")
        option.label, option.colour, option.meaning, option.position = label.strip(), colour, meaning, position
        option.save()
        result.append(option)
    audit.record(action=AuditAction.UPDATE, by=by, obj=plan,
                 changes={"status_scale": [before, [list(o) for o in options]]})
    return result


# ---- partner authorities ----------------------------------------------------------------------


def _partner_codes(plan) -> list[str]:
    return sorted(plan.partner_authorities.values_list("code", flat=True))


@transaction.atomic
def add_partner_authority(plan: ImprovementPlan, *, local_authority, by) -> None:
    """Share the plan with another authority: its people read the plan, and its contributors update
    the actions they lead."""
    require_manage(by, plan)
    if local_authority.pk == plan.local_authority_id:
        raise ValidationError({"local_authority": f"{local_authority.name} already holds this plan"})
    if plan.partner_authorities.filter(pk=local_authority.pk).exists():
        raise ValidationError({"local_authority": f"{local_authority.name} is already a partner in this plan"})
    before = _partner_codes(plan)
    plan.partner_authorities.add(local_authority)
    plan.__dict__.pop("_partner_ids", None)
    audit.record(action=AuditAction.UPDATE, by=by, obj=plan, note=f"Shared with {local_authority.name}",
                 changes={"partner_authorities": [before, _partner_codes(plan)]})


@transaction.atomic
def remove_partner_authority(plan: ImprovementPlan, *, local_authority, by) -> None:
    """Stop sharing the plan with a partner authority. Its leads stay named on their actions."""
    require_manage(by, plan)
    if not plan.partner_authorities.filter(pk=local_authority.pk).exists():
        raise ValidationError({"local_authority": f"{local_authority.name} is not a partner in this plan"})
    before = _partner_codes(plan)
    plan.partner_authorities.remove(local_authority)
    plan.__dict__.pop("_partner_ids", None)
    audit.record(action=AuditAction.UPDATE, by=by, obj=plan, note=f"No longer shared with {local_authority.name}",
                 changes={"partner_authorities": [before, _partner_codes(plan)]})
