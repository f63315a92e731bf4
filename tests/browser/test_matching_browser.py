"""HR runs matching on a program, locks a pair, runs it again and publishes; both members of
the pair log in and see their partner. The workbench is checked with axe (WCAG 2.1 AA).

Personas: Alice (HR admin), Léa (young marketer, mentor), Bernard (senior controller,
mentee, reads French); the program comes from bascule/pairing/testing.py.
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from bascule.pairing.models import MatchRun, MentorRequest, Pair
from bascule.pairing.testing import make_matching_program
from bascule.programs.models import Program, ProgramStatus
from tests.browser.helpers import assert_accessible, log_in, log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_hr_runs_locks_reruns_and_publishes_then_both_members_see_their_partner(
    page, live_server, company, axe, screenshot
):
    page.set_default_timeout(15_000)
    base = live_server.url
    setup = make_matching_program(company)
    program = setup.program
    log_in(page, base, "alice.hr@example.com")

    # 1. From the program page to the workbench: settings, no run yet.
    page.goto(f"{base}/programs/{program.pk}/")
    page.get_by_role("link", name="Matching workbench").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Matching workbench")
    expect(page.get_by_label("Mentor can help")).to_have_value("0.35")
    assert_accessible(page, axe)
    screenshot("matching-workbench-empty")

    # 2. Run matching: the summary, the certificate in words, the proposals explained.
    page.get_by_role("button", name="Run matching").click()
    main = page.locator("main")
    expect(main).to_contain_text("Matching done: 2 mentees matched, 2 without a mentor.")
    expect(main).to_contain_text("no matching can pair more mentees")
    expect(main).to_contain_text("Léa can help Bernard with")
    expect(main).to_contain_text("No eligible mentor speaks German")
    assert_accessible(page, axe)
    screenshot("matching-workbench-run")

    # 3. Lock Bernard and Léa with the keyboard.
    lock = page.get_by_role("button", name="Lock Bernard Lefèvre and Léa Martin")
    lock.focus()
    page.keyboard.press("Enter")
    expect(main).to_contain_text("Locked: Bernard Lefèvre and Léa Martin stay together")

    # 4. Other weights, run again: the locked pair is still there.
    page.get_by_label("Shared interests").fill("0.5")
    page.get_by_role("button", name="Save the settings").click()
    expect(main).to_contain_text("The matching settings have been saved.")
    page.get_by_role("button", name="Run matching").click()
    bernard = page.get_by_role("rowheader", name=re.compile("Bernard"))
    row = page.locator("tr[id^=proposal-]", has=bernard)
    expect(row).to_contain_text("Léa Martin")
    expect(row).to_contain_text("Locked")
    assert MatchRun.objects.filter(program=program).count() == 2
    page.get_by_label("Name").fill("Bernard")
    page.get_by_role("button", name="Show", exact=True).click()
    expect(main).to_contain_text("1 of 2 pairs")
    screenshot("matching-workbench-filtered")

    # 5. Compare the two runs.
    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Compare two runs")
    expect(page.locator("main")).to_contain_text("Pairs in both runs")
    assert_accessible(page, axe)
    screenshot("matching-compare")
    page.get_by_role("link", name="Back to the workbench").click()

    # 6. Publish, after the confirmation: pairs created, program running, two e-mails per pair.
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Publish 2 pairs?")
    expect(main).to_contain_text("4 e-mails are sent, to 4 people")
    assert not Pair.objects.filter(program=program).exists()
    assert_accessible(page, axe)
    screenshot("matching-publish-confirmation")
    page.get_by_role("button", name="Yes, publish 2 pairs and send the e-mails").click()
    expect(main).to_contain_text("Published: 2 pairs.")
    program.refresh_from_db()
    assert program.status == ProgramStatus.RUNNING
    assert Pair.objects.filter(program=program).count() == 2
    assert len(mail.outbox) == 4
    page.set_viewport_size({"width": 390, "height": 800})
    assert_accessible(page, axe)
    screenshot("matching-workbench-published-narrow")
    page.set_viewport_size({"width": 1280, "height": 900})
    log_out(page)

    # 7. Léa sees her mentee; Bernard, in French, sees his mentor.
    log_in(page, base, "lea.martin@example.com")
    partner = page.get_by_role("region", name="Your mentoring with Bernard Lefèvre")
    expect(partner).to_contain_text("Bernard Lefèvre")
    expect(partner).to_contain_text("Head of controlling")
    expect(partner).to_contain_text("Léa can help Bernard")
    assert_accessible(page, axe)
    screenshot("matching-home-mentor")
    log_out(page)

    log_in(page, base, "bernard.lefevre@example.com")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator("main")).to_contain_text("Léa Martin")
    expect(page.locator("main")).to_contain_text("Léa peut aider Bernard")
    assert_accessible(page, axe)
    screenshot("matching-home-mentee-fr")


def test_hr_swaps_two_mentees_then_ends_a_pair_and_rematches_after_publication(
    page, live_server, company, axe, screenshot
):
    page.set_default_timeout(15_000)
    base = live_server.url
    setup = make_matching_program(company)
    program = setup.program
    log_in(page, base, "alice.hr@example.com")
    page.goto(f"{base}/matching/programs/{program.pk}/")
    page.get_by_role("button", name="Run matching").click()
    main = page.locator("main")

    # 1. Swap Bernard's and Marc's mentors: both pairs locked, the warning names the constraint.
    page.get_by_label("First pair").select_option(label="Bernard Lefèvre, mentored by Léa Martin")
    page.get_by_label("Second pair").select_option(label="Marc Petit, mentored by Inès Garcia")
    page.get_by_role("button", name="Swap their mentors").focus()
    page.keyboard.press("Enter")
    expect(main).to_contain_text("Swapped: Bernard Lefèvre now with Inès Garcia")
    expect(main).to_contain_text("they are in the same reporting line")
    assert_accessible(page, axe)
    screenshot("matching-workbench-swapped")

    # 2. Publish, then end the pair of Marc and Léa from the rematch page.
    page.get_by_role("button", name="Publish").click()
    page.get_by_role("button", name="Yes, publish 2 pairs and send the e-mails").click()
    expect(main).to_contain_text("Published: 2 pairs.")
    page.get_by_role("link", name="Pairs and rematching").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Pairs and rematching")
    assert_accessible(page, axe)
    marc = page.locator("tr[id^=pair-]", has=page.get_by_role("rowheader", name="Marc Petit"))
    marc.get_by_text("End this pair").click()
    marc.get_by_label("Why the pair ends").fill("Reporting line: not a good idea after all")
    marc.get_by_role("button", name="End the pair").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("End the pair of Marc Petit")
    expect(main).to_contain_text("This cannot be undone")
    assert_accessible(page, axe)
    page.get_by_role("button", name="Yes, end the pair").click()
    expect(main).to_contain_text("has ended; both have been told by e-mail")
    assert Pair.objects.filter(program=program, status="ended").count() == 1
    screenshot("matching-rematch")

    # 3. The candidates for Léa: the page is accessible and says why there is none or lists them.
    lea = page.locator("tr", has=page.get_by_role("rowheader", name="Léa Martin"))
    lea.get_by_role("link", name=re.compile("Find a partner")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("A new partner for Léa Martin")
    assert_accessible(page, axe)
    screenshot("matching-rematch-candidates")


def test_a_mentee_asks_a_mentor_who_accepts_in_a_self_match_program(
    page, live_server, company, axe, screenshot
):
    page.set_default_timeout(15_000)
    base = live_server.url
    setup = make_matching_program(company)
    Program.objects.filter(pk=setup.program.pk).update(self_match=True)
    company.bernard_user.language = "en"
    company.bernard_user.save(update_fields=["language"])

    # 1. Bernard chooses among his best mentors, with the keyboard, and asks Léa.
    log_in(page, base, "bernard.lefevre@example.com")
    page.get_by_role("link", name=re.compile("Choose your mentor in")).click()
    main = page.locator("main")
    expect(main).to_contain_text("Léa can help Bernard with")
    assert_accessible(page, axe)
    screenshot("self-match-choose")
    page.get_by_label("Léa Martin").check()
    page.get_by_label("Your message").fill("I would like to learn AI tools.")
    page.get_by_role("button", name="Send my request").focus()
    page.keyboard.press("Enter")
    expect(main).to_contain_text("Your request has been sent to Léa Martin")
    log_out(page)

    # 2. Léa accepts with a word for him.
    log_in(page, base, "lea.martin@example.com")
    page.get_by_role("link", name=re.compile("request from a mentee")).click()
    expect(main).to_contain_text("I would like to learn AI tools.")
    assert_accessible(page, axe)
    page.get_by_label("Your answer").fill("With pleasure!")
    page.get_by_role("button", name="Accept Bernard Lefèvre").click()
    expect(main).to_contain_text("You accepted Bernard Lefèvre's request")
    screenshot("self-match-requests")
    assert MentorRequest.objects.get().status == "accepted"
