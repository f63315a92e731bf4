"""The audit log page, /audit/: HR admins browse and filter it; nothing in it is editable.

Who may see what (personas in bascule/core/testing.py): only Alice (HR admin) may open it;
everyone else gets a 403.
"""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bascule.core.audit import audit_record
from bascule.core.models import AuditEntry

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
    return [
        record(
            company.alice,
            "employee_import.commit",
            changes={"new": 12, "updated": 3, "file": "export.csv"},
            at=dt.datetime(2025, 3, 3, 9, 0, tzinfo=UTC),
        ),
        record(
            company.alice,
            "employee.update",
            company.lea,
            {"job_title": {"old": "Intern", "new": "Social media manager"}, "languages": ["fr"]},
            at=dt.datetime(2025, 3, 4, 22, 30, tzinfo=UTC),
        ),
        record(
            None,
            "pair.end",
            changes={"reason": None, "notify": True},
            at=dt.datetime(2025, 3, 10, 3, 0, tzinfo=UTC),
        ),
    ]


def actions(response) -> list[str]:
    return re.findall(r"<td><code[^>]*>([^<]+)</code></td>", response.content.decode())


@pytest.fixture
def alice_client(client, company, entries):
    return log_in(client, company.alice)


def test_it_lists_entries_newest_first(alice_client):
    response = alice_client.get(URL)
    assert response.status_code == 200
    assert actions(response) == ["pair.end", "employee.update", "employee_import.commit"]
    html = response.content.decode()
    assert "3 entries" in html
    assert "<caption>" in html


def test_it_shows_who_what_when_and_the_details_readably(alice_client, company):
    html = alice_client.get(URL).content.decode()
    assert "alice.hr@example.com" in html
    assert "System" in html
    assert "Employee: Léa Martin" in html
    assert "Intern → Social media manager" in html
    assert "languages:</dt> <dd" in html
    assert 'new:</dt> <dd class="d-inline mb-0">12</dd>' in html
    assert 'reason:</dt> <dd class="d-inline mb-0">—</dd>' in html
    assert 'notify:</dt> <dd class="d-inline mb-0">yes</dd>' in html


def test_it_shows_times_in_the_users_time_zone(alice_client, company):
    html = alice_client.get(URL).content.decode()
    # 22:30 UTC on 4 March is 23:30 in Paris, Alice's time zone.
    assert "03/04/2025 11:30 p.m." in html
    company.alice.time_zone = "America/New_York"
    company.alice.save(update_fields=["time_zone"])
    html = alice_client.get(URL).content.decode()
    assert "03/04/2025 5:30 p.m." in html


def test_it_filters_by_actor_email(alice_client):
    assert actions(alice_client.get(URL, {"actor": "ALICE.HR"})) == [
        "employee.update",
        "employee_import.commit",
    ]
    assert actions(alice_client.get(URL, {"actor": "nobody"})) == []


def test_it_filters_by_action_among_those_recorded(alice_client):
    response = alice_client.get(URL, {"action": "pair.end"})
    assert actions(response) == ["pair.end"]
    select = re.search(r'<select name="action".*?</select>', response.content.decode(), re.S)
    options = re.findall(r'<option value="([^"]*)"', select.group(0))
    assert options == ["", "employee.update", "employee_import.commit", "pair.end"]


def test_it_filters_by_object_type(alice_client):
    response = alice_client.get(URL, {"object_type": "people.employee"})
    assert actions(response) == ["employee.update"]
    assert '<option value="people.employee" selected>Employee</option>' in (
        response.content.decode()
    )


def test_it_filters_by_dates_in_the_users_time_zone(alice_client):
    # 22:30 UTC on 4 March is 23:30 on 4 March in Paris, Alice's time zone.
    assert actions(alice_client.get(URL, {"date_from": "2025-03-04", "date_to": "2025-03-04"})) == [
        "employee.update"
    ]
    assert actions(alice_client.get(URL, {"date_from": "2025-03-05"})) == ["pair.end"]
    assert actions(alice_client.get(URL, {"date_to": "2025-03-03"})) == ["employee_import.commit"]


def test_it_counts_a_late_evening_in_the_readers_day(alice_client, company):
    company.alice.time_zone = "Asia/Tokyo"
    company.alice.save(update_fields=["time_zone"])
    # 22:30 UTC on 4 March is 07:30 on 5 March in Tokyo.
    assert actions(alice_client.get(URL, {"date_from": "2025-03-05", "date_to": "2025-03-05"})) == [
        "employee.update"
    ]


def test_it_reports_an_impossible_date_and_still_renders(alice_client):
    response = alice_client.get(URL, {"date_from": "2025-02-30", "action": "pair.end"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter a valid date." in html
    assert 'id="id_date_from-errors"' in html
    assert 'aria-invalid="true"' in html
    # The valid filters still apply.
    assert actions(response) == ["pair.end"]


def test_it_reports_an_end_before_the_start(alice_client):
    response = alice_client.get(URL, {"date_from": "2025-03-10", "date_to": "2025-03-01"})
    assert response.status_code == 200
    assert "The end date must not be before the start date." in response.content.decode()


def test_it_returns_only_the_results_to_htmx(alice_client):
    response = alice_client.get(
        URL, {"action": "pair.end"}, headers={"HX-Request": "true", "HX-Target": "audit-results"}
    )
    html = response.content.decode()
    assert "<html" not in html
    assert 'hx-swap-oob="innerHTML:#audit-count"' in html
    assert "1 entry" in html
    assert actions(response) == ["pair.end"]


def test_it_paginates_newest_first(client, company):
    start = dt.datetime(2025, 1, 1, tzinfo=UTC)
    for number in range(55):
        record(company.alice, f"thing.{number:02}", at=start + dt.timedelta(hours=number))
    log_in(client, company.alice)
    first = client.get(URL)
    assert len(actions(first)) == 50
    assert actions(first)[0] == "thing.54"
    second = client.get(URL, {"page": 2})
    assert actions(second) == [f"thing.{n:02}" for n in range(4, -1, -1)]


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
    # Session, user, actions, object types, count, page.
    assert few == 6
