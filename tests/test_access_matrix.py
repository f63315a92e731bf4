"""Every route × every role, with the status each one must get.

A route that is not in MATRIX fails `test_it_lists_every_route`: adding a page or an API
operation means deciding who may reach it, in the area's module under tests/access/ (the
shared roles, objects and helpers are in tests/access/base.py).
"""

import sys
from collections.abc import Iterator

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from bascule.testing import Company, make_company
from tests.access import (
    base,
    certificates,
    credentials,
    enrollment,
    evaluations,
    foundation,
    insights,
    insights_measures,
    journey,
    meetings,
    notifications,
    outbox,
    pairing,
    privacy,
    programs,
    recognition,
    reminders,
    skills,
    training,
    training_hr,
    workshops,
)
from tests.access.base import ANON, HR, MENTOR, OUTSIDER, PM, ROLES, SPONSOR, Case, World, everyone

# Each area lists its routes and builds its objects; `base` builds the shared ones first.
AREAS = (
    foundation,
    skills,
    programs,
    enrollment,
    pairing,
    meetings,
    journey,
    evaluations,
    training,
    workshops,
    recognition,
    reminders,
    privacy,
    notifications,
    outbox,
    training_hr,
    certificates,
    credentials,
    insights_measures,
    insights,
)


def merged_matrix() -> dict[str, list[Case]]:
    matrix: dict[str, list[Case]] = {}
    for area in AREAS:
        duplicated = matrix.keys() & area.MATRIX.keys()
        assert not duplicated, f"routes listed twice: {sorted(duplicated)}"
        matrix.update(area.MATRIX)
    return matrix


MATRIX = merged_matrix()
FAST_HASHERS = ["bascule.testing.FastArgon2PasswordHasher"]

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


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> Iterator[World]:
    """Build the world once for the module, in a transaction rolled back at its end; each
    test runs in a savepoint inside it, so what a request changes is undone after the test."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
                world = World(company=make_company())
                base.populate(world)
                for area in AREAS:
                    area.populate(world)
        except BaseException:
            outer.__exit__(*sys.exc_info())
            raise
    yield world
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.mark.django_db
@pytest.mark.parametrize("route", sorted(MATRIX))
def test_it_gives_each_role_the_expected_status(route, world):
    company = world.company
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
                # A GET's data and its query (the insights' filters) are its query string.
                response = client.get(url, {**dict(case.data), **case.query(world)})
            if response.streaming:
                # Its request ends once its body is read (the test client then sends
                # `request_finished`); the tests run after it are outside any request.
                b"".join(response.streaming_content)
            expected = case.expect[role]
            if response.status_code != expected:
                failures.append(
                    f"{case.method} {url} as {role}: {response.status_code}, expected {expected}"
                    + (f" ({case.label})" if case.label else "")
                )
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_it_keeps_the_admin_for_staff(role, world):
    response = client_for(role, world.company).get(reverse("admin:index"))
    assert response.status_code == ADMIN_INDEX[role]
