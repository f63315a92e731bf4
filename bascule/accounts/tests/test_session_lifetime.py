"""Sessions end after an hour without activity, and ten hours after the login in any case."""

import datetime as dt

import pytest
import time_machine

from bascule.testing import PASSWORD

pytestmark = pytest.mark.django_db

START = dt.datetime(2027, 3, 1, 7, 0, tzinfo=dt.UTC)


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def log_in(client) -> None:
    response = client.post(
        "/accounts/login/", {"username": "lea.martin@example.com", "password": PASSWORD}
    )
    assert response.status_code == 302


def logged_in(client) -> bool:
    return client.get("/accounts/me/").status_code == 200


def test_activity_keeps_the_session_alive(client, company, clock):
    log_in(client)
    for minutes in (50, 100, 150, 200):
        clock.move_to(START + dt.timedelta(minutes=minutes))
        assert logged_in(client)


def test_an_hour_without_activity_ends_the_session(client, company, clock):
    log_in(client)
    clock.move_to(START + dt.timedelta(minutes=59))
    assert logged_in(client)
    clock.move_to(START + dt.timedelta(minutes=59 + 61))
    assert not logged_in(client)


def test_ten_hours_after_the_login_the_session_ends_whatever_the_activity(client, company, clock):
    log_in(client)
    for minutes in range(30, 600, 30):
        clock.move_to(START + dt.timedelta(minutes=minutes))
        assert logged_in(client)
    clock.move_to(START + dt.timedelta(hours=10, minutes=1))
    response = client.get("/accounts/me/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/login/")
    assert "a session lasts at most 10 hours" in response.content.decode()


def test_the_lifetimes_are_settings(client, company, clock, settings):
    settings.SESSION_COOKIE_AGE = 5 * 60
    log_in(client)
    clock.move_to(START + dt.timedelta(minutes=6))
    assert not logged_in(client)


def test_an_api_call_with_a_session_past_its_maximum_age_is_401(client, company, clock):
    log_in(client)
    for minutes in range(30, 600, 30):
        clock.move_to(START + dt.timedelta(minutes=minutes))
        assert client.get("/api/accounts/me").status_code == 200
    clock.move_to(START + dt.timedelta(hours=10, minutes=1))
    assert client.get("/api/accounts/me").status_code == 401
