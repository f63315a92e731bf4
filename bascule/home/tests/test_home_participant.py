"""A participant's home page: what is due first (the charter to confirm, the check-in due,
the surveys to answer, mentor requests and choices, a meeting to plan), then the next
meeting, above the calm cards of each pair. The clock is frozen at NOW, when Léa's and
Bernard's pair is published."""

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bascule.evaluations.models import SurveyKind
from bascule.home.tests.homes import (
    NOW,
    TODAY,
    add_application,
    add_checkin,
    add_meeting,
    add_response,
    make_program,
    set_dates,
    surveys_of,
)
from bascule.journey import services as journey_services
from bascule.journey.models import Goal, GoalDirection
from bascule.pairing.models import Pair
from bascule.pairing.selfmatch import services as selfmatch_services
from bascule.pairing.testing import make_matching_program, make_running_program
from bascule.programs.models import Application, ApplicationStatus, ParticipantRole, Program

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)
AGREEMENTS = {
    "charter_accepted": True,
    "meeting_frequency": "fortnightly",
    "channel": "video",
    "confidentiality": True,
}


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def home(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("home:home"))
    assert response.status_code == 200
    return response.content.decode()


def todo(html: str) -> list[tuple[str, str]]:
    """Return the (link, text) of each item of the participant's to-do list."""
    start = html.index('aria-labelledby="participant-todo-title"')
    card = html[start : html.index("</section>", start)]
    return [
        (href, " ".join(text.split()))
        for href, text in re.findall(r'class="todo-link" href="([^"]+)">(.*?)</a>', card)
    ]


def open_midpoint(program: Program):
    return set_dates(surveys_of(program)[SurveyKind.MIDPOINT], TODAY - DAY, TODAY + 6 * DAY)


def test_it_lists_what_is_due_first_each_linking_to_the_work(client, company):
    running = make_running_program(company)
    pair = running.pair
    midpoint = open_midpoint(running.program)

    html = home(client, company.lea_user)

    assert todo(html) == [
        (
            reverse("journey:kickoff", kwargs={"pair_id": pair.pk}),
            "Confirm the charter of your mentoring with Bernard Lefèvre",
        ),
        (
            reverse("journey:checkin", kwargs={"pair_id": pair.pk}),
            "Give your check-in about your mentoring with Bernard Lefèvre",
        ),
        (
            reverse("evaluations:answer", kwargs={"survey_id": midpoint.pk, "pair_id": pair.pk}),
            "Answer the survey “Mid-point questionnaire”",
        ),
        (
            reverse("meetings:pair", kwargs={"pair_id": pair.pk}),
            "Plan your next meeting with Bernard Lefèvre",
        ),
    ]
    assert "Before Monday 29 March." in html  # the next check-in period begins then
    # The to-do list comes first; the pair's card is still there below it.
    assert html.index("What to do now") < html.index("Your mentoring with Bernard Lefèvre")


def test_it_says_calmly_when_nothing_is_due_and_shows_the_next_meeting(client, company):
    running = make_running_program(company)
    pair = running.pair
    midpoint = open_midpoint(running.program)
    for user in (company.lea_user, company.bernard_user):
        journey_services.kickoff_confirm(actor=user, pair=pair, values=AGREEMENTS)
    add_checkin(pair, company.lea.pk, 1)
    add_response(midpoint, pair, company.lea.pk)
    meeting = add_meeting(pair, NOW + 2 * DAY)

    html = home(client, company.lea_user)

    assert todo(html) == []
    assert "Nothing to do right now." in html
    assert "Your next meeting, with Bernard Lefèvre:" in html
    assert reverse("meetings:detail", kwargs={"meeting_id": meeting.pk}) in html
    # Bernard still has his check-in and the survey to do: his list is his own.
    assert [text for _link, text in todo(home(client, company.bernard_user))] == [
        "Faire votre point d'étape sur votre mentorat avec Léa Martin",
        "Répondre au questionnaire « Questionnaire de mi-parcours »",
    ]


def test_it_lists_the_choice_of_a_mentor_then_the_request_to_answer(client, company):
    setup = make_matching_program(company)
    Program.objects.filter(pk=setup.program.pk).update(self_match=True)
    setup.program.refresh_from_db()
    choose = reverse("pairing:choose_mentor", kwargs={"program_id": setup.program.pk})
    assert (choose, "Choisir son mentor dans « Reverse mentoring 2027 »") in todo(
        home(client, company.bernard_user)
    )

    selfmatch_services.mentor_request_create(
        actor=company.bernard_user,
        program=setup.program,
        mentee=setup.mentees["bernard"],
        mentor_application_id=setup.mentors["lea"].pk,
        message="",
    )

    assert (
        reverse("pairing:mentor_requests"),
        "1 request from a mentee waits for your answer",
    ) in todo(home(client, company.lea_user))


def test_it_tells_someone_without_an_employee_record_why_nothing_is_here(client, company):
    html = home(client, company.oscar)
    assert "Your account is not linked to an employee record yet" in html
    assert "What to do now" not in html


def add_lea_pair(company, n: int) -> Pair:
    """Léa mentors one more person, in one more program, with a goal, a check-in, a meeting
    planned and a survey open."""
    program = make_program(f"Program {n}", starts_on=TODAY - 30 * DAY)
    mentor = Application.objects.create(
        program=program,
        employee=company.lea,
        role=ParticipantRole.MENTOR,
        status=ApplicationStatus.APPROVED,
    )
    mentee = add_application(program, status=ApplicationStatus.APPROVED)
    pair = Pair.objects.create(
        program=program,
        mentor=company.lea,
        mentor_application=mentor,
        mentee=mentee.employee,
        mentee_application=mentee,
        published_at=NOW - n * DAY,
    )
    Goal.objects.create(
        pair=pair,
        direction=GoalDirection.GROWTH,
        title=f"Goal {n}",
        success_criteria="Done",
        target_date=TODAY + 60 * DAY,
    )
    add_checkin(pair, company.lea.pk, 1)
    add_meeting(pair, NOW + (n + 1) * DAY)
    open_midpoint(program)
    return pair


def queries_of_home(client, user) -> int:
    client.force_login(user)
    client.get(reverse("home:home"))  # creates the surveys missing from the defaults, once
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("home:home"))
    return len(queries.captured_queries)


def test_its_queries_do_not_grow_with_the_pairs_and_programs(client, company):
    add_lea_pair(company, 1)
    with_one = queries_of_home(client, company.lea_user)
    for n in range(2, 5):
        add_lea_pair(company, n)
    assert queries_of_home(client, company.lea_user) == with_one
    html = home(client, company.lea_user)
    assert html.count("Answer the survey “Mid-point questionnaire”") == 4
    assert html.count("Give your check-in about") == 0
