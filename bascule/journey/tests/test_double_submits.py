"""A goal, a shared note or a private note sent twice (double click, browser retry, API
retry) is created once; the second sending lands on what the first one created."""

import pytest
from django.urls import reverse

from bascule.core.idempotency import FIELD
from bascule.core.models import AuditEntry
from bascule.journey import services
from bascule.journey.models import Goal, PrivateNote, SharedNote
from bascule.journey.tests.test_api import GOAL
from bascule.journey.tests.test_goals import goal_data, new_url
from bascule.testing import submission_key, submission_keys

pytestmark = pytest.mark.django_db

SENT_TWICE = "This form was sent twice: it has been saved only once."


def space(pair):
    return reverse("journey:pair_space", kwargs={"pair_id": pair.pk})


def test_it_creates_one_goal_when_the_form_is_sent_twice(client, running, company):
    client.force_login(company.lea_user)
    data = {**goal_data(), FIELD: submission_key(client.get(new_url(running.pair)))}
    first = client.post(new_url(running.pair), data)
    second = client.post(new_url(running.pair), data, follow=True)

    goal = Goal.objects.get()
    assert first.status_code == 302
    assert second.redirect_chain[-1][0] == f"{space(running.pair)}#goal-{goal.pk}"
    assert SENT_TWICE in second.content.decode()
    assert goal.milestones.count() == 1
    assert AuditEntry.objects.filter(action="journey.goal_created").count() == 1


def test_it_creates_a_second_goal_when_the_form_comes_back_changed(client, running, company):
    # The back button, a change, send again: what is sent is new, so it is saved.
    client.force_login(company.lea_user)
    key = submission_key(client.get(new_url(running.pair)))
    client.post(new_url(running.pair), {**goal_data(), FIELD: key})
    again = client.post(new_url(running.pair), {**goal_data(title="Another goal"), FIELD: key})
    assert again.status_code == 302
    assert sorted(Goal.objects.values_list("title", flat=True)) == [
        "Another goal",
        "Run a video meeting on my own",
    ]


def test_it_keeps_the_key_of_a_form_refused_for_a_mistake(client, running, company):
    # Nothing was saved, so the corrected form is saved even with the same key.
    client.force_login(company.lea_user)
    key = submission_key(client.get(new_url(running.pair)))
    refused = client.post(new_url(running.pair), {**goal_data(title=""), FIELD: key})
    assert refused.status_code == 200 and len(submission_keys(refused)) == 1
    assert client.post(new_url(running.pair), {**goal_data(), FIELD: key}).status_code == 302
    assert Goal.objects.count() == 1


def test_it_does_not_share_keys_between_members(client, running, company):
    client.force_login(company.lea_user)
    data = {**goal_data(), FIELD: submission_key(client.get(new_url(running.pair)))}
    client.post(new_url(running.pair), data)
    client.force_login(company.bernard_user)
    assert client.post(new_url(running.pair), data).status_code == 302
    assert Goal.objects.count() == 2


@pytest.mark.parametrize(
    ("url_name", "prefix", "model", "anchor"),
    [
        ("journey:shared_note_add", "shared", SharedNote, "shared-note"),
        ("journey:private_note_add", "private", PrivateNote, "private-note"),
    ],
)
def test_it_creates_one_note_when_the_form_is_sent_twice(
    client, running, company, url_name, prefix, model, anchor
):
    client.force_login(company.lea_user)
    keys = submission_keys(client.get(space(running.pair)))
    key = keys[0] if prefix == "shared" else keys[1]
    url = reverse(url_name, kwargs={"pair_id": running.pair.pk})
    data = {f"{prefix}-body": "Bring the slides next time", FIELD: key}
    client.post(url, data)
    second = client.post(url, data, follow=True)
    note = model.objects.get()
    assert second.redirect_chain[-1][0] == f"{space(running.pair)}#{anchor}-{note.pk}"
    assert SENT_TWICE in second.content.decode()


