"""Improvement plans: their structure, actions, status updates, inspection findings and cycles.

Shape: ``ImprovementPlan`` → ``Section`` (priorities or partner working groups; sections nest, so
a plan may have outcomes or objectives under each priority) → ``Action`` (an action may have
sub-actions: workstreams under a workstream). Every record reaches its local authority through
its plan (``plan__local_authority``). Writes go through plans/services.py only.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from core.models import LocalAuthority

from .choices import (
    COMPLETE_MEANINGS,
    CycleFrequency,
    DatePrecision,
    FindingKind,
    LeadKind,
    PlanKind,
    ReminderKind,
    SourceKind,
    StatusMeaning,
)


class ImprovementPlan(models.Model):
    """A SEND improvement plan held by one authority (``local_authority``), perhaps with partners."""

    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="plans")
    partner_authorities = models.ManyToManyField(
        LocalAuthority, blank=True, related_name="partner_plans",
        help_text="Other authorities in a partnership plan (for example LLR)",
    )
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=PlanKind.choices, default=PlanKind.STRATEGIC)
    description = models.TextField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="owned_plans",
        help_text="Receives the missing-updates reminders",
    )
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    section_labels = models.JSONField(
        default=list, blank=True,
        help_text='Names of the section levels, top first: ["Priority", "Objective"]',
    )
    action_label = models.CharField(max_length=40, default="Action", help_text='"Action" or "Workstream"')
    inspections = models.ManyToManyField("Inspection", blank=True, related_name="plans")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["local_authority__name", "title"]

    def __str__(self) -> str:
        return self.title

    def audit_label(self) -> str:
        return f"Improvement plan {self.title}"[:200]

    def level_label(self, level: int) -> str:
        """The name of section level ``level`` (1 = top): "Priority", "Objective" ..."""
        labels = self.section_labels or ["Priority", "Objective"]
        return labels[level - 1] if 0 < level <= len(labels) else "Section"


class StatusOption(models.Model):
    """One status on a plan's scale: its words, its tag colour, and what it means.

    A retired option is no longer offered for new updates; the updates and actions that used it
    keep it, so history reads as it was written.
    """

    plan = models.ForeignKey(ImprovementPlan, on_delete=models.CASCADE, related_name="status_options")
    code = models.SlugField(max_length=40)
    label = models.CharField(max_length=80)
    colour = models.CharField(max_length=20, help_text="GOV.UK tag colour: grey, green, red ...")
    meaning = models.CharField(max_length=20, choices=StatusMeaning.choices)
    position = models.PositiveSmallIntegerField(default=0)
    retired_at = models.DateTimeField(null=True, blank=True, help_text="No longer offered for new updates")

    class Meta:
        ordering = ["plan", "position"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="unique_status_code_per_plan")]

    def __str__(self) -> str:
        return self.label

    @property
    def is_complete(self) -> bool:
        return self.meaning in COMPLETE_MEANINGS

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None

    def audit_authority(self):
        return self.plan.local_authority

    def audit_label(self) -> str:
        return f"Status {self.label}"[:200]


class RemovableQuerySet(models.QuerySet):
    """Sections and actions are never deleted by people: they are removed (with who, when and why)
    and can be restored. Lists, roll-ups, reports and the timeline read ``live()`` ones."""

    def live(self):
        return self.filter(removed_at__isnull=True)

    def removed(self):
        return self.filter(removed_at__isnull=False)


class Removable(models.Model):
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    removed_reason = models.TextField(blank=True)

    objects = RemovableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None


class Section(Removable):
    """A priority, partner working group, outcome or objective: a grouping of actions."""

    plan = models.ForeignKey(ImprovementPlan, on_delete=models.CASCADE, related_name="sections")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    level = models.PositiveSmallIntegerField(default=1, help_text="1 for a priority, 2 for an objective ...")
    code = models.CharField(max_length=20, blank=True, help_text="1, A, A1 ...")
    title = models.TextField()
    description = models.TextField(blank=True)
    lead_name = models.CharField(max_length=200, blank=True, help_text="A person or a role")
    lead_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    position = models.PositiveIntegerField(default=0)

    class Meta(Removable.Meta):
        ordering = ["plan", "level", "position", "id"]
        indexes = [models.Index(fields=["plan", "parent", "position"])]

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()

    def audit_authority(self):
        return self.plan.local_authority

    def audit_label(self) -> str:
        return f"Section {self}"[:200]

    @property
    def lead_display(self) -> str:
        return self.lead_user.full_name if self.lead_user_id else self.lead_name


class Action(Removable):
    """What the partnership will do: one row of the plan, with its leads, dates, sources and status.

    ``status`` and ``last_update_on`` are copied from the newest ``StatusUpdate`` by the service
    that records it, so lists and roll-ups need no subquery. History lives in ``updates``.
    """

    plan = models.ForeignKey(ImprovementPlan, on_delete=models.CASCADE, related_name="actions")
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="actions")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children",
        help_text="For a workstream within a workstream",
    )
    code = models.CharField(max_length=20, blank=True)
    title = models.TextField(help_text="What we will do")
    description = models.TextField(blank=True)
    intended_outcomes = models.TextField("Intended outcomes and impact", blank=True)
    impact_measures = models.TextField(blank=True)
    start_on = models.DateField(null=True, blank=True)
    start_precision = models.CharField(max_length=5, choices=DatePrecision.choices, blank=True, default="")
    due_on = models.DateField(null=True, blank=True)
    due_precision = models.CharField(max_length=5, choices=DatePrecision.choices, blank=True, default="")
    duration_days = models.PositiveIntegerField(null=True, blank=True)
    dependencies = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="dependents",
        help_text="Actions that must finish first",
    )
    status = models.ForeignKey(StatusOption, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    last_update_on = models.DateField(null=True, blank=True)
    completed_on = models.DateField(
        null=True, blank=True, help_text="When its status first became completed (for the board report)"
    )
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta(Removable.Meta):
        ordering = ["plan", "position", "id"]
        indexes = [
            models.Index(fields=["plan", "position"]),
            models.Index(fields=["plan", "due_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()

    def audit_authority(self):
        return self.plan.local_authority

    def audit_label(self) -> str:
        return f"Action {self}"[:200]


class ActionLead(models.Model):
    """A strategic or delivery lead: a user, or a named person or role at a partner organisation."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="leads")
    kind = models.CharField(max_length=10, choices=LeadKind.choices, default=LeadKind.STRATEGIC)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="plan_leads"
    )
    name = models.CharField(max_length=200, blank=True, help_text="A person or role, when not a user")
    organisation = models.CharField(max_length=150, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["action", "position", "id"]

    def __str__(self) -> str:
        return self.display

    @property
    def display(self) -> str:
        name = (self.user.full_name or self.user.email) if self.user_id else self.name
        return f"{name} ({self.organisation})" if self.organisation else name

    def audit_authority(self):
        return self.action.plan.local_authority


class Inspection(models.Model):
    """An area SEND inspection (or monitoring visit) whose findings the plans answer."""

    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="inspections")
    title = models.CharField(max_length=200, help_text="Area SEND inspection, November 2023")
    inspected_on = models.DateField(null=True, blank=True)
    published_on = models.DateField(null=True, blank=True)
    outcome = models.TextField(blank=True)

    class Meta:
        ordering = ["local_authority__name", "-published_on", "title"]

    def __str__(self) -> str:
        return self.title


