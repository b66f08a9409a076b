"""Synthetic casework records for tests (factory_boy, Faker en_GB). Never real people.

Factories write records directly, without the services and their audit trail: use them to set
the scene, and the services for the event under test.
"""

import datetime

import factory
from factory.django import DjangoModelFactory

from cases.models import (
    AdviceRequest,
    AnnualReview,
    Assessment,
    Child,
    DraftPlan,
    EHCPlan,
    Request,
    Team,
    TimeLimitException,
)
from core.models import LocalAuthority


def _after(day, **delta):
    return day + datetime.timedelta(**delta) if day is not None else None


def hull():
    return LocalAuthority.objects.get(code="810")


class TeamFactory(DjangoModelFactory):
    class Meta:
        model = Team

    local_authority = factory.LazyFunction(hull)
    name = factory.Sequence(lambda n: f"Team {n}")


class ChildFactory(DjangoModelFactory):
    class Meta:
        model = Child

    local_authority = factory.LazyFunction(hull)
    forename = factory.Faker("first_name", locale="en_GB")
    surname = factory.Faker("last_name", locale="en_GB")
    date_of_birth = datetime.date(2016, 5, 4)
    sex = "F"
    ethnicity = "WBRI"
    postcode = "HU1 2AA"
    upn = factory.Sequence(lambda n: f"Z810{n:08d}A")


class RequestFactory(DjangoModelFactory):
    class Meta:
        model = Request

    child = factory.SubFactory(ChildFactory)
    local_authority = factory.SelfAttribute("child.local_authority")
    received_on = datetime.date(2025, 1, 6)
    source = 1


class AssessmentFactory(DjangoModelFactory):
    """An assessment under a request decided to assess (outcome Y) 5 weeks after receipt."""

    class Meta:
        model = Assessment

    request = factory.SubFactory(
        RequestFactory, outcome="Y",
        outcome_on=factory.LazyAttribute(lambda r: _after(r.received_on, weeks=5)),
    )
    started_on = factory.SelfAttribute("request.outcome_on")


class DraftPlanFactory(DjangoModelFactory):
    class Meta:
        model = DraftPlan

    assessment = factory.SubFactory(AssessmentFactory, outcome="Y")
    issued_on = datetime.date(2025, 4, 1)
    comments_due_on = factory.LazyAttribute(lambda d: d.issued_on + datetime.timedelta(days=14))


class EHCPlanFactory(DjangoModelFactory):
    """A plan issued from an assessment with outcome Y, 18 weeks after the request."""

    class Meta:
        model = EHCPlan

    assessment = factory.SubFactory(
        AssessmentFactory, outcome="Y",
        outcome_on=factory.LazyAttribute(lambda a: _after(a.request.received_on, weeks=18)),
    )
    request = factory.SelfAttribute("assessment.request")
    local_authority = factory.SelfAttribute("assessment.request.local_authority")
    start_on = factory.SelfAttribute("assessment.outcome_on")
    primary_need = "ASD"
    setting_urn = "117000"
    setting_name = "Example Primary School"


class AnnualReviewFactory(DjangoModelFactory):
    class Meta:
        model = AnnualReview

    plan = factory.SubFactory(EHCPlanFactory)
    meeting_on = factory.LazyAttribute(lambda r: r.plan.start_on + datetime.timedelta(days=330))


class AdviceRequestFactory(DjangoModelFactory):
    class Meta:
        model = AdviceRequest

    assessment = factory.SubFactory(AssessmentFactory)
    body = "ep"
    requested_on = factory.LazyAttribute(lambda a: a.assessment.started_on + datetime.timedelta(days=2))
    due_on = factory.LazyAttribute(lambda a: a.requested_on + datetime.timedelta(weeks=6))


class TimeLimitExceptionFactory(DjangoModelFactory):
    class Meta:
        model = TimeLimitException

    request = factory.SubFactory(RequestFactory)
    reason = "personal_circumstances"
    starts_on = factory.LazyAttribute(lambda e: e.request.received_on + datetime.timedelta(days=30))
