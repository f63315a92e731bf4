"""The notification centre: each message a job hands over is recorded once in the app, as the
person chose (in the app, by e-mail, both or neither, within what HR requires); the page, the
unread count, "mark all as read", nobody else's notifications."""

import json
import uuid

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from bascule.notifications import selectors, tasks, views
from bascule.notifications.models import Channel, Notification, NotificationPreference

pytestmark = pytest.mark.django_db


def pause_emails(pair) -> None:
    tasks.deliver.call(name="pair_paused", arguments={"pair_id": pair.pk}, job=uuid.uuid4().hex)


def test_each_message_is_recorded_once_per_recipient_even_when_the_job_runs_twice(running, company):
    job = uuid.uuid4().hex
    for _ in range(2):
        tasks.deliver.call(name="pair_paused", arguments={"pair_id": running.pair.pk}, job=job)
    rows = Notification.objects.filter(kind="pair_paused")
    assert rows.count() == len(mail.outbox) == 2
    lea = rows.get(recipient=company.lea_user)
    assert lea.title == next(m.subject for m in mail.outbox if m.to == [company.lea_user.email])
    assert lea.url == reverse("journey:pair_space", kwargs={"pair_id": running.pair.pk})
    assert lea.read_at is None


@pytest.mark.parametrize(
    ("channel", "in_app", "by_email"),
    [
        (Channel.BOTH, True, True),
        (Channel.IN_APP, True, False),
        (Channel.EMAIL, False, True),
        (Channel.NONE, True, False),  # HR requires pairs to hear of a pause: kept in the app
    ],
)
def test_the_persons_choice_is_honoured(running, company, channel, in_app, by_email):
    lea = company.lea_user
    NotificationPreference.objects.create(user=lea, kind="pair_paused", channel=channel)
    pause_emails(running.pair)
    assert Notification.objects.filter(recipient=lea).exists() is in_app
    assert any(m.to == [lea.email] for m in mail.outbox) is by_email


def test_a_kind_hr_does_not_require_can_be_turned_off(company):
    user = company.lea_user
    NotificationPreference.objects.create(user=user, kind="pair_nudge", channel=Channel.NONE)
    assert selectors.channel_of(user_id=user.pk, kind="pair_nudge") == Channel.NONE
    assert selectors.channel_of(user_id=user.pk, kind="password_reset") == Channel.EMAIL


def test_password_resets_are_never_shown_in_the_app(company):
    tasks.deliver.call(
        name="password_reset", arguments={"user_id": company.lea_user.pk}, job=uuid.uuid4().hex
    )
    assert len(mail.outbox) == 1
    assert not Notification.objects.exists()


def test_the_page_the_count_and_mark_all_as_read(running, company):
    cache.clear()
    pause_emails(running.pair)
    lea = Client()
    lea.force_login(company.lea_user)
    assert b"1 unread" in lea.get(reverse("notification_centre:badge")).content
    page = lea.get(reverse("notification_centre:list"))
    assert page.status_code == 200
    notification = Notification.objects.get(recipient=company.lea_user)
    assert notification.title in page.content.decode()

    response = lea.post(reverse("notification_centre:read_all"))
    assert response.status_code == 302
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert b"unread" not in lea.get(reverse("notification_centre:badge")).content


def test_opening_a_notification_marks_it_read_and_follows_its_link(running, company):
    pause_emails(running.pair)
    notification = Notification.objects.get(recipient=company.lea_user)
    lea = Client()
    lea.force_login(company.lea_user)
    assert selectors.unread_count(user=company.lea_user) == 1
    url = reverse("notification_centre:open", kwargs={"notification_id": notification.pk})
    response = lea.get(url)
    assert response.status_code == 302
    assert response["Location"] == notification.url
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert selectors.unread_count(user=company.lea_user) == 0


def test_someone_elses_notification_is_not_found(running, company):
    pause_emails(running.pair)
    other = Notification.objects.exclude(recipient=company.lea_user).first()
    lea = Client()
    lea.force_login(company.lea_user)
    url = reverse("notification_centre:open", kwargs={"notification_id": other.pk})
    assert lea.get(url).status_code == 404
    other.refresh_from_db()
    assert other.read_at is None


# --- The header's count refreshes at once -------------------------------------------------------

HTMX = {"HX-Request": "true", "HX-Target": views.CENTRE_TARGET}


def refreshes_the_count(response) -> bool:
    return views.UNREAD_CHANGED in json.loads(response.get("HX-Trigger", "{}"))


def test_the_header_count_listens_for_the_event_besides_its_poll(company):
    lea = Client()
    lea.force_login(company.lea_user)
    html = lea.get(reverse("home:home")).content.decode()
    assert f'hx-trigger="load, every 60s, {views.UNREAD_CHANGED} from:body"' in html


def test_opening_a_notification_tells_the_page_to_refresh_the_count(running, company):
    pause_emails(running.pair)
    notification = Notification.objects.get(recipient=company.lea_user)
    lea = Client()
    lea.force_login(company.lea_user)
    url = reverse("notification_centre:open", kwargs={"notification_id": notification.pk})
    response = lea.get(url)
    assert response.status_code == 302
    assert refreshes_the_count(response)
    # Asked by htmx, which follows no redirect for the page: told where to go instead.
    response = lea.get(url, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response["HX-Redirect"] == notification.url
    assert refreshes_the_count(response)


def test_mark_all_as_read_from_htmx_answers_the_list_and_refreshes_the_count(running, company):
    cache.clear()
    pause_emails(running.pair)
    lea = Client()
    lea.force_login(company.lea_user)
    page = lea.get(reverse("notification_centre:list")).content.decode()
    assert f'hx-target="#{views.CENTRE_TARGET}"' in page
    assert b"1 unread" in lea.get(reverse("notification_centre:badge")).content

    response = lea.post(reverse("notification_centre:read_all"), headers=HTMX)
    assert response.status_code == 200
    assert refreshes_the_count(response)
    html = response.content.decode()
    assert html.lstrip().startswith(f'<div id="{views.CENTRE_TARGET}">')
    assert "Every notification is marked as read." in html
    assert "Mark all as read" not in html and "Unread" not in html
    # What the header asks for when it hears the event.
    assert b"unread" not in lea.get(reverse("notification_centre:badge")).content
    # Without htmx: back to the page, with the same event for any script that listens.
    response = lea.post(reverse("notification_centre:read_all"))
    assert response.status_code == 302
    assert refreshes_the_count(response)
