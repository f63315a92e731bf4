"""The key pages kept in the shared cache until the data changes (bascule/core/page_cache.py).

On the real Redis at 127.0.0.1:6379, with real commits (`transactional_db`): a write moves the
data version only once it is committed, so these tests cannot run inside a test transaction.
"""

import datetime as dt
import os
import uuid

import pytest
import time_machine
from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection, transaction
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bascule.core import page_cache
from bascule.people.models import Employee
from bascule.testing import make_company, make_employee

pytestmark = pytest.mark.django_db(transaction=True)

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
DIRECTORY = "/people/"


def redis_reachable() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_timeout=1).ping())
    except Exception:
        return False


@pytest.fixture
def shared_cache(settings):
    if not redis_reachable():
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but Redis is not answering at {REDIS_URL}")
        pytest.skip(f"Redis is not answering at {REDIS_URL}")
    prefix = f"test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    yield
    import redis

    server = redis.Redis.from_url(REDIS_URL)
    for key in server.scan_iter(f"{prefix}:*"):
        server.delete(key)


def logged_in(client, user):
    """`user`'s browser: a session, and the CSRF cookie a first page sets."""
    client.force_login(user)
    assert client.get(DIRECTORY).status_code == 200
    assert "csrftoken" in client.cookies
    return client


def queries_of(client, path: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_a_page_is_kept_until_a_write_is_committed(client, shared_cache):
    company = make_company()
    client = logged_in(client, company.alice)
    computed, page = queries_of(client, DIRECTORY)
    kept, again = queries_of(client, DIRECTORY)
    # Kept: the session and the user only, and the same page.
    assert kept < computed
    assert kept <= 2
    assert again == page
    make_employee("E100", "Zoé", "Nouvelle")
    fresh, page = queries_of(client, DIRECTORY)
    assert fresh == computed
    assert "Nouvelle" in page


def test_a_rolled_back_write_leaves_the_page_kept(client, shared_cache):
    company = make_company()
    client = logged_in(client, company.alice)
    queries_of(client, DIRECTORY)
    version = page_cache.data_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        make_employee("E101", "Yves", "Annulé")
        raise RuntimeError("rolled back")
    assert page_cache.data_version() == version
    kept, page = queries_of(client, DIRECTORY)
    assert kept <= 2
    assert "Annulé" not in page


def test_several_writes_in_one_transaction_move_the_version_once(shared_cache):
    make_company()
    version = page_cache.data_version()
    with transaction.atomic():
        for number in range(3):
            make_employee(f"E2{number:02}", "Un", f"Parmi {number}")
        with transaction.atomic():  # a savepoint released into the transaction
            Employee.objects.filter(employee_id="E200").update(job_title="Analyst")
        assert page_cache.data_version() == version  # nothing before the commit
    assert page_cache.data_version() == version + 1


def test_a_session_refresh_and_the_job_queue_do_not_count_as_writes():
    assert not page_cache.is_write('UPDATE "django_session" SET "session_data" = %s')
    assert not page_cache.is_write('INSERT INTO "django_tasks_database_dbtaskresult" ("id")')
    assert page_cache.is_write('  update "people_employee" SET "job_title" = %s')
    assert page_cache.is_write('DELETE FROM "journey_goal" WHERE "id" = %s')
    assert not page_cache.is_write('SELECT "id" FROM "people_employee" WHERE "note" = \'DELETE\'')


def test_nobody_is_handed_another_persons_page(client, shared_cache):
    company = make_company()
    alice = logged_in(client, company.alice)
    _, alice_page = queries_of(alice, DIRECTORY)
    from django.test import Client

    paul = logged_in(Client(), company.paul)
    computed, paul_page = queries_of(paul, DIRECTORY)
    assert computed > 2  # computed for Paul, not Alice's page handed over
    assert paul_page != alice_page


def test_a_page_with_a_message_to_show_is_computed(client, shared_cache, rf):
    company = make_company()
    client = logged_in(client, company.alice)
    queries_of(client, DIRECTORY)
    assert queries_of(client, DIRECTORY)[0] <= 2
    # A message waiting (after a form, say) is shown once: the page is computed for it.
    storage = CookieStorage(rf.get("/"))
    storage.add(messages.SUCCESS, "Saved: a message for this page only")
    carrier = HttpResponse()
    storage.update(carrier)
    client.cookies[storage.cookie_name] = carrier.cookies[storage.cookie_name].value
    computed, page = queries_of(client, DIRECTORY)
    assert computed > 2
    assert "a message for this page only" in page
    # Shown once, and not kept: the next page has no message.
    assert "a message for this page only" not in queries_of(client, DIRECTORY)[1]


def test_a_page_is_computed_again_when_its_time_is_up(client, shared_cache, settings):
    company = make_company()
    client = logged_in(client, company.alice)
    now = timezone.now()
    start = now.replace(second=5, microsecond=0) + dt.timedelta(minutes=1)
    with time_machine.travel(start, tick=False):
        queries_of(client, DIRECTORY)
        assert queries_of(client, DIRECTORY)[0] <= 2
    later = start + dt.timedelta(seconds=settings.PAGE_CACHE_SECONDS)
    with time_machine.travel(later, tick=False):
        assert queries_of(client, DIRECTORY)[0] > 2


def test_pages_are_always_computed_with_a_per_process_cache(client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert not page_cache.enabled()
    company = make_company()
    client = logged_in(client, company.alice)
    computed, _ = queries_of(client, DIRECTORY)
    assert queries_of(client, DIRECTORY)[0] == computed
    settings.PAGE_CACHE = "on"
    assert page_cache.enabled()


def test_pages_are_computed_with_the_database_cache(client, settings):
    # The database cache counts by reading then writing: the version could go back.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "bascule_test_page_cache",
        }
    }
    assert not page_cache.enabled()
    # Its own table is no data of the pages.
    assert not page_cache.is_write('INSERT INTO "bascule_test_page_cache" ("cache_key")')
