"""The statutory indicators of one authority, counted from its case records.

Contract (docs/developing.md): ``statutory_indicators(local_authority, *, year)`` and
``statutory_indicators_rolling(local_authority, *, month_end)`` return one flat dict whose keys
are listed in docs/indicators.md. Four queries fetch plain tuples of the period's flows (read
with the database cursor: Django's per-value converters cost more than the counting) and
cases.counting (pure) counts them. The two stock counts (plans in force, reviews expected) are
one SQL aggregate with the same definitions as ``counting.PlanRow``, so the 25,000 plans in force
are counted, not fetched (docs/decisions/0025).
"""

from __future__ import annotations

import datetime

from django.db import connection
from django.db.models import Count, Q

from . import counting
from .models import AnnualReview, Assessment, EHCPlan, Request


def _date(value):
    """SQLite returns dates as ISO strings, PostgreSQL as dates."""
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(value)


def _fetch(queryset) -> list[tuple]:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _stock(local_authority, period: counting.Period) -> dict:
    """Plans in force on the census day, and plans in force at the period end made on or before
    ``counting.review_expected_by`` (their 12-month review fell due in or before the period)."""
    census, end = period.census, period.end
    in_force_census = Q(start_on__lte=census) & (Q(ceased_on__isnull=True) | Q(ceased_on__gt=census))
    expected = (Q(start_on__lte=counting.review_expected_by(period))
                & (Q(ceased_on__isnull=True) | Q(ceased_on__gt=end)))
    return EHCPlan.objects.filter(local_authority=local_authority).aggregate(
        plans_in_force=Count("pk", filter=in_force_census), reviews_expected=Count("pk", filter=expected))


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
    for row in _fetch(request_rows):
        held = latest.get(row[0])
        if held is None or (row[5] or 0) > (held[5] or 0):
            latest[row[0]] = row
    requests = [
        counting.RequestRow(received_on=_date(r[1]), outcome=r[2], outcome_on=_date(r[3]),
                            withdrawn_on=_date(r[4]), assessment_outcome=r[6] or "",
                            assessment_outcome_on=_date(r[7]))
        for r in latest.values()
    ]
    assessments = [
        counting.AssessmentRow(received_on=_date(received), outcome_on=_date(outcome_on))
        for received, outcome_on in _fetch(Assessment.objects.filter(
            request__local_authority=local_authority, outcome="N", outcome_on__gte=start, outcome_on__lte=end,
        ).values_list("request__received_on", "outcome_on"))
    ]
    plans = [
        counting.PlanRow(start_on=_date(s), ceased_on=_date(c), cease_reason=reason, new=outcome == "Y",
                         received_on=_date(received), week20=bool(week20))
        for s, c, reason, outcome, received, week20 in _fetch(EHCPlan.objects.filter(
            Q(start_on__gte=start, start_on__lte=end) | Q(ceased_on__gte=start, ceased_on__lte=end),
            local_authority=local_authority,
        ).values_list(
            "start_on", "ceased_on", "cease_reason", "assessment__outcome", "request__received_on",
            "assessment__week20",
        ))
    ]
    reviews = [
        counting.ReviewRow(meeting_on=_date(m), decision_on=_date(d), outcome=o or "")
        for m, d, o in _fetch(AnnualReview.objects.filter(
            plan__local_authority=local_authority, meeting_on__gte=start, meeting_on__lte=end,
        ).values_list("meeting_on", "decision_on", "outcome"))
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
    # The plan rows above are the period's flows only: the stock counts come from SQL.
    result.update(_stock(local_authority, period))
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
