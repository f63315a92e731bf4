"""HR registers people in bulk: from a program and a role, or a pasted list of employee IDs
and e-mail addresses; a confirmation page first, then the counts; the API with a dry run."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from bascule.core.models import AuditEntry
from bascule.programs.models import Application, Program
from bascule.testing import make_employee, submission_key
from bascule.training.models import Progress
from bascule.training.tests.factories import make_module
from bascule.workshops.models import Registration
from bascule.workshops.tests.helpers import NOW, STARTS, make_people, make_workshop

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

BASE = "/api/workshops"


def people_url(workshop) -> str:
    return reverse("workshops:register_people", kwargs={"workshop_id": workshop.pk})


def roster_url(workshop) -> str:
    return reverse("workshops:roster", kwargs={"workshop_id": workshop.pk})


def make_program(company, name="Digital", *, managed=True) -> Program:
    program = Program.objects.create(
        name=name, starts_on=dt.date(2027, 1, 11), ends_on=dt.date(2027, 6, 30)
    )
    if managed:
        program.managers.add(company.paul)
    return program


def approve(program, users, role) -> None:
    for user in users:
        Application.objects.create(
            program=program,
            employee=user.employee,
            role=role,
            status="approved",
            languages=["fr"],
        )


def statuses(workshop) -> dict[str, str]:
    return dict(
        Registration.objects.filter(workshop=workshop).values_list(
            "employee__employee_id", "status"
        )
    )


def test_hr_registers_a_programs_mentees_after_a_confirmation(
    client, company, django_capture_on_commit_callbacks
):
    program = make_program(company)
    mentors, mentees = make_people(2, start=100), make_people(3, start=200)
    approve(program, mentors, "mentor")
    approve(program, mentees, "mentee")
    workshop = make_workshop(company.alice, capacity=2, programs=[program])
    client.force_login(company.alice)
    roster = client.get(roster_url(workshop))
    assert "The members of a program" in roster.content.decode()
    form = {
        "submission_key": submission_key(roster, people_url(workshop), 'value="program"'),
        "source": "program",
        "program": program.pk,
        "role": "mentee",
        "only_new": "on",
    }
    preview = client.post(people_url(workshop), form)
    text = preview.content.decode()
    assert preview.status_code == 200
    assert "2 people will get a seat (2 free seats now)." in text
    assert "1 person will go on the waiting list." in text
    assert "0 people already have a place" in text
    assert "Person200 Family200" in text and "Person100" not in text
    assert "Register 3 people" in text
    assert Registration.objects.count() == 0 and not mail.outbox  # nothing yet

    confirm = {**form, "confirm": "yes"}
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(people_url(workshop), confirm, follow=True)
    assert "2 people got a seat. 1 person is on the waiting list." in done.content.decode()
    assert statuses(workshop) == {"W200": "registered", "W201": "registered", "W202": "waitlisted"}
    assert len(mail.outbox) == 3
    # Sent twice (a double click): done once, said calmly.
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(people_url(workshop), confirm, follow=True)
    assert "This form was sent twice: it has been saved only once." in again.content.decode()
    assert Registration.objects.count() == 3 and len(mail.outbox) == 3
    (entry,) = AuditEntry.objects.filter(action="workshops.registrations_added")
    assert entry.changes == {"registered": 2, "waitlisted": 1, "already": 0, "refused": 0}


def test_the_options_leave_out_those_registered_or_done(client, company):
    program = make_program(company)
    people = make_people(3)
    approve(program, people, "mentor")
    module = make_module()
    workshop = make_workshop(company.alice, capacity=5, programs=[program], modules=[module])
    Progress.objects.create(
        employee=people[0].employee,
        module=module,
        version_id=module.published_id,
        completed_at=NOW,
        passed=True,
    )
    client.force_login(company.alice)
    client.post(
        people_url(workshop), {"source": "list", "people": "W101", "confirm": "yes"}, follow=True
    )
    form = {"source": "program", "program": program.pk, "role": "both", "only_new": "on"}
    text = client.post(people_url(workshop), form).content.decode()
    assert "2 people will get a seat" in text  # W101 is registered already
    form["only_not_completed"] = "on"
    text = client.post(people_url(workshop), form).content.decode()
    assert "1 person will get a seat" in text  # W100 completed the module
    assert "Person102 Family102" in text
    del form["only_new"]
    text = client.post(people_url(workshop), form).content.decode()
    assert "1 person already has a place and is left as they are." in text


def test_a_list_mixes_ids_and_e_mails_and_names_the_unknown_and_the_refused(
    client, company, django_capture_on_commit_callbacks
):
    workshop = make_workshop(company.alice, capacity=1)
    make_employee("E900", "Gone", "Away", left_on=dt.date(2027, 1, 31))
    client.force_login(company.alice)
    typed = "E004\nBernard.Lefevre@Example.com\nnobody@example.com\nZZZ"
    response = client.post(people_url(workshop), {"source": "list", "people": typed})
    text = response.content.decode()
    assert "No employee has these IDs or e-mail addresses: nobody@example.com, ZZZ." in text
    assert "E004\nBernard.Lefevre@Example.com" in text  # what was typed is kept
    nul = client.post(people_url(workshop), {"source": "list", "people": "E004\x00"})
    assert "Null characters are not allowed." in nul.content.decode()
    # E001 has no account (cannot be invited), E900 left the company.
    form = {"source": "list", "people": "E004, bernard.lefevre@example.com, E001, E900"}
    text = client.post(people_url(workshop), form).content.decode()
    assert "1 person will get a seat" in text
    assert "1 person will go on the waiting list." in text
    assert "2 people cannot be registered" in text
    assert "Gone Away: has left the company." in text
    assert "Claire Dumont: has no active account, so cannot be invited." in text
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(people_url(workshop), {**form, "confirm": "yes"}, follow=True)
    assert "Not registered: Claire Dumont" in done.content.decode()
    assert statuses(workshop) == {"E004": "registered", "E005": "waitlisted"}
    assert len(mail.outbox) == 2


def test_many_names_are_cut_at_fifty(client, company):
    people = make_people(53)
    workshop = make_workshop(company.alice, capacity=60)
    client.force_login(company.alice)
    typed = "\n".join(u.employee.employee_id for u in people)
    text = client.post(people_url(workshop), {"source": "list", "people": typed}).content.decode()
    assert "53 people will get a seat" in text
    assert "and 3 more people" in text
    assert "Person149" in text and "Person150" not in text


def test_a_cancelled_or_started_workshop_refuses(client, company, frozen):
    workshop = make_workshop(company.alice)
    client.force_login(company.alice)
    frozen.move_to(STARTS + dt.timedelta(minutes=1))
    client.force_login(company.alice)  # a new day, a new session
    response = client.post(people_url(workshop), {"source": "list", "people": "E004"}, follow=True)
    assert "This workshop has started: registrations are closed." in response.content.decode()
    frozen.move_to(NOW)
    client.force_login(company.alice)
    client.post(
        reverse("workshops:cancel", kwargs={"workshop_id": workshop.pk}), {"confirm": "yes"}
    )
    response = client.post(
        people_url(workshop), {"source": "list", "people": "E004", "confirm": "yes"}, follow=True
    )
    assert "This workshop is cancelled." in response.content.decode()
    assert Registration.objects.count() == 0


def test_a_program_manager_picks_their_programs_only(client, company):
    program = make_program(company)
    other = make_program(company, "Finance", managed=False)
    approve(other, make_people(1), "mentor")
    workshop = make_workshop(company.paul, programs=[program])
    client.force_login(company.paul)
    roster = client.get(roster_url(workshop)).content.decode()
    assert "Digital" in roster and "Finance" not in roster
    form = {"source": "program", "program": other.pk, "role": "both"}
    response = client.post(people_url(workshop), form)
    assert "Select a valid choice" in response.content.decode()


def test_the_page_in_french(client, company):
    workshop = make_workshop(company.alice, capacity=1)
    company.alice.language = "fr"
    company.alice.save(update_fields=["language"])
    client.force_login(company.alice)
    with translation.override("fr"):
        roster = client.get(roster_url(workshop), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
        assert "Inscrire des personnes" in roster
        text = client.post(
            people_url(workshop),
            {"source": "list", "people": "E004\nE005"},
            HTTP_ACCEPT_LANGUAGE="fr",
        ).content.decode()
    assert "1 personne aura une place" in text
    assert "1 personne ira sur la liste d&#x27;attente." in text


# --- API ------------------------------------------------------------------------------------


def test_the_api_dry_run_then_registers(client, company, django_capture_on_commit_callbacks):
    workshop = make_workshop(company.alice, capacity=1)
    client.force_login(company.alice)
    url = f"{BASE}/{workshop.pk}/registrations"
    body = {"employee_ids": ["E004", "bernard.lefevre@example.com", "E001"], "dry_run": True}
    dry = client.post(url, body, content_type="application/json")
    assert dry.status_code == 200
    assert dry.json() == {
        "dry_run": True,
        "free_seats": 1,
        "seated": 1,
        "waitlisted": 1,
        "already": 0,
        "refused": [{"employee_id": "E001", "name": "Claire Dumont", "reason": "inactive"}],
        "registrations": [],
    }
    assert Registration.objects.count() == 0
    body["dry_run"] = False
    headers = {"Idempotency-Key": "bulk-1"}
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, body, content_type="application/json", headers=headers)
        again = client.post(url, body, content_type="application/json", headers=headers)
    assert done.status_code == again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    answer = done.json()
    assert (answer["seated"], answer["waitlisted"], answer["already"]) == (1, 1, 0)
    assert [
        (r["employee_id"], r["status"], r["waitlist_position"]) for r in answer["registrations"]
    ] == [
        ("E004", "registered", None),
        ("E005", "waitlisted", 1),
    ]
    assert Registration.objects.count() == 2 and len(mail.outbox) == 2
    later = client.post(url, body, content_type="application/json").json()
    assert (later["seated"], later["waitlisted"], later["already"]) == (0, 0, 2)


def test_the_api_registers_a_programs_members_and_refuses_bad_input(client, company, frozen):
    program = make_program(company)
    approve(program, make_people(2), "mentor")
    workshop = make_workshop(company.paul, capacity=5, programs=[program])
    url = f"{BASE}/{workshop.pk}/registrations"
    client.force_login(company.paul)
    answer = client.post(
        url, {"program_id": program.pk, "role": "mentor"}, content_type="application/json"
    ).json()
    assert answer["seated"] == 2
    unknown = client.post(url, {"employee_ids": ["E004", "NOPE"]}, content_type="application/json")
    assert unknown.status_code == 422
    assert "NOPE" in unknown.json()["detail"]
    both = client.post(
        url, {"employee_ids": ["E004"], "program_id": program.pk}, content_type="application/json"
    )
    assert both.status_code == 422
    other = make_program(company, "Finance", managed=False)
    stranger = client.post(url, {"program_id": other.pk}, content_type="application/json")
    assert stranger.status_code == 422
    assert "program_id" in stranger.json()["errors"]
    frozen.move_to(STARTS + dt.timedelta(minutes=1))
    client.force_login(company.paul)
    late = client.post(url, {"employee_ids": ["E004"]}, content_type="application/json")
    assert (late.status_code, late.json()["code"]) == (400, "started")


def test_the_api_answers_each_role(client, company):
    program = make_program(company)
    theirs = make_workshop(company.paul, programs=[program])
    hr_only = make_workshop(company.alice)
    body = {"employee_ids": ["E004"], "dry_run": True}

    def status(user, workshop) -> int:
        client.logout()
        if user is not None:
            client.force_login(user)
        url = f"{BASE}/{workshop.pk}/registrations"
        return client.post(url, body, content_type="application/json").status_code

    assert status(company.alice, theirs) == status(company.alice, hr_only) == 200
    assert (status(company.paul, theirs), status(company.paul, hr_only)) == (200, 404)
    assert status(company.lea_user, theirs) == 403
    assert status(company.sophie, theirs) == 403
    assert status(company.oscar, theirs) == 403
    assert status(None, theirs) == 401
    assert Registration.objects.count() == 0


def test_the_confirmation_page_reads_a_fixed_number_of_queries(client, company):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    program = make_program(company)
    people = make_people(40)
    workshop = make_workshop(company.alice, capacity=10, programs=[program])
    client.force_login(company.alice)

    def queries(users) -> int:
        Application.objects.all().delete()
        approve(program, users, "mentee")
        form = {"source": "program", "program": program.pk, "role": "both", "only_new": "on"}
        with CaptureQueriesContext(connection) as captured:
            assert client.post(people_url(workshop), form).status_code == 200
        return len(captured)

    assert queries(people[:5]) == queries(people)
