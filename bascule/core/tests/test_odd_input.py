"""Odd input gets a 4xx in the usual error shape, never a 500, on the API and the pages.

Each case was a 500 found by schemathesis or by hand: NUL characters (PostgreSQL cannot store
them), lone surrogates, integers beyond 64 bits, a multipart Content-Type on a JSON body,
null for a boolean setting and a JSON array for an object.
"""

import json

import pytest

from bascule.pairing.testing import make_matching_program

pytestmark = pytest.mark.django_db

EMPLOYEES = "/api/people/employees"
SKILLS = "/api/skills/"
PROGRAMS = "/api/programs/"
HUGE = str(10**21)


@pytest.fixture
def alice(client, company):
    client.force_login(company.alice)
    return client


def post_json(client, url, text: str, method: str = "post"):
    return getattr(client, method)(url, text, content_type="application/json")


def program_body(name: str) -> str:
    # Written by hand: json.dumps would escape the characters under test differently.
    return '{"name": "' + name + '", "starts_on": "2030-01-07", "ends_on": "2030-06-28"}'


@pytest.mark.parametrize(
    "name, kind",
    [("Pilot \\u0000 program", "string_nul"), ("Pilot \\ud800 program", "string_unicode")],
)
def test_it_refuses_a_nul_or_a_lone_surrogate_in_json_text(alice, name, kind):
    response = post_json(alice, PROGRAMS, program_body(name))
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["type"] == kind
    assert error["loc"] == ["body", "name"]
    assert error["msg"]
    assert response.json()["errors"] == {"name": [error["msg"]]}
    assert response.json()["code"] == "invalid" and response.json()["message"]


def test_it_refuses_them_in_nested_values_and_keys(alice, company):
    setup = make_matching_program(company)
    url = f"/api/matching/programs/{setup.program.pk}/settings"
    response = post_json(alice, url, '{"weights": {"a\\u0000": 1}}', method="put")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "weights", "a\x00"]
    assert list(response.json()["errors"]) == ["weights.a\x00"]


def test_unreadable_values_are_a_422_by_field_with_the_old_detail_list(alice):
    body = '{"name": 5, "starts_on": "2030-01-07", "ends_on": "x"}'
    response = post_json(alice, PROGRAMS, body)
    assert response.status_code == 422
    answer = response.json()
    assert answer["code"] == "invalid" and answer["message"]
    assert set(answer["errors"]) == {"name", "ends_on"}
    assert {tuple(error["loc"]) for error in answer["detail"]} == {
        ("body", "payload", "name"),
        ("body", "payload", "ends_on"),
    }


@pytest.mark.parametrize(
    "params",
    [
        {"offset": HUGE},
        {"offset": str(2**62)},  # within 64 bits, but offset + limit would not be
        {"department": HUGE},
        {"manager": HUGE},
        {"department": "-" + HUGE},
        {"q": "Mar\x00tin"},
    ],
)
def test_it_refuses_odd_query_parameters_of_the_directory(alice, params):
    response = alice.get(EMPLOYEES, params)
    assert response.status_code == 422
    assert isinstance(response.json()["detail"], list)
    assert response.json()["detail"][0]["loc"][0] == "query"


@pytest.mark.parametrize("params", [{"offset": HUGE}, {"category": HUGE}, {"q": "\x00"}])
def test_it_refuses_odd_query_parameters_of_the_skills(alice, params):
    assert alice.get(SKILLS, params).status_code == 422


def test_the_largest_useful_numbers_still_work(alice):
    response = alice.get(EMPLOYEES, {"offset": 2**31 - 1, "department": 2**63 - 1})
    assert response.status_code == 200
    assert response.json()["items"] == []


def test_it_answers_400_to_a_multipart_content_type_on_a_json_body(alice):
    response = alice.post("/api/meetings/calendar", b"{}", content_type="multipart/form-data")
    assert response.status_code == 400
    assert response.json() == {
        "detail": "The request body cannot be read: check its Content-Type header."
    }


def test_it_answers_400_to_a_body_that_is_not_json(alice):
    response = post_json(alice, PROGRAMS, "{not json")
    assert response.status_code == 400
    assert response.json() == {"detail": "The request body is not valid JSON."}


@pytest.mark.parametrize("body", ["[]", '["name"]', "42", '"text"', "null"])
def test_it_refuses_a_body_that_is_not_an_object(alice, company, body):
    setup = make_matching_program(company)
    url = f"/api/matching/programs/{setup.program.pk}/settings"
    response = post_json(alice, url, body, method="put")
    assert response.status_code == 422, response.content


@pytest.mark.parametrize(
    "field",
    ["forbid_same_manager", "prefer_different_department", "allow_previous_pairs", "self_match"],
)
def test_it_refuses_null_for_a_boolean_setting(alice, company, field):
    setup = make_matching_program(company)
    url = f"/api/matching/programs/{setup.program.pk}/settings"
    response = post_json(alice, url, json.dumps({field: None}), method="put")
    assert response.status_code == 422
    # Left out, the setting keeps its value.
    assert post_json(alice, url, "{}", method="put").status_code == 200


@pytest.mark.parametrize("number", ["1e400", "NaN", "-Infinity", HUGE])
def test_it_refuses_numbers_no_column_can_hold(alice, company, number):
    setup = make_matching_program(company)
    url = f"/api/matching/programs/{setup.program.pk}/settings"
    body = '{"weights": {"mentor_can_help": ' + number + "}}"
    assert post_json(alice, url, body, method="put").status_code == 422


def test_it_refuses_a_nul_in_a_form_field(alice):
    response = alice.post(
        "/api/people/imports/",
        {"file": "", "mapping": '{"E-mail": "email"}\x00'},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["form", "mapping"]


@pytest.mark.parametrize(
    "url",
    ["/people/", "/people/skills/", "/audit/", "/programs/"],
)
@pytest.mark.parametrize(
    "params",
    [{"q": "a\x00b"}, {"department": HUGE}, {"manager": HUGE}, {"page": HUGE}],
)
def test_the_pages_search_boxes_take_odd_input_without_a_500(alice, url, params):
    assert alice.get(url, params).status_code == 200
