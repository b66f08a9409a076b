"""Template helpers for the plan pages: dates at their precision, flags in words, status tags."""

from django import template
from django.utils.html import format_html

from plans import dates
from plans.choices import Flag

register = template.Library()
FLAG_LABELS = dict(Flag.choices)


@register.filter
def start_label(action) -> str:
    return dates.format_plan_date(action.start_on, action.start_precision, style="long") or "Not set"


@register.filter
def due_label(action) -> str:
    return dates.format_plan_date(action.due_on, action.due_precision, style="long") or "Not set"


@register.filter
def flag_label(code: str) -> str:
    return FLAG_LABELS.get(code, code)


@register.simple_tag
def status_tag(status):
    """The action's status as a GOV.UK tag (words always shown), or 'No update yet'."""
    if status is None:
        return format_html('<strong class="govuk-tag govuk-tag--grey">{}</strong>', "No update yet")
    return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', status.colour or "grey", status.label)


@register.filter
def leads_text(action, kind: str = "") -> str:
    leads = [lead for lead in action.leads.all() if not kind or lead.kind == kind]
    return ", ".join(lead.display for lead in leads)


@register.filter
def section_level_label(plan, level) -> str:
    return plan.level_label(int(level))


FLAG_COLOURS = {"past_due": "red", "not_updated": "yellow", "indicator_off_trajectory": "orange"}


@register.simple_tag
def flag_tag(code: str):
    return format_html('<strong class="govuk-tag govuk-tag--{} app-flag">{}</strong>',
                       FLAG_COLOURS.get(code, "grey"), FLAG_LABELS.get(code, code))
