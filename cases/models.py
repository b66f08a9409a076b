"""Statutory casework records: a child or young person, their requests for an EHC needs assessment
and everything that follows (assessment, advice, draft, final plan, reviews, ceasing, disputes).

The shape follows the SEN2 person-level return (../shared/reference/sen2-person-level.md):
Child = Person, Request = Requests, Assessment = Assessment, EHCPlan = NamedPlan (+ ActivePlans
and SENneed), Placement = PlanDetail / PlacementDetail, AnnualReview = the review items of
ActivePlans. Every record carries ``native_id``, the case system's own id, so a later SEN2 import
updates the record it matches instead of duplicating it.

A **case** is a Request and what followed from it. The Request holds the case's assignment
(officer, team), its current ``stage`` and its ``next_deadline_on``: these are denormalised and
kept up to date by cases.services (docs/decisions/0022-*.md), so caseload lists are one indexed
query at 25,000 plans.

Write only through cases.services (the package cases/services/).
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from core.models import LocalAuthority

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
    OrderKind,
    OrderMadeBy,
    PhaseTransferKind,
    PlacementKind,
    ReassessmentCompletion,
    ReassessmentDecision,
    ReassessmentRequester,
    RequestOutcome,
    RequestSource,
    ReviewOutcome,
    SENSetting,
    Sex,
    Stage,
    TribunalOutcome,
    UnopposedAppealKind,
    UPNUnknown,
)

NATIVE_ID = {"max_length": 64, "blank": True, "help_text": "The case system's own id (SEN2 NativeId)"}


class Team(models.Model):
    """A team of SEND officers at one authority. Cases are assigned to a team and an officer."""

    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="send_teams")
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["local_authority", "name"], name="unique_team_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def audit_label(self) -> str:
        return f"Team {self.name}"


class Child(models.Model):
    """A child or young person with a request or plan.

    SPECIAL-CATEGORY PERSONAL DATA (UK GDPR art. 9: health and SEN). Hold only what the
    statutory work needs: name, date of birth, UPN/ULN, postcode, sex, ethnicity (the SEN2
    Person module). Never log these values outside the audit trail; synthetic people only in
    tests, demos and benchmarks.
    """

    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="children")
    native_id = models.CharField(**NATIVE_ID)
    forename = models.CharField(max_length=100)
    surname = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=1, choices=Sex.choices, blank=True)
    ethnicity = models.CharField(max_length=4, blank=True, help_text="CBDS code (main or extended)")
    postcode = models.CharField(max_length=8, blank=True)
    upn = models.CharField("UPN", max_length=13, blank=True, help_text="Unique Pupil Number")
    uln = models.CharField("ULN", max_length=10, blank=True, help_text="Unique Learner Number")
    upn_unknown = models.CharField("reason UPN unknown", max_length=4, choices=UPNUnknown.choices, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "child or young person"
        verbose_name_plural = "children and young people"
        indexes = [
            models.Index(fields=["local_authority", "native_id"], name="child_la_native"),
            models.Index(fields=["local_authority", "upn"], name="child_la_upn"),
            models.Index(fields=["local_authority", "surname", "forename"], name="child_la_name"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.forename} {self.surname}".strip()

    @property
    def ethnicity_label(self) -> str:
        return Ethnicity(self.ethnicity).label if self.ethnicity in Ethnicity.values else self.ethnicity

    def audit_label(self) -> str:
        # Initials and id only: the audit list is seen by administrators.
        return f"Child {self.pk} ({self.forename[:1]}{self.surname[:1]})"


class Request(models.Model):
    """A request for an EHC needs assessment (or the authority becoming responsible, s.24): a case.

    ``received_on`` starts the 6-, 16- and 20-week clocks (regs 5, 10, 13). ``outcome`` and
    ``outcome_on`` are SEN2 RequestOutcome/RequestOutcomeDate. ``stage``, ``next_deadline_on``
    and ``next_deadline_label`` are kept by the services for fast caseload lists.
    """

    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="ehc_requests")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="requests")
    native_id = models.CharField(**NATIVE_ID)
    received_on = models.DateField(null=True, blank=True, help_text="Blank only for historical records")
    source = models.PositiveSmallIntegerField(choices=RequestSource.choices, null=True, blank=True)
    rya = models.BooleanField("in relevant youth accommodation", default=False)
    outcome = models.CharField(max_length=1, choices=RequestOutcome.choices, default=RequestOutcome.AWAITING)
    outcome_on = models.DateField(null=True, blank=True, help_text="Date the requester was told the decision")
    withdrawn_on = models.DateField(null=True, blank=True)
    withdrawn_reason = models.CharField(max_length=200, blank=True)
    mediation = models.BooleanField(default=False, help_text="SEN2 RequestMediation")
    tribunal = models.BooleanField(default=False, help_text="SEN2 RequestTribunal")
    exported = models.BooleanField(default=False, help_text="Moved out of the area before the assessment ended")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="assigned_requests"
    )
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="requests")
    # Denormalised by services.refresh_case (docs/decisions/0022): never set elsewhere.
    stage = models.CharField(max_length=12, choices=Stage.choices, default=Stage.REQUEST)
    next_deadline_on = models.DateField(null=True, blank=True)
    next_deadline_label = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["local_authority", "received_on"], name="request_la_received"),
            models.Index(fields=["local_authority", "stage", "next_deadline_on"], name="request_la_stage_due"),
            # Caseloads in deadline order, page by page, read from the index alone (decision 0022).
            models.Index(fields=["local_authority", "next_deadline_on", "id", "stage"], name="request_la_due_list"),
            models.Index(fields=["officer", "local_authority", "stage", "next_deadline_on"],
                         name="request_officer_la_stage"),
            models.Index(fields=["local_authority", "native_id"], name="request_la_native"),
        ]

    def __str__(self) -> str:
        return f"Request {self.pk} received {self.received_on or 'historical'}"

    @property
    def reference(self) -> str:
        return f"R{self.pk:06d}" if self.pk else ""

    @property
    def is_open(self) -> bool:
        return self.stage in (Stage.REQUEST, Stage.ASSESSMENT, Stage.DRAFTING)

    def audit_label(self) -> str:
        return f"Request {self.reference}"


class TimeLimitException(models.Model):
    """A reg 10(4) exception recorded on a case, with its dates and reason.

    An exception switches the 16- and 20-week limits off for the case (the SEN2 Week20 flag): it
    does not pause the clock. ``Assessment.week20`` is derived from these by the services.
    One recorded against a ``reassessment`` switches off that re-assessment's 14 weeks only
    (reg 27(3)) and does not set the flag.
    """

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="exceptions")
    reassessment = models.ForeignKey(
        "Reassessment", null=True, blank=True, on_delete=models.CASCADE, related_name="exceptions"
    )
    reason = models.CharField(max_length=30, choices=ExceptionReason.choices)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["starts_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} from {self.starts_on}"

    def audit_authority(self):
        return self.request.local_authority

    def audit_label(self) -> str:
        return f"Exception on request {self.request.reference}"


class Assessment(models.Model):
    """An EHC needs assessment (SEN2 Assessment) under a request the authority decided to assess.

    ``outcome`` Y = decided to issue; ``outcome_on`` is then the date the final plan was issued
    (blank while drafting). N = decided not to issue; ``outcome_on`` is the date the family was told.
    ``week20`` is the SEN2 "20-week time limit exceptions apply" flag.
    """

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="assessments")
    native_id = models.CharField(**NATIVE_ID)
    started_on = models.DateField(null=True, blank=True, help_text="The decision to assess")
    outcome = models.CharField(max_length=1, choices=AssessmentOutcome.choices, default=AssessmentOutcome.AWAITING)
    decided_to_issue_on = models.DateField(null=True, blank=True)
    outcome_on = models.DateField(null=True, blank=True)
    week20 = models.BooleanField("20-week exceptions apply", default=False)
    mediation = models.BooleanField(default=False, help_text="SEN2 AssessmentMediation")
    tribunal = models.BooleanField(default=False, help_text="SEN2 AssessmentTribunal")
    other_mediation = models.BooleanField(default=False, help_text="SEN2 OtherMediation")
    other_tribunal = models.BooleanField(default=False, help_text="SEN2 OtherTribunal")

    class Meta:
        indexes = [
            models.Index(fields=["outcome", "outcome_on"], name="assessment_outcome"),
        ]

    def __str__(self) -> str:
        return f"Assessment {self.pk} ({self.get_outcome_display()})"

    def audit_authority(self):
        return self.request.local_authority

    def audit_label(self) -> str:
        return f"Assessment on request {self.request.reference}"


class AdviceRequest(models.Model):
    """Advice asked of one body during an assessment: due 6 weeks after they receive the request (reg 8)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="advice_requests")
    body = models.CharField(max_length=12, choices=AdviceBody.choices)
    body_name = models.CharField(max_length=150, blank=True, help_text="e.g. the service or person asked")
    requested_on = models.DateField(help_text="The day the body received the request")
    due_on = models.DateField()
    received_on = models.DateField(null=True, blank=True)
    exception = models.CharField(max_length=30, choices=AdviceException.choices, blank=True)

    class Meta:
        ordering = ["requested_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_body_display()} advice requested {self.requested_on}"

    def audit_authority(self):
        return self.assessment.request.local_authority

    def audit_label(self) -> str:
        return f"{self.get_body_display()} advice on request {self.assessment.request.reference}"


class DraftPlan(models.Model):
    """A draft EHC plan served on the family: they have 15 days to comment, day of service = day 1 (reg 13(1))."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="drafts")
    issued_on = models.DateField()
    comments_due_on = models.DateField()
    comments_received_on = models.DateField(null=True, blank=True)
    preferred_setting = models.CharField(max_length=150, blank=True, help_text="Setting the family asked for")

    class Meta:
        ordering = ["issued_on", "pk"]

    def __str__(self) -> str:
        return f"Draft plan issued {self.issued_on}"

    def audit_authority(self):
        return self.assessment.request.local_authority

    def audit_label(self) -> str:
        return f"Draft plan on request {self.assessment.request.reference}"


class EHCPlan(models.Model):
    """An EHC plan (SEN2 NamedPlan with its ActivePlans and SENneed items).

    ``start_on`` is the date the final plan was issued. The rank-1 named setting (section I) is on
    the plan (URN, UKPRN or SEN2 setting code); further named or attended settings are Placement
    rows. A plan is in force from ``start_on`` until ``ceased_on`` (the day it ended or was
    transferred out, not the decision to cease).
    """

    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="ehc_plans")
    request = models.ForeignKey(Request, on_delete=models.PROTECT, related_name="plans")
    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="plans")
    native_id = models.CharField(**NATIVE_ID)
    active_native_id = models.CharField(
        max_length=64, blank=True, help_text="The case system's id of the SEN2 ActivePlans record"
    )
    start_on = models.DateField("issued on")
    setting_urn = models.CharField("URN", max_length=8, blank=True)
    setting_ukprn = models.CharField("UKPRN", max_length=8, blank=True)
    setting_code = models.CharField("SEN setting", max_length=4, choices=SENSetting.choices, blank=True)
    setting_other = models.CharField(max_length=200, blank=True, help_text="SEN2 SENsettingOther")
    setting_name = models.CharField(max_length=200, blank=True)
    sen_unit = models.BooleanField("SEN unit", default=False)
    resourced_provision = models.BooleanField(default=False)
    primary_need = models.CharField(max_length=4, choices=NeedType.choices, blank=True)
    secondary_need = models.CharField(max_length=4, choices=NeedType.choices, blank=True)
    residential = models.CharField(max_length=2, blank=True, help_text="SEN2 PlanRes code")
    work_based = models.CharField(max_length=2, blank=True, help_text="SEN2 PlanWBP code")
    personal_budget = models.BooleanField(default=False, help_text="SEN2 PB")
    organised_arrangements = models.BooleanField(default=False, help_text="SEN2 OA")
    direct_payments = models.CharField(max_length=10, blank=True, help_text="SEN2 DP code")
    transferred_in_from = models.CharField(max_length=3, blank=True, help_text="DfE code of the previous LA")
    transferred_in_on = models.DateField(null=True, blank=True)
    transferred_out_to = models.CharField(max_length=3, blank=True, help_text="DfE code of the new LA")
    cease_decided_on = models.DateField(null=True, blank=True)
    ceased_on = models.DateField(null=True, blank=True)
    cease_reason = models.PositiveSmallIntegerField(choices=CeaseReason.choices, null=True, blank=True)
    # Denormalised by the services: the anchor of the 12-month review cycle (CFA s.44(1)).
    last_reviewed_on = models.DateField(null=True, blank=True)
    review_due_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = "EHC plan"
        indexes = [
            models.Index(fields=["local_authority", "start_on"], name="plan_la_start"),
            models.Index(fields=["local_authority", "ceased_on"], name="plan_la_ceased"),
            models.Index(fields=["local_authority", "primary_need"], name="plan_la_need"),
            models.Index(fields=["local_authority", "setting_urn"], name="plan_la_urn"),
            models.Index(fields=["local_authority", "review_due_on"], name="plan_la_review_due"),
            models.Index(fields=["local_authority", "native_id"], name="plan_la_native"),
        ]

    def __str__(self) -> str:
        return f"EHC plan {self.pk} issued {self.start_on}"

    @property
    def setting_label(self) -> str:
        if self.setting_name:
            return self.setting_name
        if self.setting_urn:
            return f"URN {self.setting_urn}"
        if self.setting_ukprn:
            return f"UKPRN {self.setting_ukprn}"
        return self.get_setting_code_display() if self.setting_code else ""

    def in_force_on(self, day) -> bool:
        return self.start_on <= day and (self.ceased_on is None or self.ceased_on > day)

    def audit_label(self) -> str:
        return f"EHC plan {self.pk} on request {self.request.reference}"


class Placement(models.Model):
    """A further setting named in a plan (SEN2 PlanDetail, rank 2) or a setting attended (PlacementDetail)."""

    plan = models.ForeignKey(EHCPlan, on_delete=models.CASCADE, related_name="placements")
    native_id = models.CharField(**NATIVE_ID)
    kind = models.CharField(max_length=8, choices=PlacementKind.choices)
    rank = models.PositiveSmallIntegerField(default=1, help_text="1 = main, 2 = secondary")
    urn = models.CharField("URN", max_length=8, blank=True)
    ukprn = models.CharField("UKPRN", max_length=8, blank=True)
    setting_code = models.CharField("SEN setting", max_length=4, choices=SENSetting.choices, blank=True)
    setting_other = models.CharField(max_length=200, blank=True)
    setting_name = models.CharField(max_length=200, blank=True)
    entry_on = models.DateField(null=True, blank=True)
    leaving_on = models.DateField(null=True, blank=True)
    sen_unit = models.BooleanField("SEN unit", default=False)
    resourced_provision = models.BooleanField(default=False)
    residential = models.CharField(max_length=2, blank=True, help_text="SEN2 RES code")
    work_based = models.CharField(max_length=2, blank=True, help_text="SEN2 WBP code")

    class Meta:
        ordering = ["kind", "rank", "entry_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} setting {self.urn or self.ukprn or self.setting_code}"

    def audit_authority(self):
        return self.plan.local_authority

    def audit_label(self) -> str:
        return f"Placement on EHC plan {self.plan_id}"


class Consultation(models.Model):
    """A consultation with a setting about being named in a plan (CFA s.39(2)/s.40(3); 15 days, CoP 9.83)."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="consultations")
    draft = models.ForeignKey(DraftPlan, null=True, blank=True, on_delete=models.SET_NULL, related_name="consultations")
    annual_review = models.ForeignKey(
        "AnnualReview", null=True, blank=True, on_delete=models.SET_NULL, related_name="consultations"
    )
    setting_urn = models.CharField("URN", max_length=8, blank=True)
    setting_name = models.CharField(max_length=200)
    sent_on = models.DateField()
    response_due_on = models.DateField()
    responded_on = models.DateField(null=True, blank=True)
    response = models.CharField(
        max_length=12, choices=ConsultationResponse.choices, default=ConsultationResponse.AWAITING
    )

    class Meta:
        ordering = ["sent_on", "pk"]

    def __str__(self) -> str:
        return f"Consultation with {self.setting_name} sent {self.sent_on}"

    def audit_authority(self):
        return self.request.local_authority

    def audit_label(self) -> str:
        return f"Consultation on request {self.request.reference}"


class AnnualReview(models.Model):
    """An annual review of a plan (CFA s.44; regs 18-22).

    ``meeting_on`` (SEN2 ReviewMeeting), ``report_on`` (reg 20(7)/21(7): 2 weeks),
    ``decision_on`` (SEN2 LastReview: the date the LA wrote with its decision; 4 weeks),
    ``outcome`` (SEN2 ReviewOutcome M/A/C), then for amend: ``amendment_notice_on`` (reg 22(2),
    SEN2 ReviewDraft) and ``final_amended_plan_on`` (reg 22(3): 8 weeks) or
    ``decided_not_to_amend_on`` (reg 22(4)).
    """

    plan = models.ForeignKey(EHCPlan, on_delete=models.CASCADE, related_name="reviews")
    native_id = models.CharField(**NATIVE_ID)
    due_on = models.DateField(null=True, blank=True, help_text="When the review was due (12-month cycle)")
    meeting_on = models.DateField(null=True, blank=True)
    report_on = models.DateField(null=True, blank=True)
    decision_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=1, choices=ReviewOutcome.choices, blank=True)
    amendment_notice_on = models.DateField(null=True, blank=True)
    final_amended_plan_on = models.DateField(null=True, blank=True)
    decided_not_to_amend_on = models.DateField(null=True, blank=True)
    phase_transfer = models.BooleanField(default=False, help_text="A review ahead of a phase transfer (reg 18)")

    class Meta:
        ordering = ["meeting_on", "pk"]
        indexes = [
            models.Index(fields=["plan", "meeting_on"], name="review_plan_meeting"),
            models.Index(fields=["meeting_on"], name="review_meeting"),
        ]

    def __str__(self) -> str:
        return f"Annual review {self.pk} meeting {self.meeting_on or 'not yet held'}"

    @property
    def decision_due_on(self):
        """4 weeks after the meeting (reg 20(10)/21), for lists; the clock has the full rules."""
        return self.meeting_on + timedelta(weeks=4) if self.meeting_on else None

    @property
    def final_due_on(self):
        """8 weeks after the amendment notice (reg 22(3)), for lists."""
        return self.amendment_notice_on + timedelta(weeks=8) if self.amendment_notice_on else None

    def audit_authority(self):
        return self.plan.local_authority

    def audit_label(self) -> str:
        return f"Annual review {self.pk} of EHC plan {self.plan_id}"


