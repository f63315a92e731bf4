"""The home page of HR admins and program managers: a to-do list (pairs at risk, applications
awaiting review, matching to publish, statuses the calendar overtook, pairs needing attention,
imports in preview), the dates of the next 30 days, the surveys open with their response
rates and the programs by status, each number linking to the filtered list. A program
manager sees only the programs they manage. The clock is frozen at NOW."""

import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bascule.accounts.models import Role
from bascule.evaluations.models import SurveyKind
from bascule.home.tests.homes import (
    DAY,
    NOW,
    TODAY,
    WEEK,
    add_application,
    add_checkin,
    add_pair,
    add_response,
    held,
    make_program,
    set_dates,
    surveys_of,
)
from bascule.pairing.models import MatchRun, PairStatus, RunStatus
from bascule.people.models import EmployeeImport, ImportStatus
from bascule.programs.models import ApplicationStatus, ProgramStatus
from bascule.testing import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def home(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("home:home"))
    assert response.status_code == 200
    return response.content.decode()


def section(html: str, title_id: str) -> str:
    """Return the part of the page in the section labelled by `title_id`."""
    start = html.index(f'aria-labelledby="{title_id}"')
    return html[start : html.index("</section>", start)]


def health_url(program, state: str) -> str:
    url = reverse("journey:health_program", kwargs={"program_id": program.pk})
    return f"{url}?state={state}"


def at_risk_pair(program):
    """A pair published 8 weeks ago that never confirmed the charter nor met: at risk."""
    return add_pair(program, published_at=NOW - 8 * WEEK)


def attention_pair(program):
    """A pair published 25 days ago, charter not confirmed, no meeting: needs attention."""
    return add_pair(program, published_at=NOW - 25 * DAY)


def on_track_pair(program):
    return add_pair(program, published_at=NOW - 5 * DAY)


def test_it_lists_what_needs_doing_most_urgent_first_each_linking_to_the_work(client, company):
    running = make_program("Pilot", managers=(company.paul,))
    at_risk_pair(running)
    at_risk_pair(running)
    attention_pair(running)
    on_track_pair(running)
    enrolling = make_program("Spring", status=ProgramStatus.ENROLLING, starts_on=TODAY + 60 * DAY)
    for _ in range(3):
        add_application(enrolling)
    add_application(enrolling, status=ApplicationStatus.APPROVED)
    add_application(enrolling, status=ApplicationStatus.WITHDRAWN)

    todo = section(home(client, company.alice), "todo-title")

    assert "2 pairs at risk" in todo and "1 pair needs attention" in todo
    assert "3 applications await review" in todo
    assert todo.index("pairs at risk") < todo.index("applications await review")
    assert todo.index("applications await review") < todo.index("pair needs attention")
    assert health_url(running, "at_risk") in todo and health_url(running, "attention") in todo
    review = reverse("programs:application_review", kwargs={"program_id": enrolling.pk})
    assert f"{review}?status=submitted" in todo


def test_its_numbers_open_the_filtered_lists(client, company):
    running = make_program("Pilot")
    risky = at_risk_pair(running)
    calm = on_track_pair(running)
    enrolling = make_program("Spring", status=ProgramStatus.ENROLLING, starts_on=TODAY + 60 * DAY)
    waiting = add_application(enrolling)
    approved = add_application(enrolling, status=ApplicationStatus.APPROVED)
    todo = section(home(client, company.alice), "todo-title")

    links = re.findall(r'class="todo-link" href="([^"]+)"', todo)
    health_page = client.get(links[0].replace("&amp;", "&")).content.decode()
    assert risky.mentee.last_name in health_page and calm.mentee.last_name not in health_page
    review_page = client.get(links[1].replace("&amp;", "&")).content.decode()
    assert waiting.employee.last_name in review_page
    assert approved.employee.last_name not in review_page


def test_it_says_calmly_when_nothing_needs_doing(client, company):
    program = make_program("Pilot")
    on_track_pair(program)
    html = home(client, company.alice)
    assert "Nothing needs you right now" in section(html, "todo-title")
    assert "No survey is open today." in section(html, "surveys-open-title")


def test_it_asks_to_run_or_publish_the_matching(client, company):
    proposed = make_program("Proposed", status=ProgramStatus.MATCHING)
    MatchRun.objects.create(program=proposed, started_at=NOW, status=RunStatus.PROPOSED)
    MatchRun.objects.create(program=proposed, started_at=NOW, status=RunStatus.PROPOSED)
    not_run = make_program("Not run yet", status=ProgramStatus.MATCHING)

    todo = section(home(client, company.alice), "todo-title")

    assert "2 matching runs wait to be published" in todo
    assert "Enrollment is closed: run the matching" in todo
    for program in (proposed, not_run):
        assert reverse("pairing:workbench", kwargs={"program_id": program.pk}) in todo


