"""The import pages: upload → mapping → preview → commit → result, for HR admins only.

Who may see what (personas in bascule/core/testing.py): Alice (HR admin) runs imports; Paul
(program manager), Léa and Bernard (participants), Sophie (sponsor) and Oscar (outsider)
get 403 on every import page.
"""

import html as html_lib
import re

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from bascule.people import importing
from bascule.people.import_views import progress_key
from bascule.people.models import Employee, EmployeeImport, ImportStatus
from bascule.people.tests.fixtures.import_files import (
    ascii_emails,
    company_rows,
    csv_bytes,
    generated_rows,
    xlsx_bytes,
)

UPLOAD = "/people/import/"


@pytest.fixture(autouse=True)
def _empty_cache():
    # Commit progress lives in the cache, keyed by import ID; IDs repeat between tests.
    cache.clear()


@pytest.fixture
def alice(client, company):
    ascii_emails(company)
    client.force_login(company.alice)
    # Alice's profile says French; these tests read the English source messages.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def upload(client, content: bytes, name: str = "export.csv", full_export: bool = True):
    data = {"file": SimpleUploadedFile(name, content)}
    if full_export:
        data["full_export"] = "on"
    return client.post(UPLOAD, data)


def latest_import() -> EmployeeImport:
    return EmployeeImport.objects.latest("id")


def text(response) -> str:
    """Return the page's text without tags, whitespace collapsed."""
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def test_it_shows_the_upload_form_with_labels_help_and_recent_imports(alice):
    upload(alice, csv_bytes(company_rows()), name="janvier.csv")
    response = alice.get(UPLOAD)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert re.search(r'<label [^>]*for="id_file">Employee file', html)
    assert 'aria-describedby="id_file-help"' in html
    assert re.search(r'<label [^>]*for="id_full_export">This file lists everyone', html)
    assert re.search(r'<input type="checkbox" name="full_export"[^>]* checked', html)
    assert "marked as having left today" in html
    assert "<caption>The latest files uploaded, newest first</caption>" in html
    assert "janvier.csv" in html


def test_it_goes_from_upload_to_preview_to_result(alice, company):
    rows = company_rows(E004={"Poste": "Community manager"})
    rows.append(["E006", "Inès", "Bak", "ines.bak@example.com", "Marketing", "Intern", 1,
                 "02/09/2024", "E002", "fr"])  # fmt: skip
    response = upload(alice, csv_bytes(rows, encoding="cp1252"))
    employee_import = latest_import()
    preview_url = f"/people/import/{employee_import.pk}/"
    assert response.status_code == 302
    assert response.url == preview_url

    page = alice.get(preview_url)
    assert page.status_code == 200
    content = text(page)
    assert "Nothing has been saved yet" in content
    assert re.search(r"New 1 Updated 1 Unchanged 4 Left 0", content)
    assert "Community manager" in content  # the sample of changes
    assert f'action="/people/import/{employee_import.pk}/commit/"' in page.content.decode()
    assert not Employee.objects.filter(employee_id="E006").exists()

    response = alice.post(f"/people/import/{employee_import.pk}/commit/")
    assert response.status_code == 302
    assert response.url == preview_url
    result = alice.get(preview_url)
    assert "Import complete" in text(result)
    assert re.search(r"New 1 Updated 1 Unchanged 4 Left 0", text(result))
    assert Employee.objects.get(employee_id="E006").first_name == "Inès"


