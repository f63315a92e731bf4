"""The audit log records logins, failed logins, password resets and API token use."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.test import Client, TestCase

from bascule.accounts.services import api_token_create
from bascule.core.models import AuditEntry
from bascule.testing import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
ME = "/api/accounts/me"


def test_it_records_a_login_with_the_address(company):
    Client().post(
        LOGIN, {"username": "lea.martin@example.com", "password": PASSWORD}, REMOTE_ADDR="192.0.2.5"
    )
    entry = AuditEntry.objects.get(action="user.login")
    assert entry.actor == company.lea_user
    assert entry.object_id == str(company.lea_user.pk)
    assert entry.changes == {"address": "192.0.2.5"}


def test_it_records_a_failure_on_an_unknown_address_with_the_email_only(company):
    Client().post(LOGIN, {"username": "Nobody@Example.com", "password": "hunter2-secret"})
    entry = AuditEntry.objects.get(action="user.login_failed")
    assert entry.object_id == ""
    assert entry.changes == {"address": "127.0.0.1", "email": "nobody@example.com"}
    assert "hunter2" not in str(entry.changes) + entry.object_repr + entry.actor_label


def test_it_records_a_reset_request_for_an_account_only(company):
    Client().post("/accounts/password-reset/", {"email": "nobody@example.com"})
    assert not AuditEntry.objects.filter(action="user.password_reset_request").exists()
    with TestCase.captureOnCommitCallbacks(execute=True):  # the e-mail job
        Client().post(
            "/accounts/password-reset/",
            {"email": "lea.martin@example.com"},
            REMOTE_ADDR="192.0.2.9",
        )
    entry = AuditEntry.objects.get(action="user.password_reset_request")
    assert entry.object_id == str(company.lea_user.pk)
    assert entry.changes == {"address": "192.0.2.9"}
    assert len(mail.outbox) == 1


def test_it_records_a_tokens_use_once_an_hour_with_the_address(company):
    token, value = api_token_create(actor=company.paul, user=company.paul, name="Script")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {value}", "REMOTE_ADDR": "192.0.2.77"}
    start = dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as clock:
        for minute in range(0, 60, 5):
            clock.move_to(start + dt.timedelta(minutes=minute))
            assert Client().get(ME, **auth).status_code == 200
        uses = AuditEntry.objects.filter(action="api_token.use")
        assert uses.count() == 1
        entry = uses.get()
        assert entry.actor == company.paul
        assert entry.object_id == str(token.pk)
        assert entry.changes == {"address": "192.0.2.77"}

        clock.move_to(start + dt.timedelta(minutes=61))
        assert Client().get(ME, **auth).status_code == 200
        assert uses.count() == 2
    token.refresh_from_db()
    assert token.last_used_at == start + dt.timedelta(minutes=61)


def test_a_tokens_use_costs_no_write_within_the_minute(company, django_assert_num_queries):
    _token, value = api_token_create(actor=company.paul, user=company.paul, name="Script")
    assert Client().get(ME, HTTP_AUTHORIZATION=f"Bearer {value}").status_code == 200
    with django_assert_num_queries(1):  # the token and its user, nothing written
        Client().get(ME, HTTP_AUTHORIZATION=f"Bearer {value}")
