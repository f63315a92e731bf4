"""HR imports the staff file through the pages, then finds someone in the directory.

Persona: Alice (HR admin), see bascule/testing.py.
"""

import pytest
from playwright.sync_api import expect

from bascule.notifications.tests.conftest import DATABASE_QUEUE
from bascule.notifications.tests.test_queue import run_queue
from bascule.people.models import Employee
from tests.browser.helpers import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Semicolons, Windows-1252 and French headers and dates: the HR system's export as it comes.
STAFF_FILE = (
    "Matricule;Prénom;Nom;E-mail;Service;Poste;Niveau;Date d'entrée;Matricule du manager\n"
    "E010;Zoé;Garnier;zoe.garnier@example.com;Marketing;Chargée de communication;2;"
    "01/09/2024;E002\n"
    "E011;Noël;Lefèvre;noel.lefevre@example.com;Finance;Contrôleur de gestion;3;"
    "15/03/2021;E003\n"
).encode("cp1252")


def test_it_imports_a_file_then_finds_the_new_employee(
    page, live_server, company, tmp_path, screenshot
):
    staff = tmp_path / "export-rh.csv"
    staff.write_bytes(STAFF_FILE)
    log_in(page, live_server.url, "alice.hr@example.com")

    page.get_by_role("link", name="Import", exact=True).click()
    page.get_by_label("Employee file").set_input_files(str(staff))
    # A partial file, as the page assumes unless told otherwise: the others stay as they are.
    expect(page.get_by_role("radio", name="Some employees", exact=False)).to_be_checked()
    expect(page.get_by_role("radio", name="Keep what Bascule already has")).to_be_checked()
    screenshot("import-upload")
    page.get_by_role("button", name="Check the file").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Preview")
    screenshot("import-preview")
    assert Employee.objects.filter(employee_id="E011").count() == 0, "preview wrote nothing"
    page.get_by_role("button", name="Add 2 employees").click()

    expect(page.get_by_role("heading", name="Import complete")).to_be_visible(timeout=15000)
    screenshot("import-result")
    noel = Employee.objects.get(employee_id="E011")
    assert noel.last_name == "Lefèvre"
    assert noel.manager.employee_id == "E003"

    page.get_by_role("link", name="People", exact=True).click()
    page.get_by_role("searchbox", name="Search").fill("lefevre")
    page.get_by_role("searchbox", name="Search").press("Enter")
    expect(page.get_by_role("link", name="Lefèvre, Noël")).to_be_visible()
    screenshot("directory-search")
    page.get_by_role("link", name="Lefèvre, Noël").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Noël Lefèvre")
    expect(page.locator("main")).to_contain_text("Hélène Moreau")
    screenshot("employee-page")


def test_it_makes_hr_type_the_number_before_marking_most_people_as_left(
    page, live_server, company, tmp_path, screenshot, axe
):
    staff = tmp_path / "export-rh.csv"
    staff.write_bytes(STAFF_FILE)
    log_in(page, live_server.url, "alice.hr@example.com")
    page.goto(f"{live_server.url}/people/import/")
    page.get_by_label("Employee file").set_input_files(str(staff))
    page.get_by_role("radio", name="Everyone currently employed", exact=False).check()
    page.get_by_role("button", name="Check the file").click()

    warning = page.get_by_role("heading", name="This import would mark 5 of the 5 active")
    expect(warning).to_be_visible()
    assert_accessible(page, axe)
    screenshot("import-preview-leavers-warning")
    button = page.get_by_role("button", name="Add 2 employees and mark 5 employees as having left")
    button.click()
    box = page.get_by_label("To confirm, type the number of employees", exact=False)
    expect(box).to_be_focused()
    expect(page.locator("#id_confirm_leavers-errors")).to_contain_text("Type the number")
    assert not Employee.objects.filter(left_on__isnull=False).exists()
    assert_accessible(page, axe)

    # Keyboard only: type the number, then Enter submits the form.
    box.fill("5")
    box.press("Enter")
    expect(page.get_by_role("heading", name="Import complete")).to_be_visible(timeout=15000)
    assert Employee.objects.filter(left_on__isnull=False).count() == 5


def test_the_import_page_follows_the_background_job_until_the_result(
    page, live_server, company, tmp_path, settings, screenshot, axe
):
    settings.TASKS = DATABASE_QUEUE  # the job waits for a worker, as in production
    staff = tmp_path / "export-rh.csv"
    staff.write_bytes(STAFF_FILE)
    log_in(page, live_server.url, "alice.hr@example.com")
    page.goto(f"{live_server.url}/people/import/")
    page.get_by_label("Employee file").set_input_files(str(staff))
    page.get_by_role("button", name="Check the file").click()
    page.get_by_role("button", name="Add 2 employees").click()

    # The request returned at once: the page says what will happen and waits for a worker.
    expect(page.get_by_role("heading", level=1)).to_have_text("Importing “export-rh.csv”")
    expect(page.locator("main")).to_contain_text("2 employees will be added.")
    expect(page.locator("#import-progress")).to_contain_text("Waiting for its turn…")
    assert not Employee.objects.filter(employee_id="E011").exists()
    assert_accessible(page, axe)
    screenshot("import-running")

    run_queue()  # a worker takes the job; the page, polling, goes on to the result
    expect(page.get_by_role("heading", name="Import complete")).to_be_visible(timeout=15000)
    assert Employee.objects.get(employee_id="E011").last_name == "Lefèvre"
