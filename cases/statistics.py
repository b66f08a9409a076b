"""The statutory indicators of one authority, counted from its case records.

Contract (docs/developing.md): ``statutory_indicators(local_authority, *, year)`` and
``statutory_indicators_rolling(local_authority, *, month_end)`` return one flat dict whose keys
are listed in docs/indicators.md. Four queries fetch plain tuples; cases.counting (pure) counts.
"""

from __future__ import annotations

import datetime

from django.db.models import Q

from . import counting
from .models import AnnualReview, Assessment, EHCPlan, Request


def _rows(local_authority, period: counting.Period):
    start, end = period.start, period.end
    request_rows = (
        Request.objects.filter(local_authority=local_authority, received_on__isnull=False, received_on__lte=end)
        .exclude(outcome="H")
        .filter(
            Q(received_on__gte=start) | Q(outcome_on__gte=start) | Q(withdrawn_on__gte=start) | Q(outcome="A")
            | Q(outcome="Y", assessments__isnull=True)
            | Q(outcome="Y", assessments__outcome_on__isnull=True)
            | Q(outcome="Y", assessments__outcome_on__gte=start)
        )
        .values_list("pk", "received_on", "outcome", "outcome_on", "withdrawn_on",
                     "assessments__pk", "assessments__outcome", "assessments__outcome_on")
    )
    latest: dict[int, tuple] = {}
    for row in request_rows:
        held = latest.get(row[0])
        if held is None or (row[5] or 0) > (held[5] or 0):
            latest[row[0]] = row
    requests = [
        counting.RequestRow(received_on=r[1], outcome=r[2], outcome_on=r[3], withdrawn_on=r[4],
                            assessment_outcome=r[6] or "", assessment_outcome_on=r[7])
        for r in latest.values()
    ]
    assessments = [
        counting.AssessmentRow(received_on=received, outcome_on=outcome_on)
        for received, outcome_on in Assessment.objects.filter(
            request__local_authority=local_authority, outcome="N", outcome_on__gte=start, outcome_on__lte=end,
        ).values_list("request__received_on", "outcome_on")
    ]
    plans = [
        counting.PlanRow(start_on=s, ceased_on=c, cease_reason=reason, new=outcome == "Y",
                         received_on=received, week20=week20)
        for s, c, reason, outcome, received, week20 in EHCPlan.objects.filter(
            local_authority=local_authority, start_on__lte=max(end, period.census),
        ).filter(Q(ceased_on__isnull=True) | Q(ceased_on__gte=start)).values_list(
            "start_on", "ceased_on", "cease_reason", "assessment__outcome", "request__received_on",
            "assessment__week20",
        )
    ]
    reviews = [
        counting.ReviewRow(meeting_on=m, decision_on=d, outcome=o or "")
        for m, d, o in AnnualReview.objects.filter(
            plan__local_authority=local_authority, meeting_on__gte=start, meeting_on__lte=end,
        ).values_list("meeting_on", "decision_on", "outcome")
    ]
    return requests, assessments, plans, reviews


def _indicators(local_authority, period: counting.Period) -> dict:
    requests, assessments, plans, reviews = _rows(local_authority, period)
    result = {
        "la_code": local_authority.code,
        "period_start": period.start.isoformat(),
        "period_end": period.end.isoformat(),
        "census_date": period.census.isoformat(),
    }
    result.update(counting.indicators(requests=requests, assessments=assessments, plans=plans,
                                      reviews=reviews, period=period))
    return result


def statutory_indicators(local_authority, *, year: int) -> dict:
    """The indicators for calendar year ``year``; plans in force at the January ``year + 1`` census."""
    result = _indicators(local_authority, counting.calendar_year(year))
    result["year"] = year
    return result


def statutory_indicators_rolling(local_authority, *, month_end: datetime.date) -> dict:
    """The same indicators for the 12 months ending on ``month_end`` (plans in force on that day)."""
    result = _indicators(local_authority, counting.rolling_year(month_end))
    result["month_end"] = month_end.isoformat()
    return result
