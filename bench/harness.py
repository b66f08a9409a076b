"""Shared pieces for SENDsight's benchmarks: databases, a gunicorn server, wrk, and a report.

Every benchmark measures a baseline in the same run (the trivial ``/ping`` view for pages), so
figures from a busy or slow machine can still be compared. Typical use::

    from bench import harness

    for engine in harness.engines():
        with harness.database(engine) as db:
            harness.manage(db, "migrate")
            ...prepare data...
            cookie = harness.session_cookie(db, "manager@example.org", role="send_manager", la="810")
            with harness.server(db) as base:
                baseline = harness.wrk(base + "/ping")
                page = harness.wrk(base + "/home/", cookie=cookie)
            harness.report(f"Home page ({engine})", [("baseline /ping", baseline), ("/home/", page)])

Needs Debian's ``wrk`` (``make system-deps``) and, for PostgreSQL, the server binaries.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
PG_PORT = int(os.environ.get("BENCH_PG_PORT", "55440"))
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
               + summary.errors.status + summary.errors.timeout
  io.write(string.format("BENCH requests=%d duration_us=%d errors=%d p50_us=%d p95_us=%d p99_us=%d\\n",
    summary.requests, summary.duration, errors,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def engines() -> list[str]:
    """The engines to run on: BENCH_ENGINES=sqlite,postgres (default both where PostgreSQL exists)."""
    wanted = os.environ.get("BENCH_ENGINES")
    if wanted:
        return [e.strip() for e in wanted.split(",") if e.strip()]
    has_pg = any(Path("/usr/lib/postgresql").glob("*/bin/postgres"))
    return ["sqlite", "postgres"] if has_pg else ["sqlite"]


def _env(database_url: str, **extra) -> dict:
    env = dict(os.environ)
    env.update({"SENDSIGHT_MODE": "demo", "DATABASE_URL": database_url, "DEBUG": "", "LOG_LEVEL": "WARNING"})
    env.update(extra)
    return env


@contextlib.contextmanager
def database(engine: str):
    """Yield the DATABASE_URL of an empty, throwaway database for this engine."""
    if engine == "sqlite":
        folder = Path(tempfile.mkdtemp(prefix="sendsight-bench-"))
        try:
            yield f"sqlite:///{folder / 'bench.sqlite3'}"
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    elif engine == "postgres":
        script = ROOT / "scripts" / "pg-test-server"
        subprocess.run([str(script), "start", str(PG_PORT)], check=True, stdout=subprocess.DEVNULL)
        try:
            yield f"postgres://sendsight@127.0.0.1:{PG_PORT}/sendsight"
        finally:
            subprocess.run([str(script), "stop", str(PG_PORT)], check=False)
    else:
        raise ValueError(f"Unknown engine {engine!r}: use sqlite or postgres")


def manage(database_url: str, *args: str, quiet: bool = True) -> str:
    """Run a ``sendsight`` management command against the database; return its output."""
    result = subprocess.run([str(VENV_BIN / "sendsight"), *args], env=_env(database_url), cwd=ROOT,
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"sendsight {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    if not quiet:
        print(result.stdout, end="")
    return result.stdout


def python(database_url: str, code: str) -> str:
    """Run Python with Django set up against the database (for preparing benchmark data)."""
    return manage(database_url, "shell", "--no-imports", "-c", code)


def session_cookie(database_url: str, email: str, *, role: str, la: str) -> str:
    """A ``Cookie`` header value for a signed-in user with this role (created if missing)."""
    code = f"""
from django.conf import settings
from django.contrib.auth import SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from core.models import LocalAuthority, RoleAssignment, User
user = User.objects.filter(email={email!r}).first() or User.objects.create_user({email!r}, None, full_name="Bench Person")
RoleAssignment.objects.get_or_create(user=user, role={role!r}, local_authority=LocalAuthority.objects.get(code={la!r}))
s = SessionStore()
s[SESSION_KEY] = str(user.pk); s[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
s[HASH_SESSION_KEY] = user.get_session_auth_hash(); s.create()
from django.middleware.csrf import _get_new_csrf_string
# A returning browser also sends the CSRF cookie it was given on its first visit.
print(settings.SESSION_COOKIE_NAME + "=" + s.session_key + "; " + settings.CSRF_COOKIE_NAME + "=" + _get_new_csrf_string())
"""
    return python(database_url, code).strip().splitlines()[-1]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def server(database_url: str, *, workers: int | None = None, threads: int | None = None):
    """Serve SENDsight with gunicorn on a free loopback port; yield its base URL.

    The default is the configuration docs/deploying.md recommends; BENCH_WORKERS and
    BENCH_THREADS override it to try others.
    """
    port = _free_port()
    workers = workers or int(os.environ.get("BENCH_WORKERS", 0)) or (os.cpu_count() or 2) + 1
    threads = threads or int(os.environ.get("BENCH_THREADS", 0)) or 1
    process = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "sendsight.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--threads", str(threads), "--worker-class", "gthread",
         "--log-level", "warning", "--access-logfile", "-" if os.environ.get("BENCH_ACCESS_LOG") else "/dev/null"],
        env=_env(database_url, ALLOWED_HOSTS="127.0.0.1,localhost"), cwd=ROOT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(base + "/ping", timeout=2).read()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


def check_status(url: str, *, cookie: str | None = None, expect: int = 200) -> None:
    """Fail loudly before a load run if the page does not answer as expected (e.g. a 302 to sign-in)."""
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        status = opener.open(request, timeout=30).status
    except urllib.error.HTTPError as error:
        status = error.code
    if status != expect:
        raise RuntimeError(f"{url} answered {status}, expected {expect}")


def wrk(url: str, *, cookie: str | None = None, connections: int = 16, seconds: int | None = None,
        threads: int = 2) -> dict:
    """Load the URL with wrk; return requests per second, latency percentiles (ms) and errors."""
    seconds = seconds or int(os.environ.get("BENCH_SECONDS", "30"))
    check_status(url, cookie=cookie)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
        if cookie:
            script.write(f'wrk.headers["Cookie"] = {json.dumps(cookie)}\n')
    try:
        out = subprocess.run(["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s",
                              "--timeout", "10s", "-s", script.name, url],
                             capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(script.name)
    match = re.search(r"BENCH requests=(\d+) duration_us=(\d+) errors=(\d+) p50_us=(\d+) p95_us=(\d+) p99_us=(\d+)", out)
    if not match:
        raise RuntimeError(f"Could not read wrk's output:\n{out}")
    requests, duration, errors, p50, p95, p99 = map(int, match.groups())
    return {"rps": requests / (duration / 1e6), "p50": p50 / 1000, "p95": p95 / 1000, "p99": p99 / 1000,
            "errors": errors, "requests": requests}


def timed(function, *args, repeat: int = 1, **kwargs) -> tuple[float, object]:
    """The best wall time in seconds over ``repeat`` runs, and the last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function(*args, **kwargs)
        best = min(best, time.perf_counter() - start)
    return best, result


def report(title: str, rows: list[tuple[str, dict]], *, baseline: str | None = None) -> None:
    """Print a load-test table; the first row (or ``baseline``) is the baseline for the ratio."""
    base = dict(rows)[baseline] if baseline else rows[0][1]
    print(f"\n{title}")
    print(f"  {'what':<36} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7} {'÷ baseline':>11}")
    for name, r in rows:
        print(f"  {name:<36} {r['rps']:>9.1f} {r['p50']:>8.1f} {r['p95']:>8.1f} {r['p99']:>8.1f} "
              f"{r['errors']:>7d} {r['rps'] / base['rps']:>11.2f}")
    sys.stdout.flush()
