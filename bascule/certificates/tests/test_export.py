"""The certificates issued for a program as CSV and XLSX (/certificates/manage/<id>/issued/
export.csv|xlsx): holder, role, code, issued on, revoked on and the reason; HR admins and the
program's managers (404 for another program), 403 for everyone else."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from bascule.certificates import selectors, services
from bascule.certificates.models import Certificate
from bascule.certificates.tests.helpers import make_pair, make_people, make_program
from bascule.testing import read_export


def url(program, fmt: str) -> str:
    return reverse("certificates:issued_export", kwargs={"program_id": program.pk, "fmt": fmt})


def issue(program, commit, actor):
    with commit(execute=True):
        services.issue_candidates(
            actor=actor, program=program, candidates=selectors.eligibility(program).candidates
        )


@pytest.fixture
def program(company, commit):
    program = make_program("Pilote numérique")
    program.managers.add(company.paul)
    make_pair(program, company.lea, company.bernard)
    issue(program, commit, company.alice)
    return program


def body_rows(response, fmt):
    rows = read_export(response)
    return rows[1:] if fmt == "csv" else rows


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_it_lists_the_certificates_with_their_revocation(client, company, program, fmt):
    lea = Certificate.objects.get(holder=company.lea)
    Certificate.objects.filter(pk=lea.pk).update(
        revoked_at=dt.datetime(2027, 3, 4, 10, tzinfo=dt.UTC), revoked_reason="=HYPERLINK(1)"
    )
    client.force_login(company.paul)
    response = client.get(url(program, fmt))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="certificates-{program.pk}.{fmt}"'
    )
    rows = body_rows(response, fmt)
    assert rows[0] == ["Holder", "Role", "Code", "Issued on", "Revoked on", "Reason"]
    by_holder = {row[0]: row for row in rows[1:]}
    assert list(by_holder[lea.holder_name]) == [
        lea.holder_name,
        "Mentor",
        lea.display_code,
        timezone.localtime(lea.issued_at, company.paul.zoneinfo).date().isoformat(),
        "2027-03-04",
        "'=HYPERLINK(1)",
    ]
    assert len(rows) == 3


def test_the_headers_are_in_the_readers_language(client, company, program):
    company.alice.language = "fr"
    company.alice.save(update_fields=["language"])
    client.force_login(company.alice)
    rows = read_export(client.get(url(program, "csv"), HTTP_ACCEPT_LANGUAGE="fr"))
    assert rows[1][0] == "Titulaire"


def test_the_page_links_to_both_files(client, company, program):
    client.force_login(company.alice)
    page = client.get(reverse("certificates:issued", args=[program.pk])).content.decode()
    assert f'href="{url(program, "csv")}"' in page
    assert f'href="{url(program, "xlsx")}"' in page


def test_access(client, company, program):
    other = make_program("Autre")
    assert client.get(url(program, "csv")).status_code == 302
    client.force_login(company.paul)
    assert client.get(url(other, "csv")).status_code == 404
    assert client.get(url(program, "pdf")).status_code == 404
    client.force_login(company.sophie)
    assert client.get(url(program, "csv")).status_code == 403


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_its_queries_do_not_grow_with_the_certificates(
    client, company, program, commit, fmt, django_assert_max_num_queries
):
    client.force_login(company.alice)
    with django_assert_max_num_queries(8) as few:
        client.get(url(program, fmt))
    people = make_people(8)
    for mentor, mentee in zip(people[::2], people[1::2], strict=True):
        make_pair(program, mentor, mentee)
    issue(program, commit, company.alice)
    with django_assert_max_num_queries(len(few)):
        rows = body_rows(client.get(url(program, fmt)), fmt)
    assert len(rows) == 11
