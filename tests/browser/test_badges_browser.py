"""Badges: Léa finds her badges on her home page and her Recognition page; HR awards a custom
badge with the keyboard only, then revokes it with a reason; on a phone (375 px) the badges
section and HR's badges page fit. Each page is checked with axe (WCAG 2.1 AA).
"""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from bascule.meetings.models import Meeting, MeetingOutcome
from bascule.recognition.badges import services
from bascule.recognition.models import BadgeAward
from bascule.recognition.tests.helpers import setup
from tests.browser.helpers import assert_accessible, log_in, log_out
from tests.browser.test_recognition_browser import tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_badges_on_home_and_hr_awards_then_revokes(page, live_server, company, axe, screenshot):
    page.set_default_timeout(15_000)
    base = live_server.url
    program, pair, _skill = setup(company)
    Meeting.objects.bulk_create(
        [
            Meeting(
                pair=pair,
                starts_at=timezone.now() - dt.timedelta(days=1),
                duration_minutes=60,
                outcome=MeetingOutcome.HELD,
            )
        ]
    )
    services.award_due()
    services.badge_create(actor=company.alice, data={"name_fr": "Pilier", "name_en": "Pillar"})
    main = page.locator("main")

    page.set_viewport_size({"width": 375, "height": 800})
    log_in(page, base, "lea.martin@example.com")
    expect(main.get_by_role("heading", name="My badges")).to_be_visible()
    expect(main.get_by_role("img", name="First meeting")).to_be_visible()
    assert_accessible(page, axe)
    screenshot("badges-home-phone")
    page.goto(base + reverse("recognition:mine"))
    expect(main.get_by_role("img", name="First meeting")).to_be_visible()
    assert_accessible(page, axe)
    log_out(page)

    log_in(page, base, "alice.hr@example.com")
    page.goto(base + reverse("recognition:badges"))
    expect(main).to_contain_text(program.name)
    assert_accessible(page, axe)
    page.set_viewport_size({"width": 1280, "height": 900})
    tab_to(page, "Award a custom badge")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Award a custom badge")
    assert_accessible(page, axe)
    page.get_by_label("Badge", exact=True).select_option(label="Pillar")
    page.get_by_label("Person").select_option(label="Léa Martin")
    tab_to(page, "Why they receive it")
    page.keyboard.type("Always there for the newcomers")
    tab_to(page, "Award the badge")
    page.keyboard.press("Enter")
    expect(main).to_contain_text("Léa Martin receives the badge and is told.")
    assert_accessible(page, axe)
    award = BadgeAward.objects.get(badge__name_en="Pillar")
    tab_to(page, "Revoke the badge of Léa Martin")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Revoke this badge?")
    assert_accessible(page, axe)
    tab_to(page, "Why it is revoked")
    page.keyboard.type("Given to the wrong person")
    tab_to(page, "Revoke it")
    page.keyboard.press("Enter")
    expect(main).to_contain_text("The badge is revoked; Léa Martin is told.")
    award.refresh_from_db()
    assert award.revoked_reason == "Given to the wrong person"
