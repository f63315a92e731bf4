"""Scheduling, rescheduling, cancelling a meeting and recording its outcome, through the
pages, as Léa (mentor) and Bernard (mentee, reads French)."""

import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from bascule.core.idempotency import FIELD
from bascule.core.models import AuditEntry
from bascule.meetings import services
from bascule.meetings.models import Meeting, MeetingOutcome, MeetingStatus
from bascule.meetings.tests.helpers import FORM, calendar_parts, parse_calendar, values
from bascule.testing import submission_key

pytestmark = pytest.mark.django_db(transaction=False)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def create_url(pair) -> str:
    return reverse("meetings:create", kwargs={"pair_id": pair.pk})


def test_lea_schedules_a_meeting_and_both_members_are_invited(
    running, company, django_capture_on_commit_callbacks
):
    lea = client_for(company.lea_user)
    page = lea.get(create_url(running.pair))
    assert page.status_code == 200
    # The next times both are available (Tuesday morning, Thursday afternoon), in Paris time.
    content = page.content.decode()
    assert "?date=2027-03-02&amp;time=10:00" in content
    assert "?date=2027-03-04&amp;time=14:00" in content
    form = page.context["form"]
    assert form.initial["time_zone"] == "Europe/Paris"
    assert form.initial["duration_minutes"] == 45
    with django_capture_on_commit_callbacks(execute=True):
        response = lea.post(
            create_url(running.pair),
            {**FORM, FIELD: submission_key(page)},
        )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:detail", kwargs={"meeting_id": meeting.pk})
    assert meeting.starts_at == dt.datetime(2027, 3, 2, 9, 0, tzinfo=dt.UTC)
    assert meeting.organiser == company.lea_user
    assert AuditEntry.objects.filter(action="meeting.schedule", object_id=str(meeting.pk)).exists()

    assert sorted(m.to[0] for m in mail.outbox) == [
        "bernard.lefevre@example.com",
        "lea.martin@example.com",
    ]
    to_bernard = next(m for m in mail.outbox if m.to == ["bernard.lefevre@example.com"])
    to_lea = next(m for m in mail.outbox if m.to == ["lea.martin@example.com"])
    assert (
        "Invitation: meeting with Bernard Lefèvre on Tuesday 2 March 2027, 10:00" in to_lea.subject
    )
    assert "2 mars 2027" in to_bernard.subject  # Bernard reads French
    assert "Café Lumière" in to_bernard.body
    for message in (to_bernard, to_lea):
        (part,) = calendar_parts(message)
        assert part.get_param("method") == "REQUEST"
        assert parse_calendar(part).vevent.uid.value == meeting.uid

    # Both members see it; the page shows it in the viewer's time zone.
    detail = client_for(company.bernard_user).get(response["Location"])
    assert detail.status_code == 200
    assert "10:00" in detail.content.decode()


