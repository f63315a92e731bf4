"""A meeting whose organiser is unknown: written by the demo or an import with no organiser,
or organised by an account deleted since (the organiser is SET_NULL). Its page, its e-mails,
its calendar files and the API still work and say so plainly."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from bascule.meetings import services
from bascule.meetings.models import Meeting
from bascule.meetings.tests.helpers import FORM, calendar_parts, parse_calendar, values
from bascule.notifications import emails

pytestmark = pytest.mark.django_db(transaction=False)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def without_organiser(meeting: Meeting) -> Meeting:
    Meeting.objects.filter(pk=meeting.pk).update(organiser=None)
    meeting.refresh_from_db()
    return meeting


def test_it_shows_the_page_of_a_meeting_without_organiser(running, company):
    meeting = services.meeting_schedule(actor=company.lea_user, pair=running.pair, values=values())
    without_organiser(meeting)
    url = reverse("meetings:detail", kwargs={"meeting_id": meeting.pk})
    for user in (company.lea_user, company.bernard_user):
        response = client_for(user).get(url)
        assert response.status_code == 200
        assert response.context["meeting"].organiser is None


def test_it_shows_the_page_once_the_organiser_account_is_deleted(running, company):
    meeting = services.meeting_schedule(
        actor=company.bernard_user, pair=running.pair, values=values()
    )
    lea = client_for(company.lea_user)
    url = reverse("meetings:detail", kwargs={"meeting_id": meeting.pk})
    assert "Bernard" in lea.get(url).content.decode()
    company.bernard_user.delete()
    meeting.refresh_from_db()
    assert meeting.organiser is None
    response = lea.get(url)
    assert response.status_code == 200
    organised_by = response.content.decode().split("Organised by", 1)[1][:80]
    assert "—" in organised_by


def test_it_mails_a_change_and_a_cancellation_without_organiser(
    running, company, django_capture_on_commit_callbacks
):
    meeting = without_organiser(
        services.meeting_schedule(actor=company.lea_user, pair=running.pair, values=values())
    )
    lea = client_for(company.lea_user)
    reschedule = reverse("meetings:reschedule", kwargs={"meeting_id": meeting.pk})
    with django_capture_on_commit_callbacks(execute=True):
        response = lea.post(reschedule, {**FORM, "time": "11:00", "version": "1"})
    assert response.status_code == 302
    to_lea, to_bernard = (
        next(m for m in mail.outbox if m.to == [address])
        for address in ("lea.martin@example.com", "bernard.lefevre@example.com")
    )
    # Each e-mail names who made the change, from the reader's side; Bernard reads French.
    assert "You changed your meeting with Bernard Lefèvre." in to_lea.body
    assert "Lea Martin a modifié votre rencontre." in to_bernard.body
    assert parse_calendar(calendar_parts(to_lea)[0]).vevent.sequence.value == "1"

    mail.outbox.clear()
    cancel = reverse("meetings:cancel", kwargs={"meeting_id": meeting.pk})
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(company.bernard_user).post(cancel, {"message": "", "version": "2"})
    assert response.status_code == 302
    to_lea = next(m for m in mail.outbox if m.to == ["lea.martin@example.com"])
    assert "Bernard Lefevre cancelled your meeting." in to_lea.body


def test_it_names_nobody_when_nobody_is_known(running, company):
    meeting = without_organiser(
        services.meeting_schedule(actor=company.lea_user, pair=running.pair, values=values())
    )
    # What a command or a deleted account leaves: no organiser, nobody known behind a change.
    emails.meeting_invitation(meeting.pk, "cancellation")
    to_lea = next(m for m in mail.outbox if m.to == ["lea.martin@example.com"])
    to_bernard = next(m for m in mail.outbox if m.to == ["bernard.lefevre@example.com"])
    assert "Your meeting with Bernard Lefèvre was cancelled." in to_lea.body
    assert "Votre rencontre avec Léa Martin a été annulée." in to_bernard.body
    assert "None" not in to_lea.body + to_lea.alternatives[0][0]


def test_the_api_gives_no_organiser_rather_than_failing(running, company):
    meeting = without_organiser(
        services.meeting_schedule(actor=company.lea_user, pair=running.pair, values=values())
    )
    response = client_for(company.lea_user).get(f"/api/meetings/{meeting.pk}")
    assert response.status_code == 200
    assert response.json()["organiser_email"] is None