class PhaseTransfer(models.Model):
    """A transfer between phases of education (reg 18): the plan must be amended to name the next setting
    by 15 February (school phases) or 31 March (secondary to post-16) of the year of transfer."""

    plan = models.ForeignKey(EHCPlan, on_delete=models.CASCADE, related_name="phase_transfers")
    kind = models.CharField(max_length=14, choices=PhaseTransferKind.choices)
    transfer_on = models.DateField(help_text="When the child or young person moves (usually September)")
    due_on = models.DateField(help_text="SEN2 PhaseTransferDueDate")
    final_on = models.DateField(null=True, blank=True, help_text="SEN2 PhaseTransferFinalDate")
    next_setting_urn = models.CharField("URN", max_length=8, blank=True)
    next_setting_name = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} phase transfer due {self.due_on}"

    def audit_authority(self):
        return self.plan.local_authority

    def audit_label(self) -> str:
        return f"Phase transfer on EHC plan {self.plan_id}"


class Mediation(models.Model):
    """Mediation about a decision on the case (CFA s.52-55; regs 32-42)."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="mediations")
    plan = models.ForeignKey(EHCPlan, null=True, blank=True, on_delete=models.SET_NULL, related_name="mediations")
    subject = models.CharField(max_length=20, choices=DisputeSubject.choices)
    decision_on = models.DateField(null=True, blank=True, help_text="Date of the decision letter disputed")
    adviser_contacted_on = models.DateField()
    mediation_on = models.DateField(null=True, blank=True)
    certificate_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=16, choices=MediationOutcome.choices, default=MediationOutcome.ONGOING)

    class Meta:
        ordering = ["adviser_contacted_on", "pk"]

    def __str__(self) -> str:
        return f"Mediation on {self.get_subject_display().lower()}"

    def audit_authority(self):
        return self.request.local_authority

    def audit_label(self) -> str:
        return f"Mediation on request {self.request.reference}"


class TribunalAppeal(models.Model):
    """An appeal to the First-tier Tribunal (SEND) about a decision on the case (CFA s.51)."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="tribunal_appeals")
    plan = models.ForeignKey(EHCPlan, null=True, blank=True, on_delete=models.SET_NULL, related_name="tribunal_appeals")
    subject = models.CharField(max_length=20, choices=DisputeSubject.choices)
    decision_on = models.DateField(null=True, blank=True, help_text="Date of the decision letter appealed")
    registered_on = models.DateField()
    hearing_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=TribunalOutcome.choices, default=TribunalOutcome.ONGOING)
    outcome_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["registered_on", "pk"]

    def __str__(self) -> str:
        return f"Tribunal appeal on {self.get_subject_display().lower()}"

    def audit_authority(self):
        return self.request.local_authority

    def audit_label(self) -> str:
        return f"Tribunal appeal on request {self.request.reference}"


