"""Two people taking the last seat at the same moment: one gets it, the other waits.

Row locks need a real database server: on SQLite (one writer at a time) this is skipped.
"""

import threading

import pytest
import time_machine
from django.db import connection, connections

from bascule.workshops import services
from bascule.workshops.models import Registration
from bascule.workshops.tests.helpers import NOW, make_people, make_workshop

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks are tested on PostgreSQL"
    ),
]


def run_together(works) -> list[str]:
    barrier = threading.Barrier(len(works))
    outcomes: list[str] = []

    def target(work) -> None:
        try:
            barrier.wait()
            with time_machine.travel(NOW, tick=False):
                outcomes.append(work())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=target, args=(work,)) for work in works]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return sorted(outcomes)


def test_two_people_taking_the_last_seat_get_one_seat(company):
    with time_machine.travel(NOW, tick=False):
        workshop = make_workshop(company.alice, capacity=2)
        first, second, third = make_people(3)
        services.registration_create(actor=first, workshop_id=workshop.pk)

    def take(user):
        return lambda: services.registration_create(actor=user, workshop_id=workshop.pk).status

    assert run_together([take(second), take(third)]) == ["registered", "waitlisted"]
    assert Registration.objects.filter(workshop=workshop, status="registered").count() == 2


def test_a_cancellation_and_a_registration_at_once_keep_the_count(company):
    with time_machine.travel(NOW, tick=False):
        workshop = make_workshop(company.alice, capacity=1)
        seated, waiting, late = make_people(3)
        seat = services.registration_create(actor=seated, workshop_id=workshop.pk)
        services.registration_create(actor=waiting, workshop_id=workshop.pk)

    def cancel():
        return services.registration_cancel(actor=seated, registration_id=seat.pk).status

    def register():
        return services.registration_create(actor=late, workshop_id=workshop.pk).status

    run_together([cancel, register])
    statuses = dict(Registration.objects.values_list("employee_id", "status"))
    assert statuses[waiting.employee_id] == "registered"  # the first waiting gets the seat
    assert statuses[late.employee_id] == "waitlisted"
    assert list(statuses.values()).count("registered") == 1


def test_two_lists_racing_for_the_last_seats_never_exceed_the_capacity(company):
    with time_machine.travel(NOW, tick=False):
        workshop = make_workshop(company.alice, capacity=4)
        seated, *others = make_people(7)
        services.registration_create(actor=seated, workshop_id=workshop.pk)
    first = [u.employee for u in others[:3]]
    second = [u.employee for u in others[3:]]

    def add(employees):
        def work():
            result = services.registrations_add(
                actor=company.alice, workshop_id=workshop.pk, employees=employees
            )
            return f"{len(result.seated)} seated, {len(result.waitlisted)} waiting"

        return work

    outcomes = run_together([add(first), add(second)])
    # Three seats were free: whichever list came first took them all.
    assert outcomes == ["0 seated, 3 waiting", "3 seated, 0 waiting"]
    rows = Registration.objects.filter(workshop=workshop)
    assert rows.filter(status="registered").count() == 4
    assert rows.filter(status="waitlisted").count() == 3
