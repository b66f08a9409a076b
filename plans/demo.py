"""Demo improvement plans for `make demo` (``load(authority, *, stdout)``; safe to run again).

1. Hull's SEND strategic plan: six priorities, objectives and actions from Hull's published "one
   plan" (plans/demo_data/hull_strategic_plan.csv, see PROVENANCE.md), imported through the same
   importer users use, answering the November 2023 area SEND inspection and its five areas for
   improvement, with monthly SEND Delivery Board and quarterly Strategic Board cycles and a few
   months of status updates.
2. A second plan organised by partner working groups (outcomes A–D, workstreams with durations),
   built from West Sussex's published SEND & AP improvement plan; named people replaced by roles.

Dates are moved on by whole years so the plan sits around today as it did when published. The
demo contributor (contributor@example.org) leads some actions; the demo manager owns the plans.
Demo additions, not in the published documents: a few dependencies between Hull's training
actions; in the partner working groups plan, two workstreams within the first workstream, and the
plan shared with a neighbouring authority as a partnership plan.
"""

import csv
import datetime
import io
import random
import re
from pathlib import Path

from django.db import transaction

from core.clock import today as clock_today
from core.models import LocalAuthority, User

from . import dates, services
from .choices import CycleFrequency, FindingKind, LeadKind, PlanKind, SourceKind
from .importers import tabular
from .models import Action, ImprovementPlan

DATA = Path(__file__).resolve().parent / "demo_data"
HULL_TITLE = "SEND strategic plan (the one plan)"
PWG_TITLE = "SEND and AP improvement plan: partner working groups"
HULL_PUBLISHED_YEAR = 2024  # the plan's dates sit around late 2024 when shown "today"
CONTRIBUTOR = "contributor@example.org"
OWNER = "manager@example.org"

INSPECTION = {
    "title": "Area SEND inspection, November 2023",
    "inspected_on": datetime.date(2023, 11, 13),
    "published_on": datetime.date(2024, 1, 16),
    "outcome": ("The local area partnership's arrangements lead to inconsistent experiences and outcomes for "
                "children and young people with SEND. The local area partnership must work jointly to make "
                "improvements."),
}
AREAS_FOR_IMPROVEMENT = [
    "Leaders should strengthen the transition into adulthood practices for those young people who do not meet "
    "the threshold for high needs and complex care. Leaders should implement a framework that puts the "
    "individual needs of the young person at the centre of planning.",
    "Leaders should further develop and embed the quality assurance framework around all existing and newly "
    "issued EHC plans, improving the quality and depth of contributions from health and social care partners, "
    "and ensure that EHC plans are shared with all services, including general practices.",
    "Leaders should ensure that social care and education partners understand how to record the individual "
    "vulnerabilities of children and young people.",
    "Leaders should develop a coordinated local area partnership approach to training and workforce "
    "development. It should be multi-disciplinary to ensure consistency of practice and accountability.",
    "Leaders should measure the impact of strategic actions of the local area partnership more consistently, "
    "and use the information to evaluate the effectiveness of the partnership's work.",
]

# Dependencies to show (demo, not in the published plan): (words in the action, words in the one it depends on).
DEPENDENCIES = [
    ("Evaluate the impact of training", "Map out the send training offer"),
    ("Evaluate the impact of training", "Embed the Integrated Care Board (ICB) SEND training framework"),
    ("Implement a partnership wide training offer", "Map out the send training offer"),
]
# Workstreams within the first partner working group workstream (demo): (code suffix, title, days).
SUB_WORKSTREAMS = [
    ("a", "Audit the quality of assess, plan, do, review records in ten mainstream schools", 60),
    ("b", "Train SENCOs in the graduated approach, using what the audit found", 90),
]
PARTNER_CODES = ["811", "812", "813"]  # a neighbouring authority to share the partnership plan with

# Catalogue indicators to link, by words in the action's title: (words, indicator code, target).
INDICATOR_LINKS = [
    ("20 week", "ehcp_issued_20wk_pc", 50.0),
    ("EHC plans are shared", "ehcp_issued_20wk_pc", 60.0),
    ("Attention Deficit", "adhd_wait_over_52wk", 0.0),
    ("Attention Deficit", "autism_wait_over_52wk", 0.0),
    ("Speech and Language", "salt_wait_over_18wk", 0.0),
    ("learning from complaints", "send_complaints_in_time_pc", 90.0),
    ("Local Offer", "local_offer_visits", None),
    ("Supported Internships", "neet_send_pc", 3.0),
]

