"""`python manage.py import_employees FILE [--dry-run] [--full [--force]] [--clear-blank-cells]
[--map HEADER=FIELD]`.

Run by an administrator or cron: the audit log records the system as the actor.
"""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from bascule.core.models import AuditEntry
from bascule.people.models import Employee, EmployeeImport
from bascule.people.tests.fixtures.import_files import (
    ascii_emails,
    company_rows,
    csv_bytes,
    generated_rows,
    xlsx_bytes,
)


@pytest.fixture
def directory(company):
    return ascii_emails(company)


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_employees", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_previews_without_writing_on_a_dry_run(directory, tmp_path):
    path = tmp_path / "export.csv"
    rows = [row for row in company_rows(E004={"Poste": "CMO"}) if row[0] != "E005"]
    path.write_bytes(csv_bytes(rows))
    out, _err = run(str(path), "--dry-run", "--full")
    assert "4 rows: 0 new, 1 updated, 3 unchanged, 1 left." in out
    assert "  E004 Léa Martin: Job title changed: Social media manager → CMO" in out
    assert "Marked as having left (1):\n  E005 Bernard Lefèvre\n" in out
    assert "Without --dry-run, the import will be refused unless you add --force." in out
    assert "Dry run: nothing was imported." in out
    assert Employee.objects.get(employee_id="E004").job_title == "Social media manager"
    assert Employee.objects.get(employee_id="E005").left_on is None
    assert not EmployeeImport.objects.exists()


def test_it_imports_and_records_the_system_as_actor(directory, tmp_path):
    path = tmp_path / "export.xlsx"
    rows = [row for row in company_rows() if row[0] != "E005"]
    path.write_bytes(xlsx_bytes(rows))
    out, err = run(str(path), "--full", "--force")
    assert "Imported: 0 new, 0 updated, 4 unchanged, 1 left." in out
    assert "Importing: 1 of 1 changes written" in err
    assert Employee.objects.get(employee_id="E005").left_on == timezone.localdate()
    entry = AuditEntry.objects.get(action="people.import_committed")
    assert entry.actor is None
    assert entry.actor_label == "system"
    assert entry.changes["filename"] == "export.xlsx"


def test_it_leaves_missing_employees_alone_with_partial(directory, tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(csv_bytes(generated_rows(4)))
    out, _err = run(str(path), "--partial")
    assert "Imported: 4 new, 0 updated, 0 unchanged, 0 left." in out
    assert not Employee.objects.filter(left_on__isnull=False).exists()


def test_it_prints_every_error_and_exits_1_writing_nothing(directory, tmp_path):
    path = tmp_path / "export.csv"
    rows = company_rows(E004={"E-mail": "nope"}, E001={"Matricule du manager": "E004"})
    path.write_bytes(csv_bytes(rows))
    with pytest.raises(CommandError) as caught:
        run(str(path), "--full")
    assert str(caught.value) == "4 errors: nothing was imported."
    assert caught.value.returncode == 1
    assert not EmployeeImport.objects.exists()
    assert not AuditEntry.objects.exists()


def test_it_prints_errors_with_line_and_column(directory, tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(csv_bytes(company_rows(E004={"E-mail": "nope"})))
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_employees", str(path), "--dry-run", stdout=out)
    assert "line 2, column E-mail: This is not a valid e-mail address." in out.getvalue()


def test_it_maps_columns_from_the_command_line(directory, tmp_path):
    path = tmp_path / "export.csv"
    rows = company_rows()
    rows[0][0] = "Réf."
    path.write_bytes(csv_bytes(rows))
    with pytest.raises(CommandError):
        run(str(path), "--dry-run")
    out, _err = run(str(path), "--dry-run", "--map", "Réf.=employee_id", "--map", "Poste=")
    assert "5 rows: 0 new, 0 updated, 5 unchanged, 0 left." in out
    assert "Columns ignored: Poste" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--map", "Réf."], "--map expects HEADER=FIELD"),
        (["--map", "Réf.=age"], "Unknown field “age”"),
    ],
)
def test_it_refuses_a_bad_map_option(directory, tmp_path, args, message):
    path = tmp_path / "export.csv"
    path.write_bytes(csv_bytes(company_rows()))
    with pytest.raises(CommandError, match=message):
        run(str(path), *args)