class InspectionFinding(models.Model):
    """An area for improvement or priority action from an inspection, numbered as in the report."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(max_length=20, choices=FindingKind.choices, default=FindingKind.AREA_FOR_IMPROVEMENT)
    number = models.PositiveSmallIntegerField()
    text = models.TextField()

    class Meta:
        ordering = ["inspection", "kind", "number"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "kind", "number"], name="unique_finding_number"),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def code(self) -> str:
        return f"{'AFI' if self.kind == FindingKind.AREA_FOR_IMPROVEMENT else 'PA'}{self.number}"

    def audit_authority(self):
        return self.inspection.local_authority


class ActionSource(models.Model):
    """Why an action is in the plan: self-evaluation, DBV, an inspection finding ..."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="sources")
    kind = models.CharField(max_length=20, choices=SourceKind.choices)
    finding = models.ForeignKey(
        InspectionFinding, null=True, blank=True, on_delete=models.PROTECT, related_name="action_sources"
    )
    reference = models.CharField(max_length=100, blank=True, help_text="As written in the plan: AFI4, WSOA 2.1")

    class Meta:
        ordering = ["action", "id"]

    def __str__(self) -> str:
        return self.finding.code if self.finding_id else (self.reference or self.get_kind_display())

    def audit_authority(self):
        return self.action.plan.local_authority


