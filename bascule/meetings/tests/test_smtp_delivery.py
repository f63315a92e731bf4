"""End to end through a real SMTP server: Léa schedules a meeting on the page, Django's SMTP
backend delivers both invitations to a local aiosmtpd server started here, and the received
messages and their calendar files are read back."""

import email
import socket
from email import policy

import pytest
import vobject
from aiosmtpd.controller import Controller
from django.test import Client
from django.urls import reverse

from bascule.meetings.models import Meeting
from bascule.meetings.tests.helpers import FORM

pytestmark = pytest.mark.django_db


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.messages.append((envelope.rcpt_tos, envelope.content))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield inbox
    finally:
        controller.stop()


def test_the_invitation_arrives_through_smtp_with_its_calendar_file(
    running, company, smtp_server, django_capture_on_commit_callbacks
):
    lea = Client()
    lea.force_login(company.lea_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = lea.post(reverse("meetings:create", kwargs={"pair_id": running.pair.pk}), FORM)
    assert response.status_code == 302
    meeting = Meeting.objects.get()

    received = {tuple(rcpts): content for rcpts, content in smtp_server.messages}
    assert set(received) == {("lea.martin@example.com",), ("bernard.lefevre@example.com",)}
    message = email.message_from_bytes(
        received[("bernard.lefevre@example.com",)], policy=policy.default
    )
    assert message["To"] == "bernard.lefevre@example.com"
    assert "Léa Martin" in message["Subject"]
    assert "2 mars 2027" in message["Subject"]  # in Bernard's language
    parts = {part.get_content_type(): part for part in message.walk()}
    assert {"text/plain", "text/html", "text/calendar"} <= set(parts)
    calendar_part = parts["text/calendar"]
    assert calendar_part.get_param("method") == "REQUEST"
    assert calendar_part.get_filename() == "invite.ics"
    calendar = vobject.readOne(calendar_part.get_content())
    assert calendar.method.value == "REQUEST"
    event = calendar.vevent
    assert event.uid.value == meeting.uid
    assert event.sequence.value == "0"
    assert event.organizer.value == "mailto:lea.martin@example.com"
    assert (event.dtstart.value.hour, event.dtstart.value.minute) == (10, 0)
    assert event.dtstart.value.utcoffset().total_seconds() == 3600
    assert event.location.value == "Café Lumière, 3rd floor"
