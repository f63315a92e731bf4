"""Two awardings at the same moment award each badge once (the unique constraints hold
under concurrency). Row locks and unique indexes need a real database server: on SQLite (one
writer at a time) this is skipped."""

import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from bascule.meetings.models import Meeting, MeetingOutcome
from bascule.recognition.badges import services
from bascule.recognition.models import BadgeAward
from bascule.recognition.tests.helpers import setup

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrent inserts are tested on PostgreSQL"
    ),
]


def test_two_runs_at_once_award_each_badge_once(company):
    _program, pair, _skill = setup(company)
    # bulk_create: no signal, so nothing is awarded before the two runs.
    Meeting.objects.bulk_create(
        [
            Meeting(
                pair=pair,
                starts_at=timezone.now(),
                duration_minutes=60,
                outcome=MeetingOutcome.HELD,
            )
        ]
    )
    barrier = threading.Barrier(2)
    counts: list[int] = []

    def run() -> None:
        try:
            barrier.wait()
            counts.append(services.award_due()["first-meeting"])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sum(counts) == 2 and len(counts) == 2
    assert BadgeAward.objects.filter(badge__slug="first-meeting").count() == 2


def test_the_same_award_inserted_twice_at_once_is_one_row(company):
    _program, pair, _skill = setup(company)
    services.install_builtins()
    from bascule.recognition.models import Badge

    badge = Badge.objects.get(slug="first-meeting")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def insert() -> None:
        from django.db import IntegrityError, transaction

        try:
            barrier.wait()
            with transaction.atomic():
                BadgeAward.objects.create(badge=badge, employee=pair.mentor, program=None)
            outcomes.append("saved")
        except IntegrityError:
            outcomes.append("conflict")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=insert) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["conflict", "saved"]
    assert BadgeAward.objects.filter(badge=badge, employee=pair.mentor).count() == 1