def test_a_viewer_in_another_time_zone_sees_their_local_time(running, company):
    meeting = services.meeting_schedule(actor=company.lea_user, pair=running.pair, values=values())
    company.bernard_user.time_zone = "America/New_York"
    company.bernard_user.language = "en"
    company.bernard_user.save()
    page = client_for(company.bernard_user).get(
        reverse("meetings:detail", kwargs={"meeting_id": meeting.pk})
    )
    content = page.content.decode()
    assert "Tuesday 2 March 2027, 04:00–04:45" in content
    assert "America/New_York" in content
    assert "10:00 in Europe/Paris" in content


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"date": "2027-02-26"}, "date", "This date and time are in the past."),
        ({"date": "2027-03-28", "time": "02:30"}, "time", "02:30 does not exist on"),
        ({"date": "2027-07-06"}, "date", "The meeting must take place during the program"),
        ({"duration_minutes": "5"}, "duration_minutes", "between 10 and 240 minutes"),
        ({"duration_minutes": "600"}, "duration_minutes", "between 10 and 240 minutes"),
        ({"location": "", "video_url": ""}, "location", "Give a place, a video link, or both"),
        ({"date": "2027-02-30"}, "date", "Enter a valid date."),
        ({"time": "25:00"}, "time", "Enter a valid time."),
        ({"time_zone": "Mars/Olympus"}, "time_zone", "Select a valid choice."),
    ],
)
def test_mistakes_are_explained_and_what_was_typed_is_kept(
    running, company, changes, field, message
):
    data = {**FORM, **changes}
    response = client_for(company.lea_user).post(create_url(running.pair), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert any(message in error for error in form.errors[field]), form.errors
    content = response.content.decode()
    assert 'aria-invalid="true"' in content
    assert "AI tools for the controlling team" in content  # the agenda typed is kept
    assert Meeting.objects.count() == 0


def test_the_ambiguous_hour_at_fall_back_is_refused(running, company):
    running.program.ends_on = dt.date(2027, 12, 17)
    running.program.save()
    response = client_for(company.lea_user).post(
        create_url(running.pair), {**FORM, "date": "2027-10-31", "time": "02:30"}
    )
    assert "02:30 happens twice on" in response.context["form"].errors["time"][0]
    assert Meeting.objects.count() == 0


def test_the_same_form_sent_twice_creates_one_meeting(
    running, company, django_capture_on_commit_callbacks
):
    lea = client_for(company.lea_user)
    data = {**FORM, FIELD: submission_key(lea.get(create_url(running.pair)))}
    with django_capture_on_commit_callbacks(execute=True):
        first = lea.post(create_url(running.pair), data)
        second = lea.post(create_url(running.pair), data, follow=True)
    assert Meeting.objects.count() == 1
    assert second.redirect_chain[-1][0] == first["Location"]
    assert "This form was sent twice: it has been saved only once." in second.content.decode()
    assert len(mail.outbox) == 2  # one invitation to each member, not two


def test_rescheduling_keeps_the_uid_and_raises_the_sequence(
    running, company, django_capture_on_commit_callbacks
):
    meeting = services.meeting_schedule(actor=company.lea_user, pair=running.pair, values=values())
    url = reverse("meetings:reschedule", kwargs={"meeting_id": meeting.pk})
    bernard = client_for(company.bernard_user)
    page = bernard.get(url)
    assert page.context["form"].initial["time"] == dt.time(10, 0)
    # Bernard reads French: the date box still gets the ISO date a browser's date field
    # understands (02/03/2027 would leave it empty).
    html = page.content.decode()
    assert 'name="date" value="2027-03-02"' in html
    assert 'name="time" value="10:00"' in html
    with django_capture_on_commit_callbacks(execute=True):
        response = bernard.post(
            url, {**FORM, "date": "2027-03-04", "time": "14:00", "version": "1"}
        )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.sequence, meeting.version) == (1, 2)
    assert meeting.starts_at == dt.datetime(2027, 3, 4, 13, 0, tzinfo=dt.UTC)
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert message.subject.startswith(("Changed:", "Modifié"))
        event = parse_calendar(calendar_parts(message)[0]).vevent
        assert event.uid.value == meeting.uid
        assert event.sequence.value == "1"


def test_a_concurrent_reschedule_is_refused_and_the_form_keeps_what_was_typed(running, company):
    meeting = services.meeting_schedule(actor=company.lea_user, pair=running.pair, values=values())
    url = reverse("meetings:reschedule", kwargs={"meeting_id": meeting.pk})
    # Léa and Bernard both open the form (version 1); Léa saves first.
    client_for(company.lea_user).post(url, {**FORM, "time": "11:00", "version": "1"})
    response = client_for(company.bernard_user).post(
        url, {**FORM, "time": "12:00", "agenda": "Bernard's agenda", "version": "1"}
    )
    assert response.status_code == 200
    content = response.content.decode()
    # Bernard reads French.
    assert "Votre binôme a modifié cette rencontre entre-temps." in content
    assert "Bernard&#x27;s agenda" in content
    assert response.context["form"]["version"].value() == "2"
    meeting.refresh_from_db()
    assert meeting.local_start.time() == dt.time(11, 0)
    # Sent again with the new version, it goes through.
    again = client_for(company.bernard_user).post(url, {**FORM, "time": "12:00", "version": "2"})
    assert again.status_code == 302
    meeting.refresh_from_db()
    assert meeting.local_start.time() == dt.time(12, 0)
    assert meeting.sequence == 2


