"""Template helpers for GOV.UK markup that every app shares."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.inclusion_tag("govuk/error_summary.html")
def govuk_error_summary(*forms):
    """The error summary for one or more forms: every error, each linking to its field."""
    items = []
    for form in forms:
        if form is None or not getattr(form, "errors", None):
            continue
        for error in form.non_field_errors():
            items.append({"text": error, "href": "#main-content"})
        for field in form:
            for error in field.errors:
                anchor = getattr(field, "anchor", field.auto_id)
                items.append({"text": error, "href": f"#{anchor}"})
    return {"items": items}


@register.simple_tag
def govuk_tag(text, colour=""):
    """A GOV.UK tag: the words always shown, the colour only a second signal."""
    css = f"govuk-tag govuk-tag--{colour}" if colour else "govuk-tag"
    return format_html('<strong class="{}">{}</strong>', css, text)


@register.filter
def has_errors(*forms):
    return any(getattr(f, "errors", None) for f in forms)
