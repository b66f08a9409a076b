"""Board report benchmark: a plan of 500 actions with 5 years of monthly updates.

Times, in one run and on the same database:
- baseline: WeasyPrint drawing a trivial one-paragraph page (the PDF engine's fixed cost);
- the board report's content (plans.reports.build_board_report) for the latest monthly cycle;
- the board report as a PDF (content + WeasyPrint) and as Word (content + python-docx);
- the plan's action rows with flags (plans.queries.action_rows), which the list pages use.

Goal: PDF board report under 3 s. Each figure is the median of BENCH_REPEAT runs (default 3).

    .venv/bin/python bench/plans_report.py            # SQLite and, where installed, PostgreSQL
    BENCH_ENGINES=sqlite .venv/bin/python bench/plans_report.py
"""

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ACTIONS = 500
MONTHS = 60
REPEAT = int(os.environ.get("BENCH_REPEAT", "3"))


def generate(authority, *, today):
    """The plan: 8 priorities x 4 objectives, 500 actions started across 5 years, monthly updates."""
    import datetime
    import random

    from plans import dates, services
    from plans.models import Action, ActionLead, ActionSource, ReportingCycle, StatusUpdate

    rng = random.Random(500)
    first = dates.add_months(today.replace(day=1), -MONTHS)
    plan = services.create_plan(local_authority=authority, title="Benchmark plan (500 actions)", by=None)
    options = {o.meaning: o for o in plan.status_options.all()}
    objectives = []
    for p in range(1, 9):
        priority = services.add_section(plan, code=str(p), title=f"Priority {p}: a strategic priority", by=None)
        for o in range(1, 5):
            objectives.append(services.add_section(plan, parent=priority, code=f"{p}{'ABCD'[o - 1]}",
                                                   title=f"Objective {p}{'ABCD'[o - 1]}", by=None))
    actions = []
    for n in range(ACTIONS):
        start = dates.add_months(first, rng.randrange(0, 3))
        due = dates.add_months(start, rng.randrange(12, MONTHS + 12))
        section = objectives[n % len(objectives)]
        actions.append(Action(plan=plan, section=section, code=f"{section.code}.{n // len(objectives) + 1}",
                              title=f"Action {n + 1}: improve an aspect of the local offer for families",
                              intended_outcomes="Families get the right support at the right time",
                              impact_measures="Parent survey; scorecard measures", start_on=start,
                              start_precision="month", due_on=due, due_precision="month", position=n + 1))
    Action.objects.bulk_create(actions)
    ActionLead.objects.bulk_create([ActionLead(action=a, kind="strategic", name=f"Assistant Director {i % 12}",
                                               organisation="Example Council") for i, a in enumerate(actions)])
    ActionSource.objects.bulk_create([ActionSource(action=a, kind=["sef", "dbv", "afi"][i % 3],
                                                   reference=f"AFI{i % 5 + 1}" if i % 3 == 2 else "")
                                      for i, a in enumerate(actions)])
    cycles = []
    for m in range(MONTHS + 1):
        start = dates.add_months(first, m)
        cycles.append(ReportingCycle(plan=plan, board="SEND Delivery Board", period_start=start,
                                     period_end=dates.month_end(start), deadline=start.replace(day=20)))
    ReportingCycle.objects.bulk_create(cycles)
    updates, finals = [], {}
    for action in actions:
        meaning = "on_track"
        for cycle in cycles:  # every action reported on every month: 5 years of monthly updates
            if cycle.deadline > today:
                continue
            if meaning in ("completed", "sustained"):
                meaning = "sustained" if meaning == "sustained" or rng.random() < 0.2 else "completed"
            elif cycle.period_start > action.due_on:
                meaning = "completed" if rng.random() < 0.7 else rng.choice(["off_track", "some_concerns"])
            else:
                roll = rng.random()
                meaning = ("some_concerns" if roll < 0.08 else "off_track" if roll < 0.11 else "on_track")
            on = cycle.deadline - datetime.timedelta(days=3)
            updates.append(StatusUpdate(action=action, cycle=cycle, status=options[meaning], reported_on=on,
                                        commentary=f"Update for {cycle.period_start:%B %Y}: progress as planned, "
                                                   "with partners reporting through the workstream.",
                                        next_steps="Report to the next board.",
                                        risks_and_issues="Capacity" if meaning in ("off_track",
                                                                                   "some_concerns") else ""))
            finals[action.pk] = (options[meaning], on)
    StatusUpdate.objects.bulk_create(updates, batch_size=2000)
    for action in actions:
        if action.pk in finals:
            action.status, action.last_update_on = finals[action.pk]
    Action.objects.bulk_update(actions, ["status", "last_update_on"], batch_size=500)
    return plan, len(updates)


