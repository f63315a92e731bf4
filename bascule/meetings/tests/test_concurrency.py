"""Two members changing the same meeting at once, and one form sent twice at once: row locks
and the version make one win and the other be refused, nothing twice.

Row locks need a real database server: on SQLite (one writer at a time) this is skipped.
"""

import threading

import pytest
from django.core import mail
from django.db import connection, connections

from bascule.core.errors import ConflictError
from bascule.core.idempotency import AlreadySubmitted, Submission
from bascule.meetings import services
from bascule.meetings.models import Meeting
from bascule.meetings.tests.helpers import values

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks are tested on PostgreSQL"
    ),
]


def race(work, actors) -> list[str]:
    barrier = threading.Barrier(len(actors))
    outcomes: list[str] = []

    def run(actor) -> None:
        try:
            barrier.wait()
            work(actor)
            outcomes.append("done")
        except (ConflictError, AlreadySubmitted) as exc:
            outcomes.append(exc.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(actor,)) for actor in actors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return sorted(outcomes)


def test_two_reschedules_of_the_same_version_one_wins(running, company):
    meeting = services.meeting_schedule(actor=company.lea_user, pair=running.pair, values=values())
    mail.outbox.clear()

    def reschedule(actor) -> None:
        services.meeting_reschedule(
            actor=actor, meeting=meeting, values=values(location=actor.email), version=1
        )

    outcomes = race(reschedule, [company.lea_user, company.bernard_user])
    assert outcomes == ["done", "stale_version"]
    meeting.refresh_from_db()
    assert (meeting.version, meeting.sequence) == (2, 1)
    assert len(mail.outbox) == 2  # one update, to both members


def test_one_form_sent_twice_at_once_creates_one_meeting(running, company):
    submission = Submission(key="form:meeting", fingerprint="same")
    mail.outbox.clear()  # the publication's e-mails

    def schedule(actor) -> None:
        services.meeting_schedule(
            actor=actor, pair=running.pair, values=values(), submission=submission
        )

    outcomes = race(schedule, [company.lea_user, company.lea_user])
    assert outcomes == ["already_submitted", "done"]
    assert Meeting.objects.count() == 1
    assert len(mail.outbox) == 2
