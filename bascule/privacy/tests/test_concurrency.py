"""Two schedulers running the retention rule, or two HR admins erasing the same person, at the
same moment: the work is done once.

Each copy runs in its own thread, hence on its own database connection; a barrier makes both
read what there is to do before either starts. Needs a database server with concurrent writers:
on SQLite (one writer at a time) this is skipped.
"""

import datetime as dt
import threading
from unittest import mock

import pytest
from django.db import connection, connections

from bascule.core.errors import ConflictError
from bascule.core.models import AuditEntry
from bascule.journey.models import PrivateNote
from bascule.people.models import Employee
from bascule.privacy import selectors, services
from bascule.privacy.base import Person
from bascule.privacy.tests.conftest import PAST

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrent runs are tested on PostgreSQL (SQLite has one writer at a time)",
    ),
]


def in_two_threads(work) -> tuple[list, list]:
    results: list = []
    errors: list = []

    def run() -> None:
        try:
            results.append(work())
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


def test_two_schedulers_at_once_delete_each_thing_once(closed, frozen):
    frozen.move_to(PAST)
    expected = services.retention_apply(dry_run=True).programs[0].counts
    assert expected["private_notes"] == 2
    barrier = threading.Barrier(2, timeout=30)
    real = selectors.program_ids_past_retention

    def both_see_the_program(*, now: dt.datetime) -> list[int]:
        ids = real(now=now)
        barrier.wait()
        return ids

    with mock.patch.object(selectors, "program_ids_past_retention", both_see_the_program):
        reports, errors = in_two_threads(services.retention_apply)
    assert not errors, errors
    done: dict[str, int] = {}
    for report in reports:
        for key, value in report.programs[0].counts.items():
            done[key] = done.get(key, 0) + value
    assert done == expected
    # One of the two did the program; the other found nothing left and recorded nothing.
    assert sorted(sum(r.programs[0].counts.values()) for r in reports)[0] == 0
    recorded = AuditEntry.objects.filter(action="privacy.retention", object_type="programs.program")
    assert recorded.count() == 1
    assert not PrivateNote.objects.exists()


def test_two_erasures_of_the_same_person_at_once_erase_once(scene):
    person = Person.of(employee=scene.company.lea)
    barrier = threading.Barrier(2, timeout=30)

    def erase() -> dict[str, int]:
        barrier.wait()
        return services.person_erase(
            actor=scene.company.alice, person=person, confirmation="Léa Martin"
        )

    results, errors = in_two_threads(erase)
    assert len(results) == 1
    assert [type(error) for error in errors] == [ConflictError]
    assert AuditEntry.objects.filter(action="privacy.erase").count() == 1
    assert Employee.objects.get(pk=scene.company.lea.pk).erased_at is not None
