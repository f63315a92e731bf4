"""Why a commit did not happen, in words.

A commit refused or stopped raises a DomainError whose `code` and `details` say why; the
background job stores them on the import (`EmployeeImport.failure`: {"code", "params"}), and
the pages and the API turn them into a message in the reader's language with `message`, as
`reading.error_message` does for the rows' errors. The services raise with the same
messages, so the command line and a refusal at once read the same words.
"""

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bascule.people.imports import reading as importing

# An error the job did not expect (a bug, the database gone): its trace is in the log.
UNEXPECTED = "unexpected"


def message(code: str, params: Mapping[str, Any] | None = None) -> str:
    """Return the reason of failure `code` with `params`, in the active language."""
    params = params or {}
    if code == "import_has_errors":
        return _("This file has errors. Correct them and upload the file again.")
    if code == "import_outdated":
        return _outdated(params)
    if code == "confirmation_required":
        return _confirmation_required(params.get("leaving", 0), params.get("active_employees", 0))
    if code == "confirmation_mismatch":
        leaving = params.get("leaving", 0)
        return ngettext(
            "This import would mark %(count)s employee as having left, not "
            "%(confirmed)s. Nothing was imported.",
            "This import would mark %(count)s employees as having left, not "
            "%(confirmed)s. Nothing was imported.",
            leaving,
        ) % {"count": leaving, "confirmed": params.get("confirmed")}
    if code == "import_conflict":
        return _("The directory changed during the import, so nothing was imported. Try again.")
    if code == "already_imported":
        return _("This file has already been imported.")
    return _(
        "An unexpected error stopped the import; it is recorded in the server's log. "
        "Nothing was imported."
    )


def _outdated(params: Mapping[str, Any]) -> str:
    if "invalid_rows" in params:
        return _(
            "The directory changed since the preview and %(count)s rows are no longer "
            "valid. Check the preview again."
        ) % {"count": params["invalid_rows"]}
    if "leaving" in params:
        leaving = params["leaving"]
        return ngettext(
            "The directory changed since the preview: this file would now mark %(count)s "
            "employee as having left, not %(previewed)s. Check the preview again.",
            "The directory changed since the preview: this file would now mark %(count)s "
            "employees as having left, not %(previewed)s. Check the preview again.",
            leaving,
        ) % {"count": leaving, "previewed": params.get("previewed", 0)}
    return _(
        "The directory changed since the preview, so this file would no longer do what "
        "the preview showed. Check the preview again."
    )


def _confirmation_required(leaving: int, active: int) -> str:
    return ngettext(
        "This import would mark %(count)s of %(active)s active employees as having "
        "left (%(percent)s%%), more than the %(limit)s%% allowed without confirmation. "
        "Nothing was imported. Give the number of employees who will be marked as "
        "having left to confirm.",
        "This import would mark %(count)s of %(active)s active employees as having "
        "left (%(percent)s%%), more than the %(limit)s%% allowed without confirmation. "
        "Nothing was imported. Give the number of employees who will be marked as "
        "having left to confirm.",
        leaving,
    ) % {
        "count": leaving,
        "active": active,
        "percent": importing.leaving_percent(leaving, active),
        "limit": settings.IMPORT_LEAVERS_CONFIRM_PERCENT,
    }
