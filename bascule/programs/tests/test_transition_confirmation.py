"""Each change of a program's status asks for a confirmation saying whom it touches and what
becomes impossible; the button alone changes nothing. The API moves in one call."""

import datetime as dt

import pytest
from django.utils import timezone

from bascule.core.models import AuditEntry
from bascule.programs import services
from bascule.programs.models import Application, ApplicationStatus, ParticipantRole, ProgramStatus
from bascule.testing import submit_confirmation

pytestmark = pytest.mark.django_db


@pytest.fixture
def program(company):
    program = services.program_create(
        actor=company.alice,
        template="reverse-digital",
        language="en",
        values={
            "name": "Digital pilot",
            "starts_on": timezone.localdate() + dt.timedelta(days=60),
            "ends_on": timezone.localdate() + dt.timedelta(days=240),
            "mentor_max_experience_years": None,
            "mentee_min_level": 5,
        },
    )
    program.managers.add(company.paul)
    return program


def move(client, program, to: str):
    return client.post(
        f"/programs/{program.pk}/transition/", {"to": to, "version": program.version}
    )


def set_status(program, status: str) -> None:
    program.status = status
    program.save(update_fields=["status"])


def test_closing_enrollment_counts_the_applications_still_awaiting_review(client, company, program):
    set_status(program, ProgramStatus.ENROLLING)
    for employee, role, status in (
        (company.lea, ParticipantRole.MENTOR, ApplicationStatus.APPROVED),
        (company.bernard, ParticipantRole.MENTEE, ApplicationStatus.APPROVED),
        (company.cfo, ParticipantRole.MENTEE, ApplicationStatus.SUBMITTED),
    ):
        Application.objects.create(program=program, employee=employee, role=role, status=status)
    client.force_login(company.paul)
    step = move(client, program, "matching")
    page = step.content.decode()
    assert "Close enrollment and start matching: are you sure?" in page
    assert "Matching works with the approved applications (mentors: 1, mentees: 1)." in page
    assert "1 application is still awaiting review" in page
    assert "The rule, the kind of mentoring and the number of mentees per mentor" in page
    program.refresh_from_db()
    assert program.status == ProgramStatus.ENROLLING
    assert not AuditEntry.objects.filter(action="program.transition").exists()
    submit_confirmation(client, step)
    program.refresh_from_db()
    assert program.status == ProgramStatus.MATCHING


def test_closing_a_program_says_it_cannot_be_undone(client, company, program):
    set_status(program, ProgramStatus.RUNNING)
    client.force_login(company.alice)
    step = move(client, program, "closed")
    page = step.content.decode()
    assert "The program ends for its 0 active pairs" in page
    assert "This cannot be undone: a closed program cannot be reopened." in page
    assert "btn-danger" in page
    submit_confirmation(client, step)
    program.refresh_from_db()
    assert program.status == ProgramStatus.CLOSED


def test_starting_without_published_pairs_is_said_plainly(client, company, program):
    set_status(program, ProgramStatus.MATCHING)
    client.force_login(company.alice)
    page = move(client, program, "running").content.decode()
    assert "No pair is published yet: the program would start without any pair." in page
    assert "This cannot be undone: enrollment cannot reopen." in page


def test_opening_enrollment_that_cannot_open_offers_no_confirmation(client, company, program):
    program.mentor_max_level = 1
    program.save(update_fields=["mentor_max_level"])
    client.force_login(company.alice)
    page = move(client, program, "enrolling").content.decode()
    assert "This cannot be done now:" in page
    assert "eligible mentors: 0" in page
    assert 'name="confirm"' not in page


def test_a_move_that_is_not_allowed_goes_back_with_a_message(client, company, program):
    client.force_login(company.alice)
    response = client.post(
        f"/programs/{program.pk}/transition/", {"to": "closed", "version": 1}, follow=True
    )
    assert "This change of status is not possible." in response.content.decode()
    program.refresh_from_db()
    assert program.status == ProgramStatus.DRAFT


def test_the_confirmation_is_a_404_out_of_scope_and_a_403_for_participants(
    client, company, program
):
    program.managers.clear()
    client.force_login(company.paul)
    assert move(client, program, "enrolling").status_code == 404
    client.force_login(company.lea_user)
    assert move(client, program, "enrolling").status_code == 403


def test_the_api_moves_without_a_confirmation_flag(client, company, program):
    client.force_login(company.alice)
    response = client.post(
        f"/api/programs/{program.pk}/transition",
        {"to": "enrolling", "version": program.version},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    program.refresh_from_db()
    assert program.status == ProgramStatus.ENROLLING
