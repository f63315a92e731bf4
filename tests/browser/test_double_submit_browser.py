"""A create button double-clicked makes one object: the page disables the button after the
first click (static/js/submit-once.js), and without JavaScript the server still saves the
form once and says so.

Personas: Léa (young marketer, mentor of Bernard); the program comes from
bascule/pairing/testing.py.
"""

import pytest
from playwright.sync_api import expect

from bascule.journey.models import Goal
from bascule.pairing.testing import make_running_program
from tests.browser.helpers import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_goal(page, title: str) -> None:
    page.get_by_label("The goal", exact=True).fill(title)
    page.get_by_label("What success looks like").fill("Three video meetings led by March")
    page.get_by_label("Target date").fill("2027-03-31")
    page.get_by_label("Progress (%)").fill("20")


def test_a_double_clicked_save_button_makes_one_goal(page, live_server, company, axe, screenshot):
    page.set_default_timeout(15_000)
    running = make_running_program(company)
    # Every form submission the page lets through (not stopped by a script) is recorded.
    let_through: list[bool] = []
    page.expose_function("recordSubmit", lambda prevented: let_through.append(not prevented))
    page.add_init_script(
        "window.addEventListener('submit', (e) => window.recordSubmit(e.defaultPrevented));"
    )
    log_in(page, live_server.url, "lea.martin@example.com")
    let_through.clear()
    page.goto(f"{live_server.url}/pairs/{running.pair.pk}/goals/new/")
    fill_goal(page, "Run a video meeting on my own")
    page.get_by_role("button", name="Save the goal").dblclick()
    expect(page.get_by_text("The goal is saved. Your partner sees it too.")).to_be_visible()
    assert Goal.objects.filter(pair=running.pair).count() == 1
    # The second click found the button disabled, or its submission was stopped.
    assert let_through.count(True) == 1, let_through
    assert_accessible(page, axe)
    screenshot("double-click-goal-saved")


def test_a_form_sent_again_by_the_browser_makes_one_goal(page, live_server, company):
    # A retry: the browser sends the very same form a second time (the first answer lost).
    page.set_default_timeout(15_000)
    running = make_running_program(company)
    log_in(page, live_server.url, "lea.martin@example.com")
    page.goto(f"{live_server.url}/pairs/{running.pair.pk}/goals/new/")
    fill_goal(page, "Run a video meeting on my own")
    landed = page.evaluate(
        """async () => {
            const form = document.querySelector("form[method=post]:has([name=submission_key])");
            const send = () => fetch(form.action, {method: "POST", body: new FormData(form)});
            const first = await send();
            const second = await send();
            return [first.url, second.url, await second.text()];
        }"""
    )
    goal = Goal.objects.get(pair=running.pair)
    assert landed[0] == landed[1] == f"{live_server.url}/pairs/{running.pair.pk}/"
    assert "This form was sent twice: it has been saved only once." in landed[2]
    assert goal.title == "Run a video meeting on my own"
