"""The statutory indicators counted from case data. Pure Python: no Django, no "today".

cases.statistics fetches plain tuples (one query per record type) and hands them here. Every
definition is written down beside DfE's published name in docs/indicators.md; the cohorts are
those of issue 3 and send-rules.md 5.3. Day differences are in calendar days; "within N weeks"
means on or before trigger + 7N days (the convention of cases.statutory_rules, decision 0021).
Percentages are floats rounded to 1 dp, ``None`` when the denominator is 0.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from .send_regulations_2014 import SEND_REGULATIONS_2014
from .statutory_rules import add_months

date = datetime.date

# DfE's indicator definitions count the statutory periods of the rule set in force (the SEND
# Regulations 2014) as trigger + 7N calendar days; they are read from that rule set, not repeated.
_PERIOD = SEND_REGULATIONS_2014.period
DECISION_TO_ASSESS_DAYS = _PERIOD("decision_to_assess").length.days  # 6 weeks, SEND Regs 2014 reg 5(1)
NOT_TO_ISSUE_DAYS = _PERIOD("decision_not_to_issue").length.days  # 16 weeks, reg 10(1)
FINAL_PLAN_DAYS = _PERIOD("final_plan").length.days  # 20 weeks, reg 13(2)
REVIEW_DECISION_DAYS = _PERIOD("review_decision").length.days  # 4 weeks after the meeting, reg 20(10)/21
ONE_YEAR_DAYS = 364  # 52 weeks: DfE's "within a year" band (plans_issued_gt20weeks_ltYear), not a statutory period

# SEN2 census ("reference") dates: sen2-person-level.md 1.1 (confirmed). Other years: the third
# Thursday of January, the usual rule (send-rules.md 5.1).
CENSUS_DATES = {
    2018: date(2018, 1, 18),
    2021: date(2021, 1, 14),
    2023: date(2023, 1, 19),
    2024: date(2024, 1, 18),
    2025: date(2025, 1, 16),
    2026: date(2026, 1, 15),
    2027: date(2027, 1, 21),
}

REVIEW_OUTCOME_KEYS = {"M": "maintain", "A": "amend", "C": "cease"}
CEASE_REASON_CODES = tuple(range(1, 10))  # SEN2 CeaseReason 1-9


def census_date(return_year: int) -> date:
    """The SEN2 census date of the return made in January ``return_year``."""
    if return_year in CENSUS_DATES:
        return CENSUS_DATES[return_year]
    first = date(return_year, 1, 1)
    first_thursday = first + datetime.timedelta(days=(3 - first.weekday()) % 7)
    return first_thursday + datetime.timedelta(weeks=2)


def pc(numerator: int, denominator: int) -> float | None:
    """A percentage to 1 dp, or None when there is nothing to divide by."""
    if not denominator:
        return None
    return round(100.0 * numerator / denominator, 1)


def within(start: date, end: date, days: int) -> bool:
    """``end`` is on or before ``start`` + ``days``."""
    return (end - start).days <= days


@dataclass(frozen=True)
class Period:
    """The flow period (inclusive) and the day plans in force are counted on."""

    start: date
    end: date
    census: date

    def contains(self, day: date | None) -> bool:
        return day is not None and self.start <= day <= self.end


def calendar_year(year: int) -> Period:
    """Calendar year ``year``, with plans in force at the census of the return that covers it."""
    return Period(date(year, 1, 1), date(year, 12, 31), census_date(year + 1))


def rolling_year(month_end: date) -> Period:
    """The 12 months ending on ``month_end``; plans in force counted on ``month_end``."""
    start_year, start_month = (month_end.year, month_end.month + 1) if month_end.month < 12 else (
        month_end.year + 1, 1)
    return Period(date(start_year - 1, start_month, 1), month_end, month_end)


def review_expected_by(period: Period) -> date:
    """CFA s.44(1): a plan is reviewed within the 12 months starting with the day it was made, so a
    plan made on or before this day was due a review by the end of the period."""
    return add_months(period.end + datetime.timedelta(days=1), -12)


# ---- the rows the statistics module feeds in ----------------------------------------------------


@dataclass(frozen=True)
class RequestRow:
    """A request (SEN2 outcome not H) with its latest assessment, if any."""

    received_on: date
    outcome: str  # SEN2 RequestOutcome Y N A W
    outcome_on: date | None
    withdrawn_on: date | None = None
    assessment_outcome: str = ""  # SEN2 AssessmentOutcome, "" when there is no assessment
    assessment_outcome_on: date | None = None

    def concluded_on(self) -> date | None:
        """The day the request stopped being open work: refused, withdrawn, no plan, or plan issued."""
        ends = []
        if self.outcome == "N" and self.outcome_on:
            ends.append(self.outcome_on)
        if self.withdrawn_on:
            ends.append(self.withdrawn_on)
        if self.outcome == "W" and not self.withdrawn_on:
            ends.append(self.outcome_on or self.received_on)
        if self.assessment_outcome in ("Y", "N") and self.assessment_outcome_on:
            ends.append(self.assessment_outcome_on)
        if self.assessment_outcome == "W" and not self.withdrawn_on:
            ends.append(self.assessment_outcome_on or self.received_on)
        return min(ends) if ends else None


@dataclass(frozen=True)
class AssessmentRow:
    """An assessment ending in a decision not to issue: its outcome date and its request's date."""

    received_on: date | None
    outcome_on: date