class IndicatorLink(models.Model):
    """An impact measure taken from the indicator catalogue, with the target this action aims for."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="indicator_links")
    indicator = models.ForeignKey("indicators.Indicator", on_delete=models.PROTECT, related_name="plan_links")
    target = models.FloatField(null=True, blank=True)
    target_note = models.CharField(max_length=200, blank=True, help_text="By March 2026, in line with England")

    class Meta:
        ordering = ["action", "id"]
        constraints = [
            models.UniqueConstraint(fields=["action", "indicator"], name="unique_indicator_per_action"),
        ]

    def __str__(self) -> str:
        return str(self.indicator)

    def audit_authority(self):
        return self.action.plan.local_authority


class ReportingCycle(models.Model):
    """One round of reporting to a board: updates for the period are due by ``deadline``."""

    plan = models.ForeignKey(ImprovementPlan, on_delete=models.CASCADE, related_name="cycles")
    board = models.CharField(max_length=150, help_text="SEND Delivery Board")
    frequency = models.CharField(max_length=10, choices=CycleFrequency.choices, default=CycleFrequency.MONTHLY)
    period_start = models.DateField()
    period_end = models.DateField()
    deadline = models.DateField(help_text="Updates due by this date")
    meeting_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["plan", "-period_start", "board"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "board", "period_start"], name="unique_cycle_per_board_period"),
        ]

    def __str__(self) -> str:
        return f"{self.board}, {self.period_start:%B %Y}"

    def audit_authority(self):
        return self.plan.local_authority

    def audit_label(self) -> str:
        return f"Reporting cycle {self}"[:200]


class StatusUpdate(models.Model):
    """A lead's report on an action for a cycle. Never changed once written: history is kept."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    cycle = models.ForeignKey(ReportingCycle, null=True, blank=True, on_delete=models.SET_NULL, related_name="updates")
    status = models.ForeignKey(StatusOption, on_delete=models.PROTECT, related_name="+")
    reported_on = models.DateField(help_text="The date the update describes")
    commentary = models.TextField(blank=True)
    next_steps = models.TextField(blank=True)
    risks_and_issues = models.TextField(blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["action", "-reported_on", "-id"]
        indexes = [models.Index(fields=["action", "reported_on"]), models.Index(fields=["cycle"])]

    def __str__(self) -> str:
        return f"{self.action.code} {self.reported_on}: {self.status}"

    def audit_authority(self):
        return self.action.plan.local_authority


def evidence_path(instance, filename: str) -> str:
    return f"plans/evidence/{timezone.now():%Y/%m}/{filename}"


class Evidence(models.Model):
    """A file or link that backs up a status update."""

    update = models.ForeignKey(StatusUpdate, on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to=evidence_path, blank=True)
    url = models.URLField(blank=True, max_length=500)

    class Meta:
        ordering = ["update", "id"]
        verbose_name_plural = "evidence"

    def __str__(self) -> str:
        return self.title

    def audit_authority(self):
        return self.update.action.plan.local_authority


class ReminderSent(models.Model):
    """A reminder email sent for a cycle; its uniqueness makes `send_plan_reminders` idempotent."""

    cycle = models.ForeignKey(ReportingCycle, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=30, choices=ReminderKind.choices)
    recipient = models.EmailField()
    action_count = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["cycle", "kind", "recipient"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "kind", "recipient"], name="unique_reminder_per_cycle"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.recipient}"

    def audit_authority(self):
        return self.cycle.plan.local_authority