COMMENTARY = {
    "not_due": ["Planning under way; work starts as scheduled.", "Scoping with partners before the start date."],
    "on_track": ["Milestones for the month met; partners engaged and reporting through the workstream.",
                 "Progress reported to the workstream group; evidence of impact being gathered.",
                 "Delivery on schedule; parent carer forum consulted on the next stage."],
    "some_concerns": ["Capacity in the team is stretched by vacancies; recovery plan agreed with the lead.",
                      "Partner contributions arriving late; escalated to the SEND Delivery Board.",
                      "Demand is higher than forecast, so the timescale is at risk."],
    "off_track": ["Recruitment to key posts has not succeeded; the due date will be missed without extra capacity.",
                  "Commissioning has been delayed by the procurement timetable; revised date to be agreed."],
    "completed": ["Work complete; impact measures now reported through the scorecard."],
    "sustained": ["Embedded in business as usual and sustained for two quarters."],
}
NEXT_STEPS = ["Report progress to the next SEND Delivery Board.", "Agree the revised milestones with partners.",
              "Share the evaluation with the parent carer forum."]
RISKS = ["Workforce capacity across partners.", "Funding beyond the current financial year is not yet agreed."]

PWG_ROLES = ["Head of SEN Support and Inclusion", "Head of SEND Assessment and Review", "Principal Educational "
             "Psychologist", "Designated Clinical Officer (ICB)", "Head of Early Help", "Head of Alternative Provision",
             "Head of Preparing for Adulthood", "Participation and Co-production Lead", "Head of Early Years"]


def _shift_month_text(text: str, years: int) -> str:
    """``Feb-23`` moved on by ``years`` (other text unchanged)."""
    match = re.fullmatch(r"([A-Za-z]{3})-(\d{2})", text.strip())
    if not match or years == 0:
        return text
    return f"{match.group(1)}-{(int(match.group(2)) + years) % 100:02d}"


