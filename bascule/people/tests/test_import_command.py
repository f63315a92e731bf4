"""`python manage.py import_employees FILE [--dry-run] [--partial] [--map HEADER=FIELD]`.

Run by an administrator or cron: the audit log records the system as the actor.
"""

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
    out, _err = run(str(path), "--dry-run")
    assert "4 rows: 0 new, 1 updated, 3 unchanged, 1 left." in out
    assert "Dry run: nothing was imported." in out
    assert Employee.objects.get(employee_id="E004").job_title == "Social media manager"
    assert Employee.objects.get(employee_id="E005").left_on is None
    assert not EmployeeImport.objects.exists()


def test_it_imports_and_records_the_system_as_actor(directory, tmp_path):
    path = tmp_path / "export.xlsx"
    rows = [row for row in company_rows() if row[0] != "E005"]
    path.write_bytes(xlsx_bytes(rows))
    out, err = run(str(path))
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
        run(str(path))
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
