"""The completion report as sheets (title, headers, rows) for the CSV and XLSX exports."""

from typing import Any

from django.utils.translation import gettext as _

from bascule.training.requirements.selectors import Report


def report_sheets(report: Report) -> list[tuple[str, list[str], list[list[Any]]]]:
    """Two sheets: the counts per module and role, and every person late."""
    counts = [
        [
            row.title,
            str(row.requirement.get_role_display()),
            row.required,
            row.done,
            row.in_progress,
            row.not_started,
            row.overdue,
            row.pass_rate,
            row.median_minutes,
        ]
        for row in report.rows
    ]
    late = [
        [
            row.title,
            str(row.requirement.get_role_display()),
            person.employee.last_name,
            person.employee.first_name,
            person.employee.email,
            person.due_on.isoformat() if person.due_on else "",
            _("In progress") if person.started else _("Not started"),
        ]
        for row in report.rows
        for person in row.overdue_people
    ]
    return [
        (
            _("Completion"),
            [
                _("Module"),
                _("Role"),
                _("Required"),
                _("Done"),
                _("In progress"),
                _("Not started"),
                _("Overdue"),
                _("Quiz pass rate (%)"),
                _("Median time (minutes)"),
            ],
            counts,
        ),
        (
            _("Overdue"),
            [
                _("Module"),
                _("Role"),
                _("Last name"),
                _("First name"),
                _("E-mail"),
                _("Due on"),
                _("Status"),
            ],
            late,
        ),
    ]
