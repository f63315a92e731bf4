"""The health of a program's pairs as CSV and XLSX (/pairs/health/programs/<id>/export.csv|
xlsx): the pairs, ended ones too, their measures and the reasons as HR's list shows them;
never a private note, a check-in's text or a goal's wording (docs/journey.md)."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from bascule.accounts.models import Role
from bascule.journey.models import CheckIn, PrivateNote
from bascule.meetings.models import Meeting
from bascule.pairing import lifecycle
from bascule.pairing.models import Pair
from bascule.pairing.testing import make_running_program
from bascule.testing import make_employee, make_user, read_export

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2027, 3, 1, 8, 0, tzinfo=dt.UTC)
SECRETS = ("My manager gives me no time", "Please call me", "Only for me")


@pytest.fixture
def running(company):
    with time_machine.travel(NOW, tick=False) as clock:
        setup = make_running_program(company)
        clock.move_to(NOW + dt.timedelta(days=40))
        yield setup


def url(program, fmt, **query):
    base = reverse("journey:health_program_export", kwargs={"program_id": program.pk, "fmt": fmt})
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def table(response, fmt):
    assert response.status_code == 200
    rows = read_export(response)
    return rows[1:] if fmt == "csv" else rows


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_it_lists_the_pairs_with_their_health_and_nothing_private(client, company, running, fmt):
    pair, other = running.pair, running.other_pair
    Meeting.objects.create(
        pair=pair, starts_at=NOW + dt.timedelta(days=3), duration_minutes=45, agenda="Agenda"
    )
    CheckIn.objects.create(
        pair=pair,
        member=company.bernard,
        period=1,
        pulse=1,
        blocking=SECRETS[0],
        message_to_hr=SECRETS[1],
    )
    PrivateNote.objects.create(pair=pair, author=company.lea_user, body=SECRETS[2])
    company.cmo.first_name = "=HYPERLINK(1)"
    company.cmo.save(update_fields=["first_name"])
    lifecycle.pair_end(actor=company.alice, pair=other, reason="Moved abroad")
    client.force_login(company.alice)
    response = client.get(url(running.program, fmt))
    assert response["Content-Disposition"] == (
        f'attachment; filename="pairs-health-{running.program.pk}.{fmt}"'
    )
    rows = table(response, fmt)
    assert rows[0] == [
        "Pair",
        "Mentor",
        "Mentee",
        "Status",
        "Published on",
        "Ended on",
        "Meetings held",
        "Last meeting",
        "Check-ins answered",
        "Check-ins expected",
        "Health",
        "Why",
    ]
    by_pair = {str(row[0]): [str("" if cell is None else cell) for cell in row] for row in rows[1:]}
    lea = by_pair[str(pair.pk)]
    assert lea[1:6] == [
        company.lea.full_name,
        company.bernard.full_name,
        "Active",
        "2027-03-01",
        "",
    ]
    assert lea[6] == "1"
    assert lea[7] == (NOW + dt.timedelta(days=3)).date().isoformat()
    assert lea[8:10] == ["1", "4"]
    assert lea[10] in ("Needs attention", "At risk")
    assert "not going well" in lea[11]
    ended = by_pair[str(other.pk)]
    assert ended[2] == "'=HYPERLINK(1) " + company.cmo.last_name
    assert ended[3] == "Ended" and ended[5] == "2027-04-10" and ended[10] == "Ended"
    text = " ".join(" ".join(row) for row in by_pair.values())
    assert not [secret for secret in SECRETS if secret in text]
    assert "Moved abroad" not in text and "Agenda" not in text


def test_it_follows_the_state_filter_and_the_list_links_to_it(client, company, running):
    lifecycle.pair_end(actor=company.alice, pair=running.other_pair, reason="Moved abroad")
    client.force_login(company.alice)
    rows = table(client.get(url(running.program, "csv", state="ended")), "csv")
    assert [row[0] for row in rows[1:]] == [str(running.other_pair.pk)]
    list_url = reverse("journey:health_program", args=[running.program.pk])
    page = client.get(list_url + "?state=at_risk").content.decode()
    assert f'href="{url(running.program, "xlsx", state="at_risk")}"' in page


def test_access(client, company, running):
    other_manager = make_user("pm2@example.com", Role.PROGRAM_MANAGER)
    assert client.get(url(running.program, "csv")).status_code == 302
    client.force_login(other_manager)
    assert client.get(url(running.program, "csv")).status_code == 404
    client.force_login(company.alice)
    assert client.get(url(running.program, "html")).status_code == 404
    client.force_login(company.sophie)
    assert client.get(url(running.program, "xlsx")).status_code == 403


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_its_queries_do_not_grow_with_the_pairs(
    client, company, running, fmt, django_assert_max_num_queries
):
    client.force_login(company.alice)
    with django_assert_max_num_queries(8) as few:
        client.get(url(running.program, fmt))
    template = running.pair
    for number in range(6):
        mentor = make_employee(f"H{number:03}a", "Mentor", f"M{number}")
        mentee = make_employee(f"H{number:03}b", "Mentee", f"E{number}")
        Pair.objects.create(
            program=running.program,
            mentor=mentor,
            mentor_application=template.mentor_application,
            mentee=mentee,
            mentee_application=template.mentee_application,
            published_at=NOW,
        )
    with django_assert_max_num_queries(len(few)):
        rows = table(client.get(url(running.program, fmt)), fmt)
    assert len(rows) == 9
