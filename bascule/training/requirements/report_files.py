"""The completion report as a sheet (title, headers, rows) for the CSV and XLSX exports."""

from typing import Any

from django.utils.translation import gettext as _

from bascule.training.requirements.selectors import Report


def report_sheets(report: Report) -> list[tuple[str, list[str], list[list[Any]]]]:
    """One sheet: the counts per module and role (the people late are named on the page,
    where HR reminds them; a file of tens of thousands of names helps nobody)."""
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
    ]
