"""Questions a higher app adds to the check-in (extensions.py) and panels it adds to the
pair's space (panels.py), with a stand-in extension: the journey knows no app above it."""

import datetime as dt

import pytest
import time_machine

from bascule.core.errors import DomainError
from bascule.journey.checkins import extensions
from bascule.journey.models import CheckIn
from bascule.journey.panels import Panel, register_pair_space_panel, unregister_pair_space_panel
from bascule.pairing.testing import make_running_program

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2027, 3, 1, 8, 0, tzinfo=dt.UTC)
SAVED: dict[tuple[int, int, int], dict[str, str]] = {}


def questions(pair, member):
    return [extensions.Question(key="listened", label="My partner listened to me")]


def save(*, actor, pair, member, period, answers):
    if answers.get("listened") == "no":
        raise DomainError("Refused by the extension.")
    SAVED[(pair.pk, member.pk, period)] = dict(answers)


def answers(pair, member, period):
    return SAVED.get((pair.pk, member.pk, period), {})


STAND_IN = extensions.CheckInQuestions(
    name="tests.stand_in",
    legend="What you noticed",
    reason="Asked so that we know.",
    questions=questions,
    record=save,
    answers=answers,
)


@pytest.fixture
def running(company):
    with time_machine.travel(NOW, tick=False):
        setup = make_running_program(company)
        SAVED.clear()
        extensions.register_checkin_questions(STAND_IN)
        yield setup
        extensions.unregister_checkin_questions(STAND_IN.name)


def page(pair) -> str:
    return f"/pairs/{pair.pk}/checkin/"


def test_the_page_asks_the_questions_in_a_fieldset_and_saves_them_with_the_check_in(
    client, running, company
):
    client.force_login(company.lea_user)
    html = client.get(page(running.pair)).content.decode()
    assert "<legend" in html and "What you noticed" in html and "Asked so that we know." in html
    assert 'name="q_listened"' in html
    for label in ("Yes", "Partly", "No", "Did not come up"):
        assert label in html
    data = {"pulse": 4, "period": 1, "q_listened": "partly"}
    assert client.post(page(running.pair), data).status_code == 302
    assert {(running.pair.pk, company.lea.pk, 1): {"listened": "partly"}} == SAVED
    # Pre-filled when the member edits their check-in.
    again = client.get(page(running.pair)).content.decode()
    assert 'value="partly" checked' in again
    # Unanswered is allowed: the extension is told "".
    assert client.post(page(running.pair), {"pulse": 4, "period": 1}).status_code == 302
    assert SAVED[(running.pair.pk, company.lea.pk, 1)] == {"listened": ""}


def test_a_wrong_answer_is_explained_and_nothing_is_saved(client, running, company):
    client.force_login(company.lea_user)
    response = client.post(page(running.pair), {"pulse": 4, "period": 1, "q_listened": "maybe"})
    assert response.status_code == 200
    assert "Please choose one of the answers offered." in response.content.decode()
    assert not CheckIn.objects.exists() and not SAVED


def test_the_check_in_and_the_answers_are_saved_together_or_not_at_all(client, running, company):
    client.force_login(company.lea_user)
    response = client.post(page(running.pair), {"pulse": 4, "period": 1, "q_listened": "no"})
    assert response.status_code == 200 and "Refused by the extension." in response.content.decode()
    assert not CheckIn.objects.exists()


def test_the_api_gives_the_questions_and_takes_the_answers(client, running, company):
    client.force_login(company.lea_user)
    url = f"/api/pairs/{running.pair.pk}/checkin"
    due = client.get(url).json()
    [group] = due["questions"]
    assert group["name"] == "tests.stand_in" and group["legend"] == "What you noticed"
    [question] = group["questions"]
    assert question["key"] == "listened" and question["answer"] == ""
    assert [c["value"] for c in question["choices"]] == list(extensions.ANSWERS)

    posted = client.post(
        url, {"pulse": 3, "answers": {"listened": "yes"}}, content_type="application/json"
    )
    assert posted.status_code == 200, posted.content
    assert client.get(url).json()["questions"][0]["questions"][0]["answer"] == "yes"
    # Answers left out: unchanged.
    client.post(url, {"pulse": 4}, content_type="application/json")
    assert SAVED[(running.pair.pk, company.lea.pk, 1)] == {"listened": "yes"}

    unknown = client.post(
        url, {"pulse": 3, "answers": {"other": "yes"}}, content_type="application/json"
    )
    bad = client.post(
        url, {"pulse": 3, "answers": {"listened": "x\x00"}}, content_type="application/json"
    )
    assert unknown.status_code == 422 and bad.status_code == 422
    assert SAVED[(running.pair.pk, company.lea.pk, 1)] == {"listened": "yes"}


def test_a_registered_panel_shows_in_the_pair_space_and_on_the_kickoff_page(
    client, running, company, tmp_path, settings
):
    seen = []

    def context(pair, user, place):
        seen.append(place)
        return {"words": f"Panel for {user.employee.first_name} on {place}"}

    (tmp_path / "stand_in_panel.html").write_text("<p>{{ panel.words }}</p>")
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], tmp_path]}]
    register_pair_space_panel(Panel("tests.panel", "stand_in_panel.html", context))
    try:
        client.force_login(company.lea_user)
        space = client.get(f"/pairs/{running.pair.pk}/").content.decode()
        kickoff = client.get(f"/pairs/{running.pair.pk}/kickoff/").content.decode()
    finally:
        unregister_pair_space_panel("tests.panel")
    assert "Panel for Léa on pair_space" in space
    assert "Panel for Léa on kickoff" in kickoff
    assert seen == ["pair_space", "kickoff"]
