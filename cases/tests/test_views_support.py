"""Shared set-up for the casework view tests: synthetic cases made through the real services.

Dates are relative to today (the services and the pages read ``core.clock.today()``).
No tests here; the view test modules import these helpers.
"""

import datetime
import itertools

from cases import services
from core import clock

_names = itertools.count(1)


def days_ago(n: int) -> datetime.date:
    return clock.today() - datetime.timedelta(days=n)


def make_child(authority, *, by, forename=None, surname="Testchild"):
    n = next(_names)
    return services.record_child(local_authority=authority, forename=forename or f"Alex{n}", surname=surname,
                                 date_of_birth=datetime.date(2015, 3, 1), by=by)


def make_case(authority, *, by, received_days_ago=10, officer=None, team=None, child=None, **child_fields):
    """An open request received ``received_days_ago`` days ago."""
    child = child or make_child(authority, by=by, **child_fields)
    return services.record_request(child=child, received_on=days_ago(received_days_ago), officer=officer,
                                   team=team, by=by)


def make_plan_case(authority, *, by, received_days_ago=400, officer=None, primary_need="ASD",
                   setting_name="Oak Lane Primary", setting_urn="123456", **child_fields):
    """A case with a final plan issued 110 days after the request (so 290 days ago by default)."""
    case = make_case(authority, by=by, received_days_ago=received_days_ago, officer=officer, **child_fields)
    start = received_days_ago
    assessment = services.record_decision_to_assess(case, decided_on=days_ago(start - 30), by=by)
    services.record_decision_to_issue(assessment, decided_on=days_ago(start - 80), by=by)
    services.issue_draft_plan(assessment, issued_on=days_ago(start - 90), by=by)
    services.issue_final_plan(assessment, issued_on=days_ago(start - 110), primary_need=primary_need,
                              setting_urn=setting_urn, setting_name=setting_name, by=by)
    case.refresh_from_db()
    return case


def make_review(case, *, by, meeting_days_ago=10):
    plan = case.plans.get()
    return services.record_annual_review(plan, meeting_on=days_ago(meeting_days_ago), by=by)


def date_post(prefix: str, day: datetime.date) -> dict:
    """POST data for a GOV.UK date input."""
    return {f"{prefix}_day": str(day.day), f"{prefix}_month": str(day.month), f"{prefix}_year": str(day.year)}
