"""Deleting a goal (either member) and changing or deleting one's own shared note, through
the pages and the API, with the version guard against stale forms."""

import datetime as dt

import pytest
from django.urls import reverse

from bascule.core.models import AuditEntry
from bascule.journey import services
from bascule.journey.models import Goal, GoalDirection, Milestone, SharedNote
from bascule.pairing.models import Pair
from bascule.testing import submit_confirmation

pytestmark = pytest.mark.django_db

TITLE = "Use generative AI for my board notes"
NOTE = "Next time: try a meeting summary together"


@pytest.fixture
def goal(running, company) -> Goal:
    return services.goal_create(
        actor=company.lea_user,
        pair=running.pair,
        values={
            "direction": GoalDirection.LEARNING,
            "title": TITLE,
            "success_criteria": "Two notes prepared",
            "target_date": dt.date(2027, 5, 1),
            "status": "in_progress",
            "progress": 20,
        },
        milestones=[{"title": "Try an assistant", "due_on": None, "done": True}],
    )


@pytest.fixture
def note(running, company) -> SharedNote:
    return services.shared_note_add(actor=company.lea_user, pair=running.pair, body=NOTE)


def goal_url(name, goal):
    return reverse(f"journey:{name}", kwargs={"pair_id": goal.pair_id, "goal_id": goal.pk})


def note_url(name, note):
    return reverse(f"journey:{name}", kwargs={"pair_id": note.pair_id, "note_id": note.pk})


class TestGoalDeletion:
    def test_the_partner_confirms_then_deletes_a_goal(self, client, goal, company):
        client.force_login(company.bernard_user)
        confirm = client.get(goal_url("goal_delete", goal))
        assert confirm.status_code == 200
        assert TITLE in confirm.content.decode()
        assert Goal.objects.filter(pk=goal.pk).exists()  # a GET deletes nothing
        response = client.post(goal_url("goal_delete", goal), {"version": goal.version})
        assert response.status_code == 302
        assert not Goal.objects.filter(pk=goal.pk).exists()
        assert not Milestone.objects.exists()
        entry = AuditEntry.objects.get(action="journey.goal_deleted")
        assert entry.actor == company.bernard_user
        assert entry.changes == {"pair": goal.pair_id, "direction": "learning"}
        assert TITLE not in str(entry.changes) and TITLE not in entry.object_repr
        space = client.get(response.url).content.decode()
        assert TITLE not in space

    def test_a_goal_changed_meanwhile_is_not_deleted(self, client, goal, company):
        client.force_login(company.lea_user)
        stale = goal.version
        services.goal_update(
            actor=company.bernard_user,
            goal=goal,
            version=goal.version,
            values={
                "direction": GoalDirection.LEARNING,
                "title": "A better title",
                "success_criteria": "Two notes prepared",
                "target_date": dt.date(2027, 5, 1),
                "status": "in_progress",
                "progress": 30,
            },
        )
        response = client.post(goal_url("goal_delete", goal), {"version": stale})
        assert response.status_code == 409
        page = response.content.decode()
        assert "Bernard Lefèvre changed this goal while you were editing it" in page
        assert "A better title" in page
        assert Goal.objects.filter(pk=goal.pk).exists()

    def test_others_cannot_delete_and_an_ended_pair_keeps_its_goals(
        self, client, goal, running, company
    ):
        for user in (company.alice, company.sophie, running.matching.users["marc"]):
            client.force_login(user)
            assert client.post(goal_url("goal_delete", goal), {"version": 1}).status_code == 404
        Pair.objects.filter(pk=goal.pair_id).update(status="ended")
        client.force_login(company.lea_user)
        assert client.post(goal_url("goal_delete", goal), {"version": 1}).status_code == 404
        assert Goal.objects.filter(pk=goal.pk).exists()

    def test_the_api_deletes_with_the_version(self, client, goal, company):
        client.force_login(company.lea_user)
        url = f"/api/pairs/{goal.pair_id}/goals/{goal.pk}"
        assert client.delete(f"{url}?version=99").status_code == 409
        assert client.delete(url).status_code == 422  # the version is required
        assert client.delete(f"{url}?version={goal.version}").status_code == 204
        assert client.delete(f"{url}?version={goal.version}").status_code == 404


class TestSharedNoteChanges:
    def test_the_author_changes_a_note_and_the_partner_sees_it_changed(self, client, note, company):
        client.force_login(company.lea_user)
        form = client.get(note_url("shared_note_edit", note))
        assert form.status_code == 200 and NOTE in form.content.decode()
        response = client.post(
            note_url("shared_note_edit", note), {"body": "Agenda: Teams", "version": 1}
        )
        assert response.status_code == 302
        note.refresh_from_db()
        assert note.body == "Agenda: Teams" and note.version == 2 and note.edited_at
        entry = AuditEntry.objects.get(action="journey.shared_note_edited")
        assert "Agenda" not in str(entry.changes)
        client.force_login(company.bernard_user)
        space = client.get(reverse("journey:pair_space", args=[note.pair_id])).content.decode()
        # Bernard reads French.
        assert "Agenda: Teams" in space and "modifiée le" in space
        # The partner cannot change or delete it.
        assert "Modifier ou supprimer cette note" not in space
        assert client.get(note_url("shared_note_edit", note)).status_code == 404
        delete = client.post(note_url("shared_note_delete", note), {"version": 2})
        assert delete.status_code == 404
        assert SharedNote.objects.filter(pk=note.pk).exists()

    def test_a_stale_form_keeps_what_was_typed_and_an_empty_note_is_refused(
        self, client, note, company
    ):
        client.force_login(company.lea_user)
        services.shared_note_update(actor=company.lea_user, note=note, body="Second", version=1)
        response = client.post(
            note_url("shared_note_edit", note), {"body": "Typed in an old tab", "version": 1}
        )
        page = response.content.decode()
        assert "This note changed since you opened it" in page
        assert "Typed in an old tab" in page
        assert 'name="version" value="2"' in page
        empty = client.post(note_url("shared_note_edit", note), {"body": " ", "version": 2})
        assert "The note is empty" in empty.content.decode()
        note.refresh_from_db()
        assert note.body == "Second"

    def test_the_author_deletes_a_note(self, client, note, company):
        client.force_login(company.lea_user)
        step = client.post(note_url("shared_note_delete", note), {"version": 1})
        assert "Delete this shared note?" in step.content.decode()
        assert SharedNote.objects.exists()  # not confirmed yet
        response = submit_confirmation(client, step)
        assert response.status_code == 302
        assert not SharedNote.objects.exists()
        assert AuditEntry.objects.filter(action="journey.shared_note_deleted").count() == 1

    def test_the_api_changes_and_deletes_own_notes_only(self, client, note, company):
        url = f"/api/pairs/{note.pair_id}/notes/{note.pk}"
        client.force_login(company.bernard_user)
        assert (
            client.put(url, {"body": "Mine now", "version": 1}, content_type="application/json")
        ).status_code == 404
        client.force_login(company.lea_user)
        changed = client.put(
            url, {"body": "Agenda: Teams", "version": 1}, content_type="application/json"
        )
        assert changed.status_code == 200
        assert changed.json()["version"] == 2 and changed.json()["edited_at"]
        stale = client.put(url, {"body": "x", "version": 1}, content_type="application/json")
        assert stale.status_code == 409 and stale.json()["code"] == "stale_version"
        empty = client.put(url, {"body": "", "version": 2}, content_type="application/json")
        assert empty.status_code == 422 and "body" in empty.json()["errors"]
        assert client.delete(f"{url}?version=2").status_code == 204
        assert not SharedNote.objects.exists()
