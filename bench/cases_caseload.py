"""Casework pages at scale: the caseload page of an authority with 25,000 plans in force.

For each engine (SQLite, and PostgreSQL where it is installed) a throwaway database gets
``cases.synthetic`` casework for Hull (BENCH_PLANS plans in force, default 25,000; BENCH_YEARS of
history, default 10; seed 1) with cases spread over 20 officers, one of them the signed-in bench
user. Then gunicorn serves it and wrk loads, 16 connections for BENCH_SECONDS (default 30) each:

* baseline: ``/ping``, the cheapest view Django serves, measured in the same run;
* ``/cases/810/caseload/``: my caseload (about 1 case in 20 of the authority's);
* ``/cases/810/caseload/team/``: the team caseload, every live case (the largest list);
* ``/cases/810/caseload/team/?overdue=on&sort=name``: a filtered, re-sorted team caseload;
* ``/cases/810/caseload/team/?page=300``: a deep page of the team caseload;
* ``/cases/810/cases/<pk>/``: one case page (its deadlines worked out by the clock).

Each set is run twice: 16 connections (throughput under load) and 1 connection (the latency of one
request at a time, without queueing behind our own requests). The load average is printed: on a
shared machine, compare each page with the /ping baseline of the same run.

Goal (issue 3): caseload page p95 under 100 ms, on SQLite and PostgreSQL.

    .venv/bin/python bench/cases_caseload.py
    BENCH_ENGINES=sqlite BENCH_PLANS=2000 BENCH_SECONDS=5 .venv/bin/python bench/cases_caseload.py
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness  # noqa: E402

PLANS = int(os.environ.get("BENCH_PLANS", "25000"))
YEARS = int(os.environ.get("BENCH_YEARS", "10"))
EMAIL = "bench.caseworker@example.org"

PREPARE = """
import datetime, json
from cases import synthetic
from cases.models import Request
from core.models import LocalAuthority, RoleAssignment, User
la = LocalAuthority.objects.get(code="810")
officers = []
for n in range(20):
    email = {email!r} if n == 0 else f"bench.officer{{n}}@example.org"
    user = User.objects.filter(email=email).first() or User.objects.create_user(email, None, full_name=f"Officer {{n:02d}}")
    RoleAssignment.objects.get_or_create(user=user, role="caseworker", local_authority=la)
    officers.append(user)
counts = synthetic.generate(la, plans={plans}, years={years}, seed=1, end=datetime.date.today(),
                            officers=officers, teams=synthetic.demo_teams(la))
live = Request.objects.filter(local_authority=la, stage__in=["request", "assessment", "drafting", "plan"])
case = live.filter(stage="plan").order_by("pk").first()
print(json.dumps({{"counts": counts, "live": live.count(), "mine": live.filter(officer=officers[0]).count(),
                  "case": case.pk}}, default=str))
"""


def main() -> None:
    import json

    for engine in harness.engines():
        with harness.database(engine) as db:
            harness.manage(db, "migrate", "--no-input")
            started = time.perf_counter()
            out = harness.python(db, PREPARE.format(email=EMAIL, plans=PLANS, years=YEARS))
            facts = json.loads(out.strip().splitlines()[-1])
            print(f"\n{engine}: synthetic casework for Hull in {time.perf_counter() - started:.0f} s: "
                  f"{facts['counts']}; {facts['live']} live cases, {facts['mine']} assigned to the bench user")
            cookie = harness.session_cookie(db, EMAIL, role="caseworker", la="810")
            pages = [
                ("my caseload", "/cases/810/caseload/"),
                ("team caseload", "/cases/810/caseload/team/"),
                ("team caseload, overdue, by name", "/cases/810/caseload/team/?overdue=on&sort=name"),
                ("team caseload, page 300", "/cases/810/caseload/team/?page=300"),
                ("one case page", f"/cases/810/cases/{facts['case']}/"),
            ]
            with harness.server(db) as base:
                for connections in (16, 1):
                    rows = [("baseline: /ping (one-line view)", harness.wrk(base + "/ping", connections=connections,
                                                                             threads=1 if connections == 1 else 2))]
                    for name, path in pages:
                        rows.append((name, harness.wrk(base + path, cookie=cookie, connections=connections,
                                                       threads=1 if connections == 1 else 2)))
                    harness.report(f"Casework pages at {PLANS:,} plans ({engine}, {connections} connection"
                                   f"{'s' if connections > 1 else ''})", rows)
                    caseloads = [r for name, r in rows[1:5]]
                    ok = all(r["errors"] == 0 and r["p95"] < 100 for r in caseloads)
                    worst = max(r["p95"] for r in caseloads)
                    print(f"  goal (caseload pages: 0 errors, p95 < 100 ms): {'met' if ok else 'NOT met'} "
                          f"(worst caseload p95 {worst:.1f} ms; machine load average {os.getloadavg()[0]:.1f} "
                          f"on {os.cpu_count()} CPUs)")


if __name__ == "__main__":
    main()
