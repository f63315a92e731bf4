"""Shared and private notes through the pages, and the participant's home page."""

import pytest
from django.urls import reverse

from bascule.journey import services
from bascule.journey.models import GoalDirection, PrivateNote, SharedNote

pytestmark = pytest.mark.django_db


def url(name, pair):
    return reverse(f"journey:{name}", kwargs={"pair_id": pair.pk})


def test_a_shared_note_is_read_by_both_members(client, running, company):
    client.force_login(company.lea_user)
    response = client.post(url("shared_note_add", running.pair), {"shared-body": "Agenda: Teams"})
    assert response.status_code == 302
    assert SharedNote.objects.get().author == company.lea_user
    client.force_login(company.bernard_user)
    page = client.get(url("pair_space", running.pair)).content.decode()
    assert "Agenda: Teams" in page and "Léa Martin" in page


def test_an_empty_note_is_refused_and_a_long_one_keeps_its_text(client, running, company):
    client.force_login(company.lea_user)
    response = client.post(url("private_note_add", running.pair), {"private-body": "  "})
    assert response.status_code == 200
    assert "The note is empty: write something first." in response.content.decode()
    long_text = "word " * 1200
    response = client.post(url("shared_note_add", running.pair), {"shared-body": long_text})
    page = response.content.decode()
    assert "The note is too long: 5000 characters at most." in page
    assert long_text.strip()[:200] in page
    assert not SharedNote.objects.exists() and not PrivateNote.objects.exists()


def test_notes_cannot_be_written_by_others_or_read_with_get(client, running, company):
    for user in (company.alice, company.sophie, running.matching.users["marc"]):
        client.force_login(user)
        response = client.post(url("shared_note_add", running.pair), {"shared-body": "x"})
        assert response.status_code == 404
    client.force_login(company.lea_user)
    assert client.get(url("private_note_add", running.pair)).status_code == 405


def test_the_home_page_says_what_is_due_and_shows_the_goals(client, running, company):
    client.force_login(company.lea_user)
    page = client.get("/").content.decode()
    assert "Your mentoring with Bernard Lefèvre" in page
    assert "Confirm the program's charter and how you will meet." in page
    assert "Why the two of you:" in page and "Léa can help Bernard with" in page
    client.force_login(company.bernard_user)  # reads French
    page = client.get("/").content.decode()
    assert "Votre mentorat avec Léa Martin" in page
    assert url("kickoff", running.pair) in page and url("pair_space", running.pair) in page
    company.bernard_user.language = "en"  # the rest reads English
    company.bernard_user.save(update_fields=["language"])

    agreements = {
        "charter_accepted": True,
        "meeting_frequency": "weekly",
        "channel": "video",
        "confidentiality": True,
    }
    services.kickoff_confirm(actor=company.bernard_user, pair=running.pair, values=agreements)
    page = client.get("/").content.decode()
    assert "Waiting for Léa to confirm it too." in page

    services.kickoff_confirm(actor=company.lea_user, pair=running.pair, values=agreements)
    services.goal_create(
        actor=company.lea_user,
        pair=running.pair,
        values={
            "direction": GoalDirection.LEARNING,
            "title": "Share files in the cloud",
            "success_criteria": "Send the monthly report as a link",
            "target_date": running.program.ends_on,
            "status": "in_progress",
            "progress": 40,
        },
    )
    page = client.get("/").content.decode()
    assert "Your mentoring started on" in page
    assert "Share files in the cloud" in page and 'value="40"' in page


def test_people_without_a_pair_see_no_journey(client, running, company):
    for user in (company.alice, company.sophie, company.oscar):
        client.force_login(user)
        assert "Your mentoring with" not in client.get("/").content.decode()
