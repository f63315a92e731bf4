"""Bulk review of applications in the browser: by mouse, by keyboard only, and without
JavaScript; each step confirmed on a page that says who will be e-mailed.

Personas: Paul (program manager of Marketing) reviews the applications of a program he
manages; the applicants are Léa, Bernard and six colleagues made here.
"""

import datetime as dt
import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from bascule.programs.models import Application, ApplicationStatus, Program, ProgramStatus
from bascule.testing import make_employee, make_user
from tests.browser.helpers import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def program(company):
    program = Program.objects.create(
        name="Digital reverse mentoring",
        status=ProgramStatus.ENROLLING,
        open_enrollment=True,
        starts_on=dt.date(2027, 1, 11),
        ends_on=dt.date(2027, 6, 30),
    )
    program.managers.add(company.paul)
    Application.objects.create(program=program, employee=company.lea, role="mentor")
    Application.objects.create(program=program, employee=company.bernard, role="mentee")
    for number in range(6):
        employee = make_employee(
            f"R{number}", "Colleague", f"Number{number}", seniority_level=2 + number
        )
        make_user(employee.email, "participant", employee=employee)
        Application.objects.create(
            program=program, employee=employee, role="mentor" if number < 3 else "mentee"
        )
    return program


def review(page: Page, base: str, program: Program) -> None:
    log_in(page, base, "paul.pm@example.com")
    page.goto(f"{base}/programs/{program.pk}/applications/")


def focused(page: Page) -> str:
    return page.evaluate("document.activeElement.id || document.activeElement.name")


def test_a_manager_decides_for_two_applications_with_the_mouse(
    page, live_server, program, axe, screenshot
):
    review(page, live_server.url, program)
    lea = page.get_by_role("checkbox", name="Select Léa Martin's application")
    bernard = page.get_by_role("checkbox", name="Select Bernard Lefèvre's application")
    # The checkboxes are visible and nothing covers them: a click lands on them.
    for box in (lea, bernard):
        expect(box).to_be_visible()
        size = box.bounding_box()
        assert size["width"] >= 20 and size["height"] >= 20
    lea.click()
    # The whole cell is the checkbox's target.
    cell = page.locator("td.select-cell", has=bernard)
    cell.click(position={"x": 4, "y": 4})
    expect(bernard).to_be_checked()
    expect(page.get_by_role("status").filter(has_text="selected")).to_have_text(
        "2 applications selected"
    )
    assert_accessible(page, axe)
    screenshot("bulk-review-selected")
    page.get_by_label("Decision").select_option("waitlisted")
    page.get_by_role("button", name="Next: check and confirm").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm the decision")
    expect(page.locator("#bulk-summary")).to_have_text(
        "Put 2 applications on the waiting list: 2 people will be e-mailed."
    )
    assert Application.objects.filter(status=ApplicationStatus.WAITLISTED).count() == 0
    assert_accessible(page, axe)
    screenshot("bulk-review-confirm")
    page.get_by_role("button", name="Confirm and send the e-mails").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "Decision recorded for 2 applications."
    )
    assert set(
        Application.objects.filter(status=ApplicationStatus.WAITLISTED).values_list(
            "employee__last_name", flat=True
        )
    ) == {"Martin", "Lefèvre"}
    assert len(mail.outbox) == 2


def test_a_manager_approves_a_whole_page_with_the_keyboard_only(
    page, live_server, program, screenshot
):
    review(page, live_server.url, program)
    select_all = page.get_by_role("checkbox", name="Select all 8 applications on this page")
    # Reach the "select all" checkbox with Tab from the page's top.
    page.locator("main").focus()
    for _ in range(40):
        page.keyboard.press("Tab")
        if focused(page) == "select-page":
            break
    expect(select_all).to_be_focused()
    # The focus ring is drawn all round the checkbox, inside the screen.
    ring = page.evaluate(
        "getComputedStyle(document.activeElement).outlineWidth + ' ' +"
        " getComputedStyle(document.activeElement).outlineStyle"
    )
    assert ring == "3px solid"
    box = select_all.bounding_box()
    assert box["x"] >= 4 and box["width"] >= 20
    page.keyboard.press("Space")
    expect(page.get_by_role("status").filter(has_text="selected")).to_have_text(
        "8 applications selected"
    )
    for box in page.locator("[data-select-row]").all():
        expect(box).to_be_checked()

    # The decision is a few Shift+Tab away from the first checkbox, not forty Tabs.
    page.keyboard.press("Tab")
    assert focused(page).startswith("select-")
    presses = 0
    while focused(page) != "id_decision":
        page.keyboard.press("Shift+Tab")
        presses += 1
        assert presses <= 10, "the decision control is far from the checkboxes"
    assert presses <= 4
    # And it is in view (the bar stays on screen while the list scrolls).
    expect(page.locator("#id_decision")).to_be_in_viewport()
    page.keyboard.press("ArrowDown")  # Approve is first: the next option is Waitlist
    page.keyboard.press("ArrowUp")
    expect(page.locator("#id_decision")).to_have_value("approved")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Next: check and confirm"
    page.keyboard.press("Enter")

    expect(page.locator("#bulk-summary")).to_have_text(
        "Approve 8 applications: 8 people will be e-mailed."
    )
    screenshot("bulk-review-keyboard-confirm")
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()").startswith("Confirm"):
            break
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").first).to_contain_text(
        "Decision recorded for 8 applications."
    )
    assert Application.objects.exclude(status=ApplicationStatus.APPROVED).count() == 0
    assert len(mail.outbox) == 8


def test_select_all_works_without_javascript(browser, live_server, program):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    review(page, live_server.url, program)
    page.get_by_role("checkbox", name="Select all 8 applications on this page").check()
    page.get_by_label("Decision").select_option("declined")
    page.get_by_label(re.compile("^Reason")).fill("The program is full.")
    page.get_by_role("button", name="Next: check and confirm").click()
    expect(page.locator("#bulk-summary")).to_contain_text("Decline 8 applications")
    expect(page.locator("main")).to_contain_text("The program is full.")
    page.get_by_role("button", name="Confirm and send the e-mails").click()
    expect(page.locator("main")).to_contain_text("Decision recorded for 8 applications.")
    assert Application.objects.filter(status=ApplicationStatus.DECLINED).count() == 8
    context.close()