def test_it_asks_to_move_on_a_program_the_calendar_overtook(client, company):
    make_program(
        "Late enrollment",
        status=ProgramStatus.ENROLLING,
        starts_on=TODAY + 20 * DAY,
        enrollment_closes_on=TODAY - 2 * DAY,
    )
    make_program("Over", ends_on=TODAY - DAY)
    todo = section(home(client, company.alice), "todo-title")
    assert "Enrollment was due to close on February 27, 2027: close it" in todo
    assert "The program ended on February 28, 2027: close it" in todo


def test_it_lists_the_imports_in_preview_for_hr_only(client, company, clock):
    clock.move_to(NOW - 10 * DAY)
    EmployeeImport.objects.create(filename="old.csv", content=b"x", status=ImportStatus.PREVIEWED)
    clock.move_to(NOW - 5 * DAY)
    EmployeeImport.objects.create(
        filename="applied.csv",
        content=b"x",
        status=ImportStatus.COMMITTED,
        committed_at=NOW - 5 * DAY,
    )
    clock.move_to(NOW - DAY)
    fresh = EmployeeImport.objects.create(
        filename="march.csv", content=b"x", status=ImportStatus.PREVIEWED
    )
    clock.move_to(NOW)

    todo = section(home(client, company.alice), "todo-title")
    assert "An import is previewed but not applied: march.csv" in todo
    assert reverse("people:import_preview", kwargs={"import_id": fresh.pk}) in todo
    # Previewed before another file was applied: out of date, not a thing to do.
    assert "old.csv" not in todo and "applied.csv" not in todo
    assert "march.csv" not in home(client, company.paul)


def test_it_lists_the_dates_of_the_next_30_days_soonest_first(client, company):
    make_program(
        "Closing enrollment",
        status=ProgramStatus.ENROLLING,
        starts_on=TODAY + 40 * DAY,
        enrollment_closes_on=TODAY + 10 * DAY,
    )
    make_program("Starting", status=ProgramStatus.DRAFT, starts_on=TODAY + 20 * DAY)
    make_program("Ending", ends_on=TODAY + 5 * DAY)
    surveyed = make_program("Surveyed")
    surveys = surveys_of(surveyed)
    midpoint = surveys[SurveyKind.MIDPOINT]
    set_dates(midpoint, TODAY - 4 * DAY, TODAY + 3 * DAY)
    end = surveys[SurveyKind.END]
    set_dates(end, TODAY + 25 * DAY, TODAY + 50 * DAY)
    make_program(
        "Far away",
        status=ProgramStatus.ENROLLING,
        starts_on=TODAY + 90 * DAY,
        enrollment_closes_on=TODAY + 45 * DAY,
    )

    upcoming = section(home(client, company.alice), "upcoming-title")

    expected = [
        "The survey “Mid-point questionnaire” closes",
        "The program ends",
        "Enrollment closes",
        "The program starts",
        "The survey “End-of-program questionnaire” opens",
    ]
    positions = [upcoming.index(text) for text in expected]
    assert positions == sorted(positions)
    assert "Thursday 4 March" in upcoming and 'datetime="2027-03-04"' in upcoming
    assert "Far away" not in upcoming


def test_it_shows_the_surveys_open_with_their_response_rate(client, company):
    program = make_program("Pilot")
    pairs = [add_pair(program, published_at=NOW - 8 * WEEK) for _ in range(4)]
    ended = add_pair(
        program,
        published_at=NOW - 8 * WEEK,
        status=PairStatus.ENDED,
        ended_at=NOW - 5 * DAY,
    )
    surveys = surveys_of(program)
    midpoint = surveys[SurveyKind.MIDPOINT]
    set_dates(midpoint, TODAY - 3 * DAY, TODAY + 4 * DAY)
    add_response(midpoint, pairs[0], pairs[0].mentor_id)
    add_response(midpoint, pairs[0], pairs[0].mentee_id)
    add_response(midpoint, pairs[1], pairs[1].mentee_id)
    # The pair that ended early is asked the closing survey instead, from the day it ended.
    assert ended.status == PairStatus.ENDED

    surveys_open = section(home(client, company.alice), "surveys-open-title")

    assert "Mid-point questionnaire" in surveys_open
    assert "3 of 8 people (38 %)" in surveys_open
    assert "Closing questionnaire" in surveys_open and "0 of 2 people (0 %)" in surveys_open
    assert "Starting questionnaire" not in surveys_open


