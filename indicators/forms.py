"""Forms for the scorecard pages. Each validates input only; the services do the writing."""

import datetime

from django import forms
from django.core.exceptions import ValidationError

from core.govuk_forms import GovUKDateField, GovUKForm, GovUKModelForm

from . import periods
from .choices import PeriodType, Rag, Theme
from .models import Indicator

# GOV.UK asks for text inputs with a numeric keyboard rather than type="number".
NUMBER = forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"})

PERIOD_HINTS = {
    PeriodType.MONTH: "The month, for example 2025-10 or October 2025",
    PeriodType.ROLLING_12: "The last month of the 12, for example 2025-10 or October 2025",
    PeriodType.QUARTER: "The quarter, for example 2025-Q2",
    PeriodType.TERM: "The term, for example Autumn 2024/25",
    PeriodType.CALENDAR_YEAR: "The year, for example 2024",
    PeriodType.CENSUS: "The year of the January census, for example 2025",
    PeriodType.ACADEMIC_YEAR: "The academic year, for example 2024/25",
    PeriodType.FINANCIAL_YEAR: "The financial year, for example 2024-25",
}


class ScorecardFilterForm(GovUKForm):
    theme = forms.ChoiceField(label="Theme", required=False, choices=[("", "All themes"), *Theme.choices])
    owner = forms.ChoiceField(label="Owner", required=False, choices=[("", "All owners")])
    rag = forms.ChoiceField(label="Status", required=False, choices=[
        ("", "All statuses"), *Rag.choices, ("none", "No status")])

    def __init__(self, *args, owners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "All owners"), *[(o, o) for o in owners]]


class ValueForm(GovUKForm):
    period_type = forms.ChoiceField(label="What period is the figure for?", widget=forms.RadioSelect,
                                    error_messages={"required": "Select what period the figure is for"})
    period = forms.CharField(label="Period", max_length=40, error_messages={"required": "Enter the period"})
    value = forms.FloatField(label="Value", widget=NUMBER, error_messages={
        "required": "Enter the value", "invalid": "Value must be a number, like 46.4"})
    numerator = forms.FloatField(label="Numerator (optional)", required=False, widget=NUMBER,
                                 error_messages={"invalid": "Numerator must be a number"})
    denominator = forms.FloatField(label="Denominator (optional)", required=False, widget=NUMBER,
                                   error_messages={"invalid": "Denominator must be a number"})
    note = forms.CharField(label="Note (optional)", required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text="Where the figure came from, or why it changed")

    def __init__(self, *args, today: datetime.date, indicator: Indicator, **kwargs):
        self.today = today
        self.indicator = indicator
        super().__init__(*args, **kwargs)
        types = list(dict.fromkeys([indicator.local_period_type, indicator.period_type]))
        self.fields["period_type"].choices = [(t, PeriodType(t).label) for t in types]
        self.fields["period_type"].initial = types[0]
        if len(types) == 1:
            self.fields["period_type"].widget = forms.HiddenInput()
        self.fields["period"].help_text = " or ".join(PERIOD_HINTS[t] for t in types if t in PERIOD_HINTS)

    def clean_value(self):
        value = self.cleaned_data["value"]
        if value is not None and self.indicator.unit == "percent" and not (0 <= value <= 100):
            raise ValidationError("Value must be a percentage between 0 and 100")
        if value is not None and self.indicator.unit in ("count", "weeks") and value < 0:
            raise ValidationError("Value must be 0 or more")
        return value

    def clean(self):
        data = super().clean()
        period_type, text = data.get("period_type"), data.get("period")
        if period_type and text:
            try:
                period = periods.parse(text, period_type)
            except periods.PeriodError as error:
                self.add_error("period", f"Enter the period in the right form. {error}")
            else:
                if period.start > self.today:
                    self.add_error("period", "The period must have started by today")
                data["period_obj"] = period
        if data.get("denominator") == 0:
            self.add_error("denominator", "Denominator must not be 0")
        return data


