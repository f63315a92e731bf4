"""The demo's outbox: with DEMO_OUTBOX on, e-mails are kept in the database instead of sent,
and read under "Sent e-mails": HR admins read them all, anyone else those addressed to them
(someone else's is a 404). Off, as in production, every outbox page is a 404 and nothing is
kept; `check --deploy` warns when it is on."""

import datetime as dt

import pytest
import time_machine
from django.core import checks, mail
from django.test import Client
from django.urls import reverse

from bascule.core.models import OutboxMessage
from bascule.meetings import services as meeting_services
from bascule.meetings.tests.helpers import values
from bascule.pairing.testing import make_running_program

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2027, 3, 1, 8, 0, tzinfo=dt.UTC)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def outbox_on(settings):
    settings.DEMO_OUTBOX = True
    settings.EMAIL_BACKEND = "bascule.core.outbox.OutboxEmailBackend"


@pytest.fixture
def invitation(company, django_capture_on_commit_callbacks):
    """Léa schedules a meeting with Bernard: both get an invitation with its calendar file."""
    with time_machine.travel(NOW, tick=False):
        running = make_running_program(company)
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            meeting_services.meeting_schedule(
                actor=company.lea_user, pair=running.pair, values=values()
            )
    return running


def message_to(address: str) -> OutboxMessage:
    return OutboxMessage.objects.get(recipients__address=address, subject__contains="meeting")


def test_it_keeps_the_e_mails_instead_of_sending_them(outbox_on, company, invitation):
    assert mail.outbox == []
    to_lea = message_to("lea.martin@example.com")
    assert to_lea.to == ["lea.martin@example.com"]
    assert to_lea.subject.startswith("Invitation: meeting with Bernard Lefèvre")
    # Bernard reads French: his invitation is kept as he would have got it.
    to_bernard = OutboxMessage.objects.get(recipients__address="bernard.lefevre@example.com")
    assert to_bernard.subject.startswith("Invitation : rencontre avec Léa Martin")


def test_each_person_reads_the_e_mails_addressed_to_them(outbox_on, company, invitation):
    to_lea = message_to("lea.martin@example.com")
    to_bernard = OutboxMessage.objects.get(recipients__address="bernard.lefevre@example.com")
    lea = client_for(company.lea_user)
    listing = lea.get(reverse("outbox:list")).content.decode()
    assert reverse("outbox:detail", args=[to_lea.pk]) in listing
    assert reverse("outbox:detail", args=[to_bernard.pk]) not in listing
    assert lea.get(reverse("outbox:detail", args=[to_bernard.pk])).status_code == 404
    assert lea.get(reverse("outbox:attachment", args=[to_bernard.pk, 1])).status_code == 404
    # Someone the e-mails were not for sees none of them; HR admins see them all.
    paul = client_for(company.paul)
    assert paul.get(reverse("outbox:list")).context["page_obj"].paginator.count == 0
    assert paul.get(reverse("outbox:detail", args=[to_lea.pk])).status_code == 404
    alice = client_for(company.alice)
    assert alice.get(reverse("outbox:list")).context["page_obj"].paginator.count == 2
    assert alice.get(reverse("outbox:detail", args=[to_bernard.pk])).status_code == 200


def test_it_shows_an_e_mail_with_its_text_html_and_calendar_file(outbox_on, company, invitation):
    to_lea = message_to("lea.martin@example.com")
    lea = client_for(company.lea_user)
    page = lea.get(reverse("outbox:detail", args=[to_lea.pk]))
    html = page.content.decode()
    assert "You scheduled a meeting with Bernard Lefèvre." in html
    assert "invite.ics" in html
    assert reverse("outbox:html", args=[to_lea.pk]) in html

    as_sent = lea.get(reverse("outbox:html", args=[to_lea.pk]))
    assert as_sent["Content-Type"] == "text/html; charset=utf-8"
    assert as_sent["Content-Security-Policy"].startswith("sandbox;")
    assert b"See the meeting" in as_sent.content

    calendar = lea.get(reverse("outbox:attachment", args=[to_lea.pk, 1]))
    assert calendar.status_code == 200
    assert calendar["Content-Type"] == "text/calendar"
    assert calendar["Content-Disposition"] == 'attachment; filename="invite.ics"'
    assert b"BEGIN:VCALENDAR" in calendar.content and b"METHOD:REQUEST" in calendar.content
    assert lea.get(reverse("outbox:attachment", args=[to_lea.pk, 2])).status_code == 404


def test_the_navigation_offers_it_only_when_it_is_on(company, settings):
    alice = client_for(company.alice)
    assert "Sent e-mails" not in alice.get("/").content.decode()
    settings.DEMO_OUTBOX = True
    for user in (company.alice, company.lea_user, company.sophie):
        assert reverse("outbox:list") in client_for(user).get("/").content.decode()


def test_it_is_a_404_and_keeps_nothing_when_off(company, invitation):
    # Off (the default): e-mails go through the configured backend, none is kept.
    assert OutboxMessage.objects.count() == 0
    assert len(mail.outbox) == 2
    alice = client_for(company.alice)
    assert alice.get(reverse("outbox:list")).status_code == 404
    assert alice.get(reverse("outbox:detail", args=[1])).status_code == 404


def test_it_stays_closed_when_turned_off_after_keeping_e_mails(company, settings, invitation):
    settings.EMAIL_BACKEND = "bascule.core.outbox.OutboxEmailBackend"
    mail.EmailMessage("Hello", "Body", to=["lea.martin@example.com"]).send()
    kept = OutboxMessage.objects.get()
    lea = client_for(company.lea_user)
    assert lea.get(reverse("outbox:detail", args=[kept.pk])).status_code == 404
    settings.DEMO_OUTBOX = True
    assert lea.get(reverse("outbox:detail", args=[kept.pk])).status_code == 200


def test_check_deploy_warns_when_it_is_on(settings):
    def warnings() -> list[str]:
        found = checks.run_checks(include_deployment_checks=True, tags=[checks.Tags.security])
        return [message.id for message in found]

    assert "bascule.W001" not in warnings()
    settings.DEMO_OUTBOX = True
    assert "bascule.W001" in warnings()
