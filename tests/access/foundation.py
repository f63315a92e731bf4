"""Access cases for the foundation: home, accounts, people, imports, the API's own pages."""

from bascule.accounts.services import api_token_create
from bascule.people.services import employee_import_create
from tests.access.base import (
    ANON,
    CSV,
    HR,
    HR_ONLY,
    MENTOR,
    OUTSIDER,
    PEOPLE_MANAGERS,
    PM,
    PUBLIC_PAGE,
    ROLES,
    SPONSOR,
    Case,
    World,
    api,
    everyone,
)

lea = lambda world: {"employee_id": world.company.lea.pk}  # noqa: E731
bernard = lambda world: {"employee_id": world.company.bernard.pk}  # noqa: E731
an_import = lambda world: {"import_id": world.objects["import"].pk}  # noqa: E731
missing_import = lambda world: {"import_id": 999999}  # noqa: E731
alices_token = lambda world: {"token_id": world.objects["alice_token"].pk}  # noqa: E731

MATRIX: dict[str, list[Case]] = {
    "home:home": [Case(everyone(200))],
    "core:audit_log": [Case(HR_ONLY)],
    "core:audit_export": [Case(HR_ONLY)],
    "core:audit_export_xlsx": [Case(HR_ONLY)],
    "core:healthz": [Case(PUBLIC_PAGE)],
    "core:readyz": [Case(PUBLIC_PAGE)],
    "core:metrics": [
        Case(
            dict.fromkeys(ROLES, 404),
            label="no METRICS_TOKEN: no endpoint; with one, a bearer token (test_metrics.py)",
        )
    ],
    "accounts:login": [
        Case(PUBLIC_PAGE | {HR: 302, PM: 302, MENTOR: 302, SPONSOR: 302, OUTSIDER: 302})
    ],
    "accounts:logout": [
        Case(everyone(405), label="GET is refused: logging out takes a POST"),
        Case(everyone(302, **{ANON: 302}), method="POST"),
    ],
    "accounts:me": [Case(everyone(200))],
    "accounts:password_change": [Case(everyone(200))],
    "accounts:tokens": [Case(everyone(200))],
    "accounts:token_revoke": [
        Case(
            everyone(404, **{HR: 200}),
            method="POST",
            kwargs=alices_token,
            label="the confirmation step, for the owner only",
        ),
        Case(
            everyone(404, **{HR: 302}),
            method="POST",
            kwargs=alices_token,
            data={"confirm": "yes"},
            label="only the owner may revoke a token",
        ),
        Case(everyone(405), kwargs=alices_token),
    ],
    "accounts:password_reset": [Case(PUBLIC_PAGE)],
    "accounts:password_reset_done": [Case(PUBLIC_PAGE)],
    "accounts:password_reset_confirm": [
        Case(PUBLIC_PAGE, kwargs=lambda world: {"uidb64": "MQ", "token": "bad-token"})
    ],
    "accounts:password_reset_complete": [Case(PUBLIC_PAGE)],
    "people:directory": [Case(PEOPLE_MANAGERS)],
    "people:employee_detail": [
        Case(
            everyone(404, **{HR: 200, PM: 200, MENTOR: 200}),
            kwargs=lea,
            label="Léa's record: HR, her program manager, herself",
        ),
        Case(
            everyone(404, **{HR: 200}),
            kwargs=bernard,
            label="Bernard (Finance): out of Paul's scope, not Léa's",
        ),
    ],
    "people:import_upload": [Case(HR_ONLY)],
    "people:import_mapping": [
        Case(HR_ONLY, kwargs=an_import),
        Case(everyone(403, **{HR: 404}), kwargs=missing_import),
    ],
    "people:import_preview": [
        Case(HR_ONLY, kwargs=an_import),
        Case(everyone(403, **{HR: 404}), kwargs=missing_import),
    ],
    "people:import_options": [
        Case(
            everyone(403, **{HR: 302}),
            method="POST",
            kwargs=an_import,
            data={"scope": "update", "blank_cells": "keep"},
        ),
        Case(everyone(403, **{HR: 405}), kwargs=an_import),
        Case(everyone(403, **{HR: 404}), method="POST", kwargs=missing_import),
    ],
    "people:import_commit": [
        Case(everyone(403, **{HR: 302}), method="POST", kwargs=an_import),
        Case(everyone(403, **{HR: 405}), kwargs=an_import),
    ],
    "people:import_progress": [Case(HR_ONLY, kwargs=an_import)],
    "set_language": [
        Case(dict.fromkeys(ROLES, 302), method="POST", data={"language": "en"}),
    ],
    "api:openapi-json": [Case(everyone(200))],
    "api_docs": [Case(everyone(200))],
    "api:api-root": [Case(dict.fromkeys(ROLES, 404), label="nothing lives at the API root")],
    "api:me": [Case(api(200))],
    "api:list_employees": [Case(api(200, **{SPONSOR: 403}))],
    "api:get_employee": [
        Case(api(404, **{HR: 200, PM: 200, MENTOR: 200}), kwargs=lea),
        Case(api(404, **{HR: 200}), kwargs=bernard),
    ],
    "api:list_departments": [Case(api(200, **{SPONSOR: 403, MENTOR: 403, OUTSIDER: 403}))],
    "api:import_create": [
        Case(
            api(403, **{HR: 201}),
            method="POST",
            data={"file": ("staff.csv", CSV)},
            label="upload a file",
        ),
    ],
    "api:import_detail": [
        Case(api(403, **{HR: 200}), kwargs=an_import),
        Case(api(403, **{HR: 404}), kwargs=missing_import),
    ],
    "api:import_commit": [Case(api(403, **{HR: 202}), method="POST", kwargs=an_import)],
}


def populate(world: World) -> None:
    world.objects["import"] = employee_import_create(
        actor=world.company.alice, filename="staff.csv", content=CSV, full_export=False
    )
    world.objects["alice_token"], _value = api_token_create(
        actor=world.company.alice, user=world.company.alice, name="reporting"
    )
