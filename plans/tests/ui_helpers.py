"""A small, readable plan for the page tests, built through the services (synthetic people only)."""

import datetime
from types import SimpleNamespace

from django.test import Client

from plans import dates, services

TODAY = datetime.date(2025, 1, 15)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    client.user = user
    return client


def build_plan(authority, *, lead=None, title="Hull SEND strategic plan"):
    """Two priorities, an objective, three actions (one led by ``lead``), one update, one cycle.

    - 1.1 (in objective A of priority 1): Jan-24 to Jun-25 (month precision), led by ``lead``,
      reported on track on 2 Jan 2025.
    - 2.1 (priority 2): 1 Sep 2024 to 31 Dec 2024, led by a named person at the council; never
      reported on, so past due on TODAY.
    - 2.2 (priority 2): from Feb-25, due date to be confirmed.
    """
    plan = services.create_plan(local_authority=authority, title=title, by=None)
    p1 = services.add_section(plan, code="1", title="Clear and open communication", by=None)
    objective = services.add_section(plan, parent=p1, code="A", title="Families hear from us first", by=None)
    p2 = services.add_section(plan, code="2", title="Identify need early", by=None)
    a11 = services.add_action(plan, section=objective, code="1.1", title="Co-produce a communication strategy",
                              start_on=datetime.date(2024, 1, 1), start_precision=dates.MONTH,
                              due_on=datetime.date(2025, 6, 1), due_precision=dates.MONTH, by=None)
    a21 = services.add_action(plan, section=p2, code="2.1", title="Refresh the early help offer",
                              start_on=datetime.date(2024, 9, 1), due_on=datetime.date(2024, 12, 31), by=None)
    a22 = services.add_action(plan, section=p2, code="2.2", title="Train early years settings",
                              start_on=datetime.date(2025, 2, 1), start_precision=dates.MONTH,
                              due_precision=dates.TBC, by=None)
    if lead is not None:
        services.set_action_leads(a11, leads=[{"kind": "strategic", "user": lead}], by=None)
    services.set_action_leads(a21, leads=[{"kind": "strategic", "name": "Head of Early Help",
                                           "organisation": "Hull City Council"}], by=None)
    on_track = plan.status_options.get(code="on_track")
    services.submit_status_update(a11, status=on_track, by=None, commentary="Draft agreed with the forum",
                                  reported_on=datetime.date(2025, 1, 2))
    cycle = services.create_cycle(plan, board="SEND Delivery Board", period_start=datetime.date(2025, 1, 1),
                                  period_end=datetime.date(2025, 1, 31), deadline=datetime.date(2025, 1, 20),
                                  by=None)
    return SimpleNamespace(plan=plan, p1=p1, objective=objective, p2=p2, a11=a11, a21=a21, a22=a22, cycle=cycle,
                           on_track=on_track)


def add_actions(built, count: int) -> None:
    """More actions under priority 2, for query-count tests."""
    for number in range(count):
        action = services.add_action(built.plan, section=built.p2, code=f"2.{number + 10}",
                                     title=f"Extra action {number}", due_on=datetime.date(2025, 6, 30), by=None)
        services.set_action_leads(action, leads=[{"kind": "strategic", "name": f"Lead {number}",
                                                  "organisation": "Humber ICB"}], by=None)
        services.set_action_sources(action, sources=[{"kind": "sef", "reference": f"SEF {number}"}], by=None)
        services.submit_status_update(action, status=built.on_track, by=None, reported_on=datetime.date(2025, 1, 5))
