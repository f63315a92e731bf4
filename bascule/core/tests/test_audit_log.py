"""The audit log page, /audit/: HR admins browse and filter it; nothing in it is editable.

Who may see what (personas in bascule/testing.py): only Alice (HR admin) may open it;
everyone else gets a 403.
"""

import datetime as dt
import html
import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bascule.core.audit import audit_record
from bascule.core.models import AuditEntry
from bascule.programs.enrollment.services import application_decide
from bascule.programs.models import (
    Application,
    Invitation,
    ParticipantRole,
    Program,
    ProgramStatus,
)

URL = "/audit/"
UTC = dt.UTC


def log_in(client, user):
    """Return `client` logged in as `user`, reading English whatever their profile says."""
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def record(actor, action, target=None, changes=None, *, at: dt.datetime) -> AuditEntry:
    entry = audit_record(actor=actor, action=action, target=target, changes=changes)
    # Entries are append-only through the model; a test sets the time with an UPDATE.
    AuditEntry.objects.filter(pk=entry.pk).update(created_at=at)
    return entry


@pytest.fixture
def entries(company):
    """Return three entries: Alice imports, Alice edits Léa, a nightly job ends a pair."""
    program = Program.objects.create(
        name="Pilot", starts_on=dt.date(2025, 1, 6), ends_on=dt.date(2025, 6, 30)
    )
    return [
        record(
            company.alice,
            "people.import_committed",
            changes={
                "filename": "export.csv",
                "rows": 15,
                "full_export": True,
                "counts": {"new": 12, "updated": 3},
            },
            at=dt.datetime(2025, 3, 3, 9, 0, tzinfo=UTC),
        ),
        record(
            company.alice,
            "admin.change",
            company.lea,
            {"job_title": {"old": "Intern", "new": "Social media manager"}, "languages": ["fr"]},
            at=dt.datetime(2025, 3, 4, 22, 30, tzinfo=UTC),
        ),
        record(
            None,
            "matching.pair_end",
            program,
            changes={
                "pair_id": 7,
                "mentee": "Bernard Lefèvre",
                "mentor": "Léa Martin",
                "cause": "withdrawal",
                "reason": None,
            },
            at=dt.datetime(2025, 3, 10, 3, 0, tzinfo=UTC),
        ),
    ]


IMPORTED = "Alice Hr imported the HR file “export.csv” (15 rows)"
EDITED = "Alice Hr changed “Léa Martin” (employee) in the administration site"
ENDED = "Bascule ended the pair of Léa Martin and Bernard Lefèvre in the program “Pilot”"


def actions(response) -> list[str]:
    """Return the "What happened" sentences of the page, top to bottom."""
    found = re.findall(r'<td class="audit-what">(.*?)</td>', response.content.decode(), re.S)
    return [html.unescape(sentence.strip()) for sentence in found]


@pytest.fixture
def alice_client(client, company, entries):
    return log_in(client, company.alice)


def test_it_lists_entries_newest_first(alice_client):
    response = alice_client.get(URL)
    assert response.status_code == 200
    assert actions(response) == [ENDED, EDITED, IMPORTED]
    page = response.content.decode()
    assert "3 entries" in page
    assert "<caption>" in page


def test_it_shows_who_what_when_and_the_details_readably(alice_client, company):
    page = html.unescape(alice_client.get(URL).content.decode())
    assert "alice.hr@example.com" in page
    assert "Bascule (automatic task)" in page
    assert "Intern → Social media manager" in page
    # Details are labelled with the words of the page: the field's label, the choice's label.
    assert "Job title:</dt> <dd" in page
    assert "Languages:</dt> <dd" in page
    assert 'Result:</dt> <dd class="d-inline mb-0">new records: 12, updated records: 3</dd>' in (
        page
    )
    assert 'Cause:</dt> <dd class="d-inline mb-0">A member withdrew</dd>' in page
    assert 'Reason:</dt> <dd class="d-inline mb-0">—</dd>' in page
    assert 'Full export of the company:</dt> <dd class="d-inline mb-0">yes</dd>' in page
    # No code meant for developers shows in the list.
    table = page.split("<table", 1)[1].split("</table>", 1)[0]
    for code in ("people.import_committed", "admin.change", "matching.pair_end", "pair_id"):
        assert code not in table