@dataclass(frozen=True)
class PlanRow:
    start_on: date
    ceased_on: date | None
    cease_reason: int | None
    new: bool  # came from an assessment with outcome Y (not H: historical or transferred in)
    received_on: date | None  # the request's received date (the 20-week clock start)
    week20: bool  # the assessment has the 20-week exception flag

    def in_force_on(self, day: date) -> bool:
        return self.start_on <= day and (self.ceased_on is None or self.ceased_on > day)


@dataclass(frozen=True)
class ReviewRow:
    meeting_on: date
    decision_on: date | None
    outcome: str  # SEN2 ReviewOutcome M A C, or ""


# ---- the counts ---------------------------------------------------------------------------------


def request_counts(requests: Iterable[RequestRow], period: Period) -> dict:
    received = [r for r in requests if period.contains(r.received_on)]
    by_outcome = {code: sum(1 for r in received if r.outcome == code) for code in "YNWA"}
    decided = [r for r in received if r.outcome in ("Y", "N") and r.outcome_on is not None]
    in_time = sum(1 for r in decided if within(r.received_on, r.outcome_on, DECISION_TO_ASSESS_DAYS))
    assessments = sum(1 for r in requests if r.outcome == "Y" and period.contains(r.outcome_on))
    return {
        "requests_received": len(received),
        "requests_decided_to_assess": by_outcome["Y"],
        "requests_refused": by_outcome["N"],
        "requests_withdrawn": by_outcome["W"],
        "requests_awaiting_decision": by_outcome["A"],
        "pc_requests_refused": pc(by_outcome["N"], len(received)),
        "requests_decided": len(decided),
        "requests_decided_within_6_weeks": in_time,
        "pc_requests_decided_within_6_weeks": pc(in_time, len(decided)),
        "assessments": assessments,
    }


def open_request_counts(requests: Iterable[RequestRow], period: Period) -> dict:
    """Requests still open at the end of the period, and those open more than 20 weeks."""
    end = period.end
    open_rows = [
        r for r in requests
        if r.received_on <= end and (r.concluded_on() is None or r.concluded_on() > end)
    ]
    older = sum(1 for r in open_rows if (end - r.received_on).days > FINAL_PLAN_DAYS)
    return {"open_requests": len(open_rows), "open_requests_older_than_20_weeks": older}