def hull_csv(*, shift_years: int) -> bytes:
    """The Hull plan in the plain layout, with dates moved on by ``shift_years``."""
    with (DATA / "hull_strategic_plan.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    start, due = header.index("Start"), header.index("Due")
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows[1:]:
        row[start], row[due] = _shift_month_text(row[start], shift_years), _shift_month_text(row[due], shift_years)
        writer.writerow(row)
    return buffer.getvalue().encode("utf-8")


def load(authority, *, stdout) -> None:
    today = clock_today()
    if ImprovementPlan.objects.filter(local_authority=authority, title=HULL_TITLE).exists():
        stdout.write("Demo improvement plans: already loaded")
        return
    with transaction.atomic():
        hull = _load_hull(authority, today=today)
        pwg = _load_partner_working_groups(authority, today=today)
    stdout.write(f"Demo improvement plans: {hull.title} ({hull.actions.count()} actions), "
                 f"{pwg.title} ({pwg.actions.count()} actions)")


def _people():
    return User.objects.filter(email=OWNER).first(), User.objects.filter(email=CONTRIBUTOR).first()


def _load_hull(authority, *, today: datetime.date) -> ImprovementPlan:
    owner, contributor = _people()
    shift = max(0, today.year - HULL_PUBLISHED_YEAR)
    inspection = services.record_inspection(
        local_authority=authority, by=None, title=INSPECTION["title"], outcome=INSPECTION["outcome"],
        inspected_on=INSPECTION["inspected_on"], published_on=INSPECTION["published_on"],
        findings=[(FindingKind.AREA_FOR_IMPROVEMENT, number, text)
                  for number, text in enumerate(AREAS_FOR_IMPROVEMENT, start=1)],
    )
    first_cycle = dates.add_months(today.replace(day=1), -5)
    plan = tabular.import_plan(local_authority=authority, title=HULL_TITLE, file_name="hull_strategic_plan.csv",
                               content=hull_csv(shift_years=shift), by=None, inspection=inspection,
                               kind=PlanKind.STRATEGIC, status_scale="ragp", today=first_cycle)
    services.update_plan(plan, by=None, owner=owner, section_labels=["Priority", "Objective"],
                         description="Our 'one plan' for SEND improvement: actions from the self-evaluation, "
                                     "Delivering Better Value and the inspection's areas for improvement.",
                         starts_on=datetime.date(2024 + shift, 1, 1), ends_on=datetime.date(2027 + shift, 3, 31))
    _number_actions(plan)
    _give_actions_to_contributor(plan, contributor)
    _link_indicators(plan)
    _add_dependencies(plan)
    services.schedule_cycles(plan, board="SEND Delivery Board", frequency=CycleFrequency.MONTHLY,
                             first_period_start=first_cycle, count=7, by=None)
    services.schedule_cycles(plan, board="SEND Strategic Board", frequency=CycleFrequency.QUARTERLY,
                             first_period_start=dates.add_months(first_cycle, -(first_cycle.month - 1) % 3), count=3,
                             by=None)
    _add_updates(plan, today=today)
    return plan


def _number_actions(plan) -> None:
    """Give each action a code from its priority and place: 1.1, 1.2 ... (Hull's plan has none)."""
    counters: dict[int, int] = {}
    top = {}
    for section in plan.sections.all():
        top[section.pk] = section if section.parent_id is None else None
    for section in plan.sections.all():
        if section.parent_id:
            top[section.pk] = top[section.parent_id]
    for action in plan.actions.order_by("position"):
        priority = top[action.section_id]
        counters[priority.pk] = counters.get(priority.pk, 0) + 1
        services.update_action(action, by=None, code=f"{priority.code}.{counters[priority.pk]}")


def _give_actions_to_contributor(plan, contributor) -> None:
    """The demo contributor (from the ICB) delivers the health actions and a few others."""
    if contributor is None:
        return
    chosen = [a for a in plan.actions.prefetch_related("leads") if any(
        word in a.title for word in ("Integrated Care Board", "Attention Deficit", "Speech and Language",
                                     "mandatory training", "multi agency SEND reviews"))]
    for action in chosen:
        leads = [{"kind": lead.kind, "user": lead.user, "name": lead.name, "organisation": lead.organisation}
                 for lead in action.leads.all()]
        leads.append({"kind": LeadKind.DELIVERY, "user": contributor, "name": "", "organisation": ""})
        services.set_action_leads(action, leads=leads, by=None)


def _add_dependencies(plan) -> None:
    actions = list(plan.actions.order_by("position"))

    def find(words):
        return next((a for a in actions if words.lower() in a.title.lower()), None)

    for words, other_words in DEPENDENCIES:
        action, other = find(words), find(other_words)
        if action is not None and other is not None:
            services.add_dependency(action, depends_on=other, by=None)


def _link_indicators(plan) -> None:
    try:
        from indicators.models import Indicator
    except ImportError:  # pragma: no cover - the indicators app is always installed
        return
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=[code for _, code, _ in INDICATOR_LINKS])}
    for action in plan.actions.all():
        for words, code, target in INDICATOR_LINKS:
            if words.lower() in action.title.lower() and code in indicators:
                services.link_indicator(action, indicator=indicators[code], target=target, by=None,
                                        target_note="Plan target")


def _add_updates(plan, *, today: datetime.date) -> None:
    """Monthly updates for each past cycle; a few actions left without this month's update."""
    rng = random.Random(810)
    options = {o.meaning: o for o in plan.status_options.all()}
    cycles = list(plan.cycles.filter(board="SEND Delivery Board", period_start__lte=today).order_by("period_start"))
    actions = list(plan.actions.select_related("status").order_by("position"))
    for index, cycle in enumerate(cycles):
        current = index == len(cycles) - 1
        reported_on = min(cycle.deadline - datetime.timedelta(days=3), today)
        for action in actions:
            meaning = action.status.meaning if action.status_id else "not_due"
            if meaning in ("completed", "sustained") or (action.start_on and action.start_on > reported_on):
                continue
            if current and rng.random() < 0.3:
                continue  # not updated yet this cycle: the flag and the reminders have something to show
            meaning = _next_meaning(meaning, action, reported_on, rng)
            services.submit_status_update(
                action, status=options[meaning], by=None, reported_on=reported_on, cycle=cycle,
                commentary=rng.choice(COMMENTARY[meaning]),
                next_steps=rng.choice(NEXT_STEPS) if meaning not in ("completed", "sustained") else "",
                risks_and_issues=rng.choice(RISKS) if meaning in ("some_concerns", "off_track") else "",
                evidence=[{"title": "Highlight report to the workstream group",
                           "url": "https://www.example.org/send/highlight-report"}] if rng.random() < 0.15 else (),
            )
            action.refresh_from_db(fields=["status", "last_update_on", "completed_on"])


