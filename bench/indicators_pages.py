"""Scorecard and public dashboard pages under load, beside the trivial /ping view.

Data: every shipped published file loaded (all 153 authorities, every year), plus a scorecard of
60 indicators x 36 months of the authority's own figures for Kingston upon Hull (810). Then 16
concurrent connections for BENCH_SECONDS (30) against gunicorn, on SQLite and PostgreSQL:

- /ping (baseline), /dashboard/ (England overview), /dashboard/810/ (public, one authority),
- /indicators/810/ (the scorecard, signed in).

Goals: p95 under 200 ms and no errors for each page. Pages are built once per gunicorn worker and
reused until a figure changes (indicators/queries/cache.py ``cached``): the first request's time is
printed, then each page gets a 3-second warm-up so every worker has built it, then the measured run.

    .venv/bin/python bench/indicators_pages.py          # BENCH_ENGINES=sqlite to skip PostgreSQL
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("BENCH_PG_PORT", "55447")  # not the harness default, so it can run beside others

from bench import harness  # noqa: E402

INDICATORS = 60
MONTHS = 36
PAGES = ["/dashboard/", "/dashboard/810/", "/indicators/810/"]

PREPARE = f"""
import datetime, random
from django.db.models import Q
from core.models import LocalAuthority
from indicators import periods
from indicators.models import Indicator, Target, Value
la = LocalAuthority.objects.get(code="810")
shared = list(Indicator.objects.filter(is_active=True, local_authority__isnull=True))
for n in range(len(shared), {INDICATORS}):
    Indicator.objects.get_or_create(code=f"la810_bench_{{n}}", defaults=dict(
        title=f"Local measure {{n}}", local_authority=la, unit="percent", decimal_places=1, polarity="higher",
        frequency="monthly", period_type="month", theme="health", owner="ICB"))
indicators = list(Indicator.objects.filter(Q(local_authority__isnull=True) | Q(local_authority=la), is_active=True))
rng = random.Random(810)
end = datetime.date(2025, 10, 31)
rows = []
for indicator in indicators:
    kind = indicator.local_period_type
    for month in periods.months_ending(end, {MONTHS}):
        period = periods.from_start(kind, month.start) if kind in ("month",) else (
            periods.rolling_12(month.end) if kind == "rolling_12" else None)
        if period is None:
            continue
        rows.append(Value(indicator=indicator, geography="local_authority", area_code="810", local_authority=la,
                          region_id=la.region_id, period_type=period.type, period_start=period.start,
                          period_end=period.end, value=round(rng.uniform(20, 90), 1), source="manual"))
    Target.objects.get_or_create(indicator=indicator, local_authority=la, is_current=True, defaults=dict(
        baseline_value=30, baseline_date=datetime.date(2024, 1, 31), target_value=70,
        target_date=datetime.date(2026, 1, 31)))
Value.objects.filter(area_code="810", published=False).delete()
Value.objects.bulk_create(rows, batch_size=2000)
print(len(indicators), "indicators;", len(rows), "local values;", Value.objects.count(), "values in all")
"""


def main() -> None:
    for engine in harness.engines():
        with harness.database(engine) as db:
            harness.manage(db, "migrate", "--no-input")
            started = time.perf_counter()
            harness.manage(db, "load_published_data")
            loaded = time.perf_counter() - started
            print(f"\n{engine}: load_published_data took {loaded:.1f} s")
            print("  " + harness.python(db, PREPARE).strip().splitlines()[-1])
            cookie = harness.session_cookie(db, "bench.board@example.org", role="board_member", la="810")
            with harness.server(db) as base:
                cold = {}
                for path in PAGES:  # the first request builds the page; later ones reuse it
                    started = time.perf_counter()
                    harness.check_status(base + path, cookie=cookie if path.startswith("/indicators") else None)
                    cold[path] = time.perf_counter() - started
                for path in PAGES:  # warm every gunicorn worker's cache before measuring
                    harness.wrk(base + path, cookie=cookie if path.startswith("/indicators") else None, seconds=3)
                rows = [("baseline: /ping (one-line view)", harness.wrk(base + "/ping"))]
                rows.append(("/dashboard/ (England, public)", harness.wrk(base + "/dashboard/")))
                rows.append(("/dashboard/810/ (public)", harness.wrk(base + "/dashboard/810/")))
                rows.append((f"/indicators/810/ ({INDICATORS} x {MONTHS} months)",
                             harness.wrk(base + "/indicators/810/", cookie=cookie)))
            harness.report(f"Scorecard and public dashboard ({engine}, 16 connections)", rows)
            print("  first request (cold, builds the page): "
                  + ", ".join(f"{path} {seconds * 1000:.0f} ms" for path, seconds in cold.items()))
            ok = all(r["errors"] == 0 and r["p95"] < 200 for _, r in rows[1:])
            print(f"  goal (0 errors, p95 < 200 ms on every page): {'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    main()
