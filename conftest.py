"""Fixtures every app's tests share: authorities from the real reference data, and people by role.

``authority`` is Kingston upon Hull (810); ``other_authority`` is Kent (886). A user made with
``user_for("caseworker")`` holds that role at ``authority`` only, so anything of Kent's must 404.
"""

import pytest
from django.test import Client

from core.models import LocalAuthority
from core.seed import ensure_seed_data
from core.tests.factories import TEST_PASSWORD, user_with_role


@pytest.fixture
def seed_data(db) -> None:
    """Migration-loaded data, put back if a transactional (browser) test emptied the tables."""
    ensure_seed_data()


@pytest.fixture
def authority(seed_data) -> LocalAuthority:
    return LocalAuthority.objects.get(code="810")


@pytest.fixture
def other_authority(seed_data) -> LocalAuthority:
    return LocalAuthority.objects.get(code="886")


@pytest.fixture
def user_for(authority):
    """user_for(role, authority=None, **fields) -> a saved user holding that role."""

    def make(role: str, at: LocalAuthority | None = None, **fields):
        return user_with_role(role, at or authority, **fields)

    return make


@pytest.fixture
def client_for(user_for):
    """client_for(role, authority=None) -> a test client signed in as a new user with that role."""

    def make(role: str, at: LocalAuthority | None = None, **fields) -> Client:
        client = Client()
        user = user_for(role, at, **fields)
        client.force_login(user)
        client.user = user
        return client

    return make


@pytest.fixture
def password() -> str:
    return TEST_PASSWORD


# ---- Browser tests: Playwright driving Debian's Chromium, axe-core for accessibility ------------

import os  # noqa: E402
from pathlib import Path  # noqa: E402

CHROMIUM = os.environ.get("SENDSIGHT_CHROMIUM", "/usr/bin/chromium")
AXE_JS = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-dev-shm-usage",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium per test worker. Never downloads a browser: uses Debian's."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Browser tests need Debian's Chromium at {CHROMIUM}: run `make system-deps`")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_context(browser, live_server, transactional_db):
    # bypass_csp lets the test inject axe-core; the service's own pages never need it.
    context = browser.new_context(base_url=live_server.url, bypass_csp=True, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    ensure_seed_data()
    yield context
    context.close()


@pytest.fixture
def public_page(browser_context):
    """A Playwright page, not signed in. Go to a path with ``public_page.goto("/dashboard/")``."""
    page = browser_context.new_page()
    yield page
    page.close()


@pytest.fixture
def page_for(browser_context, live_server, user_for):
    """page_for(role, at=None, **fields) -> a Playwright page signed in as a new user with that role.

    The page has ``page.user``. Signing in through the form is tested once in core; other tests
    start with a session cookie, which is faster.
    """
    from django.conf import settings

    def make(role: str, at=None, **fields):
        user = user_for(role, at, **fields)
        client = Client()
        client.force_login(user)
        browser_context.add_cookies([{
            "name": settings.SESSION_COOKIE_NAME,
            "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
            "url": live_server.url,
        }])
        page = browser_context.new_page()
        page.user = user
        return page

    return make


def axe_violations(page, tags=AXE_TAGS) -> list[dict]:
    """Run axe-core on the page as it is now; return its WCAG A/AA violations."""
    if not AXE_JS.exists():
        pytest.fail(f"axe-core is missing at {AXE_JS}: run `npm ci`")
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", tags)
    return result["violations"]


def assert_accessible(page) -> None:
    """Fail with a readable list if axe-core finds any WCAG 2.2 A or AA violation on the page."""
    violations = axe_violations(page)
    if violations:
        lines = [f"{page.url}: {len(violations)} accessibility violation(s)"]
        for v in violations:
            targets = ", ".join(" ".join(node["target"]) for node in v["nodes"][:5])
            lines.append(f"- [{v['impact']}] {v['id']}: {v['help']} ({targets})")
        pytest.fail("\n".join(lines))


@pytest.fixture(name="assert_accessible")
def assert_accessible_fixture():
    """The ``assert_accessible(page)`` check as a fixture, for tests that prefer not to import."""
    return assert_accessible
