"""A person's workshops in their calendar feed (through the meetings' registry), and the
`workshop_tomorrow` reminder."""

import datetime as dt
import io

import pytest
import vobject
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from bascule.meetings import services as meeting_services
from bascule.pairing.testing import make_running_program
from bascule.reminders.kinds import get_kind
from bascule.workshops import services
from bascule.workshops.tests.helpers import STARTS, make_workshop

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def test_the_feed_holds_my_workshops_and_their_cancellation(company):
    make_running_program(company)  # Léa mentors: she may have a calendar address
    seat = make_workshop(company.alice, title="Listening")
    other = make_workshop(company.alice, title="Somebody else's")
    services.registration_create(actor=company.lea_user, workshop_id=seat.pk)
    services.registration_create(actor=company.bernard_user, workshop_id=other.pk)
    token = meeting_services.feed_regenerate(actor=company.lea_user)
    url = reverse("meetings:feed", kwargs={"token": token})
    (calendar,) = vobject.readComponents(Client().get(url).content.decode())
    events = {e.summary.value: e for e in calendar.vevent_list}
    assert list(events) == ["Workshop: Listening"]
    assert events["Workshop: Listening"].status.value == "CONFIRMED"
    services.workshop_cancel(actor=company.alice, workshop_id=seat.pk)
    (calendar,) = vobject.readComponents(Client().get(url).content.decode())
    (event,) = calendar.vevent_list
    assert event.status.value == "CANCELLED"
    assert event.sequence.value == "1"


def test_the_reminder_comes_the_day_before_once(company, frozen):
    workshop = make_workshop(company.alice)
    services.registration_create(actor=company.lea_user, workshop_id=workshop.pk)
    kind = get_kind("workshop_tomorrow")
    assert list(kind.due(STARTS - dt.timedelta(hours=30))) == []
    (due,) = kind.due(STARTS - dt.timedelta(hours=20))
    assert due.recipient == company.lea_user
    frozen.move_to(STARTS - dt.timedelta(hours=20))
    mail.outbox.clear()
    call_command("send_reminders", kind=["workshop_tomorrow"], stdout=io.StringIO())
    (message,) = mail.outbox
    assert message.subject.startswith("Reminder: workshop “Giving feedback”")
    assert f"/workshops/{workshop.pk}/" in message.body
    call_command("send_reminders", kind=["workshop_tomorrow"], stdout=io.StringIO())
    assert len(mail.outbox) == 1
