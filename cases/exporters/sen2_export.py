"""Build the SEN2 person-level return made at the January ``year`` census from the case records.

``build_return(local_authority, year=...)`` reads the authority's cases as they stood on the
census (reference) date: anything dated after it is left out, as if not yet known. It returns a
``Sen2Return`` that ``cases.exporters.sen2_blade.write_export`` writes as Blade CSV files.

What the return holds (sen2-person-level.md 1.2; decision record 0031):

* every request received in the flow year (calendar year ``year - 1``), every request still
  open on the census date, and every request whose decision or assessment outcome is dated in
  the flow year;
* every request under which a plan was in force on the census date, or ceased in the flow year;
* decisions dated before the flow year are sent as ``H`` (historical), with no date;
* an ``ActivePlans`` record (with its latest review, placements attended and needs) for each
  plan in force on the census date.

NativeId: the record's own ``native_id`` or, when it has none, SENDsight's id for it
(``SS-C-12`` ...) which the importer recognises, so re-importing an export updates the same rows.
"""

from __future__ import annotations

import datetime

from django.db.models import Prefetch

from cases import models as m
from cases.importers import sen2_blade as blade
from cases.importers.sen2_import import generated_native_id

SOFTWARE = "SENDsight"
RELEASE = "0.1"


def _native(obj, kind: str) -> str:
    return obj.native_id or generated_native_id(kind, obj.pk)


def _on_or_before(value: datetime.date | None, day: datetime.date) -> datetime.date | None:
    return value if value is not None and value <= day else None


class _AsAt:
    """The case records as they stood on the census date of one return."""

    def __init__(self, year: int):
        self.year = year
        self.census = blade.census_date(year)
        self.start = datetime.date(year - 1, 1, 1)
        self.end = datetime.date(year - 1, 12, 31)

    def in_year(self, value: datetime.date | None) -> bool:
        return value is not None and self.start <= value <= self.end

    def request_outcome(self, req) -> tuple[str, datetime.date | None]:
        outcome, on = req.outcome, req.outcome_on
        if outcome in ("Y", "N"):
            if on is None or on > self.census:
                return ("A", None) if on is not None else (outcome, None)
            if on < self.start:
                return "H", None
        if outcome == "W" and req.withdrawn_on and req.withdrawn_on > self.census:
            return "A", None
        return outcome, (on if outcome in ("Y", "N") else None)

    def assessment_outcome(self, a, plan) -> tuple[str, datetime.date | None]:
        outcome, on = a.outcome, a.outcome_on
        if outcome == "Y" and on is None and plan is not None and plan.start_on <= self.census:
            on = plan.start_on
        if on is not None and on > self.census:
            decided = a.decided_to_issue_on
            if outcome == "Y" and decided and decided <= self.census:
                return "Y", None
            return "A", None
        if outcome in ("Y", "N") and on is not None and on < self.start:
            return "H", None
        return outcome, on

    def plan_shown(self, plan) -> bool:
        return plan.start_on <= self.census

    def in_force(self, plan) -> bool:
        return plan.start_on <= self.census and (
            plan.ceased_on is None or plan.ceased_on > self.census
        )


def _queryset(local_authority):
    plans = m.EHCPlan.objects.order_by("pk").prefetch_related(
        Prefetch("placements", queryset=m.Placement.objects.order_by("pk")),
        Prefetch("reviews", queryset=m.AnnualReview.objects.order_by("pk")),
        Prefetch("phase_transfers", queryset=m.PhaseTransfer.objects.order_by("pk")),
    )
    requests = m.Request.objects.order_by("pk").prefetch_related(
        Prefetch("assessments", queryset=m.Assessment.objects.order_by("pk")),
        Prefetch("plans", queryset=plans),
    )
    return (
        m.Child.objects.filter(local_authority=local_authority)
        .order_by("pk")
        .prefetch_related(Prefetch("requests", queryset=requests))
    )


def build_return(
    local_authority, *, year: int, created: datetime.datetime | None = None
) -> blade.Sen2Return:
    at = _AsAt(year)
    header = blade.Header(
        year=year,
        reference_date=at.census,
        lea=local_authority.code,
        software_code=SOFTWARE,
        release=RELEASE,
        serial_no="1",
        created=(f"{blade.format_date(created.date())[:11]} {created:%H:%M:%S}" if created else ""),
    )
    sen2 = blade.Sen2Return(header=header)
    for child in _queryset(local_authority).iterator(chunk_size=2000):
        requests = [r for r in (_request(req, at) for req in child.requests.all()) if r is not None]
        if not requests:
            continue
        sen2.persons.append(
            blade.Person(
                native_id=_native(child, "C"),
                surname=child.surname,
                forename=child.forename,
                birth_date=child.date_of_birth,
                sex=child.sex,
                ethnicity=child.ethnicity,
                postcode=child.postcode,
                upn=child.upn,
                uln=child.uln,
                upn_unknown=child.upn_unknown,
                requests=requests,
            )
        )
    return sen2


