import datetime
import io

import pytest

from core import clock
from indicators import demo, services, sources
from indicators.models import Commentary, Target, Value

pytestmark = pytest.mark.django_db


@pytest.fixture
def quick_demo(monkeypatch):
    # The published files are tested in test_published_data.py; here only the local demo data.
    monkeypatch.setattr(services, "published_data_loaded", lambda: True)
    monkeypatch.setattr(sources, "available", lambda: False)
    monkeypatch.setattr(clock, "today", lambda: datetime.date(2025, 11, 15))


def test_the_demo_adds_36_months_of_local_measures_targets_and_commentary(authority, quick_demo):
    demo.load(authority, stdout=io.StringIO())
    waits = Value.objects.filter(indicator__code="adhd_wait_over_52wk", local_authority=authority, is_current=True)
    assert waits.count() == 36
    assert waits.order_by("period_start").last().period_start == datetime.date(2025, 10, 1)
    assert Value.objects.filter(indicator__code="parent_confidence_pc", period_type="quarter").count() >= 11
    assert Target.objects.filter(local_authority=authority, indicator__code="adhd_wait_over_52wk").exists()
    assert Commentary.objects.filter(local_authority=authority, kind="exception").exists()
    # A small count in the latest month, for the public dashboard's suppression
    latest = Value.objects.filter(indicator__code="salt_wait_over_18wk").order_by("period_start").last()
    assert latest.value == 3


def test_the_demo_can_run_twice_without_adding_anything(authority, quick_demo):
    demo.load(authority, stdout=io.StringIO())
    counts = (Value.objects.count(), Target.objects.count(), Commentary.objects.count())
    out = io.StringIO()
    demo.load(authority, stdout=out)
    assert (Value.objects.count(), Target.objects.count(), Commentary.objects.count()) == counts
    assert "0 monthly and quarterly values added" in out.getvalue()


def test_the_demo_values_are_the_same_every_time(authority, other_authority, quick_demo):
    demo.load(authority, stdout=io.StringIO())
    first = list(Value.objects.filter(local_authority=authority).order_by("indicator_id", "period_start")
                 .values_list("value", flat=True))
    Value.objects.all().delete()
    demo.load(authority, stdout=io.StringIO())
    again = list(Value.objects.filter(local_authority=authority).order_by("indicator_id", "period_start")
                 .values_list("value", flat=True))
    assert first == again