def not_to_issue_counts(assessments: Iterable[AssessmentRow], period: Period) -> dict:
    decided = [a for a in assessments if period.contains(a.outcome_on) and a.received_on is not None]
    in_time = sum(1 for a in decided if within(a.received_on, a.outcome_on, NOT_TO_ISSUE_DAYS))
    return {
        "decisions_not_to_issue": len(decided),
        "decisions_not_to_issue_within_16_weeks": in_time,
        "pc_decisions_not_to_issue_within_16_weeks": pc(in_time, len(decided)),
    }


def _timeliness(plans: list[PlanRow], suffix: str) -> dict:
    total = len(plans)
    days = [(p.start_on - p.received_on).days for p in plans]
    in_20 = sum(1 for d in days if d <= FINAL_PLAN_DAYS)
    in_52 = sum(1 for d in days if FINAL_PLAN_DAYS < d <= ONE_YEAR_DAYS)
    over = sum(1 for d in days if d > ONE_YEAR_DAYS)
    return {
        f"plans_issued{suffix}": total,
        f"plans_issued_within_20_weeks{suffix}": in_20,
        f"pc_plans_issued_within_20_weeks{suffix}": pc(in_20, total),
        f"plans_issued_after_20_within_52_weeks{suffix}": in_52,
        f"pc_plans_issued_after_20_within_52_weeks{suffix}": pc(in_52, total),
        f"plans_issued_after_52_weeks{suffix}": over,
        f"pc_plans_issued_after_52_weeks{suffix}": pc(over, total),
    }


def plan_counts(plans: Iterable[PlanRow], period: Period) -> dict:
    plans = list(plans)
    issued = [p for p in plans if p.new and p.received_on is not None and period.contains(p.start_on)]
    ceased = [p for p in plans if period.contains(p.ceased_on)]
    by_reason = {str(code): 0 for code in CEASE_REASON_CODES}
    for plan in ceased:
        key = str(plan.cease_reason) if plan.cease_reason in CEASE_REASON_CODES else "9"
        by_reason[key] += 1
    expected_by = review_expected_by(period)
    result = {}
    result.update(_timeliness(issued, ""))
    result.update(_timeliness([p for p in issued if not p.week20], "_ex"))
    result.update({
        "plans_ceased": len(ceased),
        "plans_ceased_by_reason": by_reason,
        "plans_in_force": sum(1 for p in plans if p.in_force_on(period.census)),
        "reviews_expected": sum(1 for p in plans if p.in_force_on(period.end) and p.start_on <= expected_by),
    })
    return result


def review_counts(reviews: Iterable[ReviewRow], period: Period) -> dict:
    held = [r for r in reviews if period.contains(r.meeting_on)]
    decided = [r for r in held if r.decision_on is not None]
    in_time = sum(1 for r in decided if within(r.meeting_on, r.decision_on, REVIEW_DECISION_DAYS))
    outcomes = {name: 0 for name in REVIEW_OUTCOME_KEYS.values()}
    for review in decided:
        if review.outcome in REVIEW_OUTCOME_KEYS:
            outcomes[REVIEW_OUTCOME_KEYS[review.outcome]] += 1
    return {
        "reviews_held": len(held),
        "review_decisions": len(decided),
        "review_decisions_within_4_weeks": in_time,
        "pc_review_decisions_within_4_weeks": pc(in_time, len(decided)),
        "review_outcomes": outcomes,
        "reviews_no_outcome": len(held) - sum(outcomes.values()),
    }


def indicators(*, requests: list[RequestRow], assessments: list[AssessmentRow], plans: list[PlanRow],
               reviews: list[ReviewRow], period: Period) -> dict:
    """Every indicator for one period, as one flat dict (plus two small dicts of counts)."""
    result = {}
    result.update(request_counts(requests, period))
    result.update(open_request_counts(requests, period))
    result.update(not_to_issue_counts(assessments, period))
    result.update(plan_counts(plans, period))
    result.update(review_counts(reviews, period))
    return result
