"""A running program where Léa (mentor) and Bernard (mentee) have written something in every
app, through the apps' own services, on a day the baseline survey is open.

Each text is a marker ("LEA-…", "BERNARD-…") that the tests look for in pages and files.
"""

import datetime as dt
from dataclasses import dataclass

import pytest
import time_machine

from bascule.accounts.models import User
from bascule.accounts.services import api_token_create
from bascule.evaluations import services as evaluation_services
from bascule.evaluations.tests.helpers import answer
from bascule.journey import services as journey_services
from bascule.journey.checkins import services as checkin_services
from bascule.meetings.services import MeetingValues, meeting_schedule
from bascule.pairing import lifecycle
from bascule.pairing.lifecycle import pair_end
from bascule.pairing.testing import RunningSetup, make_running_program
from bascule.people.services import employee_import_commit, employee_import_create
from bascule.programs.models import Application, ProgramStatus
from bascule.programs.services import program_transition
from bascule.reminders.models import ReminderPreference
from bascule.testing import Company

# The baseline (2027-01-11 to 2027-02-01) is open; the program ends on 2027-06-30.
NOW = dt.datetime(2027, 1, 15, 9, 0, tzinfo=dt.UTC)


@dataclass
class Scene:
    company: Company
    running: RunningSetup
    lea: User
    bernard: User
    lea_token: str  # the bearer token's value

    @property
    def pair(self):
        return self.running.pair


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def fill(company: Company, running: RunningSetup) -> str:
    """Write the markers; return the value of Léa's API token."""
    lea, bernard, pair = company.lea_user, company.bernard_user, running.pair
    Application.objects.filter(employee=company.lea).update(
        hopes="LEA-HOPES", skills_to_share_text="LEA-OWN-SKILLS"
    )
    Application.objects.filter(employee=company.bernard).update(hopes="BERNARD-HOPES")
    journey_services.goal_create(
        actor=lea,
        pair=pair,
        values={
            "direction": "growth",
            "title": "LEA-GOAL",
            "success_criteria": "LEA-CRITERIA",
            "target_date": dt.date(2027, 5, 1),
            "status": "in_progress",
            "progress": 20,
        },
        milestones=[{"title": "LEA-MILESTONE", "due_on": dt.date(2027, 3, 1), "done": False}],
    )
    journey_services.goal_create(
        actor=bernard,
        pair=pair,
        values={
            "direction": "learning",
            "title": "BERNARD-GOAL",
            "success_criteria": "BERNARD-CRITERIA",
            "target_date": dt.date(2027, 5, 1),
            "status": "not_started",
            "progress": 0,
        },
    )
    journey_services.shared_note_add(actor=lea, pair=pair, body="LEA-SHARED")
    journey_services.shared_note_add(actor=bernard, pair=pair, body="BERNARD-SHARED")
    journey_services.private_note_add(actor=lea, pair=pair, body="LEA-PRIVATE")
    journey_services.private_note_add(actor=bernard, pair=pair, body="BERNARD-PRIVATE")
    checkin_services.checkin_submit(
        actor=lea, pair=pair, pulse=2, blocking="LEA-BLOCKING", message_to_hr="LEA-TO-HR"
    )
    checkin_services.checkin_submit(actor=bernard, pair=pair, pulse=4, blocking="BERNARD-BLOCKING")
    meeting_schedule(
        actor=lea,
        pair=pair,
        values=MeetingValues(
            date=dt.date(2027, 1, 20),
            time=dt.time(10, 0),
            time_zone="Europe/Paris",
            duration_minutes=45,
            location="LEA-CAFE",
            agenda="LEA-AGENDA",
        ),
    )
    lifecycle.pair_pause(actor=company.alice, pair=pair, reason="HR-PAUSE-REASON")
    lifecycle.pair_resume(actor=company.alice, pair=pair)
    surveys = evaluation_services.ensure_program_surveys(running.program)
    answer(surveys["baseline"], pair, lea, text="LEA-SURVEY-TEXT")
    answer(surveys["baseline"], pair, bernard, text="BERNARD-SURVEY-TEXT")
    ReminderPreference.objects.create(user=lea, kind="charter", enabled=False)
    _token, value = api_token_create(actor=lea, user=lea, name="LEA-LAPTOP")
    return value


@pytest.fixture
def scene(company, frozen) -> Scene:
    running = make_running_program(company)
    value = fill(company, running)
    return Scene(
        company=company,
        running=running,
        lea=company.lea_user,
        bernard=company.bernard_user,
        lea_token=value,
    )


CLOSED_AT = dt.datetime(2027, 7, 1, 10, 0, tzinfo=dt.UTC)
NOT_YET = dt.datetime(2028, 6, 30, 12, 0, tzinfo=dt.UTC)
PAST = dt.datetime(2028, 7, 1, 12, 0, tzinfo=dt.UTC)

CSV = b"Matricule;Pr\xc3\xa9nom;Nom;E-mail\nE900;Zo\xc3\xa9;Garnier;zoe.garnier@example.com\n"


@pytest.fixture
def closed(scene, frozen) -> Scene:
    """The scene's program, its pair ended by HR with a reason, then closed on CLOSED_AT; an
    HR file imported the same day."""
    pair_end(actor=scene.company.alice, pair=scene.pair, reason="HR-END-REASON")
    frozen.move_to(CLOSED_AT)
    program = scene.running.program
    program.refresh_from_db()
    program = program_transition(
        actor=scene.company.alice,
        program=program,
        to_status=ProgramStatus.CLOSED,
        version=program.version,
    )
    assert program.status_changed_at == CLOSED_AT
    upload = employee_import_create(
        actor=scene.company.alice, filename="staff.csv", content=CSV, full_export=False
    )
    employee_import_commit(employee_import=upload, actor=scene.company.alice)
    return scene