def test_it_shows_times_in_the_users_time_zone(alice_client, company):
    html = alice_client.get(URL).content.decode()
    # 22:30 UTC on 4 March is 23:30 in Paris, Alice's time zone.
    assert "03/04/2025 11:30 p.m." in html
    company.alice.time_zone = "America/New_York"
    company.alice.save(update_fields=["time_zone"])
    html = alice_client.get(URL).content.decode()
    assert "03/04/2025 5:30 p.m." in html


def test_it_filters_by_actor_email(alice_client):
    assert actions(alice_client.get(URL, {"actor": "ALICE.HR"})) == [EDITED, IMPORTED]
    assert actions(alice_client.get(URL, {"actor": "nobody"})) == []


def test_it_filters_by_action_among_those_recorded_named_in_words(alice_client):
    response = alice_client.get(URL, {"action": "matching.pair_end"})
    assert actions(response) == [ENDED]
    select = re.search(r'<select name="action".*?</select>', response.content.decode(), re.S)
    options = re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select.group(0))
    assert options == [
        ("", "All actions"),
        ("admin.change", "Changed in the administration site"),
        ("people.import_committed", "HR file imported"),
        ("matching.pair_end", "Pair ended"),
    ]


def test_it_filters_by_object_type(alice_client):
    response = alice_client.get(URL, {"object_type": "people.employee"})
    assert actions(response) == [EDITED]
    assert '<option value="people.employee" selected>Employee</option>' in (
        response.content.decode()
    )


def test_it_filters_by_dates_in_the_users_time_zone(alice_client):
    # 22:30 UTC on 4 March is 23:30 on 4 March in Paris, Alice's time zone.
    assert actions(alice_client.get(URL, {"date_from": "2025-03-04", "date_to": "2025-03-04"})) == [
        EDITED
    ]
    assert actions(alice_client.get(URL, {"date_from": "2025-03-05"})) == [ENDED]
    assert actions(alice_client.get(URL, {"date_to": "2025-03-03"})) == [IMPORTED]


def test_it_counts_a_late_evening_in_the_readers_day(alice_client, company):
    company.alice.time_zone = "Asia/Tokyo"
    company.alice.save(update_fields=["time_zone"])
    # 22:30 UTC on 4 March is 07:30 on 5 March in Tokyo.
    assert actions(alice_client.get(URL, {"date_from": "2025-03-05", "date_to": "2025-03-05"})) == [
        EDITED
    ]


