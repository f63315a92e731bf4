"""Shared fixtures: personas (see bascule/testing.py), the browser, the database."""

import os
import shutil
import threading
import warnings
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.mail import backends as mail_backends
from django.core.mail.backends import locmem, smtp  # noqa: F401 (loaded for the guard)
from django.core.signals import request_finished, request_started

from bascule.core import emails as core_emails
from bascule.testing import BrowserClient, Company, install_builtin_skills, make_company

# Playwright's sync API runs an event loop; the ORM refuses to run inside one otherwise.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).parent / "artifacts"
DB_BLOCKER = pytest.StashKey()


@pytest.fixture
def company(db) -> Company:
    return make_company()


@pytest.fixture
def client() -> BrowserClient:
    """Every test's client enforces CSRF checks, as a real browser meets them."""
    return BrowserClient()


@pytest.fixture(scope="session", autouse=True)
def _keep_the_db_blocker(request, django_db_blocker):
    # The hook below runs after every fixture's teardown, out of reach of fixtures.
    request.config.stash[DB_BLOCKER] = django_db_blocker


@pytest.fixture(scope="session", autouse=True)
def _no_session_left_on_the_test_database(django_db_setup, django_db_blocker):
    """At the end, before the test database is dropped: PostgreSQL refuses to drop a database
    another session still uses (a connection a test's thread or process left open). Say which
    one, with its last query, then end it so the database goes."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid, application_name, state, query FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        for pid, application, state, query in cursor.fetchall():
            warnings.warn(
                f"A session was left on the test database: {application!r} {state}: {query}",
                stacklevel=1,
            )
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])


def _flushes_the_database(item: pytest.Item) -> bool:
    """Return whether `item` ran in a transactional test case, flushed at its end."""
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    fixtures = getattr(item, "fixturenames", ())
    return "transactional_db" in fixtures or "live_server" in fixtures


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield
    # A transactional test ends with a flush, which removes the built-in skills the data
    # migration created: put them back once, committed, instead of in every later test. After
    # the last test (no next one) the test database is already gone.
    if nextitem is not None and _flushes_the_database(item) and DB_BLOCKER in item.config.stash:
        with item.config.stash[DB_BLOCKER].unblock():
            install_builtin_skills()
    return result


@pytest.fixture(autouse=True)
def _empty_cache():
    # Login throttle counters live in the cache: no test inherits another's attempts.
    cache.clear()
    # Training parses each published version once per process, by id and publication time:
    # a rolled-back test may leave both to another test's version under a frozen clock (or
    # to a module-scoped fixture's, made before this runs: hence after the test too).
    from bascule.training.selectors import _parsed

    _parsed.clear()
    yield
    _parsed.clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Production hashes with full-cost Argon2; tests keep the algorithm at the lowest cost.
    settings.PASSWORD_HASHERS = ["bascule.testing.FastArgon2PasswordHasher"]


@pytest.fixture(autouse=True)
def _jobs_run_at_once(settings):
    # Jobs (e-mails) run after commit in the test's process; the tests of the queue itself
    # switch back to the database backend and run real workers.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _no_mail_inside_a_request(monkeypatch):
    # No e-mail leaves while a request is handled except through a job (bascule.core.notify):
    # the immediate backend runs a job inside the test's request, but as a job; anything else
    # would be sent inside the request in production too (bascule/notifications/tests/
    # test_no_mail_in_requests.py shows the guard catching it).
    monkeypatch.setattr(
        mail_backends.locmem.EmailBackend,
        "send_messages",
        _guarded_send(mail_backends.locmem.EmailBackend.send_messages),
    )
    monkeypatch.setattr(
        mail_backends.smtp.EmailBackend,
        "send_messages",
        _guarded_send(mail_backends.smtp.EmailBackend.send_messages),
    )


_requests = threading.local()


def _request_started(**kwargs):
    _requests.depth = getattr(_requests, "depth", 0) + 1


def _request_finished(**kwargs):
    _requests.depth = max(0, getattr(_requests, "depth", 0) - 1)


request_started.connect(_request_started, dispatch_uid="tests-request-started")
request_finished.connect(_request_finished, dispatch_uid="tests-request-finished")


def _guarded_send(send):
    def guarded(backend, messages):
        if getattr(_requests, "depth", 0) and not core_emails.in_delivery():
            subjects = [message.subject for message in messages]
            raise AssertionError(f"E-mail sent inside a request, not by a job: {subjects}")
        return send(backend, messages)

    return guarded


@pytest.fixture(autouse=True)
def _english_by_default(settings):
    # Tests read English messages unless they switch language on purpose.
    settings.LANGUAGE_CODE = "en"


def pytest_collection_modifyitems(config, items):
    if shutil.which(CHROMIUM) or os.path.exists(CHROMIUM):
        return
    if os.environ.get("CI") == "true":
        raise pytest.UsageError(f"CI=true but Chromium is missing at {CHROMIUM}")
    skip = pytest.mark.skip(reason=f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # No transitions: axe must not read a button's colours halfway through an animation.
    return {**browser_context_args, "reduced_motion": "reduce"}


@pytest.fixture
def screenshot(page):
    """Return a function saving a full-page screenshot under artifacts/ (kept out of git)."""
    ARTIFACTS.mkdir(exist_ok=True)

    def take(name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
