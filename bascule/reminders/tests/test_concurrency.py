"""Two copies of the command at the same moment never send a reminder twice.

Each copy runs in its own thread, hence on its own database connection. A barrier makes both
reach each claim (the INSERT of the SentReminder row) together, after both read that nothing
was sent yet: the worst case of two cron runs overlapping. The unique constraint makes the
second INSERT wait for the first to commit, then fail: that copy skips the reminder.

Needs a database server with concurrent writers: on SQLite (one writer at a time, the second
connection gets "database is locked") this is skipped.
"""

import datetime as dt
import threading
from unittest import mock

import pytest
from django.core import mail
from django.db import connection, connections

from bascule.reminders import services
from bascule.reminders.kinds import get_kind
from bascule.reminders.models import SentReminder
from bascule.reminders.tests.conftest import NOW

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrent claims are tested on PostgreSQL (SQLite has one writer at a time)",
    ),
]

LATER = NOW + dt.timedelta(days=3)  # the charter reminder is due to the four members


def in_two_threads(work) -> list:
    results: list = []
    errors: list = []

    def run() -> None:
        try:
            results.append(work())
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return results


def test_two_copies_at_once_send_each_reminder_once(running, frozen):
    frozen.move_to(LATER)
    barrier = threading.Barrier(2, timeout=30)
    real_claim = services._claim
    claims: list[bool] = []

    def claim_together(**kwargs):
        barrier.wait()  # both copies claim the same reminder at the same moment
        claim = real_claim(**kwargs)
        claims.append(claim is not None)
        return claim

    with mock.patch.object(services, "_claim", claim_together):
        summaries = in_two_threads(lambda: services.send_due_reminders(now=LATER))

    assert len(summaries) == 2
    # Both copies tried to claim each of the four reminders; one claim of each pair won.
    assert sorted(claims) == [False] * 4 + [True] * 4
    assert sum(s.sent for s in summaries) == 4
    assert sum(s.already for s in summaries) == 4
    assert sum(s.failed for s in summaries) == 0
    assert len(mail.outbox) == 4
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        SentReminder.objects.values_list("recipient__email", flat=True)
    )
    assert SentReminder.objects.filter(status="sent").count() == 4


def test_one_reminder_delivered_twice_at_once_is_sent_once(running, frozen):
    frozen.move_to(LATER)
    kind = get_kind("charter")
    due = next(d for d in kind.due(LATER) if d.recipient.email == "lea.martin@example.com")
    barrier = threading.Barrier(2, timeout=30)

    def deliver():
        barrier.wait()
        return services.deliver(kind=kind, due=due, now=LATER)

    assert sorted(in_two_threads(deliver)) == ["already", "sent"]
    assert [m.to for m in mail.outbox] == [["lea.martin@example.com"]]
