"""core/templates/django/forms/widgets/select.html writes the options in place (for speed): the
HTML must stay exactly what Django's own select and option templates write."""

from pathlib import Path

import django.forms
import pytest
from django import forms
from django.template import Context, Engine

DJANGO_FORM_TEMPLATES = Path(django.forms.__file__).parent / "templates"


def _djangos_own(widget: forms.Widget, name: str, value) -> str:
    engine = Engine(dirs=[str(DJANGO_FORM_TEMPLATES)], app_dirs=False)
    context = widget.get_context(name, value, {"id": f"id_{name}", "class": "govuk-select"})
    return engine.get_template(widget.template_name).render(Context(context)).strip()  # as renderers do


CHOICES = [("", "Any"), ("a", "Apples & pears"), ("b", "Bananas"), ("Fruit", [("c", "Cherries"), ("d", "Dates")])]


@pytest.mark.parametrize("widget, value", [
    (forms.Select(choices=CHOICES), None),
    (forms.Select(choices=CHOICES), "b"),
    (forms.Select(choices=CHOICES), "d"),
    (forms.Select(choices=[(1, "One"), (2, "Two")]), 2),
    (forms.SelectMultiple(choices=CHOICES), ["a", "c"]),
    (forms.NullBooleanSelect(), True),
])
def test_selects_render_exactly_as_djangos_templates_do(widget, value):
    ours = widget.render("fruit", value, attrs={"id": "id_fruit", "class": "govuk-select"})
    assert ours == _djangos_own(widget, "fruit", value)
    assert "<option" in ours
