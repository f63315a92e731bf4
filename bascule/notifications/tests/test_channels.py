"""The choices take effect, on the real path: Léa chooses on her preferences page, HR acts on
the pair through its pages, the request queues a job on the database queue, a worker runs it;
what Léa gets is then read from the mail outbox, the deliveries and the notification centre.
Bernard, who chose nothing, gets both every time."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from bascule.notifications.models import (
    Channel,
    Notification,
    NotificationPreference,
    OutboundEmail,
)
from bascule.notifications.tests.test_queue import run_queue

pytestmark = pytest.mark.django_db

PAGE = "/notifications/preferences/"


def choose(company, **channels: str) -> None:
    lea = Client()
    lea.force_login(company.lea_user)
    assert lea.post(PAGE, channels).status_code == 302


def hr_does(company, url: str, **data: str) -> None:
    alice = Client()
    alice.force_login(company.alice)
    assert alice.post(url, data).status_code == 302
    assert mail.outbox == []  # nothing leaves inside the request: the worker sends it


def nudge(running, company) -> None:
    url = reverse("journey:health_nudge", kwargs={"pair_id": running.pair.pk})
    hr_does(company, url, recipients="both", message="Could you plan a meeting?")
    run_queue()


def what_lea_got(company, kind: str) -> tuple[bool, bool]:
    """(an e-mail, a notification in the app) of `kind` to Léa."""
    lea = company.lea_user
    emailed = any(m.to == [lea.email] for m in mail.outbox)
    if emailed:
        assert OutboundEmail.objects.filter(recipient=lea, name=kind, status="sent").exists()
    else:
        assert not OutboundEmail.objects.filter(recipient=lea, name=kind).exists()
    return emailed, Notification.objects.filter(recipient=lea, kind=kind).exists()


def bernard_got_both(company, kind: str) -> bool:
    bernard = company.bernard_user
    return any(m.to == [bernard.email] for m in mail.outbox) and (
        Notification.objects.filter(recipient=bernard, kind=kind).exists()
    )


@pytest.mark.parametrize(
    ("channel", "by_email", "in_app"),
    [
        (Channel.NONE, False, False),
        (Channel.EMAIL, True, False),
        (Channel.IN_APP, False, True),
        (Channel.BOTH, True, True),
    ],
)
def test_a_kind_left_to_the_person_follows_their_choice(
    running, company, queue, channel, by_email, in_app
):
    choose(company, pair_nudge=channel)
    nudge(running, company)
    assert what_lea_got(company, "pair_nudge") == (by_email, in_app)
    assert bernard_got_both(company, "pair_nudge")


def test_a_kind_hr_requires_ignores_none(running, company, queue):
    # The page refuses "none" for it (test_preferences.py); a row stored before the rule, or
    # written by hand, is read as "in the app".
    NotificationPreference.objects.create(
        user=company.lea_user, kind="pair_paused", channel=Channel.NONE
    )
    url = reverse("journey:health_pause", kwargs={"pair_id": running.pair.pk})
    hr_does(company, url, reason="Léa is on leave for a month.")
    run_queue()
    assert what_lea_got(company, "pair_paused") == (False, True)
    assert bernard_got_both(company, "pair_paused")


def test_a_kind_hr_requires_can_go_by_email_only(running, company, queue):
    choose(company, pair_paused=Channel.EMAIL)
    url = reverse("journey:health_pause", kwargs={"pair_id": running.pair.pk})
    hr_does(company, url, reason="Léa is on leave for a month.")
    run_queue()
    assert what_lea_got(company, "pair_paused") == (True, False)
