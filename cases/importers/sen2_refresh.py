"""Each imported case's stage, next statutory deadline and review dates, worked out in bulk.

The same rule as ``cases.services.refresh_case`` (``cases.case_state.case_state``), for many cases
at once. A case the import has just created is worked out from its records in memory, before it is
written, so it is written once with its state (``new_case_records`` + ``apply_states``). A case that
existed before the import is read back after the import's writes, a chunk at a time, with every
related record it needs (``refresh_cases``).
"""

from __future__ import annotations

import datetime

from django.db.models import Prefetch
from django.utils import timezone

from cases import models as m
from cases.case_state import CaseRecords, case_state

from .sen2_write import update_rows

REQUEST_FIELDS = ["stage", "next_deadline_on", "next_deadline_label", "updated_at"]
PLAN_FIELDS = ["review_due_on", "last_reviewed_on"]


def new_case_records(request, parts: dict) -> CaseRecords:
    """The records of a case the import created: ``parts`` holds its assessments, plans, and the
    reviews and phase transfers of each plan (by ``id(plan)``). Records must be numbered."""
    assessment = max(parts["assessments"], key=lambda a: a.pk, default=None)
    plan = max(parts["plans"], key=lambda p: (p.start_on, p.pk), default=None)
    return CaseRecords(
        request=request, assessment=assessment, plan=plan,
        reviews=parts["reviews"].get(id(plan), []) if plan else [],
        phase_transfers=parts["transfers"].get(id(plan), []) if plan else [])


def apply_states(records, *, today: datetime.date, now: datetime.datetime) -> tuple[list, list]:
    """Set each case's state on its request and plan; return (requests changed, plans changed)."""
    changed_requests, changed_plans = [], []
    for case in records:
        state = case_state(case, today=today)
        request, plan = case.request, case.plan
        if (request.stage, request.next_deadline_on, request.next_deadline_label) != (
                state.stage, state.next_deadline_on, state.next_deadline_label):
            request.stage = state.stage
            request.next_deadline_on = state.next_deadline_on
            request.next_deadline_label = state.next_deadline_label
            request.updated_at = now
            changed_requests.append(request)
        if plan is not None and (plan.review_due_on, plan.last_reviewed_on) != (
                state.review_due_on, state.last_reviewed_on):
            plan.review_due_on, plan.last_reviewed_on = state.review_due_on, state.last_reviewed_on
            changed_plans.append(plan)
    return changed_requests, changed_plans


def _stored_records(ids: list[int], chunk: int):
    for start in range(0, len(ids), chunk):
        batch = m.Request.objects.filter(pk__in=ids[start:start + chunk]).prefetch_related(
            "exceptions", "mediations", "tribunal_appeals", "unopposed_appeals", "tribunal_orders",
            Prefetch("assessments", queryset=m.Assessment.objects.prefetch_related(
                "advice_requests", "drafts")),
            Prefetch("plans", queryset=m.EHCPlan.objects.prefetch_related(
                "reviews", "phase_transfers", "reassessments")),
        )
        for request in batch:
            assessment = max(request.assessments.all(), key=lambda a: a.pk, default=None)
            plan = max(request.plans.all(), key=lambda p: (p.start_on, p.pk), default=None)
            yield CaseRecords(
                request=request, assessment=assessment,
                advice=list(assessment.advice_requests.all()) if assessment else [],
                drafts=list(assessment.drafts.all()) if assessment else [],
                plan=plan, reviews=list(plan.reviews.all()) if plan else [],
                phase_transfers=list(plan.phase_transfers.all()) if plan else [],
                exceptions=list(request.exceptions.all()),
                mediations=list(request.mediations.all()),
                appeals=list(request.tribunal_appeals.all()),
                # Duties SEN2 does not carry, recorded in SENDsight: the import must keep their deadlines.
                reassessments=list(plan.reassessments.all()) if plan else [],
                unopposed_appeals=list(request.unopposed_appeals.all()),
                tribunal_orders=list(request.tribunal_orders.all()),
            )


def refresh_cases(requests: list, *, today: datetime.date, chunk: int = 1000) -> None:
    """Recompute the state of stored cases (read back a chunk at a time) and write what changed."""
    ids = sorted({r.pk for r in requests})
    changed_requests, changed_plans = apply_states(_stored_records(ids, chunk), today=today,
                                                   now=timezone.now())
    update_rows(m.Request, changed_requests, REQUEST_FIELDS)
    update_rows(m.EHCPlan, changed_plans, PLAN_FIELDS)
