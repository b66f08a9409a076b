"""GOV.UK forms for casework. Each event form calls exactly one service (cases.services).

Field names are the service's keyword arguments, so a ``ValidationError`` the service raises
(``{field: [message]}``) is shown beside the field it is about (``EventForm.submit``).
Forms check only what a form can (a date is a real date, a required answer is given); the
business rules (no event before the request, no final plan without a decision to issue ...) live
in cases/casework_rules.py and reach the page through the service.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from core.govuk_forms import GovUKDateField, GovUKForm

from . import services
from .case_state import CaseRecords
from .choices import (
    AdviceBody,
    AdviceException,
    AssessmentOutcome,
    CeaseReason,
    ConsultationResponse,
    DisputeSubject,
    Ethnicity,
    ExceptionReason,
    MediationOutcome,
    NeedType,
    PhaseTransferKind,
    RequestOutcome,
    RequestSource,
    ReviewOutcome,
    SENSetting,
    Sex,
    Stage,
    TribunalOutcome,
    UPNUnknown,
)
from .queries_ui import SORTS

OPEN = (Stage.REQUEST, Stage.ASSESSMENT, Stage.DRAFTING)


def _long(day) -> str:
    return f"{day.day} {day:%B %Y}"


def _blank(label: str, choices) -> list:
    return [("", label), *choices]


def apply_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the fields it names (others at the top of the form).

    One message per field, the first the service gives, as the Design System advises.
    """
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for name, errors in error.error_dict.items():
        messages = [message for item in errors for message in item.messages]
        if name in form.fields:
            if not form.errors.get(name):
                form.add_error(name, messages[0])
        else:
            for message in messages:
                form.add_error(None, message)


def radios(choices, **kwargs) -> forms.ChoiceField:
    return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **kwargs)


# ---- filters ----------------------------------------------------------------------------------


class CaseloadFilterForm(GovUKForm):
    """Filters and sort order for a caseload. Every field is optional."""

    q = forms.CharField(label="Name, UPN or case reference", required=False, max_length=100)
    stage = forms.ChoiceField(label="Stage", required=False,
                              choices=_blank("Open cases and plans in force", [
                                  ("open", "Open: before a decision or a final plan"), *Stage.choices]))
    officer = forms.ChoiceField(label="Officer", required=False)
    team = forms.ChoiceField(label="Team", required=False)
    need = forms.ChoiceField(label="Primary need", required=False, choices=_blank("Any", NeedType.choices))
    setting = forms.CharField(label="Setting named in the plan", required=False, max_length=100,
                              help_text="Name, URN or UKPRN")
    due_within = forms.IntegerField(label="Next deadline within (days)", required=False, min_value=0,
                                    max_value=3650, widget=forms.TextInput(attrs={"inputmode": "numeric"}),
                                    error_messages={"invalid": "Enter the number of days as a whole number, like 28",
                                                    "min_value": "The number of days must be 0 or more",
                                                    "max_value": "The number of days must be 3650 or fewer"})
    overdue = forms.BooleanField(label="Only cases with an overdue deadline", required=False)
    sort = forms.ChoiceField(label="Sort by", required=False,
                             choices=list(SORTS.items()))

    def __init__(self, *args, officers=(), teams=(), show_officer=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.officers = {str(o.pk): o for o in officers}
        self.teams = {str(t.pk): t for t in teams}
        self.fields["officer"].choices = _blank("Anyone", [("none", "Not assigned"), *[
            (k, o.full_name or o.email) for k, o in self.officers.items()]])
        self.fields["team"].choices = _blank("Any team", [(k, t.name) for k, t in self.teams.items()])
        self.fields["due_within"].widget.attrs["class"] = "govuk-input--width-4"
        if not show_officer:
            del self.fields["officer"]
        if not self.teams:
            del self.fields["team"]

    def filters(self) -> dict:
        """Keyword arguments for queries_ui.caseload (empty when the form is invalid)."""
        if not self.is_bound or not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "query": data.get("q") or "",
            "stage": data.get("stage") or "",
            "officer": self.officers.get(data.get("officer") or ""),
            "unassigned": data.get("officer") == "none",
            "team": self.teams.get(data.get("team") or ""),
            "need": data.get("need") or "",
            "setting": data.get("setting") or "",
            "due_within": data.get("due_within"),
            "overdue": bool(data.get("overdue")),
            "sort": data.get("sort") or "deadline",
        }


# ---- new cases --------------------------------------------------------------------------------