def test_it_counts_the_programs_by_status_linking_to_the_filtered_list(client, company):
    make_program("Draft one", status=ProgramStatus.DRAFT)
    make_program("Running one")
    make_program("Running two")
    html = section(home(client, company.alice), "programs-by-status-title")
    url = reverse("programs:program_list") + "?status=running"
    assert re.search(rf'href="{re.escape(url)}"><span class="figure">2</span>', html)

    listed = client.get(url).content.decode()
    assert "Running one" in listed and "Running two" in listed and "Draft one" not in listed
    assert "Only the programs whose status is “Running”." in listed
    everything = client.get(reverse("programs:program_list") + "?status=nonsense")
    assert everything.status_code == 200 and "Draft one" in everything.content.decode()


def test_a_program_manager_sees_only_the_programs_they_manage(client, company):
    olga = make_user("olga.pm@example.com", Role.PROGRAM_MANAGER)
    olga.managed_departments.add(company.finance)
    mine = make_program("Marketing mentoring", managers=(company.paul,))
    at_risk_pair(mine)
    theirs = make_program(
        "Finance mentoring",
        managers=(olga,),
        ends_on=TODAY + 5 * DAY,
    )
    at_risk_pair(theirs)
    attention_pair(theirs)
    surveys = surveys_of(theirs)
    midpoint = surveys[SurveyKind.MIDPOINT]
    set_dates(midpoint, TODAY - DAY, TODAY + DAY)
    other = make_program(
        "Finance spring",
        managers=(olga,),
        status=ProgramStatus.ENROLLING,
        starts_on=TODAY + 20 * DAY,
        enrollment_closes_on=TODAY + 3 * DAY,
    )
    add_application(other, department=company.marketing)

    html = home(client, company.paul)

    assert "Marketing mentoring" in html and "1 pair at risk" in html
    assert "Finance" + " mentoring" not in html and "Finance spring" not in html
    assert "application" not in section(html, "todo-title")
    assert "No survey is open today." in html
    statuses = section(html, "programs-by-status-title")
    assert re.search(r'<span class="figure">1</span> <span class="figure-label">Running', statuses)
    assert re.search(
        r'<span class="figure">0</span> <span class="figure-label">Enrolling', statuses
    )
    olga_home = home(client, olga)
    assert "Finance mentoring" in olga_home and "Marketing mentoring" not in olga_home


def test_a_program_manager_without_programs_is_told_how_to_get_one(client, company):
    make_program("Pilot")
    html = home(client, company.paul)
    assert "You do not manage any program yet." in html
    assert "Pilot" not in html


def test_hr_who_also_take_part_see_their_own_mentoring_after_the_work(client, company):
    company.alice.employee = company.cmo
    company.alice.save(update_fields=["employee"])
    program = make_program("Pilot")
    pair = add_pair(program, published_at=NOW - 2 * DAY)
    pair.mentee = company.cmo
    pair.save(update_fields=["mentee"])
    html = home(client, company.alice)
    assert html.index('id="todo-title"') < html.index("Your own mentoring: what to do")
    assert "Confirm the charter of your mentoring with" in html


def build_programs(paul, count: int) -> None:
    """`count` of each kind of program, each with something to do or to count."""
    for n in range(count):
        running = make_program(f"Running {n}", managers=(paul,), ends_on=TODAY + 20 * DAY)
        pairs = [at_risk_pair(running), attention_pair(running), on_track_pair(running)]
        held(pairs[2], NOW - 2 * DAY)
        add_checkin(pairs[0], pairs[0].mentor_id, 1)
        add_application(running)
        midpoint = surveys_of(running)[SurveyKind.MIDPOINT]
        set_dates(midpoint, TODAY - DAY, TODAY + 6 * DAY)
        add_response(midpoint, pairs[0], pairs[0].mentee_id)
        matching = make_program(f"Matching {n}", managers=(paul,), status=ProgramStatus.MATCHING)
        MatchRun.objects.create(program=matching, started_at=NOW, status=RunStatus.PROPOSED)
        enrolling = make_program(
            f"Enrolling {n}",
            managers=(paul,),
            status=ProgramStatus.ENROLLING,
            starts_on=TODAY + 25 * DAY,
            enrollment_closes_on=TODAY + 10 * DAY,
        )
        add_application(enrolling)
        EmployeeImport.objects.create(
            filename=f"file{n}.csv", content=b"x", status=ImportStatus.PREVIEWED
        )


def queries_of_home(client, user) -> int:
    client.force_login(user)
    client.get(reverse("home:home"))  # creates the surveys missing from the defaults, once
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("home:home"))
    assert response.status_code == 200
    return len(queries.captured_queries)


@pytest.mark.parametrize("who", ["alice", "paul"])
def test_its_queries_do_not_grow_with_the_programs_and_pairs(client, company, who):
    user = getattr(company, who)
    build_programs(company.paul, 1)
    with_one = queries_of_home(client, user)
    build_programs(company.paul, 4)
    with_five = queries_of_home(client, user)
    assert with_five == with_one
    html = home(client, user)
    assert "5 pairs at risk" not in html  # one line per program, not one per pair
    assert html.count("1 pair at risk") == 5
