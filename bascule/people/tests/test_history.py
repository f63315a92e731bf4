"""HR history (bascule/people/history.py): each import records what it changes, dated; a
history file loads the past once; the employee's page, the data export and the erasure."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from bascule.core.errors import ValidationFailed
from bascule.core.models import AuditEntry
from bascule.people import history, services
from bascule.people.models import EmployeeChange, HistorySource
from bascule.people.tests.fixtures.import_files import ascii_emails, company_rows, csv_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(company):
    return ascii_emails(company)


def run_import(company, rows, **options):
    employee_import = services.employee_import_create(
        actor=company.alice, filename="export.csv", content=csv_bytes(rows), **options
    )
    services.employee_import_commit(
        employee_import=employee_import,
        actor=company.alice,
        confirmed_leavers=employee_import.counts["left"] or None,
    )
    return employee_import


def changes_of(employee):
    return [
        (c.field, c.old_value, c.new_value, c.effective_on)
        for c in EmployeeChange.objects.filter(employee=employee).order_by("field")
    ]


def test_an_import_records_what_it_changes_dated_today(directory):
    today = timezone.localdate()
    rows = company_rows(
        E004={"Poste": "Community manager", "Niveau": 3, "Service": "Finance",
              "Matricule du manager": "E003"},
    )  # fmt: skip
    rows = [row for row in rows if row[0] != "E005"]  # Bernard has left
    rows.append(["E006", "Inès", "Bak", "ines.bak@example.com", "Design", "Intern", 1,
                 "02/09/2024", "E002", "fr"])  # fmt: skip
    employee_import = run_import(directory, rows, full_export=True)
    assert changes_of(directory.lea) == [
        ("department", "Marketing", "Finance", today),
        ("job_title", "Social media manager", "Community manager", today),
        ("manager_id", "E002", "E003", today),
        ("seniority_level", "2", "3", today),
    ]
    assert changes_of(directory.bernard) == [("left_on", "", today.isoformat(), today)]
    assert {c.employee_import_id for c in EmployeeChange.objects.all()} == {employee_import.pk}
    assert {c.source for c in EmployeeChange.objects.all()} == {HistorySource.IMPORT}
    # A new employee's history starts with their first row; the unchanged have none.
    assert not EmployeeChange.objects.exclude(employee__in=[directory.lea, directory.bernard])


def test_a_leave_date_in_the_file_is_the_day_they_left(directory):
    rows = company_rows()
    rows[0].append("Date de sortie")
    for row in rows[1:]:
        row.append("31/10/2026" if row[0] == "E005" else "")
    run_import(directory, rows)
    assert changes_of(directory.bernard) == [("left_on", "", "2026-10-31", dt.date(2026, 10, 31))]


def test_two_imports_the_same_day_keep_the_first_before_and_the_last_after(directory):
    run_import(directory, company_rows(E004={"Niveau": 3}))
    run_import(directory, company_rows(E004={"Niveau": 4}))
    assert changes_of(directory.lea) == [("seniority_level", "2", "4", timezone.localdate())]


def test_importing_the_same_file_again_records_nothing_more(directory):
    rows = company_rows(E004={"Niveau": 3})
    run_import(directory, rows)
    run_import(directory, rows)
    assert EmployeeChange.objects.count() == 1


HISTORY = [
    ["Matricule", "Date d'effet", "Niveau", "Poste", "Service"],
    ["E004", "01/09/2023", 1, "Junior community manager", "Marketing"],
    ["E004", "2024-09-01", 2, "Social media manager", ""],  # the department is unchanged
    ["E004", "2025-03-01", 2, "", ""],  # nothing changes
    ["E005", "02/03/1998", 4, "Controller", "Finance"],
    ["E005", "2010-01-01", 6, "Head of controlling", ""],
]


def test_a_history_file_records_each_fact_s_successive_values(directory):
    plan = history.read_history(csv_bytes(HISTORY))
    assert plan.errors == [] and (plan.rows, plan.employees) == (5, 2)
    added = history.apply_history(plan=plan, actor=directory.alice, filename="past.csv")
    assert added == 10
    lea = [
        (c.effective_on, c.field, c.old_value, c.new_value)
        for c in EmployeeChange.objects.filter(employee=directory.lea).order_by(
            "effective_on", "field"
        )
    ]
    assert lea == [
        (dt.date(2023, 9, 1), "department", "", "Marketing"),
        (dt.date(2023, 9, 1), "job_title", "", "Junior community manager"),
        (dt.date(2023, 9, 1), "seniority_level", "", "1"),
        (dt.date(2024, 9, 1), "job_title", "Junior community manager", "Social media manager"),
        (dt.date(2024, 9, 1), "seniority_level", "1", "2"),
    ]
    assert {c.source for c in EmployeeChange.objects.all()} == {HistorySource.HISTORY}
    entry = AuditEntry.objects.get(action="people.history_imported")
    assert entry.changes == {"filename": "past.csv", "rows": 5, "changes": 10}
    # Loaded twice: nothing more.
    again = history.apply_history(plan=history.read_history(csv_bytes(HISTORY)), actor=None)
    assert again == 0 and EmployeeChange.objects.count() == 10


def test_state_on_a_day_is_the_latest_value_then(directory):
    history.apply_history(plan=history.read_history(csv_bytes(HISTORY)), actor=None)
    state = history.state_on(dt.date(2024, 12, 31))
    assert state[directory.lea.pk]["seniority_level"] == "2"
    assert state[directory.bernard.pk]["seniority_level"] == "6"
    assert history.state_on(dt.date(2005, 1, 1))[directory.bernard.pk] == {
        "seniority_level": "4",
        "job_title": "Controller",
        "department": "Finance",
    }
    assert directory.lea.pk not in history.state_on(dt.date(2020, 1, 1))


def test_a_history_file_with_problems_records_nothing(directory):
    rows = [
        HISTORY[0],
        ["E004", "2024-09-01", 2, "", ""],
        ["E999", "2024-09-01", 2, "", ""],  # nobody
        ["E004", "31/02/2024", 3, "", ""],  # no such day
        ["E005", "2024-01-01", 42, "", ""],  # no such level
    ]
    plan = history.read_history(csv_bytes(rows))
    assert [(e["line"], e["column"]) for e in plan.errors] == [
        (3, "Matricule"),
        (4, "Date d'effet"),
        (5, "Niveau"),
    ]
    with pytest.raises(ValidationFailed):
        history.apply_history(plan=plan, actor=None)
    assert not EmployeeChange.objects.exists()


@pytest.mark.parametrize(
    "content",
    [
        csv_bytes([["Matricule", "Niveau"], ["E004", 2]]),  # no date
        csv_bytes([["Date d'effet", "Niveau"], ["2024-01-01", 2]]),  # no employee
        csv_bytes([["Matricule", "Date d'effet", "Prénom"], ["E004", "2024-01-01", "Léa"]]),
        b"\x89PNG\r\n\x1a\n not a spreadsheet",
        b"",
    ],
)
def test_a_file_that_cannot_be_a_history_is_refused_with_a_reason(directory, content):
    with pytest.raises(ValidationFailed) as refused:
        history.read_history(content)
    assert refused.value.message


def test_the_command_checks_then_records(directory, tmp_path, capsys):
    path = tmp_path / "past.csv"
    path.write_bytes(csv_bytes(HISTORY))
    call_command("import_hr_history", str(path), "--dry-run")
    assert "10 changes found" in capsys.readouterr().out
    assert not EmployeeChange.objects.exists()
    call_command("import_hr_history", str(path))
    assert "10 changes recorded (0 already known)" in capsys.readouterr().out
    call_command("import_hr_history", str(path))
    assert "0 changes recorded (10 already known)" in capsys.readouterr().out
    path.write_bytes(csv_bytes([HISTORY[0], ["E999", "2024-01-01", 2, "", ""]]))
    with pytest.raises(CommandError, match="Nothing was recorded"):
        call_command("import_hr_history", str(path))
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_hr_history", str(tmp_path / "missing.csv"))


def test_hr_reads_the_history_on_the_employee_page_a_program_manager_does_not(client, directory):
    history.apply_history(plan=history.read_history(csv_bytes(HISTORY)), actor=None)
    client.force_login(directory.alice)
    page = client.get(f"/people/{directory.lea.pk}/").content.decode()
    assert "Junior community manager" in page and "History" in page
    client.force_login(directory.paul)  # manages Marketing: reads Léa's record
    page = client.get(f"/people/{directory.lea.pk}/")
    assert page.status_code == 200
    assert "Junior community manager" not in page.content.decode()


def test_the_data_export_lists_it_and_the_erasure_keeps_only_levels_departments_leaving(
    directory,
):
    from bascule.privacy import selectors as privacy_selectors
    from bascule.privacy import services as privacy
    from bascule.privacy.base import Audience, Person

    history.apply_history(plan=history.read_history(csv_bytes(HISTORY)), actor=None)
    run_import(directory, company_rows(E005={"Matricule du manager": "E004"}))
    person = Person.of(employee=directory.lea)
    export = privacy_selectors.person_export(person=person, audience=Audience.HR)
    assert "history" in [section.key for section in export.sections]
    privacy.person_erase(actor=directory.alice, person=person, confirmation="Léa Martin")
    assert sorted(
        EmployeeChange.objects.filter(employee=directory.lea).values_list("field", flat=True)
    ) == ["department", "seniority_level", "seniority_level"]
    # Bernard's new manager was Léa: her employee ID no longer appears in his history.
    bernard = EmployeeChange.objects.get(employee=directory.bernard, field="manager_id")
    assert (bernard.old_value, bernard.new_value) == ("E003", "")
