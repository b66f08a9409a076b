"""Reminder emails: leads before the deadline, the owner after it; once per cycle."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from plans import services
from plans.models import ReminderSent

from .data_helpers import small_plan

D = datetime.date


@pytest.fixture
def reminding(authority, user_for):
    lead = user_for("plan_contributor", email="lead@example.org")
    owner = user_for("send_manager", email="owner@example.org")
    built = small_plan(authority, lead=lead)
    services.update_plan(built.plan, by=None, owner=owner)
    services.set_action_leads(built.a12, by=None, leads=[{"kind": "strategic", "user": lead}])
    return built


@pytest.mark.django_db
def test_a_lead_is_reminded_before_the_deadline_of_actions_waiting_for_an_update(reminding):
    summary = services.send_plan_reminders(today=D(2025, 1, 15))
    assert [(kind, to, n) for kind, to, n in summary.sent] == [("lead_before_deadline", "lead@example.org", 2)]
    (message,) = mail.outbox
    assert message.to == ["lead@example.org"]
    assert message.subject == "Test SEND strategic plan: updates due by 20 January 2025"
    assert "1.1 Co-produce a communication strategy" in message.body
    assert "1.2 Publish the transition framework" in message.body


@pytest.mark.django_db
def test_actions_already_updated_this_cycle_are_left_out(reminding):
    services.submit_status_update(reminding.a11, status=reminding.options["on_track"], by=None,
                                  reported_on=D(2025, 1, 3))
    services.send_plan_reminders(today=D(2025, 1, 15))
    assert "1.1" not in mail.outbox[0].body and "1.2" in mail.outbox[0].body


@pytest.mark.django_db
def test_no_reminder_is_sent_too_early_or_when_nothing_is_waiting(reminding):
    assert services.send_plan_reminders(today=D(2025, 1, 5)).sent == []  # 15 days before
    for action in (reminding.a11, reminding.a12):
        services.submit_status_update(action, status=reminding.options["on_track"], by=None,
                                      reported_on=D(2025, 1, 3))
    assert services.send_plan_reminders(today=D(2025, 1, 15)).sent == []
    assert mail.outbox == []


@pytest.mark.django_db
def test_reminders_are_sent_once_per_cycle_however_often_the_command_runs(reminding):
    services.send_plan_reminders(today=D(2025, 1, 14))
    second = services.send_plan_reminders(today=D(2025, 1, 15))
    assert len(mail.outbox) == 1 and second.skipped == 1
    assert ReminderSent.objects.get().action_count == 2


@pytest.mark.django_db
def test_the_plan_owner_hears_about_missing_updates_after_the_deadline(reminding):
    services.submit_status_update(reminding.a11, status=reminding.options["on_track"], by=None,
                                  reported_on=D(2025, 1, 3))
    services.send_plan_reminders(today=D(2025, 1, 22))
    (message,) = mail.outbox
    assert message.to == ["owner@example.org"]
    assert message.subject == "Test SEND strategic plan: 1 updates missing for the SEND Delivery Board"
    assert "1.2 Publish the transition framework" in message.body and "1.1" not in message.body
    services.send_plan_reminders(today=D(2025, 1, 23))
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_the_command_reports_what_it_sent(reminding, capsys):
    call_command("send_plan_reminders", "--today", "2025-01-15")
    out = capsys.readouterr().out
    assert "Sent lead_before_deadline to lead@example.org (2 actions)" in out
    assert "1 reminders sent, 0 already sent earlier" in out