def test_cancelling_sends_a_cancel_with_the_message(
    running, company, django_capture_on_commit_callbacks
):
    meeting = services.meeting_schedule(actor=company.lea_user, pair=running.pair, values=values())
    url = reverse("meetings:cancel", kwargs={"meeting_id": meeting.pk})
    assert client_for(company.lea_user).get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(company.lea_user).post(
            url, {"message": "Sorry, I am ill.", "version": "1"}
        )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED
    assert meeting.sequence == 1
    to_bernard = next(m for m in mail.outbox if m.to == ["bernard.lefevre@example.com"])
    assert "Sorry, I am ill." in to_bernard.body
    (part,) = calendar_parts(to_bernard)
    assert part.get_param("method") == "CANCEL"
    calendar = parse_calendar(part)
    assert calendar.method.value == "CANCEL"
    assert calendar.vevent.status.value == "CANCELLED"
    assert calendar.vevent.uid.value == meeting.uid
    # Cancelled once is enough.
    again = client_for(company.bernard_user).post(url, {"message": ""}, follow=True)
    assert "Cette rencontre est annulée." in again.content.decode()  # Bernard reads French


def test_the_outcome_is_recorded_once_the_meeting_has_started(running, company, frozen):
    meeting = services.meeting_schedule(actor=company.lea_user, pair=running.pair, values=values())
    url = reverse("meetings:outcome", kwargs={"meeting_id": meeting.pk})
    early = client_for(company.lea_user).get(url, follow=True)
    assert "once the meeting has started" in early.content.decode()
    frozen.move_to(dt.datetime(2027, 3, 2, 10, 0, tzinfo=dt.UTC))
    lea = client_for(company.lea_user)
    assert lea.get(url).status_code == 200
    empty = lea.post(url, {"outcome": ""})
    assert empty.status_code == 200 and empty.context["form"].errors["outcome"]
    response = lea.post(url, {"outcome": "held", "log": "Prompts for forecasts; next: dashboards."})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.outcome == MeetingOutcome.HELD
    assert meeting.outcome_log.startswith("Prompts")
    assert AuditEntry.objects.filter(action="meeting.outcome").count() == 1


def test_another_pair_and_other_roles_get_404(running, company):
    meeting = services.meeting_schedule(actor=company.lea_user, pair=running.pair, values=values())
    marc = running.matching.users["marc"]
    urls = [
        reverse("meetings:pair", kwargs={"pair_id": running.pair.pk}),
        create_url(running.pair),
        reverse("meetings:detail", kwargs={"meeting_id": meeting.pk}),
        reverse("meetings:reschedule", kwargs={"meeting_id": meeting.pk}),
        reverse("meetings:cancel", kwargs={"meeting_id": meeting.pk}),
        reverse("meetings:outcome", kwargs={"meeting_id": meeting.pk}),
    ]
    for user in (marc, company.alice, company.paul, company.sophie, company.oscar):
        client = client_for(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
            assert client.post(url, FORM).status_code == 404, (user, url)
    assert Meeting.objects.count() == 1


def test_home_shows_the_next_meeting_in_plain_words(running, company):
    services.meeting_schedule(
        actor=company.lea_user,
        pair=running.pair,
        values=values(video_url="https://meet.example.com/lea-bernard"),
    )
    home = client_for(company.lea_user).get(reverse("home:home")).content.decode()
    assert "Your next meeting" in home
    assert "Your mentoring with Bernard Lefèvre" in home
    assert "Tuesday 2 March 2027, 10:00–10:45" in home
    assert "https://meet.example.com/lea-bernard" in home
    # Marc has a partner and no meeting: the card invites him to plan one.
    marc_home = client_for(running.matching.users["marc"]).get(reverse("home:home")).content
    assert "No meeting planned yet." in marc_home.decode()
    assert "Bernard" not in marc_home.decode()
    # HR has no partner: no card.
    hr_home = client_for(company.alice).get(reverse("home:home")).content.decode()
    assert "Your next meeting" not in hr_home


def test_the_pair_space_panel_shows_the_next_meeting_and_the_link(running, company, rf):
    from django.template.loader import render_to_string

    services.meeting_schedule(actor=company.lea_user, pair=running.pair, values=values())
    request = rf.get("/")
    request.user = company.bernard_user
    html = render_to_string(
        "meetings/partials/pair_space_panel.html", {"pair": running.pair, "request": request}
    )
    assert "Next meeting:" in html
    assert reverse("meetings:pair", kwargs={"pair_id": running.pair.pk}) in html
    empty = render_to_string(
        "meetings/partials/pair_space_panel.html",
        {"pair": running.other_pair, "request": request},
    )
    assert "No meeting planned yet." in empty
