"""The import pages: upload → mapping → preview → commit → result, for HR admins only.

Who may see what (personas in bascule/testing.py): Alice (HR admin) runs imports; Paul
(program manager), Léa and Bernard (participants), Sophie (sponsor) and Oscar (outsider)
get 403 on every import page.
"""

import datetime as dt
import html as html_lib
import re

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.utils import translation

from bascule.people.imports import reading as importing
from bascule.people.models import Employee, EmployeeImport, ImportStatus
from bascule.people.selectors import import_progress_key
from bascule.people.tests.fixtures.import_files import (
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


def upload(
    client,
    content: bytes,
    name: str = "export.csv",
    full_export: bool = False,
    clear_blank_cells: bool = False,
):
    data = {
        "file": SimpleUploadedFile(name, content),
        "scope": "full" if full_export else "update",
        "blank_cells": "clear" if clear_blank_cells else "keep",
    }
    return client.post(UPLOAD, data)


def commit(client, url: str, data: dict | None = None, **extra):
    """Post the commit form; the job it queues runs once the request's transaction commits
    (the jobs run at once in the tests), before this returns."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(url, data or {}, **extra)


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
    # Both choices are spelled out, and the safe one is chosen until HR picks the other.
    assert re.search(r'<legend class="form-label">What does the file list\?</legend>', html)
    assert re.search(r'<input type="radio"[^>]* name="scope"[^>]* value="update" checked>', html)
    assert re.search(r'<input type="radio"[^>]* name="scope"[^>]* value="full">', html)
    assert "also mark anyone missing from the file as having left" in html
    assert re.search(r'<legend class="form-label">Empty cells</legend>', html)
    assert re.search(r'name="blank_cells"[^>]* value="keep" checked>', html)
    assert re.search(r'name="blank_cells"[^>]* value="clear">', html)
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
    assert re.search(
        r"<button [^>]*>Add 1 employee and update 1 employee</button>", page.content.decode()
    )
    assert not Employee.objects.filter(employee_id="E006").exists()

    response = commit(alice, f"/people/import/{employee_import.pk}/commit/")
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

    response = commit(alice, f"/people/import/{employee_import.pk}/commit/")
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

    response = commit(alice, f"/people/import/{employee_import.pk}/commit/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["HX-Redirect"] == f"/people/import/{employee_import.pk}/"
    assert Employee.objects.filter(employee_id__startswith="G").count() == 30

    progress = alice.get(f"/people/import/{employee_import.pk}/progress/")
    assert "Import finished." in text(progress)
    assert "hx-trigger" not in progress.content.decode()  # polling stops
    # Polled by htmx, the partial sends the page to the result once the job has ended.
    polled = alice.get(f"/people/import/{employee_import.pk}/progress/", HTTP_HX_REQUEST="true")
    assert polled["HX-Redirect"] == f"/people/import/{employee_import.pk}/"


def test_it_shows_a_progress_bar_while_the_commit_runs(alice):
    upload(alice, csv_bytes(company_rows()))
    employee_import = latest_import()
    EmployeeImport.objects.filter(pk=employee_import.pk).update(status=ImportStatus.COMMITTING)
    cache.set(import_progress_key(employee_import.pk), {"done": 250, "total": 1000})
    response = alice.get(f"/people/import/{employee_import.pk}/progress/", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert '<progress id="import-progress-bar" class="w-100" max="1000" value="250">' in html
    assert 'hx-trigger="load delay:1s"' in html
    assert "250 of 1,000 changes written (25%)." in text(response)


def test_it_answers_a_second_commit_with_the_result(alice):
    upload(alice, csv_bytes(company_rows()))
    employee_import = latest_import()
    commit(alice, f"/people/import/{employee_import.pk}/commit/")
    response = commit(alice, f"/people/import/{employee_import.pk}/commit/", follow=True)
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


# --- Who is marked as having left: explicit, warned about, confirmed -------------------------


def add_staff(count: int) -> None:
    """Add `count` active employees (S0000…) to the directory, none of them in company_rows."""
    Employee.objects.bulk_create(
        Employee(
            employee_id=f"S{index:04d}",
            first_name="Staff",
            last_name=f"Member {index:04d}",
            email=f"staff{index}@example.com",
        )
        for index in range(count)
    )


def three_rows() -> bytes:
    """Return a file listing three of the company's employees, Léa with a new job title."""
    rows = company_rows(E004={"Poste": "Community manager"})
    return csv_bytes([rows[0], *[row for row in rows[1:] if row[0] in ("E004", "E002", "E001")]])


def preview_of(client, employee_import: EmployeeImport):
    return client.get(f"/people/import/{employee_import.pk}/")


def commit_button(response) -> str:
    match = re.search(r'<button type="submit" class="btn btn-\w+ btn-lg">([^<]*)</button>',
                      response.content.decode())  # fmt: skip
    assert match, "no commit button"
    return match[1]


def test_it_updates_only_the_rows_of_a_short_file_by_default(alice):
    add_staff(298)
    upload(alice, three_rows())
    employee_import = latest_import()
    assert employee_import.full_export is False
    page = preview_of(alice, employee_import)
    content = text(page)
    assert "The file lists some employees: they are added or updated" in content
    assert re.search(r"New 0 Updated 1 Unchanged 2 Left 0", content)
    assert "as having left" not in commit_button(page)
    assert commit_button(page) == "Update 1 employee"
    assert "To confirm, type" not in content

    commit(alice, f"/people/import/{employee_import.pk}/commit/")
    assert not Employee.objects.filter(left_on__isnull=False).exists()
    assert Employee.objects.get(employee_id="E004").job_title == "Community manager"


def test_it_warns_confirms_and_offers_a_way_out_when_a_file_would_empty_the_directory(alice):
    add_staff(298)
    upload(alice, three_rows(), full_export=True)
    employee_import = latest_import()
    preview_url = f"/people/import/{employee_import.pk}/"
    page = preview_of(alice, employee_import)
    html, content = page.content.decode(), text(page)
    assert employee_import.counts["left"] == 300
    assert "This import would mark 300 of the 303 active employees (99%) as having left" in content
    assert "more than the 10% that a regular export marks" in content
    assert commit_button(page) == "Update 1 employee and mark 300 employees as having left"
    assert "btn-danger" in html
    # Who would leave: listed 50 to a page, with a second page.
    assert "300 employees will be marked as having left" in content
    assert "Employees who will be marked as having left, page 1 of 6" in content
    assert 'href="?leavers_page=2#leavers-title"' in html
    # By last name: Lefèvre, then Member 0000 to 0048 on the first page.
    assert "Member 0048" in content and "Member 0049" not in content
    page_2 = alice.get(preview_url + "?leavers_page=2")
    assert "Member 0049" in text(page_2)
    assert re.search(
        r'<label class="form-label" for="id_confirm_leavers">To confirm, type the '
        r"number of employees who will be marked as having left \(300\)",
        html,
    )

    # A click alone does nothing; a wrong number neither, and the page says why.
    response = commit(alice, f"{preview_url}commit/")
    assert response.status_code == 400
    assert "Type the number of employees who will be marked as having left to confirm." in text(
        response
    )
    response = commit(alice, f"{preview_url}commit/", {"confirm_leavers": "30"})
    assert response.status_code == 400
    assert "This import marks 300 employees as having left, not 30." in text(response)
    assert re.search(
        r'<input type="text" name="confirm_leavers" value="30"[^>]* autofocus',
        response.content.decode(),
    )
    assert not Employee.objects.filter(left_on__isnull=False).exists()
    assert latest_import().status == ImportStatus.PREVIEWED

    # The way out: import the same file without marking anyone as having left.
    assert f'action="/people/import/{employee_import.pk}/options/"' in html
    response = alice.post(f"{preview_url}options/", {"scope": "update", "blank_cells": "keep"})
    assert response.status_code == 302
    page = alice.get(preview_url)
    assert "would mark" not in text(page)
    assert commit_button(page) == "Update 1 employee"


def test_it_imports_a_confirmed_full_export(alice):
    add_staff(298)
    upload(alice, three_rows(), full_export=True)
    employee_import = latest_import()
    response = commit(
        alice, f"/people/import/{employee_import.pk}/commit/", {"confirm_leavers": "300"}
    )
    assert response.status_code == 302
    assert Employee.objects.filter(left_on__isnull=False).count() == 300
    result = text(alice.get(response.url))
    assert "Import complete" in result
    assert "those missing from it were marked as having left" in result


@pytest.mark.parametrize(
    ("leaving", "warned"),
    [(1, False), (2, False), (3, True)],
    ids=["just below the share", "at the share", "just above the share"],
)
def test_it_asks_for_the_number_only_above_the_share(alice, settings, leaving, warned):
    settings.IMPORT_LEAVERS_CONFIRM_PERCENT = 40  # of the company's 5 active employees: 2
    missing = ["E005", "E004", "E003"][:leaving]
    rows = [row for row in company_rows() if row[0] not in missing]
    upload(alice, csv_bytes(rows), full_export=True)
    employee_import = latest_import()
    page = preview_of(alice, employee_import)
    assert ("This import would mark" in text(page)) is warned
    assert ('name="confirm_leavers"' in page.content.decode()) is warned
    label = "1 employee" if leaving == 1 else f"{leaving} employees"
    assert commit_button(page) == f"Mark {label} as having left"

    response = commit(alice, f"/people/import/{employee_import.pk}/commit/")
    assert response.status_code == (400 if warned else 302)
    assert Employee.objects.filter(left_on__isnull=False).count() == (0 if warned else leaving)
    if warned:
        commit(alice, f"/people/import/{employee_import.pk}/commit/", {"confirm_leavers": leaving})
        assert Employee.objects.filter(left_on__isnull=False).count() == leaving


def test_it_shows_the_confirmation_error_in_place_with_htmx(alice):
    add_staff(50)
    upload(alice, three_rows(), full_export=True)
    employee_import = latest_import()
    response = commit(
        alice,
        f"/people/import/{employee_import.pk}/commit/",
        {"confirm_leavers": "5"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="import-commit"')
    assert "This import marks 52 employees as having left, not 5." in text(response)
    assert 'aria-invalid="true"' in html and "autofocus" in html
    assert not Employee.objects.filter(left_on__isnull=False).exists()


def test_it_says_so_when_the_directory_changed_since_the_preview(alice):
    rows = [row for row in company_rows() if row[0] != "E005"]
    upload(alice, csv_bytes(rows), full_export=True)
    employee_import = latest_import()
    add_staff(1)
    response = commit(
        alice, f"/people/import/{employee_import.pk}/commit/", {"confirm_leavers": "1"}
    )
    page = alice.get(response.url)
    content = text(page)
    assert "The import failed" in content
    assert "this file would now mark 2 employees as having left, not 1" in content
    assert "Nothing was changed: the directory is as it was before the import." in content
    assert "2 employees will be marked as having left" in content  # the preview, refreshed
    assert "Check the preview below, then try again." in content
    assert not Employee.objects.filter(left_on__isnull=False).exists()
    # Trying again with the new number imports it.
    commit(alice, f"/people/import/{employee_import.pk}/commit/", {"confirm_leavers": "2"})
    assert Employee.objects.filter(left_on__isnull=False).count() == 2
    assert "Import complete" in text(alice.get(response.url))


def test_it_says_when_there_is_nothing_to_import(alice):
    upload(alice, csv_bytes(company_rows()))
    page = preview_of(alice, latest_import())
    assert "Nothing to import: Bascule already has everything this file contains." in text(page)
    assert "import-commit-form" not in page.content.decode()


def test_it_refuses_options_that_do_not_exist(alice):
    upload(alice, csv_bytes(company_rows()))
    employee_import = latest_import()
    response = alice.post(
        f"/people/import/{employee_import.pk}/options/", {"scope": "all", "blank_cells": "keep"}
    )
    assert response.status_code == 400
    assert "Select a valid choice." in text(response)
    assert latest_import().full_export is False


# --- Blank cells: kept unless HR chooses to erase ---------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_it_keeps_what_blank_cells_would_erase_and_says_so(alice, fmt):
    rows = company_rows(E005={"Date d'entrée": "", "Poste": "CFO"})
    content = csv_bytes(rows) if fmt == "csv" else xlsx_bytes(rows)
    upload(alice, content, name=f"export.{fmt}")
    employee_import = latest_import()
    page = preview_of(alice, employee_import)
    content = text(page)
    assert "An empty cell keeps what Bascule already has." in content
    assert "Empty in the file, kept as they are in Bascule: Hire date: 1 employee" in content
    assert (
        "Bernard Lefèvre (E005) Job title Changed Head of controlling CFO "
        "Hire date Kept (empty in the file) 1998-03-02 1998-03-02"
    ) in content
    commit(alice, f"/people/import/{employee_import.pk}/commit/")
    bernard = Employee.objects.get(employee_id="E005")
    assert (bernard.job_title, bernard.hire_date) == ("CFO", dt.date(1998, 3, 2))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_it_erases_with_blank_cells_when_hr_chooses_to(alice, fmt):
    rows = company_rows(E005={"Date d'entrée": ""})
    content = csv_bytes(rows) if fmt == "csv" else xlsx_bytes(rows)
    upload(alice, content, name=f"export.{fmt}", clear_blank_cells=True)
    employee_import = latest_import()
    page = preview_of(alice, employee_import)
    content = text(page)
    assert "An empty cell erases what Bascule has for that information." in content
    assert "Empty in the file, erased in Bascule: Hire date: 1 employee" in content
    assert "Bernard Lefèvre (E005) Hire date Erased 1998-03-02 —" in content
    assert commit_button(page) == "Update 1 employee"
    commit(alice, f"/people/import/{employee_import.pk}/commit/")
    assert Employee.objects.get(employee_id="E005").hire_date is None


def test_it_pages_through_the_changes_row_by_row(alice):
    rows = generated_rows(120)
    upload(alice, csv_bytes(rows))
    commit(alice, f"/people/import/{latest_import().pk}/commit/")
    for row in rows[1:]:
        row[5] = "Senior analyst"
    upload(alice, csv_bytes(rows))
    employee_import = latest_import()
    page = preview_of(alice, employee_import)
    assert "Employees whose record will change, page 1 of 3" in text(page)
    html = page.content.decode()
    assert 'href="?changes_page=2#changes-title"' in html
    assert html.count("Senior analyst</td>") == 50
    last = alice.get(f"/people/import/{employee_import.pk}/?changes_page=3")
    assert last.content.decode().count("Senior analyst</td>") == 20