def test_it_reports_an_impossible_date_and_still_renders(alice_client):
    response = alice_client.get(URL, {"date_from": "2025-02-30", "action": "matching.pair_end"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter a valid date." in html
    assert 'id="id_date_from-errors"' in html
    assert 'aria-invalid="true"' in html
    # The valid filters still apply.
    assert actions(response) == [ENDED]


def test_it_reports_an_end_before_the_start(alice_client):
    response = alice_client.get(URL, {"date_from": "2025-03-10", "date_to": "2025-03-01"})
    assert response.status_code == 200
    assert "The end date must not be before the start date." in response.content.decode()


def test_it_returns_only_the_results_to_htmx(alice_client):
    response = alice_client.get(
        URL,
        {"action": "matching.pair_end"},
        headers={"HX-Request": "true", "HX-Target": "audit-results"},
    )
    html = response.content.decode()
    assert "<html" not in html
    assert 'hx-swap-oob="innerHTML:#audit-count"' in html
    assert "1 entry" in html
    assert actions(response) == [ENDED]


def test_it_paginates_newest_first(client, company):
    start = dt.datetime(2025, 1, 1, tzinfo=UTC)
    for number in range(55):
        record(company.alice, f"thing.{number:02}", at=start + dt.timedelta(hours=number))
    log_in(client, company.alice)
    first = client.get(URL)
    assert len(actions(first)) == 50
    # Codes nobody described (old rows) still read: the code in words.
    assert actions(first)[0] == "Alice Hr — Thing: 54"
    second = client.get(URL, {"page": 2})
    assert actions(second) == [f"Alice Hr — Thing: {n:02}" for n in range(4, -1, -1)]


def test_it_offers_nothing_to_edit(alice_client):
    html = alice_client.get(URL).content.decode()
    assert 'method="post"' not in html.split("<main", 1)[1].split("</main>")[0]


@pytest.mark.parametrize("persona", ["paul", "lea_user", "bernard_user", "sophie", "oscar"])
def test_it_is_forbidden_to_everyone_but_hr_admins(client, company, persona):
    log_in(client, getattr(company, persona))
    assert client.get(URL).status_code == 403


def test_its_query_count_does_not_grow_with_the_page(client, company):
    log_in(client, company.alice)
    start = dt.datetime(2025, 1, 1, tzinfo=UTC)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        return len(queries)

    for number in range(5):
        record(company.alice, "a.thing", company.lea, {"n": number}, at=start)
    few = count()
    for number in range(40):
        record(company.alice, f"thing.{number}", company.bernard, {"n": number}, at=start)
    assert count() == few
    # Session, user, actions, object types, count, page, then the objects the entries name:
    # one query per model, however many entries.
    assert few == 7


def test_it_reads_in_french_with_the_objects_named(client, company):
    program = Program.objects.create(
        name="Pilote", starts_on=dt.date(2025, 1, 6), ends_on=dt.date(2025, 6, 30)
    )
    record(
        company.paul,
        "matching.publish",
        program,
        {"run_id": 3, "pairs": 56},
        at=dt.datetime(2025, 3, 3, 9, 0, tzinfo=UTC),
    )
    record(
        company.paul,
        "program.transition",
        program,
        {"from": "matching", "to": "running"},
        at=dt.datetime(2025, 3, 3, 9, 1, tzinfo=UTC),
    )
    company.alice.language = "fr"
    company.alice.save(update_fields=["language"])
    client.force_login(company.alice)
    response = client.get(URL)
    # French spacing: a non-breaking space inside the quotes and before a colon.
    assert [sentence.replace("\u00a0", " ") for sentence in actions(response)] == [
        "Paul Pm a fait passer le programme « Pilote » de « Appariement » à « En cours »",
        "Paul Pm a publié l'appariement du programme « Pilote » : 56 binômes",
    ]
    page = html.unescape(response.content.decode())
    assert "Binômes\u00a0:</dt>" in page
    assert "run_id" not in page.split("<table", 1)[1]


def test_it_names_an_object_that_no_longer_exists_from_its_details(client, company):
    program = Program.objects.create(
        name="Pilot", starts_on=dt.date(2025, 1, 6), ends_on=dt.date(2025, 6, 30)
    )
    invitation = Invitation.objects.create(program=program, employee=company.lea, token="t")
    record(
        company.alice,
        "invitation.create",
        invitation,
        {"program": program.pk, "employee": company.lea.pk},
        at=dt.datetime(2025, 3, 3, 9, 0, tzinfo=UTC),
    )
    invitation.delete()
    log_in(client, company.alice)
    assert actions(client.get(URL)) == ["Alice Hr invited Léa Martin to the program “Pilot”"]


def test_it_reads_a_code_nobody_described_and_its_details(client, company):
    record(
        company.alice,
        "legacy.badge_awarded",
        company.lea,
        {"badge": "Pioneer", "points": 1200},
        at=dt.datetime(2025, 3, 3, 9, 0, tzinfo=UTC),
    )
    log_in(client, company.alice)
    response = client.get(URL)
    assert actions(response) == ["Alice Hr — Legacy: badge awarded — “Léa Martin” (employee)"]
    page = response.content.decode()
    assert 'Badge:</dt> <dd class="d-inline mb-0">Pioneer</dd>' in page
    assert 'Points:</dt> <dd class="d-inline mb-0">1,200</dd>' in page
    select = re.search(r'<select name="action".*?</select>', page, re.S).group(0)
    assert '<option value="legacy.badge_awarded">Legacy: badge awarded</option>' in select


def test_a_decision_made_in_the_app_reads_as_a_sentence(client, company):
    program = Program.objects.create(
        name="Pilot",
        status=ProgramStatus.ENROLLING,
        starts_on=dt.date(2025, 1, 6),
        ends_on=dt.date(2025, 6, 30),
    )
    application = Application.objects.create(
        program=program, employee=company.lea, role=ParticipantRole.MENTOR
    )
    application_decide(actor=company.paul, application=application, decision="approved")
    log_in(client, company.alice)
    response = client.get(URL)
    assert actions(response) == [
        "Paul Pm approved the application of Léa Martin to the program “Pilot”"
    ]
    assert "Awaiting review → Approved" in html.unescape(response.content.decode())
