"""The JSON API of personal data: a person's own copy, and HR's copy of someone's.

Erasing stays a page with a typed confirmation (irreversible): there is no API operation.
"""

from typing import Any

from django.http import HttpRequest
from ninja import Router

from bascule.core.api_errors import ErrorOut
from bascule.privacy import selectors, services
from bascule.privacy.base import Audience
from bascule.privacy.schemas import ExportOut

router = Router(tags=["personal data"])


@router.get(
    "/me/export",
    response={200: ExportOut, 401: ErrorOut},
    summary="Export my personal data",
)
def my_data_export(request: HttpRequest) -> dict[str, Any]:
    """Everything Bascule holds about the caller, their private notes and their own survey
    answers included."""
    person = selectors.person_of(user=request.user)
    return selectors.export_as_json(selectors.person_export(person=person, audience=Audience.SELF))


@router.get(
    "/employees/{employee_id}/export",
    response={200: ExportOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Export an employee's personal data (HR admins)",
)
def employee_data_export(request: HttpRequest, employee_id: int) -> dict[str, Any]:
    """What Bascule holds about an employee, for an HR admin: never their private notes,
    their survey answers, or what HR never reads of their pair (docs/privacy.md). Recorded
    in the audit log."""
    person = selectors.access_person(user=request.user, employee_id=employee_id)
    services.person_export_record(actor=request.user, person=person, export_format="api")
    return selectors.export_as_json(selectors.person_export(person=person, audience=Audience.HR))


@router.get(
    "/accounts/{user_id}/export",
    response={200: ExportOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Export an account's personal data (HR admins)",
)
def account_data_export(request: HttpRequest, user_id: int) -> dict[str, Any]:
    """The same for an account, with or without an employee record."""
    person = selectors.access_person(user=request.user, user_id=user_id)
    services.person_export_record(actor=request.user, person=person, export_format="api")
    return selectors.export_as_json(selectors.person_export(person=person, audience=Audience.HR))