def _request(req, at: _AsAt) -> blade.Request | None:
    if req.received_on is not None and req.received_on > at.census:
        return None
    plans = list(req.plans.all())
    outcome, outcome_on = at.request_outcome(req)
    assessments = []
    dated_in_year = at.in_year(outcome_on)
    open_at_census = outcome == "A"
    for a in req.assessments.all() if outcome in ("Y", "H") else ():
        if a.started_on and a.started_on > at.census:
            continue
        plan = next((p for p in plans if p.assessment_id == a.pk), None)
        a_outcome, a_on = at.assessment_outcome(a, plan)
        dated_in_year = dated_in_year or at.in_year(a_on)
        open_at_census = open_at_census or a_outcome == "A" or (a_outcome == "Y" and a_on is None)
        assessments.append(
            blade.Assessment(
                native_id=_native(a, "A"),
                outcome=a_outcome,
                outcome_date=a_on,
                mediation=a.mediation,
                tribunal=a.tribunal,
                other_mediation=a.other_mediation,
                other_tribunal=a.other_tribunal,
                week20=a.week20,
                named_plan=(
                    _named_plan(plan, at)
                    if plan is not None and at.plan_shown(plan) and a_outcome in ("Y", "H")
                    else None
                ),
            )
        )
    in_force = next((p for p in reversed(plans) if at.in_force(p)), None)
    wanted = (
        at.in_year(req.received_on)
        or dated_in_year
        or open_at_census
        or in_force is not None
        or any(at.in_year(p.ceased_on) or at.in_year(p.start_on) for p in plans)
    )
    if not wanted:
        return None
    return blade.Request(
        native_id=_native(req, "R"),
        outcome=outcome,
        received_date=req.received_on,
        source=str(req.source) if req.source else "",
        rya=req.rya,
        outcome_date=outcome_on,
        mediation=req.mediation,
        tribunal=req.tribunal,
        exported=req.exported,
        assessments=assessments,
        active_plan=_active_plan(in_force, at) if in_force is not None else None,
    )


def _named_plan(plan, at: _AsAt) -> blade.NamedPlan:
    ceased_on = _on_or_before(plan.ceased_on, at.census)
    details = []
    if plan.setting_urn or plan.setting_ukprn or plan.setting_code:
        details.append(
            blade.PlanDetail(
                native_id=f"{_native(plan, 'P')}-D1",
                urn=plan.setting_urn,
                ukprn=plan.setting_ukprn,
                sen_setting=plan.setting_code,
                sen_setting_other=plan.setting_other,
                rank=1,
                sen_unit=plan.sen_unit,
                resourced_provision=plan.resourced_provision,
            )
        )
    for p in plan.placements.all():
        if p.kind == "named":
            details.append(
                blade.PlanDetail(
                    native_id=_native(p, "PL"),
                    urn=p.urn,
                    ukprn=p.ukprn,
                    sen_setting=p.setting_code,
                    sen_setting_other=p.setting_other,
                    rank=p.rank,
                    sen_unit=p.sen_unit,
                    resourced_provision=p.resourced_provision,
                )
            )
    return blade.NamedPlan(
        native_id=_native(plan, "P"),
        start_date=plan.start_on,
        plan_res=plan.residential,
        plan_wbp=plan.work_based,
        pb=plan.personal_budget,
        oa=plan.organised_arrangements,
        dp=plan.direct_payments,
        cease_date=ceased_on,
        cease_reason=str(plan.cease_reason) if ceased_on and plan.cease_reason else "",
        details=details,
    )


def _active_plan(plan, at: _AsAt) -> blade.ActivePlan:
    active_id = plan.active_native_id or generated_native_id("AP", plan.pk)
    transferred = plan.transferred_in_from and (
        plan.transferred_in_on is None or at.start <= plan.transferred_in_on <= at.census
    )
    reviews = [
        r
        for r in plan.reviews.all()
        if (r.meeting_on and r.meeting_on <= at.census)
        or (r.meeting_on is None and r.decision_on and r.decision_on <= at.census)
    ]
    review = max(reviews, key=lambda r: (r.meeting_on or r.decision_on, r.pk), default=None)
    decision_on = _on_or_before(review.decision_on, at.census) if review else None
    transfers = [t for t in plan.phase_transfers.all() if t.due_on >= at.start]
    transfer = max(transfers, key=lambda t: (t.due_on, t.pk), default=None)
    placements = [
        blade.PlacementDetail(
            native_id=_native(p, "PL"),
            urn=p.urn,
            ukprn=p.ukprn,
            sen_setting=p.setting_code,
            sen_setting_other=p.setting_other,
            rank=p.rank,
            sen_unit=p.sen_unit,
            resourced_provision=p.resourced_provision,
            entry_date=p.entry_on,
            leaving_date=_on_or_before(p.leaving_on, at.census),
            res=p.residential,
            wbp=p.work_based,
        )
        for p in plan.placements.all()
        if p.kind == "attended"
        and p.entry_on
        and p.entry_on <= at.census
        and not (p.leaving_on and p.leaving_on < at.start)
    ]
    needs = [
        blade.SenNeed(native_id=f"{active_id}-N{rank}", sen_type=code, rank=rank)
        for rank, code in ((1, plan.primary_need), (2, plan.secondary_need))
        if code
    ]
    return blade.ActivePlan(
        native_id=active_id,
        transfer_la=plan.transferred_in_from if transferred else "",
        review_meeting=review.meeting_on if review else None,
        review_outcome=(
            review.outcome
            if review and review.meeting_on and (review.decision_on is None or decision_on)
            else ""
        ),
        review_draft=_on_or_before(review.amendment_notice_on, at.census) if review else None,
        phase_transfer_due=transfer.due_on if transfer else None,
        phase_transfer_final=_on_or_before(transfer.final_on, at.census) if transfer else None,
        last_review=decision_on,
        placements=placements,
        needs=needs,
    )