def test_it_asks_for_the_unknown_columns_then_previews(alice):
    rows = company_rows()
    rows[0][0] = "Réf. salarié"
    rows[0].append("Pointure")
    for row in rows[1:]:
        row.append("42")
    upload(alice, xlsx_bytes(rows), name="export.xlsx")
    employee_import = latest_import()
    mapping_url = f"/people/import/{employee_import.pk}/mapping/"
    assert latest_import().errors[0]["code"] == "missing_column"

    page = alice.get(mapping_url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Required information not found: Employee ID" in text(page)
    assert re.search(r'<label [^>]*for="id_column_0">Réf. salarié', html)
    assert re.search(r'<label [^>]*for="id_column_1">Pointure', html)
    assert '<option value="employee_id">Employee ID</option>' in html
    assert "<caption>Columns recognised</caption>" in html

    # Two columns for the same field are refused.
    page = alice.post(mapping_url, {"column_0": "employee_id", "column_1": "employee_id"})
    assert page.status_code == 200
    assert "already provides Employee ID" in text(page)

    response = alice.post(mapping_url, {"column_0": "employee_id", "column_1": ""})
    assert response.status_code == 302
    assert response.url == f"/people/import/{employee_import.pk}/"
    employee_import.refresh_from_db()
    assert employee_import.column_mapping["Réf. salarié"] == "employee_id"
    assert employee_import.column_mapping["Pointure"] == ""
    assert employee_import.errors == []
    assert employee_import.counts["unchanged"] == 5


def test_it_lists_errors_and_offers_no_commit(alice):
    rows = company_rows(
        E004={"E-mail": "lea.martin@", "Date d'entrée": "31/02/2024"},
        E005={"Matricule du manager": "E999"},
    )
    upload(alice, csv_bytes(rows))
    employee_import = latest_import()
    page = alice.get(f"/people/import/{employee_import.pk}/")
    html = page.content.decode()
    content = text(page)
    assert "3 problems to fix" in content
    assert '<th scope="col" class="text-end">Line</th>' in html
    assert "2 E-mail lea.martin@ This is not a valid e-mail address." in content
    assert "2 Date d'entrée 31/02/2024 This date does not exist." in content
    assert "3 Matricule du manager E999 No employee has the ID E999" in content
    assert "import-commit-form" not in html
    assert "Upload a corrected file" in content

    response = alice.post(f"/people/import/{employee_import.pk}/commit/")
    assert response.status_code == 302
    assert latest_import().status == ImportStatus.PREVIEWED


def test_it_pages_through_thousands_of_errors(alice):
    rows = generated_rows(1200)
    for row in rows[1:]:
        row[3] = "broken"
    upload(alice, csv_bytes(rows))
    employee_import = latest_import()
    assert employee_import.counts["errors"] == 1200
    assert len(employee_import.errors) == 1000
    page = alice.get(f"/people/import/{employee_import.pk}/?page=2")
    content = text(page)
    assert "Only the first 1,000 of 1,200 problems are listed." in content
    assert "Problems found, page 2 of 10" in content
    assert content.count("This is not a valid e-mail address.") == 100


def test_it_refuses_a_file_that_is_not_a_spreadsheet_on_the_upload_page(alice):
    response = upload(alice, b"%PDF-1.7 \x00\x01", name="contrat.pdf")
    assert response.status_code == 200
    assert "is not a CSV or Excel (.xlsx) spreadsheet" in text(response)
    assert 'id="id_file-errors"' in response.content.decode()
    assert not EmployeeImport.objects.exists()


def test_it_commits_with_htmx_and_reports_progress(alice):
    upload(alice, csv_bytes(generated_rows(30)), full_export=False)
    employee_import = latest_import()
    html = alice.get(f"/people/import/{employee_import.pk}/").content.decode()
    assert f'hx-post="/people/import/{employee_import.pk}/commit/"' in html
    assert 'hx-trigger="htmx:beforeRequest from:#import-commit-form"' in html

    response = alice.post(f"/people/import/{employee_import.pk}/commit/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["HX-Redirect"] == f"/people/import/{employee_import.pk}/"
    assert Employee.objects.filter(employee_id__startswith="G").count() == 30

    progress = alice.get(f"/people/import/{employee_import.pk}/progress/")
    assert "Import finished." in text(progress)
    assert "hx-trigger" not in progress.content.decode()  # polling stops


def test_it_shows_a_progress_bar_while_the_commit_runs(alice):
    upload(alice, csv_bytes(company_rows()))
    employee_import = latest_import()
    cache.set(progress_key(employee_import.pk), {"state": "running", "done": 250, "total": 1000})
    try:
        response = alice.get(f"/people/import/{employee_import.pk}/progress/")
    finally:
        cache.delete(progress_key(employee_import.pk))
    html = response.content.decode()
    assert '<progress id="import-progress-bar" class="w-100" max="1000" value="250">' in html
    assert 'hx-trigger="load delay:500ms"' in html
    assert "250 of 1,000 changes written (25%)." in text(response)


def test_it_answers_a_second_commit_with_the_result(alice):
    upload(alice, csv_bytes(company_rows()))
    employee_import = latest_import()
    alice.post(f"/people/import/{employee_import.pk}/commit/")
    response = alice.post(f"/people/import/{employee_import.pk}/commit/", follow=True)
    assert "This file has already been imported." in text(response)
    assert "Import complete" in text(response)
    progress = alice.get(f"/people/import/{employee_import.pk}/progress/")
    assert "Import finished." in text(progress)


def test_it_shows_error_reasons_in_the_readers_language(client, company):
    client.force_login(company.alice)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    rows = company_rows(E004={"E-mail": "lea.martin@"})
    client.post(UPLOAD, {"file": SimpleUploadedFile("x.csv", csv_bytes(rows))})
    employee_import = latest_import()
    assert [error["code"] for error in employee_import.errors] == ["invalid_email"]
    page = client.get(f"/people/import/{employee_import.pk}/")
    assert '<html lang="fr">' in page.content.decode()
    with translation.override("fr"):
        expected = importing.error_message(employee_import.errors[0])
    assert expected in text(page)


def test_it_only_accepts_post_to_commit(alice):
    upload(alice, csv_bytes(company_rows()))
    assert alice.get(f"/people/import/{latest_import().pk}/commit/").status_code == 405


@pytest.mark.parametrize("path", ["{id}/", "{id}/mapping/", "{id}/progress/"])
def test_it_answers_404_for_an_import_that_does_not_exist(alice, path):
    assert alice.get(UPLOAD + path.format(id=999999)).status_code == 404
    assert alice.post(UPLOAD + "999999/commit/").status_code == 404


@pytest.mark.parametrize("persona", ["paul", "lea_user", "bernard_user", "sophie", "oscar"])
def test_it_forbids_import_pages_to_everyone_but_hr(client, company, persona):
    client.force_login(company.alice)
    upload(client, csv_bytes(company_rows()))
    employee_import = latest_import()
    client.force_login(getattr(company, persona))
    pk = employee_import.pk
    for path in [UPLOAD, f"{UPLOAD}{pk}/", f"{UPLOAD}{pk}/mapping/", f"{UPLOAD}{pk}/progress/"]:
        assert client.get(path).status_code == 403, path
    assert client.post(f"{UPLOAD}{pk}/commit/").status_code == 403
    assert client.post(UPLOAD, {"file": SimpleUploadedFile("x.csv", b"a;b")}).status_code == 403
    assert EmployeeImport.objects.get(pk=pk).status == ImportStatus.PREVIEWED


def test_it_sends_visitors_to_the_login_page(client, db):
    response = client.get(UPLOAD)
    assert response.status_code == 302
    assert "/accounts/login/" in response.url
