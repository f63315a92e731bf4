"""The OpenAPI schema: every operation once, under one tag, with the error answers it may give."""

import pytest

from config.api import api

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema():
    return api.get_openapi_schema()


def operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def test_every_operation_has_exactly_one_tag(schema):
    tags = {(path, method): op.get("tags") for path, method, op in operations(schema)}
    assert all(len(found) == 1 for found in tags.values()), tags
    assert tags[("/api/people/imports/", "post")] == ["imports"]


def test_every_operation_declares_the_errors_it_may_answer(schema):
    for path, method, operation in operations(schema):
        codes = {int(code) for code in operation["responses"]}
        expected = {400, 404, 422}
        if operation.get("security"):
            expected |= {401, 403}
        if method in {"post", "put", "patch", "delete"}:
            expected.add(409)
        assert expected <= codes, (method, path, sorted(codes))


def test_every_operation_answers_invalid_input_in_one_shape(schema):
    """422 is always ValidationErrorOut (messages by field); the other errors ErrorOut."""
    for path, method, operation in operations(schema):
        for code, answer in operation["responses"].items():
            if int(code) < 400:
                continue
            ref = answer["content"]["application/json"]["schema"].get("$ref", "")
            name = ref.rsplit("/", 1)[-1]
            if int(code) == 422:
                assert name == "ValidationErrorOut", (method, path)
            elif name not in {"ConfirmationErrorOut", "SkillImportRejectedOut"}:
                assert name == "ErrorOut", (method, path, code, name)
    names = set(schema["components"]["schemas"])
    assert not {"Error", "InputErrors", "SurveyErrorOut"} & names


def test_the_schema_is_served_to_a_logged_in_user(client, company):
    client.force_login(company.lea_user)
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    components = response.json()["components"]["schemas"]
    assert components["ErrorOut"]["required"] == ["detail"]
    assert set(components["ValidationErrorOut"]["required"]) == {"message", "errors", "detail"}
