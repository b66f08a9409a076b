"""Forms for setting a plan up and changing its shape: status scale, partner authorities,
dependencies, removing actions and sections, and scheduling reporting cycles. They validate and
clean; the services write."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html

from core.govuk_forms import GovUKForm

from . import dates
from .choices import TAG_COLOURS, CycleFrequency, StatusMeaning
from .forms import PlanDateField, text

COLOUR_WORDS = {"light-blue": "Light blue"}


def colour_choices() -> list[tuple[str, str]]:
    """Each GOV.UK tag colour as a radio whose label is a tag in that colour, with its name."""
    return [(colour, format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour,
                                 COLOUR_WORDS.get(colour, colour.capitalize())))
            for colour in TAG_COLOURS]


class StatusOptionForm(GovUKForm):
    label = text("Words for the status", required=True, max_length=80, error="Enter the words for the status",
                 help_text="As the board reads them, for example Amber: on track, some concerns")
    colour = forms.ChoiceField(label="Colour of its tag", widget=forms.RadioSelect, choices=colour_choices,
                               help_text="The words are always shown on the tag, so nobody relies on the colour",
                               error_messages={"required": "Select a colour for the status"})
    meaning = forms.ChoiceField(label="What it means", widget=forms.RadioSelect, choices=StatusMeaning.choices,
                                help_text="Flags, roll-ups and board reports go by the meaning, whatever the words",
                                error_messages={"required": "Select what the status means"})

    def __init__(self, *args, option=None, **kwargs):
        super().__init__(*args, **kwargs)
        if option is not None:
            self.initial.update({"label": option.label, "colour": option.colour, "meaning": option.meaning})


class PartnerForm(GovUKForm):
    local_authority = forms.ChoiceField(label="Partner authority",
                                        error_messages={"required": "Select the authority to share the plan with"})

    def __init__(self, *args, authorities, **kwargs):
        super().__init__(*args, **kwargs)
        self.authorities = {str(la.pk): la for la in authorities}
        self.fields["local_authority"].choices = [("", "Select an authority")] + [
            (str(la.pk), f"{la.name} ({la.code})") for la in authorities]

    def clean_local_authority(self):
        pk = self.cleaned_data.get("local_authority") or ""
        if pk not in self.authorities:
            raise ValidationError("Select the authority to share the plan with")
        return self.authorities[pk]


class DependencyForm(GovUKForm):
    depends_on = forms.ChoiceField(label="Depends on",
                                   error_messages={"required": "Select the action that must finish first"})

    def __init__(self, *args, action, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        label = action.plan.action_label.lower()
        self.fields["depends_on"].label = f"Add {'an' if label[:1] in 'aeiou' else 'a'} {label} that must finish first"
        self.fields["depends_on"].error_messages["required"] = f"Select the {label} that must finish first"
        self.candidates = {str(a.pk): a for a in candidates}
        self.fields["depends_on"].choices = [("", "Select")] + [(str(a.pk), str(a)[:120]) for a in candidates]

    def clean_depends_on(self):
        pk = self.cleaned_data.get("depends_on") or ""
        if pk not in self.candidates:
            raise ValidationError(self.fields["depends_on"].error_messages["required"])
        return self.candidates[pk]


class RemovalForm(GovUKForm):
    reason = text("Why is it being removed?", required=True, rows=3, max_length=1000,
                  help_text="For example, merged into 2.3, or no longer needed after the board's review. "
                            "The reason is kept with the record.")

    def __init__(self, *args, what: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = f"Enter why the {what} is being removed"


class CycleScheduleForm(GovUKForm):
    board = text("Board", required=True, max_length=150, error="Enter the board the updates are for",
                 help_text="For example, SEND Delivery Board")
    frequency = forms.ChoiceField(label="How often", widget=forms.RadioSelect, initial=CycleFrequency.MONTHLY,
                                  choices=[(CycleFrequency.MONTHLY, "Monthly"), (CycleFrequency.QUARTERLY, "Quarterly")],
                                  error_messages={"required": "Select how often"})
    first_period_start = PlanDateField(label="First period starts", required=True, subject="the first period's start",
                                       help_text="A month and year, for example 4 2025. Periods run from the 1st.")
    count = forms.IntegerField(label="Number of cycles", min_value=1, max_value=36, initial=12,
                               widget=forms.TextInput(attrs={"inputmode": "numeric"}),
                               error_messages={"required": "Enter the number of cycles",
                                               "invalid": "Number of cycles must be a whole number, like 12",
                                               "min_value": "Number of cycles must be 1 or more",
                                               "max_value": "Number of cycles must be 36 or fewer"})
    deadline_day = forms.IntegerField(label="Day of the month updates are due", min_value=1, max_value=31, initial=20,
                                      widget=forms.TextInput(attrs={"inputmode": "numeric"}),
                                      help_text="In a shorter month, the month's last day",
                                      error_messages={"required": "Enter the day of the month updates are due",
                                                      "invalid": "Day must be a whole number, like 20",
                                                      "min_value": "Day must be between 1 and 31",
                                                      "max_value": "Day must be between 1 and 31"})
    deadline_rule = forms.ChoiceField(label="Month updates are due", widget=forms.RadioSelect,
                                      initial=dates.DEADLINE_IN_LAST_MONTH,
                                      choices=[(dates.DEADLINE_IN_LAST_MONTH, "The period's last month"),
                                               (dates.DEADLINE_IN_NEXT_MONTH, "The month after the period")],
                                      error_messages={"required": "Select the month updates are due"})

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {"board": data["board"], "frequency": data["frequency"],
                "first_period_start": data["first_period_start"].value, "count": data["count"],
                "deadline_day": data["deadline_day"], "deadline_rule": data["deadline_rule"]}
