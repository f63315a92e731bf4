"""The HR file import's services: preview, mapping, commit (bascule/people/services.py).

The directory starts as the test company (bascule/testing.py); Alice, the HR admin,
runs the imports.
"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bascule.core.errors import ConflictError, DomainError
from bascule.core.models import AuditEntry
from bascule.people import services
from bascule.people.models import Department, Employee, EmployeeImport, ImportStatus
from bascule.people.tests.fixtures.import_files import (
    FRENCH_HEADERS,
    ascii_emails,
    company_rows,
    csv_bytes,
    generated_rows,
    xlsx_bytes,
)
from bascule.testing import make_employee


@pytest.fixture
def directory(company):
    return ascii_emails(company)


def upload(company, content: bytes, **options) -> EmployeeImport:
    return services.employee_import_create(
        actor=company.alice, filename="export.csv", content=content, **options
    )


def employee_writes(queries) -> list[str]:
    return [
        query["sql"]
        for query in queries
        if '"people_employee"' in query["sql"]
        and query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]


def test_it_previews_the_same_directory_as_all_unchanged(directory):
    employee_import = upload(directory, csv_bytes(company_rows()))
    assert employee_import.status == ImportStatus.PREVIEWED
    assert employee_import.total_rows == 5
    assert employee_import.errors == []
    assert employee_import.counts == {
        "new": 0, "updated": 0, "unchanged": 5, "left": 0, "errors": 0, "active": 5,
    }  # fmt: skip


def test_it_marks_nobody_as_having_left_unless_told_the_file_lists_everyone(directory):
    rows = [row for row in company_rows() if row[0] not in ("E004", "E005")]
    employee_import = upload(directory, csv_bytes(rows))
    assert employee_import.full_export is False
    assert employee_import.counts["left"] == 0
    services.employee_import_commit(employee_import=employee_import, actor=directory.alice)
    assert not Employee.objects.filter(left_on__isnull=False).exists()


def test_it_counts_new_updated_unchanged_and_left_without_writing(directory):
    rows = company_rows(E004={"Poste": "Community manager", "Niveau": 3})
    rows = [row for row in rows if row[0] != "E005"]  # Bernard has left
    rows.append(["E006", "Inès", "Bak", "ines.bak@example.com", "Marketing", "Intern", 1,
                 "2024-09-02", "E002", "fr"])  # fmt: skip
    employee_import = upload(directory, csv_bytes(rows), full_export=True)
    assert employee_import.counts == {
        "new": 1, "updated": 1, "unchanged": 3, "left": 1, "errors": 0, "active": 5,
    }  # fmt: skip
    assert employee_import.sample_changes["updated"] == [
        {
            "employee_id": "E004",
            "name": "Léa Martin",
            "changes": [
                {
                    "field": "job_title",
                    "action": "changed",
                    "old": "Social media manager",
                    "new": "Community manager",
                },
                {"field": "seniority_level", "action": "changed", "old": "2", "new": "3"},
            ],
        }
    ]
    assert employee_import.sample_changes["left"] == [
        {"employee_id": "E005", "name": "Bernard Lefèvre", "left_on": ""}
    ]
    assert Employee.objects.count() == 5
    assert not Employee.objects.filter(left_on__isnull=False).exists()


def test_it_commits_creates_updates_and_marks_leavers_without_deleting(directory):
    rows = company_rows(E004={"Poste": "Community manager"})
    rows = [row for row in rows if row[0] != "E005"]
    rows.append(["E006", "Inès", "Bak", "ines.bak@example.com", "Design", "Intern", 1,
                 "02/09/2024", "E002", "Français, anglais"])  # fmt: skip
    employee_import = upload(directory, csv_bytes(rows), full_export=True)
    # One of five active employees leaves: above the default 10 %, HR confirms the number.
    services.employee_import_commit(
        employee_import=employee_import, actor=directory.alice, confirmed_leavers=1
    )

    employee_import.refresh_from_db()
    assert employee_import.status == ImportStatus.COMMITTED
    assert employee_import.committed_at is not None
    assert employee_import.counts["new"] == 1
    ines = Employee.objects.select_related("department", "manager").get(employee_id="E006")
    assert ines.department.name == "Design"
    assert ines.manager == directory.cmo
    assert ines.languages == ["fr", "en"]
    assert ines.hire_date == dt.date(2024, 9, 2)
    assert ines.time_zone == "Europe/Paris"
    assert Employee.objects.get(employee_id="E004").job_title == "Community manager"
    bernard = Employee.objects.get(employee_id="E005")
    assert bernard.left_on == timezone.localdate()
    assert Employee.objects.count() == 6


def test_it_leaves_missing_employees_alone_in_a_partial_export(directory):
    rows = [row for row in company_rows() if row[0] != "E005"]
    employee_import = upload(directory, csv_bytes(rows), full_export=False)
    assert employee_import.counts["left"] == 0
    services.employee_import_commit(employee_import=employee_import, actor=directory.alice)
    assert Employee.objects.get(employee_id="E005").left_on is None


def with_leave_dates(dates: dict[str, str]) -> list[list]:
    rows = company_rows()
    rows[0].append("Date de sortie")
    for row in rows[1:]:
        row.append(dates.get(row[0], ""))
    return rows


def test_it_imports_a_leave_date_and_a_rehire_from_a_full_export(directory):
    Employee.objects.filter(pk=directory.bernard.pk).update(left_on=dt.date(2020, 1, 1))
    rows = with_leave_dates({"E004": "31/12/2024"})
    employee_import = upload(directory, csv_bytes(rows), full_export=True)
    assert employee_import.counts == {
        "new": 0, "updated": 1, "unchanged": 3, "left": 1, "errors": 0, "active": 4,
    }  # fmt: skip
    services.employee_import_commit(
        employee_import=employee_import, actor=directory.alice, confirmed_leavers=1
    )
    assert Employee.objects.get(employee_id="E004").left_on == dt.date(2024, 12, 31)
    assert Employee.objects.get(employee_id="E005").left_on is None


def test_it_keeps_a_leave_date_for_a_blank_cell_in_a_partial_export(directory):
    Employee.objects.filter(pk=directory.bernard.pk).update(left_on=dt.date(2020, 1, 1))
    employee_import = upload(directory, csv_bytes(with_leave_dates({})))
    assert employee_import.counts["unchanged"] == 5
    assert employee_import.sample_changes["blank_cells"]["kept"] == {"left_on": 1}
    services.employee_import_commit(employee_import=employee_import, actor=directory.alice)
    assert Employee.objects.get(employee_id="E005").left_on == dt.date(2020, 1, 1)


def blank_cells_file(fmt: str, **overrides: dict) -> bytes:
    rows = company_rows(**overrides)
    return csv_bytes(rows) if fmt == "csv" else xlsx_bytes(rows)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_it_keeps_stored_values_for_blank_cells(directory, fmt):
    blanks = {"Date d'entrée": "", "Niveau": "", "Matricule du manager": "", "Langues": "",
              "Service": "", "Poste": ""}  # fmt: skip
    content = blank_cells_file(fmt, E004=blanks, E005={"Poste": "CFO"})
    employee_import = upload(directory, content)
    assert employee_import.counts["updated"] == 1  # Bernard's title only
    assert employee_import.counts["unchanged"] == 4
    kept = employee_import.sample_changes["blank_cells"]["kept"]
    assert kept == dict.fromkeys(
        ["department", "job_title", "seniority_level", "hire_date", "manager_id", "languages"], 1
    )
    services.employee_import_commit(employee_import=employee_import, actor=directory.alice)
    lea = Employee.objects.select_related("department", "manager").get(employee_id="E004")
    assert lea.hire_date == dt.date(2023, 9, 1)
    assert lea.seniority_level == 2
    assert lea.manager.employee_id == "E002"
    assert lea.languages == ["fr", "en"]
    assert lea.department.name == "Marketing"
    assert lea.job_title == "Social media manager"
    assert Employee.objects.get(employee_id="E005").job_title == "CFO"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_it_erases_stored_values_for_blank_cells_when_asked(directory, fmt):
    blanks = {"Date d'entrée": "", "Niveau": "", "Matricule du manager": "", "Langues": "",
              "Service": "", "Poste": ""}  # fmt: skip
    employee_import = upload(directory, blank_cells_file(fmt, E004=blanks), clear_blank_cells=True)
    assert employee_import.clear_blank_cells is True
    assert employee_import.counts["updated"] == 1
    assert set(employee_import.sample_changes["blank_cells"]["cleared"]) == {
        "department", "job_title", "seniority_level", "hire_date", "manager_id", "languages",
    }  # fmt: skip
    services.employee_import_commit(employee_import=employee_import, actor=directory.alice)
    lea = Employee.objects.get(employee_id="E004")
    assert (lea.hire_date, lea.seniority_level, lea.manager_id, lea.department_id) == (
        None, None, None, None,
    )  # fmt: skip
    assert (lea.languages, lea.job_title) == ([], "")


def test_it_writes_only_the_fields_each_row_changes(directory):
    # Léa's hire date changes; Bernard's cell is blank: his stored date must survive even
    # though both rows are written in the same batch.
    rows = company_rows(E004={"Date d'entrée": "02/09/2023"}, E005={"Date d'entrée": ""})
    employee_import = upload(directory, csv_bytes(rows))
    services.employee_import_commit(employee_import=employee_import, actor=directory.alice)
    assert Employee.objects.get(employee_id="E004").hire_date == dt.date(2023, 9, 2)
    assert Employee.objects.get(employee_id="E005").hire_date == dt.date(1998, 3, 2)


def test_it_changes_nothing_when_the_same_file_is_imported_twice(directory):
    content = xlsx_bytes(generated_rows(30))
    first = upload(directory, content)
    services.employee_import_commit(employee_import=first, actor=directory.alice)
    stamps = dict(Employee.objects.values_list("employee_id", "updated_at"))

    second = upload(directory, content)
    assert second.counts == {
        "new": 0, "updated": 0, "unchanged": 30, "left": 0, "errors": 0, "active": 35,
    }  # fmt: skip
    with CaptureQueriesContext(connection) as queries:
        services.employee_import_commit(employee_import=second, actor=directory.alice)
    assert employee_writes(queries.captured_queries) == []
    assert dict(Employee.objects.values_list("employee_id", "updated_at")) == stamps
    second.refresh_from_db()
    assert second.counts["unchanged"] == 30


def test_it_sets_managers_who_come_after_their_reports(db, company):
    employee_import = upload(company, csv_bytes(generated_rows(12, prefix="M")), full_export=False)
    assert employee_import.errors == []
    services.employee_import_commit(employee_import=employee_import, actor=company.alice)
    managers = dict(Employee.objects.filter(employee_id__startswith="M").values_list(
        "employee_id", "manager__employee_id"
    ))  # fmt: skip
    assert managers["M00000"] is None
    assert managers["M00001"] == "M00000"
    assert managers["M00011"] == "M00002"


def test_it_reuses_departments_whatever_their_case(directory):
    rows = company_rows(E004={"Service": "MARKETING"})
    employee_import = upload(directory, csv_bytes(rows))
    assert employee_import.counts["unchanged"] == 5
    services.employee_import_commit(employee_import=employee_import, actor=directory.alice)
    assert Department.objects.count() == 2


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"E004": {"Matricule du manager": "E404"}}, "unknown_manager"),
        ({"E001": {"Matricule du manager": "E004"}}, "manager_cycle"),
        ({"E004": {"E-mail": "claire.dumont@example.com"}}, "duplicate_email"),
    ],
)
def test_it_refuses_to_commit_a_file_with_errors(directory, overrides, code):
    employee_import = upload(directory, csv_bytes(company_rows(**overrides)))
    assert code in {error["code"] for error in employee_import.errors}
    with pytest.raises(DomainError) as caught:
        services.employee_import_commit(employee_import=employee_import, actor=directory.alice)
    assert caught.value.code == "import_has_errors"
    assert caught.value.status_code == 400
    employee_import.refresh_from_db()
    assert employee_import.status == ImportStatus.PREVIEWED


def test_it_refuses_a_file_that_is_not_a_spreadsheet_without_storing_it(directory):
    with pytest.raises(DomainError) as caught:
        upload(directory, b"%PDF-1.4 binary")
    assert caught.value.code == "not_spreadsheet"
    assert not EmployeeImport.objects.exists()


def test_it_applies_the_mapping_hr_chose(directory):
    rows = company_rows()
    rows[0] = ["Réf. salarié", *rows[0][1:]]
    employee_import = upload(directory, csv_bytes(rows))
    assert services.employee_import_missing_fields(employee_import=employee_import) == [
        "employee_id"
    ]
    assert [error["code"] for error in employee_import.errors] == ["missing_column"]
    employee_import = services.employee_import_set_mapping(
        employee_import=employee_import,
        actor=directory.alice,
        mapping={"Réf. salarié": "employee_id"},
    )
    employee_import.refresh_from_db()
    assert employee_import.column_mapping["Réf. salarié"] == "employee_id"
    assert employee_import.errors == []
    assert employee_import.counts["unchanged"] == 5


def test_it_refuses_a_mapping_naming_a_field_twice(directory):
    employee_import = upload(directory, csv_bytes(company_rows()))
    with pytest.raises(DomainError):
        services.employee_import_set_mapping(
            employee_import=employee_import, actor=directory.alice, mapping={"Poste": "email"}
        )


def test_it_writes_one_audit_row_for_the_commit(directory):
    employee_import = upload(directory, csv_bytes(generated_rows(8)), full_export=False)
    before = AuditEntry.objects.count()
    services.employee_import_commit(employee_import=employee_import, actor=directory.alice)
    entries = list(AuditEntry.objects.order_by("-id")[: AuditEntry.objects.count() - before])
    assert len(entries) == 1
    entry = entries[0]
    assert entry.action == "people.import_committed"
    assert entry.actor == directory.alice
    assert entry.object_id == str(employee_import.pk)
    assert entry.changes["filename"] == "export.csv"
    assert entry.changes["counts"]["new"] == 8


def test_it_refuses_a_second_commit_of_the_same_import(directory):
    employee_import = upload(directory, csv_bytes(company_rows()))
    services.employee_import_commit(employee_import=employee_import, actor=directory.alice)
    # A second click, or a second process holding the same row as it was before the commit.
    stale = EmployeeImport.objects.get(pk=employee_import.pk)
    stale.status = ImportStatus.PREVIEWED
    with pytest.raises(ConflictError) as caught:
        services.employee_import_commit(employee_import=stale, actor=directory.alice)
    assert caught.value.status_code == 409
    assert caught.value.code == "already_imported"
    assert AuditEntry.objects.filter(action="people.import_committed").count() == 1


def test_it_writes_nothing_when_the_commit_fails_halfway(db, company):
    employee_import = upload(company, csv_bytes(generated_rows(20)), full_export=False)
    calls = []

    def progress(done: int, total: int) -> None:
        calls.append(done)
        if done > 0:  # the new employees are inserted; setting managers has not started
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        services.employee_import_commit(
            employee_import=employee_import, actor=company.alice, progress=progress
        )
    assert calls == [0, 20]
    assert not Employee.objects.filter(employee_id__startswith="G").exists()
    assert not Department.objects.filter(name__startswith="G department").exists()
    employee_import.refresh_from_db()
    assert employee_import.status == ImportStatus.PREVIEWED
    assert not AuditEntry.objects.filter(action="people.import_committed").exists()


def test_it_validates_again_against_the_directory_at_commit(directory):
    rows = company_rows()
    rows.append(["E006", "Inès", "Bak", "ines.bak@example.com", "", "", "", "", "", ""])
    employee_import = upload(directory, csv_bytes(rows))
    assert employee_import.errors == []
    # Meanwhile someone else gets that address.
    make_employee("E900", "Ines", "Other", email="ines.bak@example.com")
    with pytest.raises(DomainError) as caught:
        services.employee_import_commit(employee_import=employee_import, actor=directory.alice)
    assert caught.value.code == "import_outdated"
    assert not Employee.objects.filter(employee_id="E006").exists()
    refreshed = services.employee_import_refresh(
        employee_import=EmployeeImport.objects.get(pk=employee_import.pk), actor=directory.alice
    )
    assert [error["code"] for error in refreshed.errors] == ["email_taken"]


def test_it_reports_progress_until_everything_is_written(db, company):
    employee_import = upload(company, csv_bytes(generated_rows(1200)), full_export=False)
    calls = []
    services.employee_import_commit(
        employee_import=employee_import,
        actor=company.alice,
        progress=lambda done, total: calls.append((done, total)),
    )
    # 1,200 inserts in three batches, then 1,199 managers in three batches.
    assert calls[0] == (0, 2399)
    assert calls[-1] == (2399, 2399)
    assert [done for done, _total in calls] == sorted(done for done, _total in calls)
    assert len(calls) == 7


def count_queries(company, rows: int) -> tuple[int, int]:
    content = csv_bytes(generated_rows(rows, prefix=f"Q{rows}x"))
    with CaptureQueriesContext(connection) as preview:
        employee_import = upload(company, content, full_export=False)
    with CaptureQueriesContext(connection) as commit:
        services.employee_import_commit(employee_import=employee_import, actor=company.alice)
    assert Employee.objects.filter(employee_id__startswith=f"Q{rows}x").count() == rows
    return len(preview), len(commit)


def test_it_runs_the_same_number_of_queries_for_10_or_50_rows(db, company):
    # Both sizes fit in one batch (SQLite's 999 parameters allow ~50 employees per INSERT):
    # beyond that the count grows by one query per batch, never per row.
    small = count_queries(company, 10)
    large = count_queries(company, 50)
    assert small == large
    assert large[0] <= 6
    assert large[1] <= 15


def test_it_reads_a_french_cp1252_export_from_excel(db, company):
    content = csv_bytes(generated_rows(5), encoding="cp1252")
    employee_import = upload(company, content, full_export=False)
    services.employee_import_commit(employee_import=employee_import, actor=company.alice)
    assert Employee.objects.filter(first_name="Zoé").count() == 5
    assert employee_import.headers == FRENCH_HEADERS


# --- Leavers: the share that needs a confirmation, and what the preview promised -----------


def test_it_refuses_to_mark_too_many_as_left_without_the_number(directory, settings):
    settings.IMPORT_LEAVERS_CONFIRM_PERCENT = 40
    rows = [row for row in company_rows() if row[0] not in ("E003", "E004", "E005")]
    employee_import = upload(directory, csv_bytes(rows), full_export=True)
    assert employee_import.counts["left"] == 3  # 60 % of 5
    with pytest.raises(ConflictError) as caught:
        services.employee_import_commit(employee_import=employee_import, actor=directory.alice)
    assert caught.value.code == "confirmation_required"
    assert caught.value.details == {"leaving": 3, "active_employees": 5}
    assert "3 of 5 active employees" in caught.value.message
    with pytest.raises(ConflictError) as caught:
        services.employee_import_commit(
            employee_import=employee_import, actor=directory.alice, confirmed_leavers=2
        )
    assert caught.value.code == "confirmation_mismatch"
    assert not Employee.objects.filter(left_on__isnull=False).exists()
    assert EmployeeImport.objects.get(pk=employee_import.pk).status == ImportStatus.PREVIEWED

    services.employee_import_commit(
        employee_import=employee_import, actor=directory.alice, confirmed_leavers=3
    )
    assert Employee.objects.filter(left_on=timezone.localdate()).count() == 3
    entry = AuditEntry.objects.get(action="people.import_committed")
    assert entry.changes["confirmed_leavers"] == 3
    assert entry.changes["full_export"] is True


def test_it_refuses_a_commit_when_the_directory_changed_what_it_would_do(directory):
    rows = [row for row in company_rows() if row[0] != "E005"]
    employee_import = upload(directory, csv_bytes(rows), full_export=True)
    assert employee_import.counts["left"] == 1
    # Meanwhile someone is added by hand: the file does not list them, so they would leave.
    make_employee("E900", "Yann", "Nouveau")
    with pytest.raises(DomainError) as caught:
        services.employee_import_commit(employee_import=employee_import, actor=directory.alice)
    assert caught.value.code == "import_outdated"
    assert "would now mark 2 employees as having left, not 1" in caught.value.message
    assert not Employee.objects.filter(left_on__isnull=False).exists()
    refreshed = services.employee_import_refresh(
        employee_import=EmployeeImport.objects.get(pk=employee_import.pk), actor=directory.alice
    )
    assert refreshed.counts["left"] == 2
    services.employee_import_commit(
        employee_import=refreshed, actor=directory.alice, confirmed_leavers=2
    )
    assert Employee.objects.filter(left_on__isnull=False).count() == 2


def test_it_refuses_an_old_preview_that_would_undo_later_changes(directory):
    # A preview left waiting, while the directory moved on: committing it now would write
    # a different set of changes than the one HR approved.
    employee_import = upload(directory, csv_bytes(company_rows(E004={"Poste": "Analyst"})))
    Employee.objects.filter(employee_id="E005").update(job_title="CFO")
    with pytest.raises(DomainError) as caught:
        services.employee_import_commit(employee_import=employee_import, actor=directory.alice)
    assert caught.value.code == "import_outdated"
    assert "would no longer do what the preview showed" in caught.value.message
    assert Employee.objects.get(employee_id="E004").job_title == "Social media manager"


def test_it_previews_again_with_other_options(directory):
    rows = [row for row in company_rows(E004={"Poste": ""}) if row[0] != "E005"]
    employee_import = upload(directory, csv_bytes(rows))
    assert (employee_import.counts["left"], employee_import.counts["updated"]) == (0, 0)
    employee_import = services.employee_import_set_options(
        employee_import=employee_import,
        actor=directory.alice,
        full_export=True,
        clear_blank_cells=True,
    )
    stored = EmployeeImport.objects.get(pk=employee_import.pk)
    assert (stored.full_export, stored.clear_blank_cells) == (True, True)
    assert (stored.counts["left"], stored.counts["updated"]) == (1, 1)
    entry = AuditEntry.objects.get(action="people.import_options_changed")
    assert entry.changes == {"full_export": True, "clear_blank_cells": True}
    services.employee_import_commit(
        employee_import=stored, actor=directory.alice, confirmed_leavers=1
    )
    assert Employee.objects.get(employee_id="E004").job_title == ""
    assert Employee.objects.get(employee_id="E005").left_on == timezone.localdate()
