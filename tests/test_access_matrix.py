"""Every route × every role, with the status each one must get.

A route that is not in MATRIX fails `test_it_lists_every_route`: adding a page or an API
operation means deciding here who may reach it.

Who is who (bascule.core.testing): Alice is HR admin; Paul manages Marketing; Léa is a
participant in Marketing (the object below is her record); Sophie is the sponsor; Oscar is a
participant with no employee record. Anonymous visitors are redirected to the login page (302)
by pages and get 401 from the API. A role that can never use a page gets 403; an object out
of someone's scope is a 404.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from bascule.accounts.services import api_token_create
from bascule.core.testing import Company
from bascule.people.services import employee_import_create

ANON, HR, PM, MENTOR, SPONSOR, OUTSIDER = (
    "anonymous",
    "hr_admin",
    "program_manager",
    "participant",
    "sponsor",
    "outsider",
)
ROLES = (ANON, HR, PM, MENTOR, SPONSOR, OUTSIDER)

CSV = (
    "Matricule;Prénom;Nom;E-mail;Service;Niveau\n"
    "E900;Zoé;Garnier;zoe.garnier@example.com;Marketing;2\n"
).encode()


@dataclass
class World:
    company: Company
    objects: dict[str, Any] = field(default_factory=dict)


@dataclass
class Case:
    """One request and the status each role must get."""

    expect: dict[str, int]
    method: str = "GET"
    kwargs: Callable[[World], dict[str, Any]] = lambda world: {}
    data: dict[str, Any] = field(default_factory=dict)
    label: str = ""


def everyone(status: int, **overrides: int) -> dict[str, int]:
    """Return `status` for every logged-in role and 302 for anonymous, with overrides."""
    return {
        ANON: 302,
        HR: status,
        PM: status,
        MENTOR: status,
        SPONSOR: status,
        OUTSIDER: status,
        **overrides,
    }


def api(status: int, **overrides: int) -> dict[str, int]:
    """Return `status` for every logged-in role and 401 for anonymous (API), with overrides."""
    return {**everyone(status), ANON: 401, **overrides}


HR_ONLY = everyone(403, **{HR: 200})
PEOPLE_MANAGERS = everyone(403, **{HR: 200, PM: 200})
PUBLIC_PAGE = dict.fromkeys(ROLES, 200)
lea = lambda world: {"employee_id": world.company.lea.pk}  # noqa: E731
bernard = lambda world: {"employee_id": world.company.bernard.pk}  # noqa: E731
an_import = lambda world: {"import_id": world.objects["import"].pk}  # noqa: E731
missing_import = lambda world: {"import_id": 999999}  # noqa: E731
alices_token = lambda world: {"token_id": world.objects["alice_token"].pk}  # noqa: E731

MATRIX: dict[str, list[Case]] = {
    "core:home": [Case(everyone(200))],
    "core:audit_log": [Case(HR_ONLY)],
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
            everyone(404, **{HR: 302}),
            method="POST",
            kwargs=alices_token,
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
    "people:import_commit": [
        Case(everyone(403, **{HR: 302}), method="POST", kwargs=an_import),
        Case(everyone(403, **{HR: 405}), kwargs=an_import),
    ],
    "people:import_progress": [Case(HR_ONLY, kwargs=an_import)],
    "set_language": [
        Case(dict.fromkeys(ROLES, 302), method="POST", data={"language": "en"}),
    ],
    "api:openapi-json": [Case(everyone(200))],
    "api:openapi-view": [Case(everyone(200))],
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
    "api:import_commit": [Case(api(403, **{HR: 200}), method="POST", kwargs=an_import)],
}

# Django's admin has its own permission system (staff only) and hundreds of generated
# routes; its entry point is checked here, its object pages by bascule/core/tests.
EXCLUDED_NAMESPACES = ("admin",)
ADMIN_INDEX = everyone(302)


def all_route_names() -> list[str]:
    """Return the names of every route in the URL configuration."""
    names: list[str] = []

    def walk(patterns, namespace: str | None) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern):
                if namespace in EXCLUDED_NAMESPACES:
                    continue
                assert pattern.name, f"route {pattern.pattern} has no name"
                names.append(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns, None)
    return names


def test_it_lists_every_route():
    routes = set(all_route_names())
    missing = sorted(routes - MATRIX.keys())
    stale = sorted(MATRIX.keys() - routes)
    assert not missing, f"routes missing from the access matrix: {missing}"
    assert not stale, f"routes in the matrix that no longer exist: {stale}"


def client_for(role: str, company: Company) -> Client:
    client = Client()
    users = {
        HR: company.alice,
        PM: company.paul,
        MENTOR: company.lea_user,
        SPONSOR: company.sophie,
        OUTSIDER: company.oscar,
    }
    if role != ANON:
        client.force_login(users[role])
    return client


@pytest.fixture
def world(company) -> World:
    world = World(company=company)
    world.objects["import"] = employee_import_create(
        actor=company.alice, filename="staff.csv", content=CSV, full_export=False
    )
    world.objects["alice_token"], _value = api_token_create(
        actor=company.alice, user=company.alice, name="reporting"
    )
    return world


@pytest.mark.parametrize("route", sorted(MATRIX))
def test_it_gives_each_role_the_expected_status(route, world, company):
    failures = []
    for case in MATRIX[route]:
        for role in ROLES:
            url = reverse(route, kwargs=case.kwargs(world))
            client = client_for(role, company)
            if case.method == "POST":
                if "file" in case.data:
                    name, content = case.data["file"]
                    payload = {"file": SimpleUploadedFile(name, content)}
                else:
                    payload = dict(case.data)
                response = client.post(url, payload)
            else:
                response = client.get(url)
            expected = case.expect[role]
            if response.status_code != expected:
                failures.append(
                    f"{case.method} {url} as {role}: {response.status_code}, expected {expected}"
                    + (f" ({case.label})" if case.label else "")
                )
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("role", ROLES)
def test_it_keeps_the_admin_for_staff(role, company):
    response = client_for(role, company).get(reverse("admin:index"))
    assert response.status_code == ADMIN_INDEX[role]
