"""Foundation benchmark: a signed-in user reading the home page, beside the trivial /ping view.

16 concurrent connections for 30 seconds (BENCH_SECONDS to change) against gunicorn, on SQLite
and PostgreSQL. Goals: zero errors, p95 under 50 ms, at least half the baseline's throughput.

    .venv/bin/python bench/core_home.py
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness  # noqa: E402


def main() -> None:
    for engine in harness.engines():
        with harness.database(engine) as db:
            harness.manage(db, "migrate", "--no-input")
            cookie = harness.session_cookie(db, "bench.manager@example.org", role="send_manager", la="810")
            with harness.server(db) as base:
                baseline = harness.wrk(base + "/ping")
                home = harness.wrk(base + "/home/", cookie=cookie)
            harness.report(f"Home page, signed in ({engine}, 16 connections)",
                           [("baseline: /ping (one-line view)", baseline), ("/home/ signed in", home)])
            ok = home["errors"] == 0 and home["p95"] < 50 and home["rps"] >= baseline["rps"] / 2
            print(f"  goal (0 errors, p95 < 50 ms, >= half baseline throughput): {'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    main()
