"""The audit actions recorded by people: the HR file import."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from bascule.core.audit_registry import (
    Detail,
    describe_action,
    describe_object,
    labelled,
    number,
)

describe_object(
    "people.employee",
    parts=lambda employee: {"name": employee.full_name},
    recorded_part="name",
)
describe_object(
    "people.department",
    parts=lambda department: {"department": department.name},
    recorded_part="department",
)
describe_object(
    "people.employeeimport",
    parts=lambda employee_import: {"file": employee_import.filename},
)
IMPORT_COUNTS = {
    "new": _("new records"),
    "updated": _("updated records"),
    "unchanged": _("unchanged records"),
    "left": _("left the company"),
    "errors": _("rows with errors"),
}
describe_action(
    "people.import_uploaded",
    label=_("HR file uploaded"),
    sentence=lambda p: (
        ngettext(
            "%(actor)s uploaded the HR file “%(filename)s” (%(rows)s row)",
            "%(actor)s uploaded the HR file “%(filename)s” (%(rows)s rows)",
            p.count("rows"),
        )
        % p
    ),
    details={"filename": Detail(_("File")), "rows": Detail(_("Rows"), number)},
)
describe_action(
    "people.import_mapped",
    label=_("HR file columns matched"),
    sentence=_("%(actor)s matched the columns of the HR file “%(file)s”"),
    details={"column_mapping": Detail(_("Columns"))},
)
describe_action(
    "people.import_committed",
    label=_("HR file imported"),
    sentence=lambda p: (
        ngettext(
            "%(actor)s imported the HR file “%(filename)s” (%(rows)s row)",
            "%(actor)s imported the HR file “%(filename)s” (%(rows)s rows)",
            p.count("rows"),
        )
        % p
    ),
    details={
        "filename": Detail(_("File")),
        "rows": Detail(_("Rows"), number),
        "full_export": Detail(_("Full export of the company")),
        "clear_blank_cells": Detail(_("Blank cells erase what Bascule has")),
        "confirmed_leavers": Detail(_("Leavers confirmed by typing their number"), number),
        "counts": Detail(_("Result"), labelled(IMPORT_COUNTS)),
    },
)
describe_action(
    "people.import_options_changed",
    label=_("HR file options changed"),
    sentence=_("%(actor)s changed the options of the HR file “%(file)s” before importing it"),
    details={
        "full_export": Detail(_("Full export of the company")),
        "clear_blank_cells": Detail(_("Blank cells erase what Bascule has")),
    },
)
describe_action(
    "people.history_imported",
    label=_("HR history file loaded"),
    sentence=lambda p: (
        ngettext(
            "%(actor)s loaded the HR history file “%(filename)s” (%(changes)s change recorded)",
            "%(actor)s loaded the HR history file “%(filename)s” (%(changes)s changes recorded)",
            p.count("changes"),
        )
        % p
    ),
    details={
        "filename": Detail(_("File")),
        "rows": Detail(_("Rows"), number),
        "changes": Detail(_("Changes recorded"), number),
    },
)
