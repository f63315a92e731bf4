"""HR's pages: the requirements (add, change, remove with its confirmation), the report and
its reminder action; a program manager of another program gets 404, a participant 403."""

import pytest
from django.core import mail

from bascule.testing import make_user, submission_key, submit_confirmation
from bascule.training.models import Requirement
from bascule.training.requirements.tests.conftest import make_cohort, progress

pytestmark = pytest.mark.django_db


@pytest.fixture
def managed(running):
    return running.program


def test_add_a_requirement_twice_saves_it_once(client, company, managed, listening):
    client.force_login(company.paul)
    url = f"/training/manage/programs/{managed.pk}/requirements/new/"
    page = client.get(url)
    assert "active-listening (en)" in page.content.decode()
    data = {
        "module": listening.pk,
        "role": "mentor",
        "due_days": "21",
        "anchor": "program_start",
        "gates_kickoff": "on",
        "submission_key": submission_key(page),
    }
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert Requirement.objects.filter(program=managed).count() == 1
    listing = client.get(f"/training/manage/programs/{managed.pk}/requirements/").content.decode()
    assert (
        "21 days after the program’s start" in listing
        or "21 days after the program's start" in listing
    )


def test_bad_input_is_explained(client, company, managed, listening):
    client.force_login(company.paul)
    url = f"/training/manage/programs/{managed.pk}/requirements/new/"
    answer = client.post(url, {"module": "999999", "role": "x", "due_days": "99999999999999999"})
    page = answer.content.decode()
    assert answer.status_code == 200
    assert "Please choose a published module." in page
    assert "Please give a number of days between 0 and 365." in page
    assert not Requirement.objects.exists()


def test_change_and_remove_with_a_confirmation_saying_how_many(client, company, managed, listening):
    requirement = Requirement.objects.create(program=managed, module=listening, role="mentor")
    client.force_login(company.paul)
    base = f"/training/manage/programs/{managed.pk}/requirements/{requirement.pk}/"
    answer = client.post(base, {"due_days": "10", "anchor": "kickoff"})
    assert answer.status_code == 302
    requirement.refresh_from_db()
    assert (requirement.due_days, requirement.anchor, requirement.gates_kickoff) == (
        10,
        "kickoff",
        False,
    )
    step = client.post(base + "delete/")
    assert "It concerns 3 people of the program" in step.content.decode()
    assert Requirement.objects.exists()
    assert submit_confirmation(client, step).status_code == 302
    assert not Requirement.objects.exists()


def test_another_programs_manager_gets_404_and_a_participant_403(client, company, listening):
    program, _people = make_cohort(1)
    requirement = Requirement.objects.create(program=program, module=listening, role="mentee")
    client.force_login(company.paul)
    for url in (
        f"/training/manage/programs/{program.pk}/",
        f"/training/manage/programs/{program.pk}/requirements/",
        f"/training/manage/programs/{program.pk}/requirements/{requirement.pk}/",
        f"/training/manage/programs/{program.pk}/export.csv",
    ):
        assert client.get(url).status_code == 404, url
    client.force_login(company.lea_user)
    assert client.get(f"/training/manage/programs/{program.pk}/").status_code == 403


def test_the_reminder_action_is_confirmed_and_sent_once(
    client, company, frozen, listening, django_capture_on_commit_callbacks
):
    program, people = make_cohort(2)
    for person in people:
        make_user(person.email, "participant", employee=person)
    requirement = Requirement.objects.create(
        program=program, module=listening, role="mentee", due_days=1
    )
    progress(people[0], listening)
    client.force_login(company.alice)
    report = client.get(f"/training/manage/programs/{program.pk}/").content.decode()
    assert "2 people late" in report and "Send a reminder" in report
    url = f"/training/manage/programs/{program.pk}/requirements/{requirement.pk}/remind/"
    step = client.post(url)
    assert "2 people late for “active-listening (en)” get one e-mail each." in (
        step.content.decode()
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        submit_confirmation(client, step)
        submit_confirmation(client, step)  # a double click
    assert len(mail.outbox) == 2


def test_the_program_page_links_to_the_training(client, company, managed):
    client.force_login(company.paul)
    page = client.get(f"/programs/{managed.pk}/").content.decode()
    assert f"/training/manage/programs/{managed.pk}/" in page