def test_the_space_gives_each_note_form_its_own_key(client, running, company):
    client.force_login(company.bernard_user)
    keys = submission_keys(client.get(space(running.pair)))
    assert len(keys) == 2 and keys[0] != keys[1]


# --- API ----------------------------------------------------------------------------------------


def post(client, url, data, key):
    return client.post(url, data, content_type="application/json", HTTP_IDEMPOTENCY_KEY=key)


def test_an_api_retry_gets_the_first_goal_again(client, running, company):
    client.force_login(company.lea_user)
    url = f"/api/pairs/{running.pair.pk}/goals"
    first = post(client, url, GOAL, "goal-7f3c9a1e")
    again = post(client, url, dict(reversed(GOAL.items())), "goal-7f3c9a1e")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first
    assert Goal.objects.count() == 1


def test_an_api_key_sent_with_another_goal_is_refused(client, running, company):
    client.force_login(company.lea_user)
    url = f"/api/pairs/{running.pair.pk}/goals"
    post(client, url, GOAL, "goal-7f3c9a1e")
    other = post(client, url, {**GOAL, "title": "Something else"}, "goal-7f3c9a1e")
    assert other.status_code == 409
    assert other.json()["code"] == "idempotency_key_reused"
    assert Goal.objects.count() == 1


def test_an_api_retry_gets_the_first_shared_note_again(client, running, company):
    client.force_login(company.bernard_user)
    url = f"/api/pairs/{running.pair.pk}/notes"
    first = post(client, url, {"body": "See you Tuesday"}, "note-0001")
    again = post(client, url, {"body": "See you Tuesday"}, "note-0001")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert SharedNote.objects.count() == 1


def test_an_api_create_refused_for_a_mistake_keeps_its_key_free(client, running, company):
    client.force_login(company.bernard_user)
    url = f"/api/pairs/{running.pair.pk}/notes"
    assert post(client, url, {"body": "  "}, "note-0002").status_code == 422
    assert post(client, url, {"body": "Fixed"}, "note-0002").status_code == 201
    assert SharedNote.objects.get().body == "Fixed"


# --- Check-ins ----------------------------------------------------------------------------------


def test_a_check_in_sent_twice_is_saved_once_and_says_so(client, running, company):
    goal = services.goal_create(
        actor=company.lea_user,
        pair=running.pair,
        values={
            "direction": "learning",
            "title": "Use AI tools",
            "success_criteria": "One summary a week",
            "target_date": running.program.ends_on,
            "status": "in_progress",
            "progress": 10,
        },
    )
    client.force_login(company.lea_user)
    url = reverse("journey:checkin", kwargs={"pair_id": running.pair.pk})
    page = client.get(url)
    period = page.context["form"].initial["period"]
    data = {
        "pulse": 4,
        "blocking": "",
        "message_to_hr": "",
        "period": period,
        f"goal_{goal.pk}": 40,
        f"version_{goal.pk}": goal.version,
        FIELD: submission_key(page),
    }
    client.post(url, data)
    second = client.post(url, data, follow=True)
    content = second.content.decode()
    assert second.redirect_chain[-1][0] == f"{space(running.pair)}#checkin"
    assert SENT_TWICE in content and "changed this goal" not in content
    goal.refresh_from_db()
    assert (goal.progress, goal.version) == (40, 2)
    assert AuditEntry.objects.filter(action="journey.checkin_given").count() == 1


def test_an_api_retry_of_a_check_in_gets_the_first_answer(client, running, company):
    client.force_login(company.bernard_user)
    url = f"/api/pairs/{running.pair.pk}/checkin"
    first = post(client, url, {"pulse": 5}, "checkin-1")
    again = post(client, url, {"pulse": 5}, "checkin-1")
    assert (first.status_code, again.status_code) == (200, 200)
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert AuditEntry.objects.filter(action="journey.checkin_updated").count() == 0
