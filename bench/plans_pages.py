"""Plan pages benchmark: a plan of 500 actions with 5 years of monthly updates, served by gunicorn.

The plan comes from bench/plans_report.py's generator (8 priorities x 4 objectives, 500 actions,
30,500 status updates). wrk loads each page in turn beside the trivial ``/ping`` view, signed in
as a SEND manager. Goal: plan overview and action list p95 under 200 ms.

    .venv/bin/python bench/plans_pages.py                  # SQLite and, where installed, PostgreSQL
    BENCH_ENGINES=sqlite BENCH_SECONDS=10 BENCH_CONNECTIONS=4 .venv/bin/python bench/plans_pages.py
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import harness  # noqa: E402

CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "4"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "15"))
GOAL_MS = 200
THREADS = min(2, CONNECTIONS)

GENERATE = f"""
import datetime, sys
sys.path.insert(0, {str(ROOT)!r})
from bench.plans_report import generate
from core.models import LocalAuthority
plan, updates = generate(LocalAuthority.objects.get(code="810"), today=datetime.date.today())
action = plan.actions.order_by("position").first()
print(plan.pk, action.pk, plan.actions.count(), updates)
"""


def main() -> None:
    for engine in harness.engines():
        with harness.database(engine) as db:
            harness.manage(db, "migrate", "--no-input")
            plan_id, action_id, actions, updates = harness.python(db, GENERATE).strip().splitlines()[-1].split()
            cookie = harness.session_cookie(db, "bench.manager@example.org", role="send_manager", la="810")
            pages = [
                ("plan overview (500 actions)", f"/plans/{plan_id}/", True),
                ("action list, page 1 of 10", f"/plans/{plan_id}/actions/", True),
                ("action list, past due, by due date", f"/plans/{plan_id}/actions/?overdue=on&sort=due", True),
                ("action page (60 updates)", f"/plans/actions/{action_id}/", False),
                ("timeline (SVG and table)", f"/plans/{plan_id}/timeline/", False),
            ]
            with harness.server(db) as base:
                rows = [("baseline: /ping (one-line view)",
                         harness.wrk(base + "/ping", connections=CONNECTIONS, seconds=SECONDS, threads=THREADS))]
                for name, path, _goal in pages:
                    rows.append((name, harness.wrk(base + path, cookie=cookie, connections=CONNECTIONS, threads=THREADS,
                                                   seconds=SECONDS)))
            harness.report(f"Plan pages, {actions} actions and {int(updates):,} updates "
                           f"({engine}, {CONNECTIONS} connections, {SECONDS} s each)", rows)
            results = dict(rows)
            for name, _path, goal in pages:
                if goal:
                    result = results[name]
                    met = result["errors"] == 0 and result["p95"] < GOAL_MS
                    print(f"  goal ({name}: 0 errors, p95 < {GOAL_MS} ms): {'met' if met else 'NOT met'}")


if __name__ == "__main__":
    main()
