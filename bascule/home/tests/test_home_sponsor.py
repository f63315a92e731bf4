"""The sponsor's home page: every program past the draft with its headline figures
(applications, people taking part, pairs, meetings held, check-ins answered, satisfaction),
aggregates only: no name, and "fewer than 5 people" instead of any figure about fewer than
five people. The clock is frozen at NOW."""

import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import strip_tags

from bascule.evaluations.models import SurveyKind
from bascule.home.tests.homes import (
    DAY,
    NOW,
    TODAY,
    WEEK,
    add_application,
    add_checkin,
    add_meeting,
    add_pair,
    add_response,
    held,
    make_program,
    set_dates,
    surveys_of,
)
from bascule.meetings.models import MeetingOutcome
from bascule.pairing.models import PairStatus
from bascule.people.models import Employee
from bascule.programs.models import ApplicationStatus, ProgramStatus

pytestmark = pytest.mark.django_db

HIDDEN = "Not shown: fewer than 5 people"


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def home(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("home:home"))
    assert response.status_code == 200
    return response.content.decode()


def figures(html: str, program) -> dict[str, str]:
    """Return the figures of `program`'s card: label -> the text shown."""
    start = html.index(f'aria-labelledby="sponsor-program-{program.pk}-title"')
    card = html[start : html.index("</section>", start)]
    rows = re.findall(r"<dt>(.*?)(?:<span.*?)?</dt>\s*<dd>(.*?)</dd>", card, re.DOTALL)
    return {strip_tags(label).strip(): " ".join(strip_tags(value).split()) for label, value in rows}


def build_pilot(name: str = "Pilot"):
    """A running program: 6 active pairs met twice each and answered half their check-ins,
    one paused pair, one pair that ended after 4 weeks; 2 applications still awaiting review,
    one withdrawn; 6 people answered the mid-point survey (one 5, the others 4) and the
    baseline's answers (all 1) do not count as satisfaction."""
    program = make_program(name)
    active = [add_pair(program, published_at=NOW - 8 * WEEK) for _ in range(6)]
    for pair in active:
        held(pair, NOW - 6 * WEEK)
        held(pair, NOW - 3 * WEEK)
        add_meeting(pair, NOW - WEEK, outcome=MeetingOutcome.NO_SHOW)
        add_meeting(pair, NOW + WEEK)
        add_checkin(pair, pair.mentor_id, 1)
        add_checkin(pair, pair.mentee_id, 1)
        add_checkin(pair, pair.mentor_id, 2)
    add_pair(program, published_at=NOW - 8 * WEEK, paused_at=NOW - 7 * WEEK)
    ended = add_pair(
        program,
        published_at=NOW - 8 * WEEK,
        status=PairStatus.ENDED,
        ended_at=NOW - 4 * WEEK,
    )
    held(ended, NOW - 7 * WEEK)
    add_checkin(ended, ended.mentor_id, 1)
    add_checkin(ended, ended.mentee_id, 1)
    add_application(program)
    add_application(program)
    add_application(program, status=ApplicationStatus.WITHDRAWN)
    surveys = surveys_of(program)
    midpoint = set_dates(surveys[SurveyKind.MIDPOINT], TODAY - 3 * DAY, TODAY + 4 * DAY)
    baseline = set_dates(surveys[SurveyKind.BASELINE], TODAY - 60 * DAY, TODAY - 40 * DAY)
    for index, pair in enumerate(active):
        add_response(midpoint, pair, pair.mentee_id, likert=5 if index == 0 else 4)
        add_response(baseline, pair, pair.mentee_id, likert=1)
    return program


def test_it_shows_each_programs_headline_figures(client, company):
    program = build_pilot()

    shown = figures(home(client, company.sophie), program)

    assert shown == {
        "Applications": "18",  # 16 approved, 2 awaiting review; the withdrawn one left out
        "People taking part": "16",
        "Pairs formed": "8",
        "Meetings held": "13",  # 2 × 6 + 1; no-shows and meetings to come are not held
        # Active pairs: 3 of 6 due (3 periods begun); the ended one: 2 of 4 while it ran;
        # the paused one is left out.
        "Check-ins answered": "50 %",
        "Satisfaction": "4.2 out of 5",
    }


