"""The indicator catalogue, values by period and area, targets, RAG rules and commentary.

Values are never overwritten: a correction adds a new ``Value`` with ``is_current=True`` and
marks the one it replaces ``is_current=False`` (``supersedes`` links them). The same goes for
targets. Writes happen only in indicators/services.py.

Published figures (``published=True``) and the authority's own figures (computed from cases,
entered or uploaded) are kept apart, so a local figure never replaces the official one.

An area is identified by ``area_code``: the DfE 3-digit number for a local authority ("886"),
the ONS E12 code for a region ("E12000008") and "E92000001" for England.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from core.choices import Role

from .choices import (
    CommentaryKind,
    Frequency,
    Geography,
    ImportKind,
    PeriodType,
    Polarity,
    Quadrant,
    Rag,
    RagBasis,
    Symbol,
    Theme,
    Unit,
    ValueSource,
)

ENGLAND_CODE = "E92000001"


class Indicator(models.Model):
    """One measure in the indicator catalogue. ``code`` is the stable id other apps link to."""

    code = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    public_description = models.TextField(
        blank=True, help_text="Plain English for parents and carers: what this measures and why it matters"
    )
    definition = models.TextField(blank=True, help_text="Exactly what is counted, and whether it is a flow or a stock")
    numerator = models.CharField(max_length=300, blank=True)
    denominator = models.CharField(max_length=300, blank=True)
    source = models.CharField(max_length=300, blank=True, help_text="Where the figure comes from")
    source_url = models.URLField(blank=True)
    unit = models.CharField(max_length=10, choices=Unit.choices, default=Unit.PERCENT)
    decimal_places = models.PositiveSmallIntegerField(default=1)
    polarity = models.CharField(max_length=10, choices=Polarity.choices, default=Polarity.HIGHER)
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.MONTHLY)
    period_type = models.CharField(
        max_length=20, choices=PeriodType.choices, default=PeriodType.CALENDAR_YEAR,
        help_text="The period published and benchmark figures use: calendar year for flows, January census for stocks",
    )
    owner_role = models.CharField(max_length=30, choices=Role.choices, blank=True)
    owner = models.CharField(max_length=150, blank=True, help_text="The partner or team who owns it, e.g. the ICB")
    quadrant = models.CharField(max_length=12, choices=Quadrant.choices, default=Quadrant.HOW_WELL)
    theme = models.CharField(max_length=20, choices=Theme.choices, default=Theme.EHC_PLANS)
    is_public = models.BooleanField("Published on the public dashboard", default=False)
    is_statutory = models.BooleanField("DfE published measure", default=False)
    is_active = models.BooleanField(default=True)
    rag_basis = models.CharField(
        max_length=12, choices=RagBasis.choices, default=RagBasis.TARGET,
        help_text="Default RAG rule; an authority can override it with a RagRule",
    )
    rag_amber_margin = models.FloatField(
        default=5.0, help_text="How far on the wrong side (in the indicator's unit) still counts as amber",
    )
    case_statistic = models.CharField(
        max_length=80, blank=True,
        help_text="Key in cases.statistics.statutory_indicators() that computes this from case records",
    )
    sort_order = models.PositiveSmallIntegerField(default=100)
    local_authority = models.ForeignKey(
        "core.LocalAuthority", null=True, blank=True, on_delete=models.PROTECT, related_name="own_indicators",
        help_text="Set for an authority's own indicator; blank for the shared catalogue",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def audit_label(self) -> str:
        return f"Indicator {self.code}"

    def audit_authority(self):
        return self.local_authority

    @property
    def local_period_type(self) -> str:
        """The period of the authority's own series on the scorecard.

        Monthly measures computed from cases: flows over the 12 months ending each month, stocks
        at each month end. Other monthly or quarterly measures: months or quarters. Annual
        measures: the published period (calendar year or census).
        """
        if self.frequency == Frequency.MONTHLY:
            if self.case_statistic and self.period_type == PeriodType.CALENDAR_YEAR:
                return PeriodType.ROLLING_12
            return PeriodType.MONTH
        if self.frequency == Frequency.QUARTERLY:
            return PeriodType.QUARTER
        return self.period_type


class ImportRun(models.Model):
    """One load of values: a published release, a spreadsheet upload or a computation run."""

    kind = models.CharField(max_length=12, choices=ImportKind.choices)
    file_name = models.CharField(max_length=300, blank=True)
    local_authority = models.ForeignKey(
        "core.LocalAuthority", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    rows_read = models.PositiveIntegerField(default=0)
    values_created = models.PositiveIntegerField(default=0)
    values_unchanged = models.PositiveIntegerField(default=0)
    skipped = models.JSONField(default=list, blank=True, help_text="Columns or files not mapped to an indicator")

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.file_name} ({self.at:%Y-%m-%d})"


class Value(models.Model):
    """The value of an indicator for one area and one period (one version of it)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    geography = models.CharField(max_length=16, choices=Geography.choices, default=Geography.LOCAL_AUTHORITY)
    area_code = models.CharField(max_length=9, help_text="DfE LA number, E12 region code or E92000001")
    local_authority = models.ForeignKey(
        "core.LocalAuthority", null=True, blank=True, on_delete=models.CASCADE, related_name="indicator_values"
    )
    region = models.ForeignKey("core.Region", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    period_type = models.CharField(max_length=20, choices=PeriodType.choices)
    period_start = models.DateField()
    period_end = models.DateField()
    value = models.FloatField(null=True, blank=True, help_text="Blank when the symbol says why")
    numerator = models.FloatField(null=True, blank=True)
    denominator = models.FloatField(null=True, blank=True)
    symbol = models.CharField(max_length=3, choices=Symbol.choices, blank=True, default="")
    source = models.CharField(max_length=10, choices=ValueSource.choices)
    published = models.BooleanField(
        default=False, help_text="Official published figure (kept apart from the authority's own figures)",
    )
    source_detail = models.CharField(max_length=300, blank=True, help_text="Release, file, or upload name")
    note = models.CharField(max_length=500, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(default=timezone.now)
    import_run = models.ForeignKey(ImportRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="values")
    is_current = models.BooleanField(default=True)
    supersedes = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["indicator", "area_code", "period_type", "period_start", "-entered_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "area_code", "period_type", "period_start", "published"],
                condition=models.Q(is_current=True),
                name="one_current_value_per_area_period",
            ),
        ]
        indexes = [
            models.Index(fields=["indicator", "period_type", "period_start", "is_current", "published"],
                         name="value_bench_idx"),
            models.Index(fields=["local_authority", "is_current", "period_type"], name="value_la_idx"),
            models.Index(fields=["area_code", "indicator", "period_type", "period_start"], name="value_area_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.area_code} {self.period_type} {self.period_start}: {self.value}"

    def audit_authority(self):
        return self.local_authority

    def audit_label(self) -> str:
        return f"{self.indicator.code} {self.area_code} {self.period_start:%Y-%m}"


class Target(models.Model):
    """A baseline and a target with dates for one authority (e.g. 28% to 50% by January 2024).

    The trajectory is the straight line between them. A changed target is a new row; the old one
    is kept with ``is_current=False``.
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    local_authority = models.ForeignKey(
        "core.LocalAuthority", on_delete=models.CASCADE, related_name="indicator_targets"
    )
    baseline_value = models.FloatField()
    baseline_date = models.DateField()
    target_value = models.FloatField()
    target_date = models.DateField()
    note = models.CharField(max_length=500, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField(default=timezone.now)
    is_current = models.BooleanField(default=True)
    supersedes = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["indicator", "local_authority", "-set_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "local_authority"], condition=models.Q(is_current=True),
                name="one_current_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.baseline_value} to {self.target_value} by {self.target_date}"

    def audit_label(self) -> str:
        return f"Target for {self.indicator.code}"


class RagRule(models.Model):
    """An authority's choice of RAG rule for one indicator (overrides the catalogue default)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="rag_rules")
    local_authority = models.ForeignKey("core.LocalAuthority", on_delete=models.CASCADE, related_name="+")
    basis = models.CharField(max_length=12, choices=RagBasis.choices, default=RagBasis.TARGET)
    amber_margin = models.FloatField(default=5.0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["indicator", "local_authority"], name="one_rag_rule_per_authority"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.local_authority_id}: {self.basis}"

    def audit_label(self) -> str:
        return f"RAG rule for {self.indicator.code}"


class Commentary(models.Model):
    """What the owner says about an indicator for a period. Red ones need an exception commentary.

    Each commentary is a new row, so the history is kept; the newest is shown.
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="commentaries")
    local_authority = models.ForeignKey("core.LocalAuthority", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=CommentaryKind.choices, default=CommentaryKind.UPDATE)
    period_type = models.CharField(max_length=20, choices=PeriodType.choices, blank=True)
    period_start = models.DateField(null=True, blank=True, help_text="The period the commentary is about")
    rag = models.CharField(max_length=5, choices=Rag.choices, blank=True, help_text="RAG status when written")
    text = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "commentaries"
        indexes = [models.Index(fields=["local_authority", "indicator", "-created_at"], name="commentary_idx")]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.created_at:%Y-%m-%d}"

    def audit_label(self) -> str:
        return f"Commentary on {self.indicator.code}"
