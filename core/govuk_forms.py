"""GOV.UK Design System forms, rendered in one place.

Every form in SENDsight subclasses :class:`GovUKForm` or :class:`GovUKModelForm`. ``{{ form }}``
then renders each field as a GOV.UK form group (label, hint, error message, input with the right
classes), radios and checkboxes as GOV.UK fieldsets, and :class:`GovUKDateField` as the
day/month/year date input. ``{% govuk_error_summary form %}`` renders the error summary.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting


class GovUKFormRenderer(TemplatesSetting):
    form_template_name = "govuk/form.html"
    field_template_name = "govuk/field.html"


def widget_kind(widget: forms.Widget) -> str:
    """Which GOV.UK component renders this widget."""
    if isinstance(widget, GovUKDateInput):
        return "date"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.FileInput):
        return "file"
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    return "input"


WIDGET_CLASSES = {
    "input": ("govuk-input", "govuk-input--error"),
    "select": ("govuk-select", "govuk-select--error"),
    "textarea": ("govuk-textarea", "govuk-textarea--error"),
    "file": ("govuk-file-upload", "govuk-file-upload--error"),
    "checkbox": ("govuk-checkboxes__input", ""),
    "radios": ("govuk-radios__input", ""),
    "checkboxes": ("govuk-checkboxes__input", ""),
}


class GovUKBoundField(forms.BoundField):
    @property
    def kind(self) -> str:
        return widget_kind(self.field.widget)

    @property
    def hint_id(self) -> str:
        return f"{self.auto_id}-hint"

    @property
    def error_id(self) -> str:
        return f"{self.auto_id}-error"

    @property
    def describedby(self) -> str:
        ids = []
        if self.help_text:
            ids.append(self.hint_id)
        if self.errors:
            ids.append(self.error_id)
        return " ".join(ids)

    @property
    def is_fieldset(self) -> bool:
        return self.kind in {"radios", "checkboxes", "date"}

    @property
    def anchor(self) -> str:
        """The id the error summary links to: the first input of the field."""
        if self.kind in {"date", "radios", "checkboxes"}:
            return f"{self.auto_id}_0"
        return self.auto_id

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        kind = widget_kind(widget)
        base, error = WIDGET_CLASSES.get(kind, ("", ""))
        # Keep the widget's own classes (e.g. govuk-input--width-10) as well as the component's.
        classes = [base, widget.attrs.get("class", ""), attrs.get("class", "")]
        if self.errors and error:
            classes.append(error)
        attrs["class"] = " ".join(dict.fromkeys(" ".join(classes).split()))
        attrs.pop("aria-describedby", None)
        if not self.is_fieldset and self.describedby:
            attrs["aria-describedby"] = self.describedby
        if kind == "date":
            attrs["errors"] = bool(self.errors)
        return attrs


class GovUKFormMixin:
    bound_field_class = GovUKBoundField
    template_name_div = "govuk/form.html"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.bound_field_class = GovUKBoundField


class GovUKForm(GovUKFormMixin, forms.Form):
    pass


class GovUKModelForm(GovUKFormMixin, forms.ModelForm):
    pass


class GovUKDateInput(forms.MultiWidget):
    """The GOV.UK date input: day, month and year boxes."""

    template_name = "govuk/widgets/date.html"

    def __init__(self, attrs=None):
        def box(width):
            return forms.TextInput(attrs={"inputmode": "numeric", "class": f"govuk-input govuk-date-input__input govuk-input--width-{width}"})

        super().__init__({"day": box(2), "month": box(2), "year": box(4)}, attrs)

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        return [None, None, None]

    def get_context(self, name, value, attrs):
        has_errors = bool(attrs and attrs.pop("errors", False)) if attrs else False
        if attrs:
            attrs.pop("class", None)
        context = super().get_context(name, value, attrs)
        labels = {"day": "Day", "month": "Month", "year": "Year"}
        for sub in context["widget"]["subwidgets"]:
            part = sub["name"].rsplit("_", 1)[-1]
            sub["part_label"] = labels[part]
            if has_errors:
                sub["attrs"]["class"] += " govuk-input--error"
        return context


class GovUKDateField(forms.Field):
    """A date entered as day, month and year, with the Design System's error messages.

    ``subject`` is how the error messages name the date, e.g. "the date the request was received".
    """

    widget = GovUKDateInput

    def __init__(self, *, subject: str | None = None, allow_future: bool = True, **kwargs):
        self.subject = subject
        self.allow_future = allow_future
        super().__init__(**kwargs)

    def _subject(self) -> str:
        if self.subject:
            return self.subject
        label = str(self.label or "the date")
        return label[0].lower() + label[1:]

    def _capital(self) -> str:
        subject = self._subject()
        return subject[0].upper() + subject[1:]

    def to_python(self, value):
        if isinstance(value, datetime.date):
            return value
        if not value or not any(str(v or "").strip() for v in value):
            return None
        day, month, year = (str(v or "").strip() for v in value)
        missing = [name for name, part in (("day", day), ("month", month), ("year", year)) if not part]
        if missing:
            raise ValidationError(f"{self._capital()} must include a {' and a '.join(missing)}", code="incomplete")
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise ValidationError(f"{self._capital()} must be a real date", code="invalid")
        if len(year) != 4:
            raise ValidationError("Year must include 4 numbers", code="invalid_year")
        try:
            return datetime.date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(f"{self._capital()} must be a real date", code="invalid") from None

    def validate(self, value):
        if value in self.empty_values and self.required:
            raise ValidationError(f"Enter {self._subject()}", code="required")

    def check_not_future(self, value, today: datetime.date):
        if value and value > today:
            raise ValidationError(f"{self._capital()} must be today or in the past", code="future")
