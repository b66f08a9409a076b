"""Forms for the improvement plan pages. They validate and clean; services.py does the writing."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError

from core.govuk_forms import GovUKDateField, GovUKForm

from . import dates
from .choices import (
    CycleFrequency,
    FindingKind,
    LeadKind,
    PlanKind,
    SourceKind,
    StatusScalePreset,
)

TEXTAREA = {"rows": 3}


def text(label, *, required=False, help_text="", max_length=None, error="", rows=None, **kw):
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    messages = {"required": error} if error else {}
    return forms.CharField(label=label, required=required, help_text=help_text, max_length=max_length,
                           widget=widget, error_messages=messages, **kw)


def person_choices(people) -> list[tuple[str, str]]:
    return [("", "Not a SENDsight user")] + [(str(p.pk), f"{p.full_name} ({p.email})") for p in people]


class PlanDateField(GovUKDateField):
    """A plan date: a whole date, or a month and year with the day left blank (month precision).

    Cleans to ``plans.dates.PlanDate`` (value, precision), or None when left empty.
    """

    def to_python(self, value):
        if isinstance(value, dates.PlanDate):
            return value
        if isinstance(value, datetime.date):
            return dates.PlanDate(value, dates.DAY)
        if value and isinstance(value, list | tuple) and len(value) == 3:
            day, month, year = (str(v or "").strip() for v in value)
            if not day and (month or year):
                missing = [name for name, part in (("month", month), ("year", year)) if not part]
                if missing:
                    raise ValidationError(f"{self._capital()} must include a {' and a '.join(missing)}",
                                          code="incomplete")
                if not (month.isdigit() and year.isdigit()) or not 1 <= int(month) <= 12:
                    raise ValidationError(f"{self._capital()} must be a real date", code="invalid")
                if len(year) != 4:
                    raise ValidationError("Year must include 4 numbers", code="invalid_year")
                return dates.PlanDate(datetime.date(int(year), int(month), 1), dates.MONTH)
        day = super().to_python(value)
        return dates.PlanDate(day, dates.DAY) if day else None


def plan_date_initial(value, precision):
    """Initial widget values for a PlanDateField: the day left blank for a month-precision date."""
    if value is None:
        return None
    if precision == dates.MONTH:
        return ["", value.month, value.year]
    return value


class PlanForm(GovUKForm):
    local_authority = forms.TypedChoiceField(label="Local authority", coerce=int,
                                             error_messages={"required": "Select the local authority that holds the plan",
                                                             "invalid_choice": "Select a local authority whose plans you manage"})
    title = text("Title", required=True, max_length=200, error="Enter the plan's title")
    kind = forms.ChoiceField(label="Kind of plan", choices=PlanKind.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Select the kind of plan"})
    description = text("Description", rows=4)
    owner = forms.ChoiceField(label="Plan owner", required=False,
                              help_text="Gets an email when updates are missing after a deadline")
    starts_on = GovUKDateField(label="Start date", required=False, subject="the start date",
                               help_text="For example, 1 4 2024")
    ends_on = GovUKDateField(label="End date", required=False, subject="the end date")
    section_labels = text("Names of the levels of the plan", max_length=200,
                          help_text="Top level first, separated by commas: for example, Priority, Objective "
                                    "or Partner working group, Outcome")
    action_label = text("What the plan calls an action", max_length=40, help_text="For example, Action or Workstream")
    status_scale = forms.ChoiceField(label="Status scale", choices=StatusScalePreset.choices, widget=forms.RadioSelect,
                                     initial=StatusScalePreset.COMMON,
                                     error_messages={"required": "Select a status scale"})

    def __init__(self, *args, authorities, people, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.authorities = {la.pk: la for la in authorities}
        self.people = {str(p.pk): p for p in people}
        self.fields["local_authority"].choices = [(la.pk, f"{la.name} ({la.code})") for la in authorities]
        self.fields["owner"].choices = [("", "No owner")] + person_choices(people)[1:]
        if plan is not None or len(authorities) == 1:
            self.fields["local_authority"].widget = forms.HiddenInput()
            self.fields["local_authority"].initial = (plan.local_authority_id if plan else authorities[0].pk)
        if plan is not None:
            del self.fields["status_scale"]
            self.initial.update({
                "title": plan.title, "kind": plan.kind, "description": plan.description,
                "owner": str(plan.owner_id or ""), "starts_on": plan.starts_on, "ends_on": plan.ends_on,
                "section_labels": ", ".join(plan.section_labels or []), "action_label": plan.action_label,
            })
        else:
            self.initial.setdefault("section_labels", "Priority, Objective")
            self.initial.setdefault("action_label", "Action")
            self.initial.setdefault("kind", PlanKind.STRATEGIC)

    def clean_local_authority(self):
        pk = self.cleaned_data["local_authority"]
        if pk not in self.authorities:
            raise ValidationError("Select a local authority whose plans you manage")
        return self.authorities[pk]

    def clean_owner(self):
        pk = self.cleaned_data.get("owner") or ""
        if pk and pk not in self.people:
            raise ValidationError("Select the plan owner from the list")
        return self.people.get(pk)

    def clean_section_labels(self):
        labels = [part.strip() for part in (self.cleaned_data.get("section_labels") or "").split(",") if part.strip()]
        return labels or ["Priority", "Objective"]

    def clean_action_label(self):
        return (self.cleaned_data.get("action_label") or "").strip() or "Action"

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", "The end date must be the same as or after the start date")
        return data

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {name: data[name] for name in ("title", "kind", "description", "owner", "starts_on", "ends_on",
                                              "section_labels", "action_label")}


class SectionForm(GovUKForm):
    parent = forms.ChoiceField(label="Part of", required=False)
    code = text("Code", max_length=20, help_text="For example, 1, A or A1")
    title = text("Title", required=True, rows=2, error="Enter the title")
    description = text("Description", rows=3)
    lead_name = text("Lead (name or role)", max_length=200, help_text="A person or a role, from any partner")
    lead_user = forms.ChoiceField(label="Lead who uses SENDsight", required=False,
                                  help_text="They can then update every action in this part of the plan")

    def __init__(self, *args, plan, people, section=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        top = plan.level_label(1)
        sections = [s for s in plan.sections.live() if section is None or s.pk != section.pk]
        self.sections = {str(s.pk): s for s in sections}
        self.fields["parent"].choices = [("", f"Nothing: this is a {top.lower()}")] + [
            (str(s.pk), f"{plan.level_label(s.level)} {s}"[:120]) for s in sections]
        self.people = {str(p.pk): p for p in people}
        self.fields["lead_user"].choices = person_choices(people)
        if section is not None:
            self.initial.update({"parent": str(section.parent_id or ""), "code": section.code, "title": section.title,
                                 "description": section.description, "lead_name": section.lead_name,
                                 "lead_user": str(section.lead_user_id or "")})

    def clean_parent(self):
        pk = self.cleaned_data.get("parent") or ""
        if pk and pk not in self.sections:
            raise ValidationError("Select a part of this plan")
        return self.sections.get(pk)

    def clean_lead_user(self):
        pk = self.cleaned_data.get("lead_user") or ""
        if pk and pk not in self.people:
            raise ValidationError("Select the lead from the list")
        return self.people.get(pk)


class ActionForm(GovUKForm):
    section = forms.ChoiceField(label="Part of the plan", error_messages={"required": "Select the part of the plan this action is in"})
    parent = forms.ChoiceField(label="Within another action", required=False,
                               help_text="Only for a workstream within a workstream")
    code = text("Code", max_length=20, help_text="For example, 1.3 or A2")
    title = text("What we will do", required=True, rows=3, error="Enter what will be done")
    intended_outcomes = text("Intended outcomes and impact", rows=3)
    impact_measures = text("Impact measures", rows=3, help_text="You can also link measures from the scorecard")
    start = PlanDateField(label="Start date", required=False, subject="the start date",
                          help_text="For example, 1 4 2024. Leave the day blank if you only know the month.")
    due = PlanDateField(label="Due date", required=False, subject="the due date",
                        help_text="For example, 31 3 2025. Leave the day blank if it is due by the end of a month.")
    due_tbc = forms.BooleanField(label="The due date is to be confirmed", required=False)
    strategic_lead_user = forms.ChoiceField(label="Strategic lead who uses SENDsight", required=False)
    strategic_lead_name = text("Strategic lead (name or role)", max_length=200,
                               help_text="If they do not use SENDsight")
    strategic_lead_organisation = text("Strategic lead's organisation", max_length=150)
    delivery_lead_users = forms.MultipleChoiceField(label="Delivery leads who use SENDsight", required=False,
                                                    widget=forms.CheckboxSelectMultiple,
                                                    help_text="They can submit updates on this action")
    delivery_leads_other = text("Other delivery leads", rows=3,
                                help_text="One on each line, with the organisation after a comma: for example, "
                                          "Head of Inclusion, Hull City Council")

    def __init__(self, *args, plan, people, action=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        sections = list(plan.sections.live())
        self.sections = {str(s.pk): s for s in sections}
        self.fields["section"].choices = [("", "Select")] + [
            (str(s.pk), f"{plan.level_label(s.level)} {s}"[:120]) for s in sections]
        actions = [a for a in plan.actions.live().only("pk", "code", "title") if action is None or a.pk != action.pk]
        self.actions = {str(a.pk): a for a in actions}
        self.fields["parent"].choices = [("", "No")] + [(str(a.pk), str(a)[:120]) for a in actions]
        self.people = {str(p.pk): p for p in people}
        self.fields["strategic_lead_user"].choices = person_choices(people)
        self.fields["delivery_lead_users"].choices = [(str(p.pk), f"{p.full_name} ({p.email})") for p in people]
        self.fields["title"].label = f"What we will do ({plan.action_label.lower()})" if plan.action_label != "Action" else "What we will do"
        if action is not None:
            leads = list(action.leads.all())
            strategic = next((lead for lead in leads if lead.kind == LeadKind.STRATEGIC), None)
            self.initial.update({
                "section": str(action.section_id), "parent": str(action.parent_id or ""), "code": action.code,
                "title": action.title, "intended_outcomes": action.intended_outcomes,
                "impact_measures": action.impact_measures,
                "start": plan_date_initial(action.start_on, action.start_precision),
                "due": plan_date_initial(action.due_on, action.due_precision),
                "due_tbc": action.due_precision == dates.TBC,
                "strategic_lead_user": str(strategic.user_id or "") if strategic else "",
                "strategic_lead_name": strategic.name if strategic and not strategic.user_id else "",
                "strategic_lead_organisation": strategic.organisation if strategic else "",
                "delivery_lead_users": [str(lead.user_id) for lead in leads
                                        if lead.kind == LeadKind.DELIVERY and lead.user_id],
                "delivery_leads_other": "\n".join(
                    f"{lead.name}, {lead.organisation}" if lead.organisation else lead.name
                    for lead in leads if lead.kind == LeadKind.DELIVERY and not lead.user_id),
            })

    def clean_section(self):
        pk = self.cleaned_data.get("section") or ""
        if pk not in self.sections:
            raise ValidationError("Select the part of the plan this action is in")
        return self.sections[pk]

    def clean_parent(self):
        pk = self.cleaned_data.get("parent") or ""
        if pk and pk not in self.actions:
            raise ValidationError("Select an action of this plan")
        return self.actions.get(pk)

    def clean_strategic_lead_user(self):
        pk = self.cleaned_data.get("strategic_lead_user") or ""
        if pk and pk not in self.people:
            raise ValidationError("Select the strategic lead from the list")
        return self.people.get(pk)

    def clean_delivery_lead_users(self):
        return [self.people[pk] for pk in self.cleaned_data.get("delivery_lead_users") or [] if pk in self.people]

    def clean(self):
        data = super().clean()
        start, due = data.get("start"), data.get("due")
        if data.get("due_tbc") and due:
            self.add_error("due", "Enter a due date or say it is to be confirmed, not both")
        if start and due and start.value > dates.due_by(due.value, due.precision):
            self.add_error("due", "The due date must be the same as or after the start date")
        return data

    def service_fields(self) -> dict:
        data = self.cleaned_data
        start, due = data.get("start"), data.get("due")
        if data.get("due_tbc"):
            due_on, due_precision = None, dates.TBC
        else:
            due_on, due_precision = (due.value, due.precision) if due else (None, "")
        return {
            "section": data["section"], "parent": data.get("parent"), "code": data.get("code", "").strip(),
            "title": data["title"].strip(), "intended_outcomes": data.get("intended_outcomes", ""),
            "impact_measures": data.get("impact_measures", ""),
            "start_on": start.value if start else None, "start_precision": start.precision if start else "",
            "due_on": due_on, "due_precision": due_precision,
            "duration_days": dates.duration_days(start.value if start else None, start.precision if start else "",
                                                 due_on, due_precision),
        }

    def leads(self) -> list[dict]:
        data = self.cleaned_data
        leads = []
        if data.get("strategic_lead_user") or data.get("strategic_lead_name", "").strip():
            leads.append({"kind": LeadKind.STRATEGIC, "user": data.get("strategic_lead_user"),
                          "name": "" if data.get("strategic_lead_user") else data["strategic_lead_name"].strip(),
                          "organisation": data.get("strategic_lead_organisation", "").strip()})
        for person in data.get("delivery_lead_users") or []:
            leads.append({"kind": LeadKind.DELIVERY, "user": person, "name": "", "organisation": ""})
        for line in (data.get("delivery_leads_other") or "").splitlines():
            if line.strip():
                name, _, organisation = line.partition(",")
                leads.append({"kind": LeadKind.DELIVERY, "user": None, "name": name.strip(),
                              "organisation": organisation.strip()})
        return leads


class StatusUpdateForm(GovUKForm):
    status = forms.ChoiceField(label="Status", widget=forms.RadioSelect,
                               error_messages={"required": "Select the action's status"})
    commentary = text("Commentary", rows=5, help_text="What has happened since the last update. "
                                                      "Needed if the action is off track or has concerns.")
    next_steps = text("Next steps", rows=3)
    risks_and_issues = text("Risks and issues", rows=3)
    cycle = forms.ChoiceField(label="Reporting cycle", required=False)
    evidence_title = text("Evidence title", max_length=200, help_text="For example, Training attendance figures, Q2")
    evidence_file = forms.FileField(label="Evidence file", required=False,
                                    help_text="A document, spreadsheet or PDF, up to 10MB")
    evidence_url = forms.URLField(label="Or a link to the evidence", required=False, max_length=500,
                                  assume_scheme="https",
                                  error_messages={"invalid": "Enter a link in the correct format, like https://example.org/report"})

    MAX_FILE_BYTES = 10 * 1024 * 1024

    def __init__(self, *args, action, cycles, current_cycle=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.options = {o.code: o for o in action.plan.status_options.all() if o.retired_at is None}
        self.fields["status"].choices = [(o.code, o.label) for o in self.options.values()]
        self.cycles = {str(c.pk): c for c in cycles}
        self.fields["cycle"].choices = [("", "None")] + [(str(c.pk), str(c)) for c in cycles]
        if current_cycle is not None:
            self.initial.setdefault("cycle", str(current_cycle.pk))
        if action.status_id and action.status.code in self.options:
            self.initial.setdefault("status", action.status.code)

    def clean_status(self):
        code = self.cleaned_data.get("status")
        if code not in self.options:
            raise ValidationError("Select the action's status")
        return self.options[code]

    def clean_cycle(self):
        pk = self.cleaned_data.get("cycle") or ""
        if pk and pk not in self.cycles:
            raise ValidationError("Select a reporting cycle of this plan")
        return self.cycles.get(pk)

    def clean_evidence_file(self):
        upload = self.cleaned_data.get("evidence_file")
        if upload and upload.size > self.MAX_FILE_BYTES:
            raise ValidationError("The evidence file must be smaller than 10MB")
        return upload

    def clean(self):
        data = super().clean()
        status = data.get("status")
        if status is not None and status.meaning in {"off_track", "some_concerns"} and not data.get("commentary", "").strip():
            self.add_error("commentary", f"Enter commentary explaining why the action is {status.label.lower()}")
        if data.get("evidence_title", "").strip() and not (data.get("evidence_file") or data.get("evidence_url")):
            self.add_error("evidence_file", "Attach a file or enter a link for the evidence")
        return data

    def evidence(self) -> list[dict]:
        data = self.cleaned_data
        items = []
        if data.get("evidence_file") or data.get("evidence_url"):
            items.append({"title": data.get("evidence_title", "").strip(), "file": data.get("evidence_file"),
                          "url": data.get("evidence_url", "")})
        return items


class SourcesForm(GovUKForm):
    findings = forms.MultipleChoiceField(label="Inspection findings this action addresses", required=False,
                                         widget=forms.CheckboxSelectMultiple)
    kinds = forms.MultipleChoiceField(
        label="Other sources", required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(k.value, k.label) for k in SourceKind
                 if k not in (SourceKind.AREA_FOR_IMPROVEMENT, SourceKind.PRIORITY_ACTION)],
    )
    reference = text("Reference", max_length=100, help_text="As the plan writes it, for example SEF 3.2 or DBV workstream 2")

    def __init__(self, *args, action, findings, **kwargs):
        super().__init__(*args, **kwargs)
        self.finding_map = {str(f.pk): f for f in findings}
        self.fields["findings"].choices = [
            (str(f.pk), f"{f.code}: {f.text[:140]}{'…' if len(f.text) > 140 else ''} ({f.inspection})") for f in findings]
        if not findings:
            self.fields["findings"].help_text = "This authority has no inspection findings recorded yet"
        sources = list(action.sources.all())
        self.initial.update({
            "findings": [str(s.finding_id) for s in sources if s.finding_id],
            "kinds": sorted({s.kind for s in sources if not s.finding_id}),
            "reference": next((s.reference for s in sources if not s.finding_id and s.reference), ""),
        })

    def sources(self) -> list[dict]:
        data = self.cleaned_data
        result = []
        for pk in data.get("findings") or []:
            finding = self.finding_map[pk]
            kind = (SourceKind.AREA_FOR_IMPROVEMENT if finding.kind == FindingKind.AREA_FOR_IMPROVEMENT
                    else SourceKind.PRIORITY_ACTION)
            result.append({"kind": kind, "finding": finding, "reference": finding.code})
        for kind in data.get("kinds") or []:
            result.append({"kind": kind, "finding": None, "reference": data.get("reference", "").strip()})
        return result


class IndicatorLinkForm(GovUKForm):
    indicator = forms.ChoiceField(label="Indicator", error_messages={"required": "Select an indicator"})
    target = forms.FloatField(label="Target", required=False, help_text="The value this action aims for, if any",
                              error_messages={"invalid": "Target must be a number, like 65 or 12.5"})
    target_note = text("About the target", max_length=200, help_text="For example, By March 2026, in line with England")

    def __init__(self, *args, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = {str(i.pk): i for i in indicators}
        self.fields["indicator"].choices = [("", "Select an indicator")] + [
            (str(i.pk), i.title) for i in indicators]

    def clean_indicator(self):
        pk = self.cleaned_data.get("indicator") or ""
        if pk not in self.indicators:
            raise ValidationError("Select an indicator")
        return self.indicators[pk]


class CycleForm(GovUKForm):
    board = text("Board", required=True, max_length=150, error="Enter the board the updates are for",
                 help_text="For example, SEND Delivery Board")
    frequency = forms.ChoiceField(label="How often", choices=CycleFrequency.choices, widget=forms.RadioSelect,
                                  initial=CycleFrequency.MONTHLY, error_messages={"required": "Select how often"})
    period_start = GovUKDateField(label="Start of the period", required=True, subject="the start of the period")
    period_end = GovUKDateField(label="End of the period", required=True, subject="the end of the period")
    deadline = GovUKDateField(label="Deadline for updates", required=True, subject="the deadline for updates")
    meeting_on = GovUKDateField(label="Board meeting date", required=False, subject="the board meeting date")

    def clean(self):
        data = super().clean()
        if data.get("period_start") and data.get("period_end") and data["period_end"] < data["period_start"]:
            self.add_error("period_end", "The end of the period must be the same as or after its start")
        if data.get("period_start") and data.get("deadline") and data["deadline"] < data["period_start"]:
            self.add_error("deadline", "The deadline must be on or after the start of the period")
        return data


class ActionFilterForm(GovUKForm):
    q = text("Search", max_length=100, help_text="Words in the action, or its code")
    priority = forms.ChoiceField(label="Priority", required=False)
    lead = forms.ChoiceField(label="Lead", required=False)
    organisation = forms.ChoiceField(label="Organisation", required=False)
    status = forms.ChoiceField(label="Status", required=False)
    source = forms.ChoiceField(label="Source", required=False)
    finding = forms.ChoiceField(label="Area for improvement", required=False)
    overdue = forms.BooleanField(label="Only past due and not complete", required=False)
    show = forms.ChoiceField(label="Show", required=False, choices=[
        ("", "Actions in the plan"), ("removed", "Removed actions"), ("all", "Both"),
    ])
    sort = forms.ChoiceField(label="Sort by", required=False, choices=[
        ("plan", "Order in the plan"), ("due", "Due date, soonest first"), ("-due", "Due date, latest first"),
        ("status", "Status"), ("updated", "Least recently updated"), ("code", "Code"),
    ])

    def __init__(self, *args, plan, roots, leads, organisations, options, findings, **kwargs):
        super().__init__(*args, **kwargs)
        label = plan.level_label(1)
        self.fields["priority"].label = label
        self.roots = {str(s.pk): s for s in roots}
        self.fields["priority"].choices = [("", "All")] + [(str(s.pk), str(s)[:90]) for s in roots]
        self.fields["lead"].choices = [("", "All")] + leads
        self.fields["organisation"].choices = [("", "All")] + [(o, o) for o in organisations]
        self.fields["status"].choices = [("", "All")] + [
            (o.code, f"{o.label} (retired)" if o.retired_at else o.label) for o in options] + [("none", "No update yet")]
        action_label = plan.action_label.lower()
        self.fields["show"].choices = [("", f"{plan.action_label}s in the plan"), ("removed", f"Removed {action_label}s"),
                                       ("all", f"Both: in the plan and removed {action_label}s")]
        self.fields["source"].choices = [("", "All")] + list(SourceKind.choices) + [("none", "No source")]
        self.findings = {str(f.pk): f for f in findings}
        self.fields["finding"].choices = [("", "All")] + [(str(f.pk), f"{f.code} ({f.inspection})") for f in findings]

    def clean_priority(self):
        return self.roots.get(self.cleaned_data.get("priority") or "")

    def clean_finding(self):
        return self.findings.get(self.cleaned_data.get("finding") or "")


class FindingForm(GovUKForm):
    kind = forms.ChoiceField(label="Kind", choices=FindingKind.choices, widget=forms.RadioSelect,
                             initial=FindingKind.AREA_FOR_IMPROVEMENT,
                             error_messages={"required": "Select area for improvement or priority action"})
    number = forms.IntegerField(label="Number", min_value=1, max_value=99,
                                help_text="As numbered in the inspection report",
                                error_messages={"required": "Enter the number", "invalid": "Number must be a whole number, like 3",
                                                "min_value": "Number must be 1 or more", "max_value": "Number must be 99 or less"})
    text = text("What the inspection said", required=True, rows=4, error="Enter what the inspection said")


class InspectionForm(GovUKForm):
    title = text("Title", required=True, max_length=200, error="Enter the inspection's title",
                 help_text="For example, Area SEND inspection, November 2023")
    inspected_on = GovUKDateField(label="Date of the inspection", required=False, subject="the date of the inspection")
    published_on = GovUKDateField(label="Date the report was published", required=False,
                                  subject="the date the report was published")
    outcome = text("Outcome", rows=3)