class ChildForm(GovUKForm):
    """The child or young person: only the personal data the statutory work needs."""

    forename = forms.CharField(label="First name", max_length=100, required=False)
    surname = forms.CharField(label="Last name", max_length=100, required=False)
    date_of_birth = GovUKDateField(label="Date of birth", subject="the date of birth", required=False,
                                   help_text="For example, 27 3 2015")
    sex = radios(Sex.choices, label="Sex", required=False)
    ethnicity = forms.ChoiceField(label="Ethnicity", required=False, choices=_blank("Not recorded", Ethnicity.choices))
    postcode = forms.CharField(label="Home postcode", max_length=8, required=False)
    upn = forms.CharField(label="Unique Pupil Number (UPN), if known", max_length=13, required=False,
                          help_text="13 characters: a letter, 11 numbers, then a number or letter")
    uln = forms.CharField(label="Unique Learner Number (ULN), if known", max_length=10, required=False)
    upn_unknown = forms.ChoiceField(label="If neither is known, why not", required=False,
                                    choices=_blank("Not applicable", UPNUnknown.choices))

    CHILD_FIELDS = ("forename", "surname", "date_of_birth", "sex", "ethnicity", "postcode", "upn", "uln",
                    "upn_unknown")

    def __init__(self, *args, child=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.child = child
        self.fields["postcode"].widget.attrs.update({"class": "govuk-input--width-10", "autocomplete": "postal-code"})
        self.fields["upn"].widget.attrs["class"] = "govuk-input--width-20"
        self.fields["uln"].widget.attrs["class"] = "govuk-input--width-10"
        # Too long is the same mistake as the wrong shape: the service's messages, not Django's.
        for name, message in (("forename", "The first name must be 100 characters or fewer"),
                              ("surname", "The last name must be 100 characters or fewer"),
                              ("postcode", "Enter a real postcode, like HU1 2AA"),
                              ("upn", "Enter a UPN of 13 characters: a letter, 11 numbers, then a number or a letter"),
                              ("uln", "Enter a ULN of 10 numbers")):
            self.fields[name].error_messages["max_length"] = message
        if child is not None:
            for name in self.CHILD_FIELDS:
                del self.fields[name]

    def clean_forename(self):
        value = (self.cleaned_data.get("forename") or "").strip()
        if self.child is None and not value:
            raise ValidationError("Enter the first name")
        return value

    def clean_surname(self):
        value = (self.cleaned_data.get("surname") or "").strip()
        if self.child is None and not value:
            raise ValidationError("Enter the last name")
        return value

    def clean_date_of_birth(self):
        value = self.cleaned_data.get("date_of_birth")
        if self.child is None and value is None:
            raise ValidationError("Enter the date of birth")
        return value

    def child_values(self) -> dict:
        return {name: self.cleaned_data.get(name) or "" for name in self.CHILD_FIELDS if name != "date_of_birth"} | {
            "date_of_birth": self.cleaned_data.get("date_of_birth")}

    def _get_child(self, *, local_authority, by):
        if self.child is not None:
            return self.child
        return services.record_child(local_authority=local_authority, by=by, **self.child_values())


class AssignmentFields(forms.Form):
    """Officer and team, shared by the assignment form and the new-case forms."""

    def add_assignment_fields(self, officers, teams, *, required_officer=False):
        self.officer_map = {str(o.pk): o for o in officers}
        self.team_map = {str(t.pk): t for t in teams}
        self.fields["officer"] = forms.ChoiceField(
            label="Officer", required=required_officer,
            choices=_blank("Not assigned" if not required_officer else "Choose an officer",
                           [(k, o.full_name or o.email) for k, o in self.officer_map.items()]),
            error_messages={"required": "Select the officer who will hold the case"})
        if self.team_map:
            self.fields["team"] = forms.ChoiceField(
                label="Team", required=False,
                choices=_blank("No team", [(k, t.name) for k, t in self.team_map.items()]))

    def chosen_officer(self):
        return self.officer_map.get(self.cleaned_data.get("officer") or "")

    def chosen_team(self):
        return self.team_map.get(self.cleaned_data.get("team") or "") if hasattr(self, "team_map") else None


class NewRequestForm(ChildForm, AssignmentFields, GovUKForm):
    """A request for an EHC needs assessment: for a new child, or a child already recorded."""

    received_on = GovUKDateField(label="Date the request was received", subject="the date the request was received",
                                 required=False, help_text="The 6, 16 and 20-week time limits start on this day")
    source = radios(RequestSource.choices, label="Who made the request", required=False)
    rya = forms.BooleanField(label="The child or young person is in relevant youth accommodation", required=False)

    def __init__(self, *args, local_authority, officers=(), teams=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.local_authority = local_authority
        self.add_assignment_fields(officers, teams)

    def clean_received_on(self):
        value = self.cleaned_data.get("received_on")
        if value is None:
            raise ValidationError("Enter the date the request was received")
        return value

    def submit(self, *, by):
        child = self._get_child(local_authority=self.local_authority, by=by)
        data = self.cleaned_data
        return services.record_request(
            child=child, received_on=data["received_on"], source=data.get("source") or None,
            rya=bool(data.get("rya")), officer=self.chosen_officer(), team=self.chosen_team(), by=by)


class TransferInForm(ChildForm, AssignmentFields, GovUKForm):
    """A child moves into the area with a plan made by another local authority."""

    from_code = forms.CharField(label="DfE number of the local authority that made the plan", max_length=3,
                                required=False, help_text="3 numbers, for example 886 for Kent")
    start_on = GovUKDateField(label="Date the plan was first issued", subject="the date the plan was first issued",
                              required=False)
    transferred_on = GovUKDateField(label="Date the plan transferred to this local authority",
                                    subject="the date the plan transferred", required=False)
    primary_need = forms.ChoiceField(label="Primary type of need", required=False, choices=_blank("Choose", NeedType.choices))
    secondary_need = forms.ChoiceField(label="Secondary type of need (optional)", required=False,
                                       choices=_blank("None", NeedType.choices))
    setting_urn = forms.CharField(label="URN of the setting named in the plan", max_length=8, required=False)
    setting_code = forms.ChoiceField(label="Or, if it has no URN, the type of setting", required=False,
                                     choices=_blank("Not applicable", SENSetting.choices))
    setting_name = forms.CharField(label="Name of the setting", max_length=200, required=False)

    def __init__(self, *args, local_authority, officers=(), teams=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.local_authority = local_authority
        self.fields["from_code"].widget.attrs["class"] = "govuk-input--width-3"
        self.fields["setting_urn"].widget.attrs["class"] = "govuk-input--width-10"
        self.add_assignment_fields(officers, teams)

    def submit(self, *, by):
        child = self._get_child(local_authority=self.local_authority, by=by)
        data = self.cleaned_data
        plan = services.transfer_in(
            child=child, from_code=data["from_code"], transferred_on=data["transferred_on"],
            start_on=data["start_on"], primary_need=data["primary_need"],
            secondary_need=data["secondary_need"], setting_urn=data["setting_urn"],
            setting_code=data["setting_code"], setting_name=data["setting_name"],
            officer=self.chosen_officer(), team=self.chosen_team(), by=by)
        return plan.request


class AssignForm(AssignmentFields, GovUKForm):
    """Assign or reassign a case to an officer and a team, or to a team alone until an officer takes it."""

    def __init__(self, *args, officers=(), teams=(), case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_assignment_fields(officers, teams, required_officer=True)
        if self.team_map:  # a team can hold a case that no officer has yet
            officer = self.fields["officer"]
            officer.required = False
            officer.choices = [("", "Not assigned: the team holds the case"), *officer.choices[1:]]
        if case is not None and not self.is_bound:
            self.initial = {"officer": str(case.officer_id or ""), "team": str(case.team_id or "")}

    def clean(self):
        data = super().clean()
        if self.team_map and not data.get("officer") and not data.get("team") and not self.errors:
            self.add_error("officer", "Select the officer who will hold the case, or a team")
        return data

    def submit(self, case, *, by):
        return services.assign_case(case, officer=self.chosen_officer(), team=self.chosen_team(), by=by)


# ---- events on a case -------------------------------------------------------------------------


class EventForm(GovUKForm):
    """One event on a case. Subclasses set ``slug``, ``title``, ``applies`` and ``submit``.

    ``pick`` fields choose the record the event is about (which advice request, which review)
    when the case has more than one that it could be; with a single candidate the field is left
    out and that record is used.
    """

    slug = ""
    title = ""
    button = "Save"
    success = "Saved"
    group = ""

    def __init__(self, *args, records: CaseRecords, **kwargs):
        super().__init__(*args, **kwargs)
        self.records = records
        self.case = records.request
        self.candidates = list(self.candidates_for(records))
        if self.pick_label:
            if len(self.candidates) > 1:
                self.fields = {"pick": radios([(str(c.pk), self.describe(c)) for c in self.candidates],
                                              label=self.pick_label,
                                              error_messages={"required": f"Select {self.pick_subject}"}),
                               **self.fields}
        self.setup()

    pick_label = ""
    pick_subject = ""

    def setup(self):
        pass

    @classmethod
    def candidates_for(cls, records: CaseRecords):
        return []

    @classmethod
    def applies(cls, records: CaseRecords) -> bool:
        """A form that picks one of the case's records applies only when there is one to pick."""
        return not cls.pick_label or bool(cls.candidates_for(records))

    def describe(self, obj) -> str:
        return str(obj)

    @property
    def picked(self):
        if len(self.candidates) == 1 or not self.pick_label:
            return self.candidates[0] if self.candidates else None
        chosen = self.cleaned_data.get("pick")
        return next((c for c in self.candidates if str(c.pk) == chosen), None)

    def submit(self, *, by):  # pragma: no cover - every subclass overrides
        raise NotImplementedError


def _plan_in_force(records) -> bool:
    return records.plan is not None and records.plan.ceased_on is None


def _required_date(label: str, subject: str, help_text: str = "") -> GovUKDateField:
    return GovUKDateField(label=label, subject=subject, help_text=help_text or "For example, 27 3 2026")


def _optional_date(label: str, subject: str) -> GovUKDateField:
    return GovUKDateField(label=label, subject=subject, required=False, help_text="Leave blank if not known")


class DecisionToAssessForm(EventForm):
    slug, title, group = "decision-to-assess", "Decision whether to assess", "Request and assessment"
    success = "Decision recorded"
    decision = radios([("assess", "Yes, carry out an EHC needs assessment"),
                       ("not_assess", "No, do not assess")],
                      label="What did the local authority decide?",
                      error_messages={"required": "Select whether the local authority decided to assess"})
    decided_on = _required_date("Date the family was told the decision", "the date of the decision")

    @classmethod
    def applies(cls, records):
        return records.request.outcome == RequestOutcome.AWAITING and records.request.received_on is not None

    def submit(self, *, by):
        data = self.cleaned_data
        if data["decision"] == "assess":
            return services.record_decision_to_assess(self.case, decided_on=data["decided_on"], by=by)
        return services.record_decision_not_to_assess(self.case, decided_on=data["decided_on"], by=by)


class AdviceRequestForm(EventForm):
    slug, title, group = "advice-requested", "Advice requested", "Request and assessment"
    success = "Request for advice recorded"
    body = radios(AdviceBody.choices, label="Who was asked for advice?",
                  error_messages={"required": "Select who was asked for advice"})
    body_name = forms.CharField(label="Name of the service or person (optional)", max_length=150, required=False)
    requested_on = _required_date("Date they received the request for advice",
                                  "the date the request for advice was received",
                                  "Their 6 weeks start on this day (regulation 8)")

    @classmethod
    def applies(cls, records):
        return records.assessment is not None and records.assessment.outcome == AssessmentOutcome.AWAITING \
            and records.plan is None

    def submit(self, *, by):
        data = self.cleaned_data
        return services.request_advice(self.records.assessment, body=data["body"], body_name=data["body_name"],
                                       requested_on=data["requested_on"], by=by)


class AdviceReceivedForm(EventForm):
    slug, title, group = "advice-received", "Advice received", "Request and assessment"
    success = "Advice recorded as received"
    pick_label, pick_subject = "Which advice was received?", "which advice was received"
    received_on = _required_date("Date the advice was received", "the date the advice was received")
    exception = forms.ChoiceField(label="Exception to the 6 weeks (regulation 8(2)), if any", required=False,
                                  choices=_blank("None", AdviceException.choices))

    @classmethod
    def candidates_for(cls, records):
        return [a for a in records.advice if a.received_on is None]

    def describe(self, advice):
        name = advice.get_body_display() + (f" ({advice.body_name})" if advice.body_name else "")
        return f"{name}, requested {_long(advice.requested_on)}"

    def submit(self, *, by):
        data = self.cleaned_data
        return services.record_advice_received(self.picked, received_on=data["received_on"],
                                               exception=data["exception"], by=by)


class ExceptionForm(EventForm):
    slug, title, group = "exception", "Exception to the time limits", "Request and assessment"
    success = "Exception recorded"
    reason = radios(ExceptionReason.choices, label="Which exception applies? (regulation 10(4))",
                    error_messages={"required": "Select the reason for the exception"})
    starts_on = _required_date("Date the exception started", "the date the exception started")
    ends_on = _optional_date("Date the exception ended", "the date the exception ended")
    note = forms.CharField(label="Note (optional)", max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 3}))

    @classmethod
    def applies(cls, records):
        return records.request.stage in OPEN and records.request.received_on is not None

    def submit(self, *, by):
        data = self.cleaned_data
        return services.record_exception(self.case, reason=data["reason"], starts_on=data["starts_on"],
                                         ends_on=data["ends_on"], note=data["note"], by=by)


class DecisionToIssueForm(EventForm):
    slug, title, group = "decision-to-issue", "Decision whether to issue a plan", "Request and assessment"
    success = "Decision recorded"
    decision = radios([("issue", "Yes, issue an EHC plan"), ("not_issue", "No, do not issue a plan")],
                      label="What did the local authority decide after the assessment?",
                      error_messages={"required": "Select whether the local authority decided to issue a plan"})
    decided_on = _required_date("Date of the decision", "the date of the decision",
                                "For a decision not to issue, the date the family was told (regulation 10: within 16 weeks)")

    @classmethod
    def applies(cls, records):
        return records.assessment is not None and records.assessment.outcome == AssessmentOutcome.AWAITING \
            and records.plan is None and records.request.stage in OPEN

    def submit(self, *, by):
        data = self.cleaned_data
        if data["decision"] == "issue":
            return services.record_decision_to_issue(self.records.assessment, decided_on=data["decided_on"], by=by)
        return services.decide_not_to_issue(self.records.assessment, decided_on=data["decided_on"], by=by)


class DraftPlanForm(EventForm):
    slug, title, group = "draft-plan", "Draft plan issued", "The plan"
    success = "Draft plan recorded"
    issued_on = _required_date("Date the draft plan was served", "the date the draft plan was issued",
                               "The family has 15 days to comment, this day counting as day 1 (regulation 13(1))")
    preferred_setting = forms.CharField(label="Setting the family asked for (optional)", max_length=150, required=False)

    @classmethod
    def applies(cls, records):
        return records.request.stage == Stage.DRAFTING

    def submit(self, *, by):
        data = self.cleaned_data
        return services.issue_draft_plan(self.records.assessment, issued_on=data["issued_on"],
                                         preferred_setting=data["preferred_setting"], by=by)


class DraftCommentsForm(EventForm):
    slug, title, group = "draft-comments", "Comments on the draft plan", "The plan"
    success = "Comments recorded"
    pick_label, pick_subject = "Which draft?", "which draft plan the comments are on"
    received_on = _required_date("Date the comments were received", "the date the comments were received")
    preferred_setting = forms.CharField(label="Setting the family asked for (optional)", max_length=150, required=False)

    @classmethod
    def candidates_for(cls, records):
        return [d for d in records.drafts if d.comments_received_on is None]

    @classmethod
    def applies(cls, records):
        return records.request.stage == Stage.DRAFTING and bool(cls.candidates_for(records))

    def describe(self, draft):
        return f"Draft issued {_long(draft.issued_on)}"

    def submit(self, *, by):
        data = self.cleaned_data
        return services.record_draft_comments(self.picked, received_on=data["received_on"],
                                              preferred_setting=data["preferred_setting"], by=by)


class ConsultationForm(EventForm):
    slug, title, group = "consultation", "Consultation with a setting", "The plan"
    success = "Consultation recorded"
    setting_name = forms.CharField(label="Name of the setting", max_length=200, required=False)
    setting_urn = forms.CharField(label="URN of the setting (optional)", max_length=8, required=False)
    sent_on = _required_date("Date the consultation was sent", "the date the consultation was sent",
                             "The setting should reply within 15 days")

    @classmethod
    def applies(cls, records):
        return records.request.stage == Stage.DRAFTING or _plan_in_force(records)

    def submit(self, *, by):
        data = self.cleaned_data
        draft = self.records.drafts[-1] if self.records.drafts and self.case.stage == Stage.DRAFTING else None
        return services.record_consultation(self.case, setting_name=data["setting_name"],
                                            setting_urn=data["setting_urn"], sent_on=data["sent_on"],
                                            draft=draft, by=by)


class ConsultationResponseForm(EventForm):
    slug, title, group = "consultation-response", "Reply to a consultation", "The plan"
    success = "Reply recorded"
    pick_label, pick_subject = "Which setting replied?", "which setting replied"
    response = radios([c for c in ConsultationResponse.choices if c[0] != ConsultationResponse.AWAITING],
                      label="What did the setting say?", required=False)
    responded_on = _required_date("Date of the reply", "the date of the response")

    @classmethod
    def candidates_for(cls, records):
        return [c for c in records.request.consultations.all() if c.response == ConsultationResponse.AWAITING]

    def describe(self, consultation):
        return f"{consultation.setting_name}, sent {_long(consultation.sent_on)}"

    def submit(self, *, by):
        data = self.cleaned_data
        return services.record_consultation_response(self.picked, responded_on=data["responded_on"],
                                                     response=data["response"] or "", by=by)


class FinalPlanForm(EventForm):
    slug, title, group = "final-plan", "Final plan issued", "The plan"
    success = "Final plan recorded: the plan is now in force"
    issued_on = _required_date("Date the final plan was issued", "the date the final plan was issued",
                               "Due within 20 weeks of the request (regulation 13(2))")
    primary_need = forms.ChoiceField(label="Primary type of need", required=False, choices=_blank("Choose", NeedType.choices))
    secondary_need = forms.ChoiceField(label="Secondary type of need (optional)", required=False,
                                       choices=_blank("None", NeedType.choices))
    setting_urn = forms.CharField(label="URN of the setting named in section I", max_length=8, required=False,
                                  help_text="6 numbers. Give a URN, a UKPRN or a type of setting")
    setting_ukprn = forms.CharField(label="Or its UKPRN", max_length=8, required=False)
    setting_code = forms.ChoiceField(label="Or, if it has neither, the type of setting", required=False,
                                     choices=_blank("Not applicable", SENSetting.choices))
    setting_name = forms.CharField(label="Name of the setting (optional)", max_length=200, required=False)

    def setup(self):
        self.fields["setting_urn"].widget.attrs["class"] = "govuk-input--width-10"
        self.fields["setting_ukprn"].widget.attrs["class"] = "govuk-input--width-10"

    @classmethod
    def applies(cls, records):
        return records.request.stage == Stage.DRAFTING

    def submit(self, *, by):
        data = self.cleaned_data
        return services.issue_final_plan(
            self.records.assessment, issued_on=data["issued_on"], primary_need=data["primary_need"],
            secondary_need=data["secondary_need"], setting_urn=data["setting_urn"],
            setting_ukprn=data["setting_ukprn"], setting_code=data["setting_code"],
            setting_name=data["setting_name"], by=by)


class AnnualReviewForm(EventForm):
    slug, title, group = "annual-review", "Annual review meeting", "Reviews and amendments"
    success = "Review meeting recorded: the decision is due within 4 weeks"
    meeting_on = _required_date("Date of the review meeting", "the date of the review meeting")
    report_on = _optional_date("Date the review report was sent", "the date of the review report")
    phase_transfer = forms.BooleanField(label="This review is ahead of a move between phases of education",
                                        required=False)

    @classmethod
    def applies(cls, records):
        return _plan_in_force(records)

    def submit(self, *, by):
        data = self.cleaned_data
        return services.record_annual_review(self.records.plan, meeting_on=data["meeting_on"],
                                             report_on=data["report_on"], phase_transfer=data["phase_transfer"],
                                             by=by)


class _ReviewEvent(EventForm):
    group = "Reviews and amendments"
    pick_label, pick_subject = "Which review?", "which review"

    def describe(self, review):
        return f"Review meeting on {_long(review.meeting_on)}" if review.meeting_on else f"Review {review.pk}"

    @classmethod
    def applies(cls, records):
        return _plan_in_force(records) and bool(cls.candidates_for(records))


class ReviewReportForm(_ReviewEvent):
    slug, title = "review-report", "Review report sent"
    success = "Review report recorded"
    report_on = _required_date("Date the review report was sent", "the date of the review report",
                               "Due within 2 weeks of the meeting")

    @classmethod
    def candidates_for(cls, records):
        return [r for r in records.reviews if r.meeting_on and not r.report_on]

    def submit(self, *, by):
        return services.record_review_report(self.picked, report_on=self.cleaned_data["report_on"], by=by)


class ReviewDecisionForm(_ReviewEvent):
    slug, title = "review-decision", "Decision after the review"
    success = "Review decision recorded"
    outcome = radios(ReviewOutcome.choices, label="What did the local authority decide?", required=False)
    decided_on = _required_date("Date the local authority wrote with its decision", "the date of the decision",
                                "Due within 4 weeks of the meeting")

    @classmethod
    def candidates_for(cls, records):
        return [r for r in records.reviews if r.meeting_on and not r.decision_on]

    def submit(self, *, by):
        data = self.cleaned_data
        return services.record_review_decision(self.picked, decided_on=data["decided_on"],
                                               outcome=data["outcome"] or "", by=by)


class AmendmentNoticeForm(_ReviewEvent):
    slug, title = "amendment-notice", "Amendment notice sent"
    success = "Amendment notice recorded: the final amended plan is due within 8 weeks"
    issued_on = _required_date("Date the amendment notice was sent", "the date the amendment notice was sent",
                               "Regulation 22(2): with the existing plan and the evidence for the changes")

    @classmethod
    def candidates_for(cls, records):
        return [r for r in records.reviews if r.outcome == ReviewOutcome.AMEND and not r.amendment_notice_on]

    def submit(self, *, by):
        return services.issue_amendment_notice(self.picked, issued_on=self.cleaned_data["issued_on"], by=by)


def _amendments_open(records):
    return [r for r in records.reviews
            if r.amendment_notice_on and not r.final_amended_plan_on and not r.decided_not_to_amend_on]


class FinalAmendedPlanForm(_ReviewEvent):
    slug, title = "final-amended-plan", "Final amended plan issued"
    success = "Final amended plan recorded"
    issued_on = _required_date("Date the final amended plan was issued",
                               "the date the final amended plan was issued",
                               "Due within 8 weeks of the amendment notice (regulation 22(3))")

    @classmethod
    def candidates_for(cls, records):
        return _amendments_open(records)

    def submit(self, *, by):
        return services.issue_final_amended_plan(self.picked, issued_on=self.cleaned_data["issued_on"], by=by)


class DecisionNotToAmendForm(_ReviewEvent):
    slug, title = "decision-not-to-amend", "Decision not to amend after all"
    success = "Decision not to amend recorded"
    decided_on = _required_date("Date of the decision", "the date of the decision",
                                "Regulation 22(4): within 8 weeks of the amendment notice")

    @classmethod
    def candidates_for(cls, records):
        return _amendments_open(records)

    def submit(self, *, by):
        return services.record_decision_not_to_amend(self.picked, decided_on=self.cleaned_data["decided_on"], by=by)


class PhaseTransferForm(EventForm):
    slug, title, group = "phase-transfer", "Phase transfer coming up", "Reviews and amendments"
    success = "Phase transfer recorded"
    kind = radios(PhaseTransferKind.choices, label="What kind of move?", required=False)
    transfer_on = _required_date("Date of the move", "the date of the move", "Usually in September")

    @classmethod
    def applies(cls, records):
        return _plan_in_force(records)

    def submit(self, *, by):
        data = self.cleaned_data
        return services.record_phase_transfer(self.records.plan, kind=data["kind"] or "",
                                              transfer_on=data["transfer_on"], by=by)


class PhaseTransferFinalForm(EventForm):
    slug, title, group = "phase-transfer-final", "Plan amended for a phase transfer", "Reviews and amendments"
    success = "Amended plan for the phase transfer recorded"
    pick_label, pick_subject = "Which phase transfer?", "which phase transfer"
    final_on = _required_date("Date the amended plan was issued", "the date the amended plan was issued")
    next_setting_urn = forms.CharField(label="URN of the next setting (optional)", max_length=8, required=False)
    next_setting_name = forms.CharField(label="Name of the next setting (optional)", max_length=200, required=False)

    @classmethod
    def candidates_for(cls, records):
        return [t for t in records.phase_transfers if t.final_on is None]

    @classmethod
    def applies(cls, records):
        return _plan_in_force(records) and bool(cls.candidates_for(records))

    def describe(self, transfer):
        return f"{transfer.get_kind_display()}, moving {_long(transfer.transfer_on)}"

    def submit(self, *, by):
        data = self.cleaned_data
        return services.record_phase_transfer_final(self.picked, final_on=data["final_on"],
                                                    next_setting_urn=data["next_setting_urn"],
                                                    next_setting_name=data["next_setting_name"], by=by)


class CeaseForm(EventForm):
    slug, title, group = "cease", "Plan ceased", "Ending the plan"
    success = "Plan recorded as ceased"
    reason = radios([c for c in CeaseReason.choices if c[0] != CeaseReason.TRANSFERRED],
                    label="Why is the plan ceasing?", required=False,
                    help_text="To record a move to another local authority in England, use ‘Plan transferred out’")
    ceased_on = _required_date("Date the plan ended", "the date the plan ended",
                               "The day it ended, not the date of the decision: the plan stays in force until "
                               "the time to appeal has passed")
    decided_on = _optional_date("Date of the decision to cease (optional)", "the date of the decision to cease")

    @classmethod
    def applies(cls, records):
        return _plan_in_force(records)

    def submit(self, *, by):
        data = self.cleaned_data
        return services.cease_plan(self.records.plan, ceased_on=data["ceased_on"], reason=data["reason"] or None,
                                   decided_on=data["decided_on"], by=by)


class TransferOutForm(EventForm):
    slug, title, group = "transfer-out", "Plan transferred out", "Ending the plan"
    success = "Transfer recorded: the plan has ceased here"
    to_code = forms.CharField(label="DfE number of the new local authority", max_length=3, required=False,
                              help_text="3 numbers, for example 886 for Kent")
    transferred_on = _required_date("Date the plan transferred", "the date the plan transferred")

    def setup(self):
        self.fields["to_code"].widget.attrs["class"] = "govuk-input--width-3"

    @classmethod
    def applies(cls, records):
        return _plan_in_force(records)

    def submit(self, *, by):
        data = self.cleaned_data
        return services.transfer_out(self.records.plan, to_code=data["to_code"],
                                     transferred_on=data["transferred_on"], by=by)


class WithdrawalForm(EventForm):
    slug, title, group = "withdrawal", "Request withdrawn", "Ending the plan"
    success = "Withdrawal recorded"
    withdrawn_on = _required_date("Date the request was withdrawn", "the date the request was withdrawn")
    reason = forms.CharField(label="Reason (optional)", max_length=200, required=False,
                             help_text="For example, the family moved away")

    @classmethod
    def applies(cls, records):
        return records.request.stage in OPEN

    def submit(self, *, by):
        data = self.cleaned_data
        return services.withdraw_request(self.case, withdrawn_on=data["withdrawn_on"], reason=data["reason"], by=by)


class MediationForm(EventForm):
    slug, title, group = "mediation", "Mediation", "Disagreements"
    success = "Mediation recorded"
    subject = forms.ChoiceField(label="What is the disagreement about?", required=False,
                                choices=_blank("Choose", DisputeSubject.choices))
    adviser_contacted_on = _required_date("Date the family contacted the mediation adviser",
                                          "the date the adviser was contacted")
    decision_on = _optional_date("Date of the decision letter", "the date of the decision letter")

    @classmethod
    def applies(cls, records):
        return records.request.stage != Stage.REQUEST or records.request.outcome != RequestOutcome.AWAITING

    def submit(self, *, by):
        data = self.cleaned_data
        return services.record_mediation(self.case, subject=data["subject"] or "",
                                         adviser_contacted_on=data["adviser_contacted_on"],
                                         decision_on=data["decision_on"], plan=self.records.plan, by=by)


class MediationOutcomeForm(EventForm):
    slug, title, group = "mediation-outcome", "Mediation outcome", "Disagreements"
    success = "Mediation outcome recorded"
    pick_label, pick_subject = "Which mediation?", "which mediation"
    outcome = radios([c for c in MediationOutcome.choices if c[0] != MediationOutcome.ONGOING],
                     label="How did it end?", required=False)
    mediation_on = _optional_date("Date of the mediation", "the date of the mediation")
    certificate_on = _optional_date("Date of the mediation certificate", "the date of the certificate")

    @classmethod
    def candidates_for(cls, records):
        return [m for m in records.mediations if m.outcome == MediationOutcome.ONGOING]

    def describe(self, mediation):
        return f"{mediation.get_subject_display()}, adviser contacted {_long(mediation.adviser_contacted_on)}"

    def submit(self, *, by):
        data = self.cleaned_data
        return services.record_mediation_outcome(self.picked, outcome=data["outcome"] or "",
                                                 mediation_on=data["mediation_on"],
                                                 certificate_on=data["certificate_on"], by=by)


class TribunalForm(EventForm):
    slug, title, group = "tribunal", "Tribunal appeal registered", "Disagreements"
    success = "Tribunal appeal recorded"
    subject = forms.ChoiceField(label="What is the appeal about?", required=False,
                                choices=_blank("Choose", DisputeSubject.choices))
    registered_on = _required_date("Date the appeal was registered", "the date the appeal was registered")
    decision_on = _optional_date("Date of the decision letter appealed", "the date of the decision letter")

    applies = MediationForm.applies

    def submit(self, *, by):
        data = self.cleaned_data
        return services.record_tribunal_appeal(self.case, subject=data["subject"] or "",
                                               registered_on=data["registered_on"],
                                               decision_on=data["decision_on"], plan=self.records.plan, by=by)


class TribunalOutcomeForm(EventForm):
    slug, title, group = "tribunal-outcome", "Tribunal appeal outcome", "Disagreements"
    success = "Tribunal outcome recorded"
    pick_label, pick_subject = "Which appeal?", "which appeal"
    outcome = radios([c for c in TribunalOutcome.choices if c[0] != TribunalOutcome.ONGOING],
                     label="How did the appeal end?", required=False)
    outcome_on = _required_date("Date of the outcome", "the date of the outcome")
    hearing_on = _optional_date("Date of the hearing", "the date of the hearing")

    @classmethod
    def candidates_for(cls, records):
        return [a for a in records.appeals if a.outcome == TribunalOutcome.ONGOING]

    def describe(self, appeal):
        return f"{appeal.get_subject_display()}, registered {_long(appeal.registered_on)}"

    def submit(self, *, by):
        data = self.cleaned_data
        return services.record_tribunal_outcome(self.picked, outcome=data["outcome"] or "",
                                                outcome_on=data["outcome_on"], hearing_on=data["hearing_on"], by=by)


EVENT_FORMS: dict[str, type[EventForm]] = {
    form.slug: form
    for form in (
        DecisionToAssessForm, ExceptionForm, AdviceRequestForm, AdviceReceivedForm, DecisionToIssueForm,
        DraftPlanForm, DraftCommentsForm, ConsultationForm, ConsultationResponseForm, FinalPlanForm,
        AnnualReviewForm, ReviewReportForm, ReviewDecisionForm, AmendmentNoticeForm, FinalAmendedPlanForm,
        DecisionNotToAmendForm, PhaseTransferForm, PhaseTransferFinalForm, CeaseForm, TransferOutForm,
        WithdrawalForm, MediationForm, MediationOutcomeForm, TribunalForm, TribunalOutcomeForm,
    )
}
# Re-assessment, appeals not opposed and orders add their forms to EVENT_FORMS (cases/forms_redress.py).
from . import forms_redress as forms_redress  # noqa: E402  (it builds on EventForm above)


def events_available(records: CaseRecords) -> list[tuple[str, list[dict]]]:
    """The events that can be recorded on this case now, grouped for the case page.

    Plain dicts (slug, title), not form classes: templates would call a class.
    """
    groups: dict[str, list] = {}
    for form in EVENT_FORMS.values():
        if form.applies(records):
            groups.setdefault(form.group, []).append({"slug": form.slug, "title": form.title})
    return list(groups.items())
