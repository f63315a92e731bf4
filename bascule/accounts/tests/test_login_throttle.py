"""Login throttling: per account and address, per address, time-bounded, with the wait shown.

Run on each cache a deployment may share between its servers: Django's local memory (one
process), the database cache and the real Redis at 127.0.0.1:6379.
"""

import datetime as dt
import os
import re
import threading
import uuid
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import Client, TestCase

from bascule.accounts import throttle
from bascule.core.models import AuditEntry
from bascule.testing import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
ALICE = "alice.hr@example.com"
ATTACKER = "203.0.113.66"
ALICE_AT_HOME = "198.51.100.7"
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
# Half past the start of a 15-minute window: 7.5 minutes left in it.
START = dt.datetime(2027, 3, 1, 9, 7, 30, tzinfo=dt.UTC)


def redis_reachable() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_timeout=1).ping())
    except Exception:
        return False


@pytest.fixture(params=["locmem", "database", "redis"])
def shared_cache(request, settings):
    """Point Django's cache at each backend in turn; a unique key prefix keeps runs apart."""
    prefix = f"test-{uuid.uuid4().hex}"
    if request.param == "locmem":
        backend = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    elif request.param == "database":
        backend = {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "bascule_test_cache",
        }
    else:
        if not redis_reachable():
            if os.environ.get("CI") == "true":
                pytest.fail(f"CI=true but Redis is not answering at {REDIS_URL}")
            pytest.skip(f"Redis is not answering at {REDIS_URL}")
        backend = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    settings.CACHES = {"default": {**backend, "KEY_PREFIX": prefix}}
    if request.param == "database":
        call_command("createcachetable", verbosity=0)
    yield request.param
    if request.param == "redis":
        import redis

        connection = redis.Redis.from_url(REDIS_URL)
        for key in connection.scan_iter(f"{prefix}:*"):
            connection.delete(key)


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def log_in(email: str, password: str, address: str = ATTACKER, client: Client | None = None):
    client = client or Client()
    return client.post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR=address)


def test_it_refuses_the_sixth_try_on_an_account_and_says_how_long_to_wait(
    shared_cache, company, clock
):
    for number in range(5):
        response = log_in(ALICE, f"guess-{number}")
        assert response.status_code == 200
        assert "do not match an account" in response.content.decode()
    refused = log_in(ALICE, "guess-6")
    assert refused.status_code == 429
    html = refused.content.decode()
    assert "Too many unsuccessful attempts" in html
    assert "wait 8 minutes" in html  # 7.5 minutes left in the window, rounded up
    # Even the right password is not checked from this address until the window ends.
    assert log_in(ALICE, PASSWORD).status_code == 429


def test_it_never_locks_the_real_user_out_from_another_address(shared_cache, company, clock):
    for number in range(20):
        log_in(ALICE, f"guess-{number}")
    assert log_in(ALICE, PASSWORD, address=ATTACKER).status_code == 429
    assert log_in(ALICE, PASSWORD, address=ALICE_AT_HOME).status_code == 302


def test_the_refusal_ends_with_its_window_however_often_the_attacker_retries(
    shared_cache, company, clock
):
    for number in range(5):
        log_in(ALICE, f"guess-{number}")
    # Trying every few seconds during the refusal does not make it last longer.
    for second in range(0, 440, 20):
        clock.move_to(START + dt.timedelta(seconds=second))
        assert log_in(ALICE, "still-guessing").status_code == 429
    clock.move_to(START + dt.timedelta(minutes=7, seconds=31))
    assert log_in(ALICE, PASSWORD).status_code == 302


def test_a_successful_login_clears_the_accounts_failures(shared_cache, company, clock):
    for number in range(4):
        log_in(ALICE, f"typo-{number}")
    assert log_in(ALICE, PASSWORD).status_code == 302
    for number in range(5):
        assert log_in(ALICE, f"typo-again-{number}").status_code == 200
    assert log_in(ALICE, "one-too-many").status_code == 429


def test_it_limits_one_address_guessing_on_many_accounts(shared_cache, company, clock, settings):
    settings.LOGIN_ATTEMPTS_PER_ADDRESS = 8
    for number in range(8):
        assert log_in(f"person{number}@example.com", "Winter2027!").status_code == 200
    refused = log_in("someone.else@example.com", "Winter2027!")
    assert refused.status_code == 429
    # Another address of the same company is not concerned.
    assert log_in(ALICE, PASSWORD, address=ALICE_AT_HOME).status_code == 302


