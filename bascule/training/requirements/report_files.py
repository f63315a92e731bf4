"""The completion report as a sheet (title, headers, rows) for the CSV and XLSX exports."""

from typing import Any

from django.utils.translation import gettext as _

from bascule.core.small_groups import MIN_GROUP_SIZE
from bascule.training.behaviours.selectors import BehaviourRow
from bascule.training.requirements.selectors import Report


def report_sheets(
    report: Report, behaviours: list[BehaviourRow] = ()
) -> list[tuple[str, list[str], list[list[Any]]]]:
    """The counts per module and role (the people late are named on the page, where HR
    reminds them; a file of tens of thousands of names helps nobody), then, per module, the
    shares of the check-ins' answers about its behaviour: empty under MIN_GROUP_SIZE
    respondents, with the reason."""
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
        (
            _("Behaviours in meetings"),
            [
                _("Module"),
                _("Behaviour"),
                _("Respondents"),
                _("Yes (%)"),
                _("Partly (%)"),
                _("No (%)"),
                _("Note"),
            ],
            [
                [
                    row.title,
                    row.behaviour,
                    row.respondents if row.shown else None,
                    row.yes_percent,
                    row.partly_percent,
                    row.no_percent,
                    ""
                    if row.shown
                    else _("Fewer than %(count)s answers: not shown") % {"count": MIN_GROUP_SIZE},
                ]
                for row in behaviours
            ],
        ),
    ]