class Reassessment(models.Model):
    """A re-assessment of an EHC plan (CFA s.44; regs 24-27): asked for by the parent, young
    person or institution, or decided on by the local authority itself.

    ``requested_on`` starts 15 days for the decision whether to re-assess (reg 25(1), unconfirmed).
    ``decided_on`` is the day the family was told (or the authority's own decision); a decision to
    re-assess starts 14 weeks for the final amended or replacement plan (reg 27(2)), which a
    reg 27(3) exception recorded against it switches off. ``completed_on`` and ``completion`` end it.
    """

    plan = models.ForeignKey(EHCPlan, on_delete=models.CASCADE, related_name="reassessments")
    requested_by = models.CharField(max_length=16, choices=ReassessmentRequester.choices)
    requested_on = models.DateField(null=True, blank=True, help_text="Blank for the local authority's own decision")
    decision = models.CharField(
        max_length=1, choices=ReassessmentDecision.choices, default=ReassessmentDecision.AWAITING
    )
    decided_on = models.DateField(null=True, blank=True, help_text="The day the family was told the decision")
    completed_on = models.DateField(null=True, blank=True)
    completion = models.CharField(max_length=12, choices=ReassessmentCompletion.choices, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Re-assessment {self.pk} of EHC plan {self.plan_id}"

    @property
    def is_open(self) -> bool:
        return self.decision != ReassessmentDecision.NOT_REASSESS and self.completed_on is None

    def audit_authority(self):
        return self.plan.local_authority

    def audit_label(self) -> str:
        return f"Re-assessment {self.pk} of EHC plan {self.plan_id}"


class UnopposedAppeal(models.Model):
    """The local authority told the tribunal it will not oppose an appeal (reg 45 as substituted by
    SI 2015/359). ``kind`` follows the appeal's subject and sets the time limits, all counted from
    ``notified_on``: 2 weeks to tell the family it will assess (``told_family_on``), then 10 weeks
    for a decision that no plan is needed (``no_plan_on``) or 14 weeks for the final plan
    (``plan_issued_on``); for the plan's contents or a refusal to amend, 5 weeks for the amended plan.
    """

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="unopposed_appeals")
    appeal = models.OneToOneField(TribunalAppeal, on_delete=models.CASCADE, related_name="unopposed")
    kind = models.CharField(max_length=12, choices=UnopposedAppealKind.choices)
    notified_on = models.DateField(help_text="The day the local authority notified the tribunal")
    told_family_on = models.DateField(null=True, blank=True)
    no_plan_on = models.DateField(null=True, blank=True)
    plan_issued_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["notified_on", "pk"]

    def __str__(self) -> str:
        return f"Unopposed appeal notified {self.notified_on}"

    @property
    def is_open(self) -> bool:
        return self.plan_issued_on is None and self.no_plan_on is None

    def audit_authority(self):
        return self.request.local_authority

    def audit_label(self) -> str:
        return f"Unopposed appeal on request {self.request.reference}"


class TribunalOrder(models.Model):
    """An order of the First-tier Tribunal, or a written mediation agreement that the local
    authority must carry out as if it were one (reg 42(2)). An order to assess is due within
    14 weeks (reg 44(2), unconfirmed); an agreement on matters that cannot be appealed within 2
    weeks (reg 42(3)); other orders are recorded without a computed deadline.
    """

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="tribunal_orders")
    made_by = models.CharField(max_length=10, choices=OrderMadeBy.choices)
    kind = models.CharField(max_length=16, choices=OrderKind.choices)
    made_on = models.DateField(help_text="The date of the order or of the agreement")
    complied_on = models.DateField(null=True, blank=True)
    detail = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["made_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_made_by_display()}: {self.get_kind_display().lower()}"

    def audit_authority(self):
        return self.request.local_authority

    def audit_label(self) -> str:
        return f"{self.get_made_by_display()} on request {self.request.reference}"
