"""The audit log's CSV export, /audit/export.csv: the filtered entries, in words and as codes.

Who may see what (personas in bascule/testing.py): only Alice (HR admin) may download it;
everyone else gets a 403.
"""

import csv
import datetime as dt
import io

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bascule.core.audit import audit_record
from bascule.core.models import AuditEntry
from bascule.programs.models import Program

URL = "/audit/export.csv"
UTC = dt.UTC


def record(actor, action, target=None, changes=None, *, at: dt.datetime) -> AuditEntry:
    entry = audit_record(actor=actor, action=action, target=target, changes=changes)
    AuditEntry.objects.filter(pk=entry.pk).update(created_at=at)
    return entry


def download(client, **query) -> list[list[str]]:
    response = client.get(URL, query)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="audit-log-')
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff"), "a byte order mark, for spreadsheets"
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


@pytest.fixture
def program(db):
    return Program.objects.create(
        name="Pilot", starts_on=dt.date(2025, 1, 6), ends_on=dt.date(2025, 6, 30)
    )


@pytest.fixture
def alice_client(client, company):
    client.force_login(company.alice)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_it_exports_the_words_and_the_codes(alice_client, company, program):
    record(
        company.paul,
        "matching.publish",
        program,
        {"run_id": 3, "pairs": 56},
        at=dt.datetime(2025, 3, 4, 22, 30, tzinfo=UTC),
    )
    header, row = download(alice_client)
    assert header == [
        "When (UTC)",
        "When (Europe/Paris)",
        "Who (e-mail as recorded)",
        "Who",
        "Action code",
        "Action",
        "What happened",
        "Object type",
        "Object id",
        "Object (as recorded)",
        "Details",
        "Details (as recorded)",
    ]
    assert row == [
        "2025-03-04T22:30:00+00:00",
        "2025-03-04 23:30",
        "paul.pm@example.com",
        "Paul Pm",
        "matching.publish",
        "Matching published",
        "Paul Pm published the matching of the program “Pilot”: 56 pairs",
        "programs.program",
        str(program.pk),
        "Pilot",
        "Pairs: 56",
        '{"pairs": 56, "run_id": 3}',
    ]


def test_it_exports_only_the_filtered_entries_newest_first(alice_client, company, program):
    for day in (3, 4, 5):
        record(
            company.alice,
            "program.updated",
            program,
            {"name": {"old": "Pilot", "new": "Pilot"}},
            at=dt.datetime(2025, 3, day, 9, 0, tzinfo=UTC),
        )
    record(
        company.paul,
        "matching.publish",
        program,
        {"pairs": 1},
        at=dt.datetime(2025, 3, 4, tzinfo=UTC),
    )
    rows = download(alice_client, action="program.updated", date_from="2025-03-04")[1:]
    assert [row[0][:10] for row in rows] == ["2025-03-05", "2025-03-04"]
    assert {row[4] for row in rows} == {"program.updated"}


def test_it_writes_formulas_as_text(alice_client, company):
    evil = Program.objects.create(
        name='=HYPERLINK("http://127.0.0.1/x","click")',
        starts_on=dt.date(2025, 1, 6),
        ends_on=dt.date(2025, 6, 30),
    )
    record(
        company.alice,
        "program.created",
        evil,
        {"name": "@SUM(1+1)", "template": "blank"},
        at=dt.datetime(2025, 3, 4, tzinfo=UTC),
    )
    AuditEntry.objects.update(actor_label="-2+3")
    row = download(alice_client)[1]
    assert row[2] == "'-2+3"
    assert row[9] == '\'=HYPERLINK("http://127.0.0.1/x","click")'
    # No cell of the file starts with a character a spreadsheet would run.
    assert not [cell for cell in row if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_its_query_count_grows_by_batch_not_by_row(alice_client, company, program):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            download(alice_client)
        return len(queries)

    for number in range(5):
        record(company.alice, "program.updated", program, {"n": number}, at=dt.datetime.now(UTC))
    few = count()
    for number in range(200):
        record(company.alice, "program.updated", program, {"n": number}, at=dt.datetime.now(UTC))
    assert count() == few


@pytest.mark.parametrize("persona", ["paul", "lea_user", "sophie", "oscar"])
def test_it_is_forbidden_to_everyone_but_hr_admins(client, company, persona):
    client.force_login(getattr(company, persona))
    assert client.get(URL).status_code == 403


def test_the_log_page_links_to_the_export_with_its_filters(alice_client, company, program):
    record(company.alice, "program.updated", program, {}, at=dt.datetime(2025, 3, 4, tzinfo=UTC))
    page = alice_client.get("/audit/", {"action": "program.updated", "page": 1}).content.decode()
    # The export takes every page of the filtered log.
    assert 'href="/audit/export.csv?action=program.updated"' in page


def test_it_exports_the_same_as_excel_with_the_filters(alice_client, company, program):
    from bascule.testing import read_export

    record(company.paul, "program.updated", program, {}, at=dt.datetime(2025, 3, 4, tzinfo=UTC))
    record(company.paul, "matching.publish", program, {}, at=dt.datetime(2025, 3, 5, tzinfo=UTC))
    AuditEntry.objects.filter(action="program.updated").update(object_repr="=HYPERLINK(1)")
    response = alice_client.get("/audit/export.xlsx", {"action": "program.updated"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="audit-log-')
    rows = read_export(response)
    assert rows[0][0] == "When (UTC)"
    assert rows[0][2] == "Who (e-mail as recorded)"
    assert [row[4] for row in rows[1:]] == ["program.updated"]
    assert rows[1][9] == "'=HYPERLINK(1)"


def test_the_excel_export_costs_as_many_queries_for_many_entries(alice_client, company, program):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert alice_client.get("/audit/export.xlsx").status_code == 200
        return len(queries)

    for number in range(3):
        record(company.alice, "program.updated", program, {"n": number}, at=dt.datetime.now(UTC))
    few = count()
    for number in range(40):
        record(company.alice, "program.updated", program, {"n": number}, at=dt.datetime.now(UTC))
    assert count() == few


@pytest.mark.parametrize("persona", ["paul", "lea_user", "sophie", "oscar"])
def test_the_excel_export_is_forbidden_to_everyone_but_hr_admins(client, company, persona):
    client.force_login(getattr(company, persona))
    assert client.get("/audit/export.xlsx").status_code == 403


def test_the_excel_export_sends_anonymous_visitors_to_the_login(client):
    assert client.get("/audit/export.xlsx").status_code == 302
