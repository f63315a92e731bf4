"""The programs API, /api/programs/: the same rules as the pages, in JSON."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from bascule.accounts.services import api_token_create
from bascule.core.models import AuditEntry
from bascule.programs import services
from bascule.programs.models import Program, ProgramStatus

BASE = "/api/programs/"


def future(days: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


@pytest.fixture
def program(company) -> Program:
    program = services.program_create(
        actor=company.alice,
        values={
            "name": "Pilot",
            "starts_on": timezone.localdate() + dt.timedelta(days=60),
            "ends_on": timezone.localdate() + dt.timedelta(days=240),
            "mentor_max_level": 3,
            "mentee_min_level": 5,
        },
    )
    program.managers.add(company.paul)
    return program


@pytest.fixture
def other_program(company) -> Program:
    return services.program_create(
        actor=company.alice,
        values={
            "name": "Not Paul's",
            "starts_on": dt.date(2030, 1, 1),
            "ends_on": dt.date(2030, 6, 1),
        },
    )


def post(client, url, payload):
    return client.post(url, json.dumps(payload), content_type="application/json")


def patch(client, url, payload):
    return client.patch(url, json.dumps(payload), content_type="application/json")


def test_hr_creates_a_program_from_a_template_in_french(client, company):
    client.force_login(company.alice)
    response = post(
        client,
        BASE,
        {
            "template": "reverse-digital",
            "language": "fr",
            "starts_on": future(30),
            "ends_on": future(200),
            "languages": ["fr", "es"],
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert body["name"] == "Mentorat inversé — numérique et nouvelles tendances"
    assert body["status"] == "draft"
    assert body["allowed_transitions"] == ["enrolling"]
    assert body["languages"] == ["fr", "es"]
    assert (body["mentor_max_level"], body["mentee_min_level"], body["min_level_gap"]) == (3, 6, 3)
    assert body["version"] == 1
    assert body["rule_summary"]


def test_creating_with_bad_dates_is_a_422_naming_the_field(client, company):
    client.force_login(company.alice)
    response = post(client, BASE, {"name": "X", "starts_on": future(30), "ends_on": future(10)})
    assert response.status_code == 422
    message = "The end date must be on or after the start date."
    assert response.json() == {
        "message": message,
        "detail": message,
        "code": "invalid",
        "errors": {"ends_on": [message]},
    }
    assert not Program.objects.exists()


def test_a_bad_setting_is_a_422_by_field_through_a_token(client, company, program):
    """The one error contract: a ValidationFailed answers 422 with the messages by field."""
    _token, value = api_token_create(actor=company.alice, user=company.alice, name="script")
    response = client.patch(
        f"{BASE}{program.pk}",
        {"version": 1, "mentor_capacity": 0, "languages": ["klingon"]},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {value}",
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    assert set(body["errors"]) == {"mentor_capacity", "languages"}
    assert body["detail"] == body["message"]
    assert "klingon" in body["errors"]["languages"][0]


def test_only_hr_creates_programs(client, company):
    client.force_login(company.paul)
    response = post(client, BASE, {"name": "X", "starts_on": future(1), "ends_on": future(2)})
    assert response.status_code == 403


def test_a_personal_token_works_and_keeps_the_role_check(client, company):
    _token, value = api_token_create(actor=company.paul, user=company.paul, name="script")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {value}"}
    response = client.post(
        BASE,
        json.dumps({"name": "X", "starts_on": future(1), "ends_on": future(2)}),
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 403
    assert client.get(BASE, **headers).status_code == 200


def test_the_list_has_figures_for_the_sponsor_only(client, company, program):
    client.force_login(company.sophie)
    [item] = client.get(BASE).json()
    assert item["name"] == "Pilot"
    assert item["applications_count"] == 0
    program.open_enrollment = True
    program.status = ProgramStatus.ENROLLING
    program.save()
    client.force_login(company.lea_user)
    [item] = client.get(BASE).json()
    assert item["applications_count"] is None


def test_a_manager_cannot_reach_a_program_he_does_not_manage(
    client, company, program, other_program
):
    client.force_login(company.paul)
    url = f"{BASE}{other_program.pk}"
    assert client.get(url).status_code == 404
    assert patch(client, url, {"version": 1, "name": "Mine"}).status_code == 404
    assert post(client, f"{url}/transition", {"to": "enrolling", "version": 1}).status_code == 404
    assert [item["name"] for item in client.get(BASE).json()] == ["Pilot"]
    other_program.refresh_from_db()
    assert other_program.name == "Not Paul's"


def test_patch_changes_the_fields_sent(client, company, program):
    client.force_login(company.paul)
    response = patch(client, f"{BASE}{program.pk}", {"version": 1, "meeting_minutes": 30})
    assert response.status_code == 200
    body = response.json()
    assert (body["meeting_minutes"], body["version"], body["name"]) == (30, 2, "Pilot")


def test_patch_from_a_stale_version_is_a_409(client, company, program):
    client.force_login(company.paul)
    url = f"{BASE}{program.pk}"
    assert patch(client, url, {"version": 1, "name": "First"}).status_code == 200
    response = patch(client, url, {"version": 1, "name": "Second"})
    assert response.status_code == 409
    assert response.json()["code"] == "stale_version"
    program.refresh_from_db()
    assert program.name == "First"


def test_a_manager_may_not_change_the_managers(client, company, program):
    client.force_login(company.paul)
    response = patch(client, f"{BASE}{program.pk}", {"version": 1, "managers": []})
    assert response.status_code == 403
    assert list(program.managers.all()) == [company.paul]


def test_patch_refuses_an_unknown_language(client, company, program):
    client.force_login(company.alice)
    response = patch(client, f"{BASE}{program.pk}", {"version": 1, "languages": ["klingon"]})
    assert response.status_code == 422
    assert "klingon" in response.json()["errors"]["languages"][0]


NOT_NULL = (
    "name",
    "kind",
    "starts_on",
    "ends_on",
    "open_enrollment",
    "meeting_every_weeks",
    "meeting_minutes",
    "checkin_every_weeks",
    "format",
    "mentor_capacity",
    "min_level_gap",
)


@pytest.mark.parametrize("field", NOT_NULL)
def test_patch_with_null_for_a_setting_that_needs_a_value_is_a_422(client, company, program, field):
    client.force_login(company.alice)
    response = patch(client, f"{BASE}{program.pk}", {"version": 1, field: None})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == [field]
    program.refresh_from_db()
    assert program.version == 1


def test_patch_with_null_texts_and_lists_empties_them(client, company, program):
    client.force_login(company.alice)
    url = f"{BASE}{program.pk}"
    assert patch(client, url, {"version": 1, "charter": "Be on time"}).status_code == 200
    nulls = {"charter": None, "description": None, "objectives": None, "languages": None}
    response = patch(client, url, {"version": 2, **nulls})
    assert response.status_code == 200
    body = response.json()
    assert (body["charter"], body["description"], body["objectives"]) == ("", "", [])


def test_transitions_through_the_api(client, company, program):
    client.force_login(company.paul)
    url = f"{BASE}{program.pk}/transition"
    response = post(client, url, {"to": "enrolling", "version": 1})
    assert response.status_code == 200
    assert response.json()["status"] == "enrolling"
    assert AuditEntry.objects.filter(action="program.transition").count() == 1
    response = post(client, url, {"to": "closed", "version": 2})
    assert response.status_code == 400
    assert response.json()["code"] == "transition_not_allowed"
    assert "Enrolling" in response.json()["detail"]
    response = post(client, url, {"to": "matching", "version": 1})
    assert response.status_code == 409


def test_opening_enrollment_with_an_empty_side_is_refused_with_counts(client, company, program):
    program.mentor_departments.add(company.finance)
    client.force_login(company.alice)
    response = post(client, f"{BASE}{program.pk}/transition", {"to": "enrolling", "version": 1})
    assert response.status_code == 400
    assert "eligible mentors: 0, eligible mentees: 4" in response.json()["detail"]


def test_hr_duplicates_a_program(client, company, program):
    client.force_login(company.alice)
    response = client.post(f"{BASE}{program.pk}/duplicate")
    assert response.status_code == 201
    body = response.json()
    assert body["name"] == "Copy of Pilot"
    assert body["manager_ids"] == [company.paul.pk]
    assert body["id"] != program.pk


def test_the_templates_are_listed_in_the_language_asked(client, company):
    client.force_login(company.lea_user)
    english = client.get(f"{BASE}templates", {"language": "en"}).json()
    french = client.get(f"{BASE}templates", {"language": "fr"}).json()
    assert [t["key"] for t in english] == ["reverse-digital", "reciprocal"]
    assert english[1]["name"] == "Reciprocal mentoring"
    assert french[1]["name"] == "Mentorat réciproque"
    assert french[0]["fields"]["min_level_gap"] == 3


def test_the_openapi_schema_describes_every_field(client, company):
    client.force_login(company.alice)
    schema = client.get("/api/openapi.json").json()
    for name in ("ProgramOut", "ProgramCreateIn", "ProgramUpdateIn", "TransitionIn"):
        properties = schema["components"]["schemas"][name]["properties"]
        undocumented = [key for key, value in properties.items() if not value.get("description")]
        assert not undocumented, f"{name}: {undocumented}"


def test_the_country_is_set_and_read_through_the_api(client, company, program):
    client.force_login(company.alice)
    assert client.get(f"{BASE}{program.pk}").json()["country"] == "FR"  # DEFAULT_COUNTRY
    response = patch(client, f"{BASE}{program.pk}", {"version": 1, "country": "be"})
    assert response.status_code == 200 and response.json()["country"] == "BE"
    response = patch(client, f"{BASE}{program.pk}", {"version": 2, "country": "ZZ"})
    assert response.status_code == 422
    assert "Choose a country from the list" in response.json()["errors"]["country"][0]
    response = patch(client, f"{BASE}{program.pk}", {"version": 2, "country": ""})
    assert response.status_code == 200 and response.json()["country"] == ""