def test_it_never_shows_a_figure_about_fewer_than_five_people(client, company):
    tiny = make_program("Tiny")
    pairs = [add_pair(tiny, published_at=NOW - 8 * WEEK) for _ in range(2)]
    held(pairs[0], NOW - 3 * WEEK)
    add_checkin(pairs[0], pairs[0].mentor_id, 1)
    midpoint = set_dates(surveys_of(tiny)[SurveyKind.MIDPOINT], TODAY - 3 * DAY, TODAY + 4 * DAY)
    for pair in pairs:
        add_response(midpoint, pair, pair.mentee_id)
    empty = make_program("Empty", status=ProgramStatus.ENROLLING, starts_on=TODAY + 30 * DAY)

    html = home(client, company.sophie)

    assert set(figures(html, tiny).values()) == {HIDDEN}
    assert figures(html, empty) == {
        "Applications": "None yet",
        "People taking part": "None yet",
        "Pairs formed": "None yet",
        "Meetings held": "None yet",
        "Check-ins answered": "None due yet",
        "Satisfaction": "No answers yet",
    }


def test_it_hides_a_small_group_of_respondents_even_in_a_large_program(client, company):
    program = make_program("Large")
    pairs = [add_pair(program, published_at=NOW - 8 * WEEK) for _ in range(6)]
    midpoint = set_dates(surveys_of(program)[SurveyKind.MIDPOINT], TODAY - 3 * DAY, TODAY + 4 * DAY)
    for pair in pairs[:4]:
        add_response(midpoint, pair, pair.mentee_id)
    shown = figures(home(client, company.sophie), program)
    assert shown["Pairs formed"] == "6" and shown["Satisfaction"] == HIDDEN


def test_it_never_shows_a_name(client, company):
    build_pilot()
    html = home(client, company.sophie)
    for employee in Employee.objects.all():
        assert employee.last_name not in html
        assert employee.email not in html
    assert "Applicant" not in html


def test_it_leaves_out_drafts_and_programs_closed_over_a_year_ago(client, company):
    make_program("Draft program", status=ProgramStatus.DRAFT)
    make_program(
        "Closed long ago",
        status=ProgramStatus.CLOSED,
        starts_on=TODAY - 600 * DAY,
        ends_on=TODAY - 400 * DAY,
    )
    recent = make_program(
        "Closed lately",
        status=ProgramStatus.CLOSED,
        starts_on=TODAY - 300 * DAY,
        ends_on=TODAY - 100 * DAY,
    )
    running = make_program("Running now")
    html = home(client, company.sophie)
    assert "Draft program" not in html and "Closed long ago" not in html
    assert html.index("Running now") < html.index("Closed lately")
    assert reverse("programs:program_detail", kwargs={"program_id": recent.pk}) in html
    assert reverse("programs:program_detail", kwargs={"program_id": running.pk}) in html
    # The figures by status count every closed program, as the list they link to.
    url = reverse("programs:program_list") + "?status=closed"
    assert f'href="{url}"><span class="figure">2</span>' in html


def test_it_counts_an_ended_pair_up_to_its_end(client, company):
    program = make_program("Ended early")
    for _ in range(3):
        ended = add_pair(
            program,
            published_at=NOW - 12 * WEEK,
            status=PairStatus.ENDED,
            ended_at=NOW - 10 * WEEK,
        )
        add_checkin(ended, ended.mentor_id, 1)
        add_checkin(ended, ended.mentee_id, 1)
    # Ended in their first period, which both members answered: all due were answered,
    # although twelve weeks (three periods) have passed since they were formed.
    assert figures(home(client, company.sophie), program)["Check-ins answered"] == "100 %"


def test_it_counts_the_pairs_of_a_program_up_to_its_last_day(client, company):
    # Still running two weeks after its last day: what its pairs did since is not counted.
    program = make_program("Overtaken", ends_on=TODAY - 14 * DAY)
    for _ in range(3):
        pair = add_pair(program, published_at=NOW - 10 * WEEK)
        held(pair, NOW - 8 * WEEK)
        held(pair, NOW - 4 * WEEK)
        held(pair, NOW - WEEK)  # after the last day
        for period in (1, 3, 4):  # period 4 began after the last day
            add_checkin(pair, pair.mentor_id, period)
            add_checkin(pair, pair.mentee_id, period)
    shown = figures(home(client, company.sophie), program)
    assert shown["Meetings held"] == "6"
    # Three periods begun by the last day, six answers due a pair: four given.
    assert shown["Check-ins answered"] == "67 %"


def queries_of_home(client, user) -> int:
    client.force_login(user)
    client.get(reverse("home:home"))
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("home:home"))
    return len(queries.captured_queries)


def test_its_queries_do_not_grow_with_the_programs_and_pairs(client, company):
    build_pilot("Pilot 0")
    with_one = queries_of_home(client, company.sophie)
    for n in range(1, 4):
        build_pilot(f"Pilot {n}")
    assert queries_of_home(client, company.sophie) == with_one