def _next_meaning(meaning: str, action: Action, on: datetime.date, rng: random.Random) -> str:
    due = dates.due_by(action.due_on, action.due_precision)
    if meaning == "not_due":
        return "on_track"
    if due and due < on:
        return rng.choice(["completed", "completed", "off_track", "some_concerns"])
    roll = rng.random()
    if meaning == "on_track":
        return "some_concerns" if roll < 0.1 else "on_track"
    if meaning == "some_concerns":
        return "on_track" if roll < 0.4 else ("off_track" if roll < 0.5 else "some_concerns")
    if meaning == "off_track":
        return "some_concerns" if roll < 0.5 else "off_track"
    return meaning


def _load_partner_working_groups(authority, *, today: datetime.date) -> ImprovementPlan:
    owner, contributor = _people()
    plan = services.create_plan(
        local_authority=authority, title=PWG_TITLE, kind=PlanKind.PRIORITY_ACTION, by=None, owner=owner,
        section_labels=["Partner working group", "Outcome"], action_label="Workstream",
        description="Six partner working groups, each with outcomes A to D and improvement workstreams "
                    "(after West Sussex's SEND and AP improvement plan, redesigned autumn 2023).",
        starts_on=today.replace(day=1) - datetime.timedelta(days=180))
    with (DATA / "west_sussex_partner_working_groups.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    groups, outcomes = {}, {}
    start = plan.starts_on
    options = {o.meaning: o for o in plan.status_options.all()}
    rng = random.Random(4)
    for position, row in enumerate(rows, start=1):
        number = row["PWG"]
        if number not in groups:
            groups[number] = services.add_section(plan, code=f"PWG{number}", title=row["PWG title"], by=None,
                                                  lead_name=PWG_ROLES[int(number) % len(PWG_ROLES)])
        key = (number, row["Outcome"])
        if key not in outcomes:
            outcomes[key] = services.add_section(plan, parent=groups[number], code=row["Outcome"],
                                                 title=row["Outcome title"] or f"Outcome {row['Outcome']}", by=None)
        days = int(row["Duration days"]) if row["Duration days"] else None
        begins = start + datetime.timedelta(days=30 * ((position * 7) % 5))
        action = services.add_action(
            plan, section=outcomes[key], code=f"{number}.{row['Code']}", title=row["Workstream"], by=None,
            start_on=begins, start_precision="day", duration_days=days, position=position,
            due_on=begins + datetime.timedelta(days=days - 1) if days else None,
            due_precision="day" if days else "tbc")
        leads = [{"kind": LeadKind.STRATEGIC, "name": PWG_ROLES[position % len(PWG_ROLES)],
                  "organisation": "Example Council" if position % 3 else "Example Integrated Care Board"}]
        if contributor is not None and position % 9 == 0:
            leads.append({"kind": LeadKind.DELIVERY, "user": contributor})
        services.set_action_leads(action, leads=leads, by=None)
        services.set_action_sources(action, by=None, sources=[
            {"kind": SourceKind.WRITTEN_STATEMENT if number in ("2", "4") else SourceKind.SELF_EVALUATION}])
        if begins <= today:
            meaning = rng.choice(["on_track", "on_track", "some_concerns", "completed", "off_track"])
            services.submit_status_update(action, status=options[meaning], by=None,
                                          reported_on=min(today, begins + datetime.timedelta(days=60)),
                                          commentary=rng.choice(COMMENTARY[meaning]))
    _add_sub_workstreams(plan)
    partner = LocalAuthority.objects.filter(code__in=PARTNER_CODES).exclude(pk=authority.pk).order_by("code").first()
    if partner is not None:
        services.add_partner_authority(plan, local_authority=partner, by=None)
    services.schedule_cycles(plan, board="SEND and AP Improvement Board", frequency=CycleFrequency.MONTHLY,
                             first_period_start=dates.add_months(today.replace(day=1), -2), count=4, by=None)
    return plan


def _add_sub_workstreams(plan) -> None:
    """Two workstreams within the first workstream, the second waiting for the first."""
    parent = plan.actions.order_by("position").first()
    previous = None
    for suffix, title, days in SUB_WORKSTREAMS:
        start = (previous.due_on + datetime.timedelta(days=1)) if previous else parent.start_on
        child = services.add_action(plan, section=parent.section, parent=parent, code=f"{parent.code}{suffix}",
                                    title=title, start_on=start, start_precision="day", duration_days=days,
                                    due_on=start + datetime.timedelta(days=days - 1), due_precision="day",
                                    position=parent.position, by=None)
        services.set_action_leads(child, by=None, leads=[{"kind": LeadKind.STRATEGIC, "name": PWG_ROLES[0],
                                                          "organisation": "Example Council"}])
        if previous is not None:
            services.add_dependency(child, depends_on=previous, by=None)
        previous = child
