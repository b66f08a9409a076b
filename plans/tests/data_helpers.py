"""Plans for plans-data's tests, built through the services. Synthetic people only."""

import datetime
from types import SimpleNamespace

from plans import dates, services

D = datetime.date


def small_plan(authority, *, lead=None, scale: str = "common"):
    """Two priorities, one objective, three actions, one inspection with two AFIs, one cycle.

    - 1.1 under objective 1A: Feb-24 to Jun-25 (months), SEF and AFI1, led by ``lead`` if given.
    - 1.2 under priority 1: 1 Sep 2024 to 31 Dec 2024, AFI1; no update (past due on 15 Jan 2025).
    - 2.1 under priority 2: from Mar-25, due TBC; no source.
    AFI2 has no action. The cycle is January 2025, updates due 20 January.
    """
    plan = services.create_plan(local_authority=authority, title="Test SEND strategic plan", by=None,
                                status_scale=scale)
    inspection = services.record_inspection(
        local_authority=authority, title="Area SEND inspection, November 2023", by=None, plans=[plan],
        findings=[("afi", 1, "Strengthen transition into adulthood"), ("afi", 2, "Embed EHC plan quality assurance")])
    afi1, afi2 = inspection.findings.order_by("number")
    p1 = services.add_section(plan, code="1", title="Clear and open communication", by=None)
    objective = services.add_section(plan, parent=p1, code="1A", title="Families hear from us first", by=None)
    p2 = services.add_section(plan, code="2", title="Identify need early", by=None)
    a11 = services.add_action(plan, section=objective, code="1.1", title="Co-produce a communication strategy",
                              intended_outcomes="Families feel listened to", impact_measures="Parent survey",
                              start_on=D(2024, 2, 1), start_precision=dates.MONTH,
                              due_on=D(2025, 6, 1), due_precision=dates.MONTH, by=None)
    a12 = services.add_action(plan, section=p1, code="1.2", title="Publish the transition framework",
                              start_on=D(2024, 9, 1), due_on=D(2024, 12, 31), by=None)
    a21 = services.add_action(plan, section=p2, code="2.1", title="Train early years settings",
                              start_on=D(2025, 3, 1), start_precision=dates.MONTH, due_precision=dates.TBC, by=None)
    leads = [{"kind": "strategic", "name": "Assistant Director Learning and Skills"}]
    if lead is not None:
        leads.append({"kind": "delivery", "user": lead})
    services.set_action_leads(a11, leads=leads, by=None)
    services.set_action_leads(a12, leads=[{"kind": "strategic", "name": "Head of Service (SEND)",
                                           "organisation": "Hull City Council"}], by=None)
    services.set_action_sources(a11, sources=[{"kind": "sef"}, {"kind": "afi", "finding": afi1}], by=None)
    services.set_action_sources(a12, sources=[{"kind": "afi", "finding": afi1}], by=None)
    cycle = services.create_cycle(plan, board="SEND Delivery Board", period_start=D(2025, 1, 1),
                                  period_end=D(2025, 1, 31), deadline=D(2025, 1, 20), by=None)
    options = {option.meaning: option for option in plan.status_options.all()}
    return SimpleNamespace(plan=plan, inspection=inspection, afi1=afi1, afi2=afi2, p1=p1, objective=objective,
                           p2=p2, a11=a11, a12=a12, a21=a21, cycle=cycle, options=options)
