"""Léa joins a full workshop: she is put on the waiting list; Bernard cancels his seat, which
goes to Léa at once, with her invitation e-mail and its calendar file. The pages are checked
with axe (WCAG 2.1 AA), the workshop's page on a phone too. HR takes attendance on a phone,
one person at a time and then "everyone else present".

Personas: Léa (mentor) and Bernard; the workshop is for every mentor and mentee, one seat.
"""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from bascule.workshops import services
from bascule.workshops.models import Registration, Workshop
from bascule.workshops.tests.helpers import data
from tests.browser.helpers import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_lea_waits_for_a_full_workshop_and_gets_the_freed_seat(
    page, live_server, company, axe, screenshot
):
    page.set_default_timeout(15_000)
    base = live_server.url
    starts = (timezone.now() + dt.timedelta(days=3)).replace(minute=0, second=0, microsecond=0)
    workshop = services.workshop_create(
        actor=company.alice, data=data(capacity=1, starts_at=starts)
    )
    seat = services.registration_create(actor=company.bernard_user, workshop_id=workshop.pk)
    mail.outbox.clear()

    log_in(page, base, "lea.martin@example.com")
    main = page.locator("main")
    page.get_by_role("link", name="Workshops").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Workshops")
    expect(main).to_contain_text("Full: waiting list open")
    assert_accessible(page, axe)
    page.get_by_role("link", name="Giving feedback").click()
    expect(main).to_contain_text("your time zone: Europe/Paris")
    page.get_by_role("button", name="Join the waiting list").click()
    expect(main).to_contain_text("The workshop is full: you are number 1 on the waiting list.")
    expect(main).to_contain_text("You are number 1 on the waiting list.")
    assert_accessible(page, axe)
    screenshot("workshops-waitlisted")
    (waiting,) = mail.outbox
    assert waiting.to == ["lea.martin@example.com"]
    assert not waiting.attachments  # no calendar file for a place on the waiting list

    # Bernard cancels: the seat goes to Léa in the same transaction, with her invitation.
    mail.outbox.clear()
    services.registration_cancel(actor=company.bernard_user, registration_id=seat.pk)
    assert Registration.objects.get(employee=company.lea).status == "registered"
    promotion = next(m for m in mail.outbox if m.to == ["lea.martin@example.com"])
    assert promotion.subject.startswith("A seat for you: workshop “Giving feedback”")
    (attachment,) = promotion.attachments
    assert attachment.mimetype == "text/calendar; method=REQUEST"

    page.reload()
    expect(main).to_contain_text("You are registered.")
    expect(page.get_by_role("button", name="Cancel my place")).to_be_visible()
    assert_accessible(page, axe)
    page.set_viewport_size({"width": 375, "height": 800})
    expect(page.get_by_role("button", name="Cancel my place")).to_be_in_viewport()
    assert_accessible(page, axe)
    screenshot("workshops-registered-phone")


def test_hr_takes_attendance_on_a_phone(page, live_server, company, axe, screenshot):
    page.set_default_timeout(15_000)
    base = live_server.url
    started = timezone.now() - dt.timedelta(minutes=20)
    workshop = Workshop.objects.create(
        title="Listening",
        starts_at=started,
        time_zone="Europe/Paris",
        duration_minutes=90,
        place="Room Lumière",
        capacity=5,
    )
    for employee in (company.lea, company.bernard):
        Registration.objects.create(
            workshop=workshop,
            employee=employee,
            status="registered",
            queued_at=started - dt.timedelta(days=2),
        )
    page.set_viewport_size({"width": 375, "height": 800})
    log_in(page, base, "alice.hr@example.com")
    main = page.locator("main")
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="Workshops").click()
    page.get_by_role("link", name="Listening").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Listening")
    assert_accessible(page, axe)
    group = page.get_by_role("group", name="Léa Martin")
    group.get_by_label("Excused").check()
    page.get_by_role("button", name="Save the attendance").click()
    expect(main).to_contain_text("Attendance saved: 1 change.")
    page.get_by_role("button", name="Mark everyone not marked yet present").click()
    expect(main).to_contain_text("Present: 1 · absent: 0 · excused: 1")
    assert_accessible(page, axe)
    screenshot("workshops-attendance-phone")
    marks = dict(Registration.objects.values_list("employee_id", "attendance"))
    assert marks == {company.lea.pk: "excused", company.bernard.pk: "present"}
