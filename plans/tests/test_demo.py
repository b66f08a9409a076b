"""The demo plans load from the seed documents, and loading again changes nothing."""

import io

import pytest

from core import demo as core_demo
from core.models import User
from plans import demo, queries
from plans.models import ImprovementPlan, StatusUpdate


@pytest.mark.django_db
def test_the_demo_plans_load_once_with_updates_findings_and_the_contributors_actions(authority):
    core_demo.load_people(authority)
    out = io.StringIO()
    demo.load(authority, stdout=out)
    hull = ImprovementPlan.objects.get(title=demo.HULL_TITLE)
    pwg = ImprovementPlan.objects.get(title=demo.PWG_TITLE)
    assert hull.actions.count() == 55 and pwg.actions.count() == 69 + len(demo.SUB_WORKSTREAMS)
    assert hull.sections.filter(parent__isnull=True).count() == 6
    assert pwg.sections.filter(parent__isnull=True).count() == 6 and pwg.action_label == "Workstream"
    assert hull.inspections.get().findings.count() == 5
    assert queries.coverage(hull).uncovered_findings == []  # every AFI has an action
    assert StatusUpdate.objects.filter(action__plan=hull).count() > 100
    assert hull.cycles.filter(board="SEND Delivery Board").count() == 7
    assert queries.actions_led_by(hull.owner).count() == 0
    contributor = User.objects.get(email=demo.CONTRIBUTOR)
    assert queries.actions_led_by(contributor).filter(plan=hull).count() >= 5
    # The demo shows a dependency, a partner authority and workstreams within a workstream.
    evaluate = hull.actions.get(title__startswith="Evaluate the impact of training")
    assert evaluate.dependencies.count() == 2
    assert pwg.partner_authorities.exclude(pk=authority.pk).count() == 1
    assert pwg.actions.filter(parent__isnull=False).count() == len(demo.SUB_WORKSTREAMS)
    demo.load(authority, stdout=out)
    assert ImprovementPlan.objects.filter(title=demo.HULL_TITLE).count() == 1
    assert "already loaded" in out.getvalue()
