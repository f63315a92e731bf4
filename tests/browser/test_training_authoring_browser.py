"""HR edits a section of a built-in module in both languages, previews the draft as a learner
reads it, publishes it, and the demo mentor, who never started the module, reads the new
text. Each page checked with axe."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from bascule.demo.management.commands.seed_demo import DEMO_PASSWORD
from bascule.skills import taxonomy as skill_taxonomy
from bascule.skills.models import Skill, SkillCategory
from bascule.training.models import Module, Progress
from tests.browser.helpers import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_TEXT = {"fr": "Un texte **révisé** par les RH.", "en": "A text **revised** by HR."}


@pytest.fixture
def demo(db):
    skill_taxonomy.install(SkillCategory, Skill)
    call_command("seed_demo", seed=2026, stdout=io.StringIO())


def log_in(page: Page, base: str, email: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("input[name=password]").press("Enter")
    expect(page).to_have_url(f"{base}/")


def test_hr_edits_previews_and_publishes_a_section(page, live_server, demo, axe):
    page.set_default_timeout(15_000)
    base = live_server.url
    started = Progress.objects.filter(employee__user__email="mentor@bascule.example")
    module = (
        Module.objects.filter(status="published", audience__in=["both", "mentor"])
        .exclude(pk__in=started.values("module_id"))
        .order_by("position")
        .first()
    )
    log_in(page, base, "hr-admin@bascule.example")
    page.goto(f"{base}/training/manage/library/")
    assert_accessible(page, axe)
    page.goto(f"{base}/training/manage/modules/{module.slug}/")
    assert_accessible(page, axe)
    for language in ("fr", "en"):
        page.goto(f"{base}/training/manage/modules/{module.slug}/edit/{language}/")
        assert_accessible(page, axe)
        page.locator("textarea[name=section-0-body]").fill(NEW_TEXT[language])
        page.locator("button[name=preview]").click()
        expect(page).to_have_url(
            f"{base}/training/manage/modules/{module.slug}/preview/{language}/"
        )
        expect(page.locator(".alert-warning strong").first).to_be_visible()
        assert_accessible(page, axe)
    page.goto(f"{base}/training/manage/modules/{module.slug}/preview/en/1/")
    expect(page.locator(".module-text strong")).to_have_text("revised")
    assert_accessible(page, axe)
    assert (
        not Progress.objects.filter(employee__user__email="hr-admin@bascule.example")
        .filter(module=module)
        .exists()
    )

    page.goto(f"{base}/training/manage/modules/{module.slug}/publish/")
    assert_accessible(page, axe)
    page.locator("form.confirm-actions button[type=submit]").click()
    expect(page).to_have_url(f"{base}/training/manage/modules/{module.slug}/")
    module.refresh_from_db()
    assert module.published.number == 2

    log_in(page, base, "mentor@bascule.example")
    page.goto(f"{base}/training/{module.slug}/1/")
    language = page.locator("html").get_attribute("lang")[:2]
    expected = {"fr": "révisé", "en": "revised"}[language]
    expect(page.locator(".module-text strong")).to_have_text(expected)
    assert_accessible(page, axe)
