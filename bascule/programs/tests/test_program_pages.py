"""Program pages: the list, creation from a template, the overview, settings, status, copy."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from bascule.programs import services
from bascule.programs.models import Program, ProgramStatus

CREATE = "/programs/new/"


def future(days: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


@pytest.fixture
def program(company) -> Program:
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


def form_data(program: Program, **changes) -> dict:
    """Return the edit form's fields as the page sends them, with `changes`."""
    data = {
        "name": program.name,
        "description": program.description,
        "objectives": "\n".join(program.objectives),
        "charter": program.charter,
        "kind": program.kind,
        "starts_on": program.starts_on.isoformat(),
        "ends_on": program.ends_on.isoformat(),
        "enrollment_closes_on": "",
        "meeting_every_weeks": program.meeting_every_weeks,
        "meeting_minutes": program.meeting_minutes,
        "checkin_every_weeks": program.checkin_every_weeks,
        "format": program.format,
        "country": program.country,
        "languages": program.languages,
        "mentor_capacity": program.mentor_capacity,
        "mentor_max_level": program.mentor_max_level or "",
        "mentor_max_experience_years": program.mentor_max_experience_years or "",
        "mentee_min_level": program.mentee_min_level or "",
        "mentee_min_experience_years": "",
        "min_level_gap": program.min_level_gap,
        "version": program.version,
        "template": program.template,
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


# --- List ------------------------------------------------------------------------------------


def test_the_sponsor_sees_every_program_with_figures(client, company, program):
    client.force_login(company.sophie)
    response = client.get("/programs/")
    assert response.status_code == 200
    assert "Digital pilot" in response.content.decode()
    assert "Approved mentors" in response.content.decode()


def test_a_participant_sees_the_programs_open_to_them_without_figures(client, company, program):
    client.force_login(company.lea_user)
    assert "Digital pilot" not in client.get("/programs/").content.decode()
    services.program_update(
        actor=company.alice, program=program, version=1, values={"open_enrollment": True}
    )
    services.program_transition(
        actor=company.alice, program=program, to_status="enrolling", version=2
    )
    page = client.get("/programs/").content.decode()
    assert "Digital pilot" in page
    assert "Approved mentors" not in page


def test_a_program_manager_lists_only_the_programs_he_manages(client, company, program):
    services.program_duplicate(actor=company.alice, program=program)
    Program.objects.exclude(pk=program.pk).update(name="Not Paul's")
    Program.objects.get(name="Not Paul's").managers.clear()
    client.force_login(company.paul)
    page = client.get("/programs/").content.decode()
    assert "Digital pilot" in page
    assert "Not Paul&#x27;s" not in page and "Not Paul's" not in page


# --- Create ----------------------------------------------------------------------------------


def test_step_one_offers_the_templates_and_a_blank_form(client, company):
    client.force_login(company.alice)
    page = client.get(CREATE).content.decode()
    assert "Reverse mentoring — digital &amp; new trends" in page
    assert "Reciprocal mentoring" in page
    assert "?template=reverse-digital" in page
    assert "?template=blank" in page
    assert page.count("<h1") == 1


def test_step_two_is_pre_filled_by_the_template(client, company):
    client.force_login(company.alice)
    response = client.get(CREATE, {"template": "reverse-digital", "language": "fr"})
    page = response.content.decode()
    assert 'value="Mentorat inversé — numérique et nouvelles tendances"' in page
    assert "Confidentialité" in page
    assert 'name="template" value="reverse-digital"' in page
    assert 'name="min_level_gap" value="3"' in page


def test_an_unknown_template_goes_back_to_step_one(client, company):
    client.force_login(company.alice)
    page = client.get(CREATE, {"template": "nope"}).content.decode()
    assert "This template does not exist" in page


def test_creating_a_program_goes_to_its_overview(client, company):
    client.force_login(company.alice)
    response = client.get(CREATE, {"template": "reciprocal", "language": "en"})
    data = {
        key: value
        for key, value in response.context["form"].initial.items()
        if key not in ("languages", "mentor_max_experience_years", "mentee_min_experience_years")
        and value is not None
    }
    data.update(
        starts_on=future(30),
        ends_on=future(300),
        languages=["fr", "en"],
        managers=[company.paul.pk],
    )
    response = client.post(CREATE, data)
    program = Program.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("programs:program_detail", args=[program.pk])
    assert program.name == "Reciprocal mentoring"
    assert program.template == "reciprocal"
    assert program.languages == ["fr", "en"]
    assert list(program.managers.all()) == [company.paul]
    assert len(program.objectives) == 5


def test_bad_dates_keep_what_was_typed(client, company):
    client.force_login(company.alice)
    response = client.post(
        CREATE,
        {
            "template": "",
            "name": "My own program",
            "objectives": "Learn\nShare",
            "kind": "reverse",
            "starts_on": future(100),
            "ends_on": future(50),
            "meeting_every_weeks": 2,
            "meeting_minutes": 45,
            "checkin_every_weeks": 4,
            "format": "virtual",
            "mentor_capacity": 1,
            "min_level_gap": 0,
            "languages": ["de"],
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "The end date must be on or after the start date." in page
    assert 'value="My own program"' in page
    assert "Learn\nShare" in page
    assert f'value="{future(100)}"' in page
    assert 'value="de" checked' in page
    assert 'href="#id_ends_on"' in page
    assert 'aria-invalid="true"' in page
    assert not Program.objects.exists()


def test_an_impossible_date_is_an_error_not_a_crash(client, company):
    client.force_login(company.alice)
    response = client.post(
        CREATE,
        {
            "name": "X",
            "kind": "reverse",
            "starts_on": "2026-02-30",
            "ends_on": "1899-01-01",
            "meeting_every_weeks": 2,
            "meeting_minutes": 45,
            "checkin_every_weeks": 4,
            "format": "virtual",
            "mentor_capacity": 1,
            "min_level_gap": 0,
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter a valid date." in page
    assert 'value="2026-02-30"' in page
    assert "check the year" in page


# --- Overview --------------------------------------------------------------------------------


def test_a_manager_sees_the_rule_the_population_and_the_status_buttons(client, company, program):
    client.force_login(company.paul)
    page = client.get(f"/programs/{program.pk}/").content.decode()
    assert "In this program, mentors are early-career colleagues" in page
    mentors = page.split("who can be mentors</dt>")[1].split("</dd>")[0]
    mentees = page.split("who can be mentees</dt>")[1].split("</dd>")[0]
    assert (mentors.strip()[-1], mentees.strip()[-1]) == ("1", "4")
    assert 'name="to" value="enrolling"' in page
    assert "Open enrollment" in page
    assert "Change the settings" in page
    assert "Copy as a new program" not in page
    assert "History" in page


def test_the_overview_warns_when_a_side_is_empty(client, company, program):
    program.mentee_min_level = 8
    program.mentor_max_level = 1
    program.save()
    client.force_login(company.alice)
    page = client.get(f"/programs/{program.pk}/").content.decode()
    assert "Nobody in the directory can be a mentor under this rule." in page


def test_a_participant_sees_no_buttons_nor_figures(client, company, program):
    program.open_enrollment = True
    program.status = ProgramStatus.ENROLLING
    program.save()
    client.force_login(company.lea_user)
    page = client.get(f"/programs/{program.pk}/").content.decode()
    assert "Digital pilot" in page
    assert 'name="to"' not in page
    assert "who can be mentees" not in page
    assert "History" not in page


def test_opening_enrollment_from_the_overview(client, company, program):
    client.force_login(company.paul)
    url = f"/programs/{program.pk}/transition/"
    step = client.post(url, {"to": "enrolling", "version": 1})
    program.refresh_from_db()
    assert program.status == ProgramStatus.DRAFT  # the button only asks for a confirmation
    assert "Open enrollment: are you sure?" in step.content.decode()
    response = client.post(url, {"to": "enrolling", "version": 1, "confirm": "yes"}, follow=True)
    program.refresh_from_db()
    assert program.status == ProgramStatus.ENROLLING
    page = response.content.decode()
    assert "Enrollment is open." in page
    assert "Status changed from Draft to Enrolling" in page


def test_a_refused_transition_says_why_with_the_counts(client, company, program):
    program.mentor_max_level = 1
    program.save()
    client.force_login(company.alice)
    url = f"/programs/{program.pk}/transition/"
    page = client.post(url, {"to": "enrolling", "version": 1}, follow=True).content.decode()
    assert "eligible mentors: 0, eligible mentees: 4" in page
    program.refresh_from_db()
    assert program.status == ProgramStatus.DRAFT


# --- Settings --------------------------------------------------------------------------------


def test_a_manager_edits_the_settings_but_not_the_managers(client, company, program):
    client.force_login(company.paul)
    url = f"/programs/{program.pk}/edit/"
    page = client.get(url).content.decode()
    assert 'name="managers"' not in page
    assert 'name="version" value="1"' in page
    response = client.post(url, form_data(program, name="Digital pilot 2"))
    assert response.status_code == 302
    program.refresh_from_db()
    assert program.name == "Digital pilot 2"
    assert list(program.managers.all()) == [company.paul]


def test_a_stale_version_keeps_the_input_and_explains(client, company, program):
    services.program_update(actor=company.alice, program=program, version=1, values={"name": "HR"})
    client.force_login(company.paul)
    url = f"/programs/{program.pk}/edit/"
    response = client.post(url, form_data(program, name="Paul's name", version=1))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else changed this program" in page
    assert "Paul&#x27;s name" in page
    assert 'name="version" value="2"' in page
    program.refresh_from_db()
    assert program.name == "HR"
    # Saving again, knowingly, replaces the other change.
    response = client.post(url, form_data(program, name="Paul's name", version=2))
    assert response.status_code == 302
    program.refresh_from_db()
    assert program.name == "Paul's name"


def test_the_rule_is_read_only_once_matching_started(client, company, program):
    Program.objects.filter(pk=program.pk).update(status=ProgramStatus.MATCHING)
    program.refresh_from_db()
    client.force_login(company.alice)
    url = f"/programs/{program.pk}/edit/"
    page = client.get(url).content.decode()
    assert "Matching has started" in page
    assert 'name="min_level_gap" value="3" disabled' in page or (
        "disabled" in page.split('name="min_level_gap"')[1].split(">")[0]
    )
    response = client.post(url, form_data(program, min_level_gap=0, description="Later"))
    assert response.status_code == 302
    program.refresh_from_db()
    assert (program.min_level_gap, program.description) == (3, "Later")


# --- Duplicate -------------------------------------------------------------------------------


def test_copying_opens_the_copys_settings(client, company, program):
    client.force_login(company.alice)
    response = client.post(f"/programs/{program.pk}/duplicate/")
    copy = Program.objects.exclude(pk=program.pk).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("programs:program_edit", args=[copy.pk])
    assert copy.name == "Copy of Digital pilot"


def test_the_country_is_chosen_in_the_form_by_its_name(client, company, program, settings):
    client.force_login(company.alice)
    page = client.get(f"/programs/{program.pk}/edit/").content.decode()
    assert '<option value="FR" selected>France</option>' in page
    assert "Its public holidays are skipped when Bascule suggests meeting times." in page
    response = client.post(f"/programs/{program.pk}/edit/", form_data(program, country="DE"))
    assert response.status_code == 302
    program.refresh_from_db()
    assert program.country == "DE"
    page = client.post(f"/programs/{program.pk}/edit/", form_data(program, country="ZZ"))
    assert 'href="#id_country"' in page.content.decode()
    settings.DEFAULT_COUNTRY = "BE"
    blank = client.get("/programs/new/", {"template": ""}).content.decode()
    assert '<option value="BE" selected>Belgium</option>' in blank