def test_successful_logins_do_not_fill_the_address_counter(shared_cache, company, clock, settings):
    # A whole office behind one address logging in on a Monday morning.
    settings.LOGIN_ATTEMPTS_PER_ADDRESS = 3
    for email in [ALICE, "paul.pm@example.com", "lea.martin@example.com", ALICE, ALICE]:
        assert log_in(email, PASSWORD, address="192.0.2.10").status_code == 302


def test_it_records_failures_and_one_refusal_per_window_without_the_password(
    shared_cache, company, clock
):
    for number in range(5):
        log_in(ALICE, f"secret-guess-{number}")
    for _ in range(10):
        log_in(ALICE, "secret-guess-again")
    failures = AuditEntry.objects.filter(action="user.login_failed")
    assert failures.count() == 5
    entry = failures.first()
    assert entry.object_id == str(company.alice.pk)
    assert entry.actor is None and entry.actor_label == "anonymous"
    assert entry.changes == {"address": ATTACKER}
    refusal = AuditEntry.objects.get(action="user.login_throttled")
    assert refusal.changes == {"address": ATTACKER, "scope": "account", "seconds": 450}
    assert refusal.object_id == str(company.alice.pk)
    assert not any("secret-guess" in str(e.changes) for e in AuditEntry.objects.all())


# The database cache's incr is not atomic: with several servers, Redis counts exactly.
@pytest.mark.parametrize("shared_cache", ["locmem", "redis"], indirect=True)
def test_it_counts_simultaneous_attempts_exactly(shared_cache, db):
    checked = []

    def attempt():
        checked.append(not throttle.attempt_begin(email=ALICE, address=ATTACKER).refused)

    threads = [threading.Thread(target=attempt) for _ in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert checked.count(True) == 5


def test_it_says_it_in_french(company, clock):
    client = Client(HTTP_ACCEPT_LANGUAGE="fr")
    for number in range(5):
        log_in(ALICE, f"essai-{number}", client=client)
    html = log_in(ALICE, "essai", client=client).content.decode()
    assert "patientez 8 minutes" in html


def test_it_throttles_the_admins_login_too(company, clock):
    company.alice.is_staff = True
    company.alice.save(update_fields=["is_staff"])
    for number in range(5):
        Client().post(
            "/admin/login/", {"username": ALICE, "password": f"g{number}"}, REMOTE_ADDR=ATTACKER
        )
    response = Client().post(
        "/admin/login/", {"username": ALICE, "password": PASSWORD}, REMOTE_ADDR=ATTACKER
    )
    assert response.status_code == 200
    assert "Too many unsuccessful attempts" in response.content.decode()
    assert "_auth_user_id" not in Client().session


def test_it_reads_the_address_behind_a_trusted_proxy(company, clock, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for number in range(5):
        Client().post(
            LOGIN,
            {"username": ALICE, "password": f"g{number}"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"1.2.3.{number}, {ATTACKER}",
        )
    # The forged left part of the header changed every time: it is not the address used.
    response = Client().post(
        LOGIN,
        {"username": ALICE, "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR=ATTACKER,
    )
    assert response.status_code == 429
    assert AuditEntry.objects.filter(action="user.login_failed").first().changes == {
        "address": ATTACKER
    }


def test_a_password_reset_from_the_same_address_lifts_the_refusal(company, clock):
    for number in range(5):
        log_in(ALICE, f"g{number}")
    assert log_in(ALICE, PASSWORD).status_code == 429

    browser = Client(REMOTE_ADDR=ATTACKER)
    with TestCase.captureOnCommitCallbacks(execute=True):  # the e-mail job
        browser.post("/accounts/password-reset/", {"email": ALICE})
    link = urlsplit(re.search(r"https?://\S+", mail.outbox[0].body).group(0)).path
    form_url = browser.get(link)["Location"]
    new = "a-much-longer-new-secret-42"
    browser.post(form_url, {"new_password1": new, "new_password2": new})

    assert log_in(ALICE, new).status_code == 302
