"""Synthetic case histories: deterministic for a seed, close to the asked size, consistent records."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F

from cases import demo, synthetic
from cases.models import AnnualReview, Child, EHCPlan, Request
from core.demo import load_people

END = datetime.date(2025, 12, 31)


def fingerprint(authority):
    return (
        list(Child.objects.filter(local_authority=authority).order_by("pk")
             .values_list("forename", "surname", "date_of_birth", "postcode")),
        list(Request.objects.filter(local_authority=authority).order_by("pk")
             .values_list("received_on", "outcome", "outcome_on", "stage", "next_deadline_on")),
        list(EHCPlan.objects.filter(local_authority=authority).order_by("pk")
             .values_list("start_on", "ceased_on", "cease_reason", "primary_need")),
    )


def test_the_same_seed_gives_the_same_history(authority, other_authority):
    synthetic.generate(authority, plans=60, years=2, seed=7, end=END)
    synthetic.generate(other_authority, plans=60, years=2, seed=7, end=END)
    mine, theirs = fingerprint(authority), fingerprint(other_authority)
    assert mine == theirs
    assert len(mine[1]) > 60


def test_a_different_seed_gives_a_different_history(authority, other_authority):
    synthetic.generate(authority, plans=60, years=2, seed=7, end=END)
    synthetic.generate(other_authority, plans=60, years=2, seed=8, end=END)
    assert fingerprint(authority) != fingerprint(other_authority)


def test_about_the_asked_number_of_plans_are_in_force_at_the_end(authority):
    counts = synthetic.generate(authority, plans=400, years=3, seed=1, end=END)
    in_force = EHCPlan.objects.filter(local_authority=authority, start_on__lte=END).exclude(ceased_on__lte=END).count()
    assert counts["plans_in_force"] == in_force
    assert 0.9 * 400 <= in_force <= 1.1 * 400


def test_the_records_hang_together(authority):
    synthetic.generate(authority, plans=150, years=3, seed=3, end=END)
    plans = EHCPlan.objects.filter(local_authority=authority).select_related("request", "assessment")
    for plan in plans:
        assert plan.assessment.request_id == plan.request_id
        assert plan.assessment.outcome in ("Y", "H")
        if plan.assessment.outcome == "Y":
            assert plan.request.received_on < plan.start_on
            assert plan.assessment.outcome_on == plan.start_on
        if plan.ceased_on:
            assert plan.cease_reason in range(1, 10)
    assert not AnnualReview.objects.filter(decision_on__lt=F("meeting_on")).exists()
    assert not Request.objects.filter(local_authority=authority, received_on__gt=END).exists()
    live = Request.objects.filter(local_authority=authority, stage__in=["request", "assessment", "plan"])
    assert live.exists()
    assert not live.filter(next_deadline_on__isnull=True, stage="request").exists()


def test_the_command_reports_what_it_wrote_and_refuses_an_authority_that_has_cases(authority):
    out = StringIO()
    call_command("make_synthetic", "--la", "810", "--plans", "40", "--years", "1", "--seed", "2",
                 "--end", "2025-06-30", stdout=out)
    assert "plans_in_force" in out.getvalue()
    with pytest.raises(CommandError, match="already has"):
        call_command("make_synthetic", "--la", "810", "--plans", "40", "--years", "1", "--seed", "2")


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--la", "999"], "--la 999"), (["--la", "810", "--plans", "0"], "--plans 0"),
     (["--la", "810", "--end", "2025-13-01"], "--end 2025-13-01")],
)
def test_the_command_names_the_argument_it_cannot_use(db, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("make_synthetic", *args)


def test_the_demo_loads_once_and_gives_the_demo_caseworker_cases(authority, monkeypatch):
    monkeypatch.setattr(demo, "DEMO_PLANS", 50)
    people = {user.email: user for user in load_people(authority)}
    demo.load(authority, stdout=StringIO())
    count = Request.objects.filter(local_authority=authority).count()
    assert Request.objects.filter(officer=people["caseworker@example.org"]).exists()
    out = StringIO()
    demo.load(authority, stdout=out)
    assert "already there" in out.getvalue()
    assert Request.objects.filter(local_authority=authority).count() == count


def test_no_assessment_outcome_is_dated_before_the_decision_to_assess(authority):
    from cases.models import Assessment

    # Regression: a decision not to issue could be drawn before the decision to assess (SEN2 rule V-ASM-3).
    synthetic.generate(authority, plans=600, years=4, seed=1, end=END)
    assessments = Assessment.objects.filter(request__local_authority=authority, started_on__isnull=False,
                                            outcome_on__isnull=False)
    assert assessments.filter(outcome="N").exists()
    assert not assessments.filter(outcome_on__lt=F("started_on")).exists()