def test_it_refuses_a_file_that_is_not_a_spreadsheet(db, tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(b"%PDF-1.5\n\x00\x01")
    with pytest.raises(CommandError, match="not a CSV or Excel"):
        run(str(path))
    with pytest.raises(CommandError, match="Cannot read"):
        run(str(tmp_path / "missing.csv"))


def test_it_marks_nobody_as_having_left_without_full(directory, tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(csv_bytes([row for row in company_rows() if row[0] in ("Matricule", "E004")]))
    out, _err = run(str(path))
    assert "Imported: 0 new, 0 updated, 1 unchanged, 0 left." in out
    assert not Employee.objects.filter(left_on__isnull=False).exists()


def test_it_refuses_a_full_import_marking_too_many_as_left_unless_forced(directory, tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(csv_bytes([row for row in company_rows() if row[0] in ("Matricule", "E004")]))
    with pytest.raises(CommandError) as caught:
        run(str(path), "--full")
    message = str(caught.value)
    assert message.startswith(
        "This file would mark 4 of the 5 active employees (80%) as having left, more than "
        "the 10% allowed without confirmation. Nothing was imported."
    )
    assert "run the command again with --force" in message
    assert "run it without --full" in message
    assert caught.value.returncode == 1
    assert not Employee.objects.filter(left_on__isnull=False).exists()
    assert not EmployeeImport.objects.exists()

    out, _err = run(str(path), "--full", "--force")
    assert "Imported: 0 new, 0 updated, 1 unchanged, 4 left." in out
    assert Employee.objects.filter(left_on__isnull=False).count() == 4
    assert (
        AuditEntry.objects.get(action="people.import_committed").changes["confirmed_leavers"] == 4
    )


@pytest.mark.parametrize(
    ("leaving", "refused"),
    [(1, False), (2, False), (3, True)],
    ids=["just below the share", "at the share", "just above the share"],
)
def test_it_refuses_only_above_the_share(directory, tmp_path, settings, leaving, refused):
    settings.IMPORT_LEAVERS_CONFIRM_PERCENT = 40  # of the company's 5 active employees: 2
    missing = ["E005", "E004", "E003"][:leaving]
    path = tmp_path / "export.csv"
    path.write_bytes(csv_bytes([row for row in company_rows() if row[0] not in missing]))
    if refused:
        with pytest.raises(CommandError, match="more than the 40% allowed"):
            run(str(path), "--full")
        assert not Employee.objects.filter(left_on__isnull=False).exists()
    else:
        out, _err = run(str(path), "--full")
        assert f"unchanged, {leaving} left." in out
        assert Employee.objects.filter(left_on__isnull=False).count() == leaving


def test_it_refuses_force_without_full(directory, tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(csv_bytes(company_rows()))
    with pytest.raises(CommandError, match="--force is only needed with --full"):
        run(str(path), "--force")


def test_it_lists_the_first_leavers_and_says_how_many_more(directory, tmp_path):
    Employee.objects.bulk_create(
        Employee(employee_id=f"S{i:03d}", first_name="Staff", last_name=f"Member {i:03d}",
                 email=f"staff{i}@example.com")
        for i in range(25)
    )  # fmt: skip
    path = tmp_path / "export.csv"
    path.write_bytes(csv_bytes(company_rows()))
    out, _err = run(str(path), "--dry-run", "--full")
    assert "Marked as having left (25):" in out
    assert "  S000 Staff Member 000\n" in out
    assert "S019" in out and "S020" not in out
    assert "  … and 5 more (--verbosity 2 lists up to 1000)." in out
    out, _err = run(str(path), "--dry-run", "--full", "--verbosity", "2")
    assert "S024" in out and "more (--verbosity" not in out


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_it_keeps_stored_values_for_blank_cells(directory, tmp_path, fmt):
    rows = company_rows(E005={"Date d'entrée": "", "Niveau": ""})
    path = tmp_path / f"export.{fmt}"
    path.write_bytes(csv_bytes(rows) if fmt == "csv" else xlsx_bytes(rows))
    out, _err = run(str(path))
    assert "Empty cells kept as they are: Seniority level (1), Hire date (1)" in out
    assert "Imported: 0 new, 0 updated, 5 unchanged, 0 left." in out
    bernard = Employee.objects.get(employee_id="E005")
    assert (bernard.seniority_level, bernard.hire_date) == (6, dt.date(1998, 3, 2))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_it_erases_stored_values_for_blank_cells_when_asked(directory, tmp_path, fmt):
    rows = company_rows(E005={"Date d'entrée": ""})
    path = tmp_path / f"export.{fmt}"
    path.write_bytes(csv_bytes(rows) if fmt == "csv" else xlsx_bytes(rows))
    out, _err = run(str(path), "--clear-blank-cells")
    assert "Empty cells erasing the stored value: Hire date (1)" in out
    assert "  E005 Bernard Lefèvre: Hire date erased: 1998-03-02 → -" in out
    assert "Imported: 0 new, 1 updated, 4 unchanged, 0 left." in out
    assert Employee.objects.get(employee_id="E005").hire_date is None
