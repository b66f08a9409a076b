"""GOV.UK forms that correct a case's records or organise the work, rather than record a
statutory event: a child's details, why an exception is removed, the setting named in a plan,
teams, moving an officer's cases.

Each calls one service (cases.services), which checks the rules; its ValidationError reaches
the fields through ``forms.apply_service_errors``. The forms check only what a form can.
"""

from __future__ import annotations

from django import forms

from core.govuk_forms import GovUKForm

from . import services
from .choices import SENSetting
from .forms import ChildForm, _blank


class ChildDetailsForm(ChildForm):
    """Correct a child's details: name, date of birth, UPN/ULN, postcode, sex, ethnicity.

    Filled in from the record; ``services.update_child`` validates as it does for a new child
    and audits the values before and after (only the fields that changed).
    """

    def __init__(self, *args, record, **kwargs):
        initial = {name: getattr(record, name) for name in ChildForm.CHILD_FIELDS}
        super().__init__(*args, initial=initial, **kwargs)
        self.record = record

    def submit(self, *, by):
        return services.update_child(self.record, by=by, **self.child_values())


class ExceptionRemovalForm(GovUKForm):
    """Why an exception to the time limits no longer applies, asked before it is removed.

    ``services.remove_exception`` checks the note too and keeps it in the audit event; the case
    timeline shows it beside "Exception removed".
    """

    note = forms.CharField(
        label="Why does this exception no longer apply?",
        help_text="For example, it was recorded on the wrong case, or the circumstances did not last "
                  "4 weeks. The case timeline shows what you write.",
        max_length=300, widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the exception no longer applies",
                        "max_length": "Why the exception no longer applies must be 300 characters or fewer"})

    def __init__(self, *args, exception, **kwargs):
        super().__init__(*args, **kwargs)
        self.exception = exception

    def submit(self, *, by) -> None:
        services.remove_exception(self.exception, note=self.cleaned_data["note"], by=by)


SETTING_FIELDS = ("setting_urn", "setting_ukprn", "setting_code", "setting_name")


class PlanSettingForm(GovUKForm):
    """The setting named in section I of a plan in force (after an amendment or a move)."""

    setting_urn = forms.CharField(label="URN of the setting named in section I", max_length=8, required=False,
                                  help_text="6 numbers. Give a URN, a UKPRN or a type of setting")
    setting_ukprn = forms.CharField(label="Or its UKPRN", max_length=8, required=False, help_text="8 numbers")
    setting_code = forms.ChoiceField(label="Or, if it has neither, the type of setting", required=False,
                                     choices=_blank("Not applicable", SENSetting.choices))
    setting_name = forms.CharField(label="Name of the setting (optional)", max_length=200, required=False)

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, initial={name: getattr(plan, name) for name in SETTING_FIELDS}, **kwargs)
        self.plan = plan
        self.fields["setting_urn"].widget.attrs["class"] = "govuk-input--width-10"
        self.fields["setting_ukprn"].widget.attrs["class"] = "govuk-input--width-10"

    def clean(self):
        data = super().clean()
        if not any((data.get(name) or "").strip() for name in SETTING_FIELDS):
            self.add_error("setting_urn", "Enter the URN, the UKPRN or the type of the setting named in the plan")
        return data

    def submit(self, *, by):
        data = self.cleaned_data
        return services.update_plan_setting(self.plan, by=by, **{name: data[name] or "" for name in SETTING_FIELDS})


class TeamForm(GovUKForm):
    name = forms.CharField(label="Name of the team", max_length=100,
                           error_messages={"required": "Enter the name of the team",
                                           "max_length": "The name of the team must be 100 characters or fewer"})

    def __init__(self, *args, local_authority, **kwargs):
        super().__init__(*args, **kwargs)
        self.local_authority = local_authority

    def submit(self, *, by):
        return services.create_team(local_authority=self.local_authority, name=self.cleaned_data["name"], by=by)


KEEP_TEAM, NO_TEAM = "keep", "none"


def _name(user) -> str:
    return user.full_name or user.email


class MoveCasesForm(GovUKForm):
    """Move every live case one officer holds to another officer (and, if chosen, a team)."""

    from_officer = forms.ChoiceField(
        label="Whose cases are moving?", help_text="Their open cases and plans in force all move",
        error_messages={"required": "Select the officer whose cases are moving",
                        "invalid_choice": "Select the officer whose cases are moving from the list"})
    to_officer = forms.ChoiceField(
        label="Who will hold them?",
        error_messages={"required": "Select the officer to move the cases to",
                        "invalid_choice": "Select the officer to move the cases to from the list"})
    team = forms.ChoiceField(label="Team", required=False,
                             error_messages={"invalid_choice": "Select a team from the list"})

    def __init__(self, *args, local_authority, holders, officers, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.local_authority = local_authority
        self.holders = {str(user.pk): user for user, _ in holders}
        self.officers = {str(user.pk): user for user in officers}
        self.teams = {str(team.pk): team for team in teams}
        self.fields["from_officer"].choices = _blank("Choose an officer", [
            (str(user.pk), f"{_name(user)}{'' if user.is_active else ' (no longer active)'}: "
                           f"{count} case{'' if count == 1 else 's'}")
            for user, count in holders])
        self.fields["to_officer"].choices = _blank("Choose an officer", [
            (key, _name(user)) for key, user in self.officers.items()])
        self.fields["team"].choices = [(KEEP_TEAM, "Keep each case in its team"), (NO_TEAM, "No team"),
                                       *[(key, team.name) for key, team in self.teams.items()]]

    @property
    def moving_from(self):
        return self.holders.get(self.cleaned_data.get("from_officer") or "")

    @property
    def moving_to(self):
        return self.officers.get(self.cleaned_data.get("to_officer") or "")

    def submit(self, *, by) -> int:
        choice = self.cleaned_data.get("team") or KEEP_TEAM
        return services.move_cases(
            local_authority=self.local_authority, from_officer=self.moving_from, to_officer=self.moving_to,
            keep_team=choice == KEEP_TEAM, team=self.teams.get(choice), by=by)