def worker() -> None:
    os.environ.setdefault("SENDSIGHT_MODE", "demo")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sendsight.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    import datetime

    from core.models import LocalAuthority
    from plans import queries, reports
    from plans.exporters import pdf, word

    today = datetime.date(2026, 11, 23)
    authority = LocalAuthority.objects.get(code="810")
    started = time.perf_counter()
    plan, update_count = generate(authority, today=today)
    print(f"  data: {plan.actions.count()} actions, {update_count:,} status updates over {MONTHS} months "
          f"(generated in {time.perf_counter() - started:.1f} s)")
    cycle = plan.cycles.filter(deadline__lte=today).order_by("-period_start").first()

    def trivial_pdf():
        return pdf.html_to_pdf("<!DOCTYPE html><html lang='en'><body><p>Baseline page</p></body></html>")

    trivial_pdf()  # warm up: fonts and WeasyPrint's caches load once per process
    # Interleaved, so the baseline and each measurement see the same load on a shared machine.
    samples = {name: [] for name in ("baseline", "content", "pdf", "docx", "rows")}
    report = document = rows = None
    for _ in range(REPEAT):
        for name, function in (
            ("baseline", trivial_pdf),
            ("content", lambda: reports.build_board_report(plan, cycle, today=today)),
            ("pdf", lambda: pdf.board_report_pdf(reports.build_board_report(plan, cycle, today=today))),
            ("docx", lambda: word.board_report_docx(reports.build_board_report(plan, cycle, today=today))),
            ("rows", lambda: queries.action_rows(plan, today=today)),
        ):
            started = time.perf_counter()
            value = function()
            samples[name].append(time.perf_counter() - started)
            report = value if name == "content" else report
            document = value if name == "pdf" else document
            rows = value if name == "rows" else rows
    baseline, content, pdf_time, docx_time, rows_time = (statistics.median(samples[name]) for name in samples)
    ratio = statistics.median(p / b for p, b in zip(samples["pdf"], samples["baseline"], strict=True))
    print(f"  report: {len(report.exceptions)} exceptions, {len(report.completed)} completed since last, "
          f"{len(report.due_next)} due next; PDF {len(document):,} bytes")
    width = 52
    print(f"  {'baseline: WeasyPrint, trivial page':<{width}} {baseline * 1000:8.0f} ms")
    print(f"  {'board report content (build_board_report)':<{width}} {content * 1000:8.0f} ms")
    print(f"  {'board report PDF (content + WeasyPrint)':<{width}} {pdf_time * 1000:8.0f} ms")
    print(f"  {'board report Word (content + python-docx)':<{width}} {docx_time * 1000:8.0f} ms")
    print(f"  {'action rows with flags (' + str(len(rows)) + ' actions)':<{width}} {rows_time * 1000:8.0f} ms")
    print(f"  PDF board report / baseline (median of paired runs): {ratio:.0f}x; load average {os.getloadavg()[0]:.1f}")
    print(f"  goal (PDF board report < 3 s): {'met' if pdf_time < 3 else 'NOT met'}")


def main() -> None:
    from bench import harness

    for engine in harness.engines():
        print(f"Board report, 500 actions x 5 years of monthly updates ({engine}, median of {REPEAT})")
        with harness.database(engine) as db:
            env = dict(os.environ, DATABASE_URL=db, SENDSIGHT_MODE="demo", LOG_LEVEL="WARNING", DEBUG="")
            subprocess.run([sys.executable, __file__, "--worker"], env=env, cwd=ROOT, check=True)


if __name__ == "__main__":
    if "--worker" in sys.argv:
        worker()
    else:
        main()
