"""Forms for the scorecard pages. Each validates input only; the services do the writing."""

import calendar
import datetime

from django import forms
from django.core.exceptions import ValidationError

from core.govuk_forms import GovUKDateField, GovUKForm, GovUKModelForm

from .choices import PeriodType, Rag, Theme
from .models import Indicator

MONTHS = [("", "Choose a month")] + [(str(i), calendar.month_name[i]) for i in range(1, 13)]
ENTRY_PERIODS = [
    (PeriodType.MONTH, "One month"),
    (PeriodType.ROLLING_12, "The 12 months ending in a month"),
    (PeriodType.QUARTER, "The 3 months ending in a month"),
    (PeriodType.CALENDAR_YEAR, "A calendar year (January to December)"),
    (PeriodType.CENSUS, "The January census"),
]


def month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def period_dates(period_type: str, year: int, month: int | None) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the period a value is entered for."""
    if period_type == PeriodType.CALENDAR_YEAR:
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    if period_type == PeriodType.CENSUS:
        return datetime.date(year, 1, 1), datetime.date(year, 1, 31)
    end = month_end(year, month)
    if period_type == PeriodType.MONTH:
        return datetime.date(year, month, 1), end
    back = 12 if period_type == PeriodType.ROLLING_12 else 3
    first_month = (year * 12 + month - 1) - (back - 1)
    return datetime.date(first_month // 12, first_month % 12 + 1, 1), end


class ScorecardFilterForm(GovUKForm):
    theme = forms.ChoiceField(label="Theme", required=False, choices=[("", "All themes"), *Theme.choices])
    owner = forms.ChoiceField(label="Owner", required=False, choices=[("", "All owners")])
    rag = forms.ChoiceField(label="Status", required=False, choices=[
        ("", "All statuses"), *Rag.choices, ("none", "No status")])

    def __init__(self, *args, owners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "All owners"), *[(o, o) for o in owners]]


class ValueForm(GovUKForm):
    period_type = forms.ChoiceField(label="What period is the figure for?", choices=ENTRY_PERIODS,
                                    initial=PeriodType.MONTH, widget=forms.RadioSelect)
    month = forms.ChoiceField(label="Month", choices=MONTHS, required=False,
                              help_text="The month the period ends in. Leave blank for a calendar year or census.")
    year = forms.IntegerField(label="Year", help_text="For example, 2025",
                              error_messages={"required": "Enter the year", "invalid": "Year must be a number, like 2025"})
    value = forms.FloatField(label="Value", error_messages={
        "required": "Enter the value", "invalid": "Value must be a number, like 46.4"})
    numerator = forms.FloatField(label="Numerator (optional)", required=False,
                                 error_messages={"invalid": "Numerator must be a number"})
    denominator = forms.FloatField(label="Denominator (optional)", required=False,
                                   error_messages={"invalid": "Denominator must be a number"})
    note = forms.CharField(label="Note (optional)", required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text="Where the figure came from, or why it changed")

    def __init__(self, *args, today: datetime.date, indicator: Indicator, **kwargs):
        self.today = today
        self.indicator = indicator
        super().__init__(*args, **kwargs)
        self.fields["year"].widget.attrs.update({"class": "govuk-input--width-4", "inputmode": "numeric"})
        self.fields["value"].widget.attrs.update({"class": "govuk-input--width-10", "inputmode": "decimal"})
        self.fields["numerator"].widget.attrs.update({"class": "govuk-input--width-10"})
        self.fields["denominator"].widget.attrs.update({"class": "govuk-input--width-10"})

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year is not None and not (2000 <= year <= self.today.year + 1):
            raise ValidationError(f"Year must be between 2000 and {self.today.year + 1}")
        return year

    def clean_value(self):
        value = self.cleaned_data["value"]
        if value is not None and self.indicator.unit == "percent" and not (0 <= value <= 100):
            raise ValidationError("Value must be a percentage between 0 and 100")
        if value is not None and self.indicator.unit in ("count", "weeks") and value < 0:
            raise ValidationError("Value must be 0 or more")
        return value

    def clean(self):
        data = super().clean()
        period_type, year, month = data.get("period_type"), data.get("year"), data.get("month")
        needs_month = period_type in (PeriodType.MONTH, PeriodType.ROLLING_12, PeriodType.QUARTER)
        if needs_month and not month:
            self.add_error("month", "Choose the month the period ends in")
        if period_type and year and (month or not needs_month):
            start, end = period_dates(period_type, year, int(month) if needs_month else None)
            if start > self.today:
                self.add_error("year", "The period must have started by today")
            data["period_start"], data["period_end"] = start, end
        if data.get("denominator") == 0:
            self.add_error("denominator", "Denominator must not be 0")
        return data


class TargetForm(GovUKForm):
    baseline_value = forms.FloatField(label="Baseline value", error_messages={
        "required": "Enter the baseline value", "invalid": "Baseline value must be a number, like 28"})
    baseline_date = GovUKDateField(label="Baseline date", subject="the date of the baseline",
                                   help_text="For example, 31 1 2023")
    target_value = forms.FloatField(label="Target value", error_messages={
        "required": "Enter the target value", "invalid": "Target value must be a number, like 50"})
    target_date = GovUKDateField(label="Target date", subject="the date the target should be met by",
                                 help_text="For example, 31 1 2024")
    note = forms.CharField(label="Note (optional)", required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, indicator: Indicator, **kwargs):
        self.indicator = indicator
        super().__init__(*args, **kwargs)
        for name in ("baseline_value", "target_value"):
            self.fields[name].widget.attrs.update({"class": "govuk-input--width-10", "inputmode": "decimal"})

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
            "code": "Indicator id", "public_description": "Plain English description (optional)",
            "definition": "Definition", "numerator": "Numerator (optional)", "denominator": "Denominator (optional)",
            "source": "Source", "decimal_places": "Decimal places", "period_type": "Period",
            "owner": "Owner (optional)", "quadrant": "Results-Based Accountability quadrant",
            "rag_basis": "RAG status is worked out",
        }
        help_texts = {
            "code": "Short, lower case, with underscores, for example salt_wait_median_weeks. It cannot change later.",
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
        self.fields["definition"].required = True
        self.fields["source"].required = True
        self.fields["code"].widget.attrs.update({"class": "govuk-input--width-20"})
        self.fields["decimal_places"].widget.attrs.update({"class": "govuk-input--width-2"})
        for name in ("public_description", "definition"):
            self.fields[name].widget.attrs.update({"rows": 3})

    def clean_code(self):
        return self.cleaned_data["code"].strip().lower()

    def clean_decimal_places(self):
        places = self.cleaned_data["decimal_places"]
        if places is not None and places > 3:
            raise ValidationError("Decimal places must be 3 or fewer")
        return places
