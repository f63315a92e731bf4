"""Seats, the waiting list, promotions, cancellations and their e-mails, the capacity."""

import datetime as dt

import pytest
from django.core import mail

from bascule.core.audit import AuditEntry
from bascule.core.errors import ConflictError, DomainError, ValidationFailed
from bascule.meetings.tests.test_calendar_files import tzid
from bascule.workshops import selectors, services
from bascule.workshops.models import Registration, RegistrationStatus, WorkshopStatus
from bascule.workshops.tests.helpers import (
    NOW,
    STARTS,
    calendar_of,
    data,
    mails_to,
    make_people,
    make_workshop,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def register(user, workshop, **kwargs):
    return services.registration_create(actor=user, workshop_id=workshop.pk, **kwargs)


def test_seats_then_the_waiting_list_in_order(company):
    workshop = make_workshop(company.alice, capacity=2)
    people = make_people(4)
    statuses = [register(user, workshop).status for user in people]
    assert statuses == ["registered", "registered", "waitlisted", "waitlisted"]
    waiting = Registration.objects.filter(status="waitlisted").order_by("queued_at", "id")
    assert [selectors.waitlist_position(r) for r in waiting] == [1, 2]
    assert [r.employee_id for r in waiting] == [people[2].employee_id, people[3].employee_id]


def test_registering_twice_is_one_registration(company):
    workshop = make_workshop(company.alice)
    (user,) = make_people(1)
    first = register(user, workshop)
    again = register(user, workshop)
    assert first.pk == again.pk
    assert Registration.objects.filter(workshop=workshop).count() == 1
    assert AuditEntry.objects.filter(action="workshops.registered").count() == 1


def test_a_cancelled_seat_goes_to_the_first_waiting_with_an_email(
    company, django_capture_on_commit_callbacks
):
    workshop = make_workshop(company.alice, capacity=1)
    first, second, third = make_people(3)
    with django_capture_on_commit_callbacks(execute=True):
        seat = register(first, workshop)
        register(second, workshop)
        register(third, workshop)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(actor=first, registration_id=seat.pk)
    statuses = dict(Registration.objects.values_list("employee_id", "status"))
    assert statuses == {
        first.employee_id: "cancelled",
        second.employee_id: "registered",
        third.employee_id: "waitlisted",
    }
    (promotion,) = mails_to(second)
    assert "A seat for you" in promotion.subject
    calendar = calendar_of(promotion)
    assert calendar.method.value == "REQUEST"
    (cancellation,) = mails_to(first)
    cancelled = calendar_of(cancellation)
    assert cancelled.method.value == "CANCEL"
    assert cancelled.vevent.status.value == "CANCELLED"
    assert mails_to(third) == []


def test_the_first_emails_say_seat_or_waiting_list(company, django_capture_on_commit_callbacks):
    workshop = make_workshop(company.alice, capacity=1)
    first, second = make_people(2)
    with django_capture_on_commit_callbacks(execute=True):
        register(first, workshop)
        register(second, workshop)
    (seat,) = mails_to(first)
    assert seat.subject.startswith("Registered: workshop “Giving feedback”")
    event = calendar_of(seat).vevent
    assert event.sequence.value == "0"
    assert event.dtstart.value == STARTS
    assert tzid(event.dtstart) == "Europe/Paris"
    (waiting,) = mails_to(second)
    assert "waiting list (number 1)" in waiting.body
    assert calendar_of(waiting) is None


def test_registering_after_the_start_is_refused(company, frozen):
    workshop = make_workshop(company.alice)
    (user,) = make_people(1)
    frozen.move_to(STARTS + dt.timedelta(minutes=1))
    with pytest.raises(DomainError) as refused:
        register(user, workshop)
    assert refused.value.code == "started"
    assert not Registration.objects.exists()


def test_a_cancelled_workshop_takes_nobody(company):
    workshop = make_workshop(company.alice)
    services.workshop_cancel(actor=company.alice, workshop_id=workshop.pk)
    (user,) = make_people(1)
    with pytest.raises(DomainError) as refused:
        register(user, workshop)
    assert refused.value.code == "cancelled"


def test_the_capacity_cannot_go_below_the_people_registered(company):
    workshop = make_workshop(company.alice, capacity=3)
    for user in make_people(3):
        register(user, workshop)
    with pytest.raises(ValidationFailed) as refused:
        services.workshop_update(
            actor=company.alice, workshop_id=workshop.pk, data=data(capacity=2)
        )
    assert "3 people are registered" in refused.value.errors["capacity"][0]
    workshop.refresh_from_db()
    assert workshop.capacity == 3


def test_more_seats_go_to_the_waiting_list(company, django_capture_on_commit_callbacks):
    workshop = make_workshop(company.alice, capacity=1)
    people = make_people(3)
    for user in people:
        register(user, workshop)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.workshop_update(
            actor=company.alice, workshop_id=workshop.pk, data=data(capacity=2)
        )
    assert Registration.objects.filter(status="registered").count() == 2
    assert [m.to for m in mail.outbox] == [[people[1].email]]
    assert "A seat for you" in mail.outbox[0].subject


def test_a_new_time_sends_an_update_with_the_next_sequence(
    company, django_capture_on_commit_callbacks
):
    workshop = make_workshop(company.alice)
    (user,) = make_people(1)
    register(user, workshop)
    with django_capture_on_commit_callbacks(execute=True):
        services.workshop_update(
            actor=company.alice,
            workshop_id=workshop.pk,
            data=data(starts_at=STARTS + dt.timedelta(hours=2)),
        )
    (update,) = mails_to(user)
    assert update.subject.startswith("Changed:")
    event = calendar_of(update).vevent
    assert event.sequence.value == "1"
    assert event.dtstart.value == STARTS + dt.timedelta(hours=2)


def test_cancelling_tells_every_registrant_with_method_cancel(
    company, django_capture_on_commit_callbacks
):
    workshop = make_workshop(company.alice, capacity=1)
    seated, waiting = make_people(2)
    with django_capture_on_commit_callbacks(execute=True):
        first = register(seated, workshop)
        register(waiting, workshop)
    before = calendar_of(mails_to(seated)[0]).vevent
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.workshop_cancel(actor=company.alice, workshop_id=workshop.pk)
    workshop.refresh_from_db()
    assert workshop.status == WorkshopStatus.CANCELLED
    (message,) = mails_to(seated)
    assert message.subject.startswith("Cancelled:")
    calendar = calendar_of(message)
    assert calendar.method.value == "CANCEL"
    assert calendar.vevent.uid.value == before.uid.value == first.uid
    assert int(calendar.vevent.sequence.value) == int(before.sequence.value) + 1
    assert calendar.vevent.status.value == "CANCELLED"
    assert len(mails_to(waiting)) == 1
    with pytest.raises(ConflictError):
        services.workshop_cancel(actor=company.alice, workshop_id=workshop.pk)


def test_registering_again_after_cancelling_is_a_new_place_at_the_end(company):
    workshop = make_workshop(company.alice, capacity=1)
    first, second = make_people(2)
    seat = register(first, workshop)
    register(second, workshop)
    services.registration_cancel(actor=first, registration_id=seat.pk)
    again = register(first, workshop)
    assert again.pk == seat.pk
    assert again.status == RegistrationStatus.WAITLISTED
    assert again.sequence == 2


def test_hr_registers_a_list_of_people(company):
    workshop = make_workshop(company.alice, capacity=2)
    people = make_people(3)
    employees = [u.employee for u in people]
    result = services.registrations_add(
        actor=company.alice, workshop_id=workshop.pk, employees=employees
    )
    assert [r.status for r in result.changed] == ["registered", "registered", "waitlisted"]
    again = services.registrations_add(
        actor=company.alice, workshop_id=workshop.pk, employees=employees
    )
    assert again.changed == []
    assert again.already == employees


def test_a_workshop_needs_https_and_a_future_start(company, frozen):
    with pytest.raises(ValidationFailed) as refused:
        make_workshop(
            company.alice,
            video_url="http://meet.example.com/x",
            starts_at=NOW - dt.timedelta(hours=1),
            capacity=0,
            place="",
        )
    assert set(refused.value.errors) == {"video_url", "starts_at", "capacity"}


def test_a_program_manager_uses_their_programs_only(company):
    with pytest.raises(ValidationFailed) as refused:
        make_workshop(company.paul)
    assert "programs" in refused.value.errors
