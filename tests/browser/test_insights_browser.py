"""The dashboards in a browser: Alice (HR) opens Insights from the menu, reads the charts,
opens "Show the numbers", follows a figure to its definition and narrows the filters down to
a group too small to show. Checked with axe (WCAG 2.1 AA) at 1280 px, at 375 px and at the
width a 1280 px screen has at 200 % zoom (640 CSS px), and screenshotted to /tmp.
"""

import re
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from bascule.insights.tests.factories import answer_surveys, make_cohort
from bascule.programs.models import ParticipantRole
from tests.browser.helpers import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"desktop": (1280, 900), "phone": (375, 800), "zoom-200": (640, 900)}


def test_hr_reads_the_dashboards_at_every_width(page, live_server, company, axe):
    page.set_default_timeout(20_000)
    cohort = make_cohort(6, department=company.marketing)
    make_cohort(1, program=cohort.program, department=company.finance, location="Lyon")
    answer_surveys(
        cohort.program,
        [(pair, role, 4, 9) for pair in cohort.pairs for role in ParticipantRole.values],
    )
    base = live_server.url
    log_in(page, base, "alice.hr@example.com")
    page.get_by_role("link", name="Insights").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Insights and impact")
    main = page.locator("main")
    expect(main.get_by_role("img", name="Enrollment funnel")).to_be_visible()
    expect(main).to_contain_text("Satisfaction by role")

    for name, (width, height) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        assert_accessible(page, axe)
        shot = Path(tempfile.gettempdir()) / f"insights-{name}.png"
        page.screenshot(path=str(shot), full_page=True)
        # Nothing runs off the side of the page.
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name}: {overflow} px too wide"

    # Zoomed to 200 % on a wide screen (CSS zoom): still no sideways scrolling.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.evaluate("document.documentElement.style.zoom = '2'")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"zoomed: {overflow} px too wide"
    assert_accessible(page, axe)
    page.screenshot(path=str(Path(tempfile.gettempdir()) / "insights-css-zoom.png"))
    page.evaluate("document.documentElement.style.zoom = '1'")

    # The numbers behind a chart, and a figure's definition.
    page.set_viewport_size({"width": 1280, "height": 900})
    funnel = page.locator("#chart-funnel")
    funnel.get_by_text("Show the numbers").click()
    expect(funnel.get_by_role("table")).to_contain_text("Paired")
    funnel.get_by_role("link", name="What “Enrollment funnel” counts").click()
    expect(page).to_have_url(f"{page.url.split('#')[0].split('?')[0]}#def-funnel")
    assert_accessible(page, axe)

    # Narrowed to Lyon (one pair): nothing is shown.
    page.get_by_label("Location").select_option("Lyon")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("status")).to_contain_text("Fewer than 5 participants match")
    expect(main.get_by_role("img")).to_have_count(0)

    # An impossible period: the error, in words.
    page.goto(f"{base}/insights/?period_from=2026-05-01&period_to=2026-01-01")
    expect(main).to_contain_text("The end of the period must be after its start.")
    assert_accessible(page, axe)


MEASURES = {
    "Learning": "Mentees: mean change per skill",
    "Behaviour": "Goals reached",
    "Results": "Mentees still in the company",
    "Bridging the gap": "Pairs across departments and locations",
}


def test_hr_moves_between_the_sections_with_the_filters_kept(page, live_server, company, axe):
    """The four measures' pages: the sections' navigation keeps the filters, a link is
    followed from the keyboard, and each page passes axe at 1280 and 375 px without running
    off the side."""
    from bascule.insights.tests.measures_world import build

    page.set_default_timeout(30_000)
    world = build(company)
    base = live_server.url
    log_in(page, base, "alice.hr@example.com")
    page.goto(f"{base}/insights/")
    main = page.locator("main")
    page.locator("#id_program").select_option(str(world["program"].pk))
    page.get_by_role("button", name="Show").click()
    nav = page.get_by_role("navigation", name="Insights sections")
    expect(nav.locator('[aria-current="page"]')).to_have_text("Overview and reaction")
    for label, chart in MEASURES.items():
        link = nav.get_by_role("link", name=label)
        link.focus()
        page.keyboard.press("Enter")
        expect(nav.locator('[aria-current="page"]')).to_have_text(label)
        assert f"program={world['program'].pk}" in page.url  # the filters are kept
        expect(page.get_by_role("heading", level=1)).to_have_text(label)
        expect(main.get_by_role("img", name=chart)).to_be_visible()
        for width, height in ((1280, 900), (375, 800)):
            page.set_viewport_size({"width": width, "height": height})
            assert_accessible(page, axe)
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{label} at {width} px: {overflow} px too wide"
            name = label.lower().replace(" ", "-")
            page.screenshot(
                path=str(Path(tempfile.gettempdir()) / f"insights-{name}-{width}.png"),
                full_page=True,
            )
        page.set_viewport_size({"width": 1280, "height": 900})
    # The workbook's link carries the filters too.
    download = main.get_by_role("link", name="Download the tables (XLSX)")
    expect(download).to_have_attribute(
        "href", re.compile(rf"^/insights/bridging/tables\.xlsx\?program={world['program'].pk}&")
    )
