"""Another app adds a kind with one function and `register`; the command sends it."""

import pytest
from django.core import mail
from django.core.management import call_command

from bascule.reminders.kinds import Due, ReminderKind, all_kinds, register, unregister


@pytest.fixture
def extra_kind(company):
    def due(now):
        yield Due(
            recipient=company.oscar,
            key=f"hello:{now:%Y-%m-%d}",
            template="reminder-charter",
            context={"partner": company.lea, "program": None, "kickoff_url": "/x/"},
        )

    kind = register(ReminderKind(code="test_hello", label="Hello", description="Daily", due=due))
    yield kind
    unregister("test_hello")


def test_a_registered_kind_is_listed_and_sent_once_per_key(extra_kind, client, company):
    assert all_kinds()[-1] is extra_kind
    call_command("send_reminders", "--kind", "test_hello", stdout=None)
    call_command("send_reminders", "--kind", "test_hello", stdout=None)
    assert [m.to for m in mail.outbox] == [[company.oscar.email]]
    client.force_login(company.oscar)
    page = client.get("/notifications/preferences/").content.decode()
    assert 'name="reminders-test_hello"' in page


def test_two_apps_cannot_take_the_same_code(extra_kind):
    with pytest.raises(ValueError, match="already registered"):
        register(ReminderKind(code="test_hello", label="", description="", due=lambda now: []))


def test_a_code_is_lowercase_letters_digits_and_underscores():
    with pytest.raises(ValueError, match="invalid reminder kind code"):
        register(ReminderKind(code="Evaluation-Open", label="", description="", due=list))
