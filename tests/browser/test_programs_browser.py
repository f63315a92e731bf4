"""HR creates a program from a template, invites a department, Léa applies, HR approves her.

Personas: Alice (HR admin), Léa (young marketer, level 2), see bascule/testing.py.
"""

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from bascule.programs.models import Application, ApplicationStatus, Program, ProgramStatus
from bascule.skills.models import Skill
from tests.browser.helpers import log_in, log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_hr_runs_enrollment_from_template_to_approval(page, live_server, company, screenshot):
    page.set_default_timeout(10_000)
    base = live_server.url
    today = timezone.localdate()
    log_in(page, base, "alice.hr@example.com")

    # 1. A program from the reverse mentoring template: everything but the dates is filled in.
    page.get_by_role("link", name="Programs", exact=True).click()
    screenshot("programs-empty-list")
    page.get_by_role("link", name="Create a program").click()
    # Templates come in the reader's language, with a link to the other one.
    expect(page.get_by_role("link", name="Show the templates in French")).to_be_visible()
    screenshot("programs-template-choice")
    page.get_by_role("link", name=re.compile(r"Start from “Reverse mentoring")).click()
    expect(page.get_by_label("Name", exact=True)).to_have_value(re.compile("Reverse mentoring"))
    page.get_by_label("Start date").fill((today + dt.timedelta(days=30)).isoformat())
    page.get_by_label("End date").fill((today + dt.timedelta(days=210)).isoformat())
    page.get_by_label("Enrollment closes on").fill((today + dt.timedelta(days=20)).isoformat())
    screenshot("programs-form-from-template")
    page.get_by_role("button", name="Create the program").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Reverse mentoring")
    program = Program.objects.get()
    assert program.status == ProgramStatus.DRAFT
    assert program.objectives, "the template filled in the objectives"
    page.get_by_role("button", name="Open enrollment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Open enrollment: are you sure?")
    page.get_by_role("button", name="Yes: open enrollment").click()
    expect(page.locator("main")).to_contain_text("This program is: Enrolling.")

    # 2. Invite the Marketing department: Marc and Léa receive a personal link.
    page.get_by_role("link", name="Invite people").click()
    page.get_by_label("Marketing").check()
    page.get_by_role("button", name="Send the invitations").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Invite 2 people?")
    assert mail.outbox == []
    page.get_by_role("button", name="Yes, send 2 invitations").click()
    expect(page.locator("#invitation-result")).to_contain_text("2 people invited.")
    screenshot("programs-invite")
    invitation = next(m for m in mail.outbox if m.to == [company.lea.email])
    link = re.search(r"http://[^/\s]+(/programs/invitations/[^/\s]+/)", invitation.body)
    assert link, invitation.body
    log_out(page)

    # 3. Léa follows her link, logs in, and applies as a mentor.
    log_in(page, base, "lea.martin@example.com")
    page.goto(f"{base}{link.group(1)}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Apply to")
    page.get_by_role("radio", name=re.compile("^Mentor")).check()
    share = Skill.objects.get(slug="generative-ai-everyday")
    develop = Skill.objects.get(slug="public-speaking")
    for select_id, level in ((f"share-{share.pk}", "3"), (f"develop-{develop.pk}", "1")):
        # Skills sit in closed groups, one per category: open the group, choose the level.
        group = page.locator("details", has=page.locator(f"#{select_id}"))
        group.locator("summary").click()
        page.locator(f"#{select_id}").select_option(level)
    page.get_by_label("What I hope to get from the program").fill(
        "Help a senior colleague feel at ease with AI tools."
    )
    page.get_by_label("I have read the program's charter and I accept it").check()
    page.get_by_label("I have read how my information is used").check()
    screenshot("programs-application-form")
    page.get_by_role("button", name="Send my application").click()
    expect(page.locator("main")).to_contain_text("Awaiting review")
    screenshot("programs-application-sent")
    application = Application.objects.get(employee=company.lea)
    assert application.role == "mentor"
    assert application.status == ApplicationStatus.SUBMITTED
    log_out(page)

    # 4. Alice approves the application from the review list.
    log_in(page, base, "alice.hr@example.com")
    page.goto(f"{base}/programs/{program.pk}/")
    page.get_by_role("link", name="Review the applications").click()
    page.get_by_role("link", name="Léa Martin").click()
    page.get_by_role("combobox", name="Decision").select_option("approved")
    screenshot("programs-application-decision")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator("main")).to_contain_text("Approved")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert any(m.to == [company.lea.email] for m in mail.outbox if m is not invitation)

    page.goto(f"{base}/programs/{program.pk}/")
    expect(page.locator("main")).to_contain_text("Approved mentors: 1")
    screenshot("programs-detail-funnel")