class TargetForm(GovUKForm):
    baseline_value = forms.FloatField(label="Baseline value", widget=NUMBER, error_messages={
        "required": "Enter the baseline value", "invalid": "Baseline value must be a number, like 28"})
    baseline_date = GovUKDateField(label="Baseline date", subject="the date of the baseline",
                                   help_text="For example, 31 1 2023")
    target_value = forms.FloatField(label="Target value", widget=NUMBER, error_messages={
        "required": "Enter the target value", "invalid": "Target value must be a number, like 50"})
    target_date = GovUKDateField(label="Target date", subject="the date the target should be met by",
                                 help_text="For example, 31 1 2024")
    note = forms.CharField(label="Note (optional)", required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, indicator: Indicator, **kwargs):
        self.indicator = indicator
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        start, end = data.get("baseline_date"), data.get("target_date")
        if start and end and end <= start:
            self.add_error("target_date", "The target date must be after the baseline date")
        if self.indicator.unit == "percent":
            for name in ("baseline_value", "target_value"):
                value = data.get(name)
                if value is not None and not (0 <= value <= 100):
                    self.add_error(name, f"{self.fields[name].label} must be a percentage between 0 and 100")
        return data


class UploadForm(GovUKForm):
    file = forms.FileField(label="Upload a file", help_text="A CSV or XLSX file with the columns described above",
                           error_messages={"required": "Select a CSV or XLSX file", "empty": "The selected file is empty"})

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith((".csv", ".xlsx")):
            raise ValidationError("The selected file must be a CSV or XLSX")
        if upload.size > 5 * 1024 * 1024:
            raise ValidationError("The selected file must be smaller than 5MB")
        return upload


class CommentaryForm(GovUKForm):
    text = forms.CharField(label="Commentary", widget=forms.Textarea(attrs={"rows": 6}), max_length=4000,
                           error_messages={"required": "Enter the commentary"},
                           help_text="Why the figure is where it is, what is being done and by when")


class IndicatorForm(GovUKModelForm):
    class Meta:
        model = Indicator
        fields = ["code", "title", "public_description", "definition", "numerator", "denominator", "source",
                  "unit", "decimal_places", "polarity", "frequency", "period_type", "owner", "quadrant", "theme",
                  "rag_basis"]
        labels = {
            "code": "Indicator id (optional)", "public_description": "Plain English description (optional)",
            "definition": "Definition", "numerator": "Numerator (optional)", "denominator": "Denominator (optional)",
            "source": "Source", "decimal_places": "Decimal places", "period_type": "Period",
            "owner": "Owner (optional)", "quadrant": "Results-Based Accountability quadrant",
            "rag_basis": "RAG status is worked out",
        }
        help_texts = {
            "code": "Optional. Lower case letters, numbers and underscores, for example salt_wait_median_weeks. "
                    "Left blank, it is made from the title. It cannot change later.",
        }
        error_messages = {
            "code": {"required": "Enter the indicator id", "invalid": "Indicator id must use only letters, numbers, underscores or hyphens",
                     "unique": "An indicator with this id already exists"},
            "title": {"required": "Enter the title"},
            "definition": {"required": "Enter the definition"},
            "source": {"required": "Enter the source"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].required = False
        self.fields["definition"].required = True
        self.fields["source"].required = True
        for name in ("public_description", "definition"):
            self.fields[name].widget.attrs.update({"rows": 3})

    def clean_code(self):
        code = self.cleaned_data["code"].strip().lower()
        if code and not all(c.isalnum() or c == "_" for c in code):
            raise ValidationError("Indicator id must use only lower-case letters, numbers and underscores")
        return code

    def clean_decimal_places(self):
        places = self.cleaned_data["decimal_places"]
        if places is not None and places > 3:
            raise ValidationError("Decimal places must be 3 or fewer")
        return places
