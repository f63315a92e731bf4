"""The import API, /api/people/imports/: the same services as the pages, HR admins only.

Who may see what (personas in bascule/testing.py): Alice (HR admin) uploads, reads and
commits imports; every other role gets 403; an anonymous caller gets 401.
"""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

from bascule.accounts.auth import hash_token, new_token_value
from bascule.accounts.models import ApiToken
from bascule.people.models import Employee, EmployeeImport
from bascule.people.tests.fixtures.import_files import (
    ascii_emails,
    company_rows,
    csv_bytes,
    generated_rows,
    xlsx_bytes,
)
from bascule.testing import make_employee

URL = "/api/people/imports/"


def post_file(client, content: bytes, name: str = "export.csv", **fields):
    return client.post(URL, {"file": SimpleUploadedFile(name, content), **fields})


def commit(client, import_id: int, data: dict | None = None, **extra):
    """Post the commit; the job it queues runs once the request's transaction commits (the
    jobs run at once in the tests), after the answer and before this returns."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(f"{URL}{import_id}/commit", data or {}, **extra)


def test_it_uploads_previews_and_commits(alice):
    rows = company_rows(E004={"Poste": "Community manager"})
    response = post_file(alice, xlsx_bytes(rows), name="export.xlsx", full_export="false")
    assert response.status_code == 201
    body = response.json()
    assert body["filename"] == "export.xlsx"
    assert body["status"] == "previewed"
    assert body["full_export"] is False
    assert body["total_rows"] == 5
    assert body["counts"] == {"new": 0, "updated": 1, "unchanged": 4, "left": 0, "errors": 0}
    assert body["errors"] == []
    assert body["column_mapping"]["Matricule"] == "employee_id"

    read = alice.get(f"{URL}{body['id']}")
    assert read.status_code == 200
    assert read.json() == body

    queued = commit(alice, body["id"])
    assert queued.status_code == 202
    url = f"{URL}{body['id']}"
    assert queued["Location"] == url
    assert queued.json()["url"] == url
    assert queued.json()["status"] == "queued"  # answered before the job ran
    assert queued.json()["queued_at"] is not None
    committed = alice.get(url).json()
    assert committed["status"] == "committed"
    assert committed["committed_at"] is not None
    assert (committed["progress"], committed["failure"]) == (None, None)
    assert Employee.objects.get(employee_id="E004").job_title == "Community manager"

    again = alice.post(f"{URL}{body['id']}/commit")
    assert again.status_code == 409
    assert again.json() == {
        "detail": "This file has already been imported.",
        "code": "already_imported",
    }


def test_it_returns_errors_with_line_column_value_and_message(alice):
    rows = company_rows(E004={"Niveau": "12"})
    body = post_file(alice, csv_bytes(rows)).json()
    assert body["errors"] == [
        {
            "line": 2,
            "column": "Niveau",
            "value": "12",
            "message": "The seniority level must be a whole number from 1 to 8.",
        }
    ]
    response = alice.post(f"{URL}{body['id']}/commit")
    assert response.status_code == 400
    assert response.json()["code"] == "import_has_errors"
    assert Employee.objects.get(employee_id="E004").seniority_level == 2


def test_it_applies_a_mapping_given_as_json(alice):
    rows = generated_rows(3)
    rows[0][0] = "Réf."
    rows[0][5] = "Pointure"
    mapping = json.dumps({"Réf.": "employee_id", "Pointure": ""})
    body = post_file(alice, csv_bytes(rows), mapping=mapping, full_export="false").json()
    assert body["errors"] == []
    assert body["column_mapping"]["Réf."] == "employee_id"
    assert body["counts"]["new"] == 3


@pytest.mark.parametrize(
    "mapping", ['["not", "an", "object"]', "{not json", '{"Nowhere": "email"}', '{"Nom": "age"}']
)
def test_it_refuses_a_bad_mapping(alice, mapping):
    response = post_file(alice, csv_bytes(company_rows()), mapping=mapping)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_mapping"
    assert not EmployeeImport.objects.exists()


def test_it_refuses_a_file_that_is_not_a_spreadsheet(alice):
    response = post_file(alice, b"\x89PNG\r\n\x1a\n\x00\x00", name="photo.png")
    assert response.status_code == 400
    assert response.json()["code"] == "not_spreadsheet"


def test_it_answers_404_for_an_unknown_import(alice):
    assert alice.get(f"{URL}999999").status_code == 404
    assert alice.post(f"{URL}999999/commit").status_code == 404


@pytest.mark.parametrize("persona", ["paul", "lea_user", "sophie", "oscar"])
def test_it_forbids_other_roles(client, company, persona):
    client.force_login(company.alice)
    import_id = post_file(client, csv_bytes(company_rows())).json()["id"]
    client.force_login(getattr(company, persona))
    assert post_file(client, csv_bytes(company_rows())).status_code == 403
    assert client.get(f"{URL}{import_id}").status_code == 403
    assert client.post(f"{URL}{import_id}/commit").status_code == 403
    assert EmployeeImport.objects.count() == 1


def test_it_requires_authentication(client, db):
    response = post_file(client, csv_bytes(company_rows()))
    assert response.status_code == 401
    assert client.get(f"{URL}1").status_code == 401


def test_it_accepts_a_personal_token(client, company):
    ascii_emails(company)
    token = new_token_value()
    ApiToken.objects.create(
        user=company.alice, name="HR sync", token_hash=hash_token(token), prefix=token[:8]
    )
    response = client.post(
        URL,
        {"file": SimpleUploadedFile("export.csv", csv_bytes(company_rows()))},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 201
    import_id = response.json()["id"]
    committed = commit(client, import_id, headers={"Authorization": f"Bearer {token}"})
    assert committed.status_code == 202


def test_it_documents_its_responses_in_the_schema(alice):
    schema = alice.get("/api/openapi.json").json()
    create = schema["paths"]["/api/people/imports/"]["post"]
    assert {"201", "400", "401", "403"} <= set(create["responses"])
    assert "multipart/form-data" in create["requestBody"]["content"]
    commit = schema["paths"]["/api/people/imports/{import_id}/commit"]["post"]
    assert {"202", "400", "401", "403", "404", "409"} <= set(commit["responses"])
    assert "200" not in commit["responses"]
    detail = schema["paths"]["/api/people/imports/{import_id}"]["get"]
    assert {"200", "401", "403", "404"} <= set(detail["responses"])


def test_it_shows_rows_made_invalid_by_changes_since_the_preview(alice):
    rows = company_rows()
    rows.append(["E006", "Inès", "Bak", "ines.bak@example.com", "", "", "", "", "", ""])
    import_id = post_file(alice, csv_bytes(rows)).json()["id"]
    make_employee("E900", "Ines", "Other", email="ines.bak@example.com")
    response = commit(alice, import_id)
    assert response.status_code == 202
    body = alice.get(f"{URL}{import_id}").json()
    assert body["status"] == "failed"
    assert body["failure"] == {
        "code": "import_outdated",
        "message": "The directory changed since the preview and 1 rows are no longer valid. "
        "Check the preview again.",
    }
    errors = body["errors"]
    assert [(error["line"], error["column"]) for error in errors] == [(7, "E-mail")]
    assert "already belongs to employee E900" in errors[0]["message"]


def short_file() -> bytes:
    return csv_bytes([row for row in company_rows() if row[0] in ("Matricule", "E004")])


def test_it_marks_nobody_as_having_left_unless_full_export_is_sent(alice):
    body = post_file(alice, short_file()).json()
    assert body["full_export"] is False
    assert body["counts"]["left"] == 0
    assert body["summary"] == ""
    assert commit(alice, body["id"]).status_code == 202
    assert not Employee.objects.filter(left_on__isnull=False).exists()


def test_it_asks_for_the_number_of_leavers_above_the_share(alice):
    body = post_file(alice, short_file(), full_export="true").json()
    assert body["counts"]["left"] == 4
    assert body["active_employees"] == 5
    assert body["confirmation_required"] is True
    assert body["confirm_above_percent"] == 10
    assert body["summary"] == "Mark 4 employees as having left"
    assert [leaver["employee_id"] for leaver in body["leavers"]] == ["E001", "E005", "E003", "E002"]
    assert body["leavers"][0] == {"employee_id": "E001", "name": "Claire Dumont", "left_on": None}

    commit_url = f"{URL}{body['id']}/commit"
    response = alice.post(commit_url)
    assert response.status_code == 409
    assert response.json()["code"] == "confirmation_required"
    assert response.json()["leaving"] == 4
    assert response.json()["active_employees"] == 5
    assert "would mark 4 of 5 active employees as having left (80%)" in response.json()["detail"]
    response = alice.post(commit_url, {"confirm_leavers": "3"})
    assert response.status_code == 409
    assert response.json()["code"] == "confirmation_mismatch"
    assert not Employee.objects.filter(left_on__isnull=False).exists()

    response = commit(alice, body["id"], {"confirm_leavers": "4"})
    assert response.status_code == 202
    assert Employee.objects.filter(left_on__isnull=False).count() == 4


@pytest.mark.parametrize(
    ("leaving", "required"),
    [(1, False), (2, False), (3, True)],
    ids=["just below the share", "at the share", "just above the share"],
)
def test_it_requires_the_confirmation_only_above_the_share(alice, settings, leaving, required):
    settings.IMPORT_LEAVERS_CONFIRM_PERCENT = 40  # of the company's 5 active employees: 2
    missing = ["E005", "E004", "E003"][:leaving]
    rows = [row for row in company_rows() if row[0] not in missing]
    body = post_file(alice, csv_bytes(rows), full_export="true").json()
    assert body["confirmation_required"] is required
    response = commit(alice, body["id"])
    assert response.status_code == (409 if required else 202)
    assert Employee.objects.filter(left_on__isnull=False).count() == (0 if required else leaving)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_it_keeps_stored_values_for_blank_cells_unless_asked_to_clear(alice, fmt):
    rows = company_rows(E005={"Date d'entrée": ""})
    content = csv_bytes(rows) if fmt == "csv" else xlsx_bytes(rows)
    body = post_file(alice, content, name=f"export.{fmt}").json()
    assert body["clear_blank_cells"] is False
    assert body["counts"]["unchanged"] == 5
    assert body["blank_cells"] == {"kept": {"hire_date": 1}, "cleared": {}}
    assert commit(alice, body["id"]).status_code == 202
    assert Employee.objects.get(employee_id="E005").hire_date is not None

    body = post_file(alice, content, name=f"export.{fmt}", clear_blank_cells="true").json()
    assert body["blank_cells"] == {"kept": {}, "cleared": {"hire_date": 1}}
    assert body["changes"] == [
        {
            "employee_id": "E005",
            "name": "Bernard Lefèvre",
            "changes": [
                {"field": "hire_date", "action": "cleared", "before": "1998-03-02", "after": ""}
            ],
        }
    ]
    assert commit(alice, body["id"]).status_code == 202
    assert Employee.objects.get(employee_id="E005").hire_date is None


def test_it_refuses_a_commit_that_would_not_do_what_the_preview_showed(alice):
    body = post_file(alice, csv_bytes(company_rows(E004={"Poste": "Analyst"}))).json()
    Employee.objects.filter(employee_id="E004").update(job_title="Analyst")
    assert commit(alice, body["id"]).status_code == 202
    read = alice.get(f"{URL}{body['id']}").json()
    assert (read["status"], read["failure"]["code"]) == ("failed", "import_outdated")
    assert "would no longer do what the preview showed" in read["failure"]["message"]
    assert read["counts"]["updated"] == 0  # the new preview
    # A failed import can be committed again: now there is nothing left to change.
    assert commit(alice, body["id"]).status_code == 202
    assert alice.get(f"{URL}{body['id']}").json()["status"] == "committed"


def test_it_documents_the_confirmation_in_the_schema(alice):
    schema = alice.get("/api/openapi.json").json()
    commit = schema["paths"]["/api/people/imports/{import_id}/commit"]["post"]
    form = commit["requestBody"]["content"]["application/x-www-form-urlencoded"]["schema"]
    assert "confirm_leavers" in form["properties"]
    create = schema["paths"]["/api/people/imports/"]["post"]
    fields = create["requestBody"]["content"]["multipart/form-data"]["schema"]["properties"]
    assert fields["full_export"]["default"] is False
    assert fields["clear_blank_cells"]["default"] is False
