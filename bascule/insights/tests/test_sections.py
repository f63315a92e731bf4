"""The Learning, Behaviour, Results and Bridging pages and every page's tables as a workbook,
on the company of measures_world.py where every figure is known."""

import html
import io
import re

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bascule.core.tabular import safe_cell
from bascule.insights import charts
from bascule.insights.sections import cell_value
from bascule.insights.tests.measures_world import build

pytestmark = pytest.mark.django_db

PAGES = ("learning", "behaviour", "results", "bridging")
SECTIONS = ("overview", *PAGES)
HIDDEN = "hidden (fewer than 5)"


@pytest.fixture
def world(company):
    return build(company)


def page_url(section: str) -> str:
    return "/insights/" if section == "overview" else f"/insights/{section}/"


def rows_of(body: str) -> list[list[str]]:
    """Every table row of a page, as the text of its cells."""
    found = []
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        found.append([html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in cells])
    return found


def row(body: str, first: str, count: int = 0, width: int = 3) -> list[str]:
    """The `count`-th row starting with `first` of `width` cells or more (not a chart's own
    two-column table)."""
    return [r for r in rows_of(body) if r and r[0] == first and len(r) >= width][count]


def workbook(response) -> openpyxl.Workbook:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return openpyxl.load_workbook(io.BytesIO(response.content))


# --- Who sees what ------------------------------------------------------------------------------


@pytest.mark.parametrize("user", ["alice", "paul", "sophie"])
def test_each_reader_sees_every_section_with_the_navigation(client, company, world, user):
    client.force_login(getattr(company, user))
    query = f"program={world['program'].pk}"
    for section in PAGES:
        response = client.get(f"{page_url(section)}?{query}")
        assert response.status_code == 200, section
        body = response.content.decode()
        current = re.findall(r'<a class="nav-link active" href="([^"]+)" aria-current="page"', body)
        assert current == [f"{page_url(section)}?{query}"]
        for other in SECTIONS:
            assert f'href="{page_url(other)}?{query}"' in body  # the filters are kept
        assert f'href="/insights/{section}/tables.xlsx?{query}"' in body
        assert 'id="definitions"' in body and 'href="#def-' in body
        assert not response.context["section"].too_few
        assert ("figures about groups only" in body) == (user == "sophie")


def test_another_program_is_a_404_and_participants_are_refused(client, company, world):
    other = build()  # managed by nobody
    client.force_login(company.paul)
    for section in PAGES:
        assert client.get(f"/insights/{section}/?program={other['program'].pk}").status_code == 404
    url = f"/insights/results/tables.xlsx?program={other['program'].pk}"
    assert client.get(url).status_code == 404
    client.force_login(company.lea_user)
    for section in PAGES:
        assert client.get(f"/insights/{section}/").status_code == 403
        assert client.get(f"/insights/{section}/tables.xlsx").status_code == 403
    client.force_login(company.alice)
    assert client.get("/insights/nothing/tables.xlsx").status_code == 404


def test_filters_with_errors_say_so_and_show_no_figure(client, company, world):
    client.force_login(company.alice)
    for section in PAGES:
        response = client.get(f"/insights/{section}/?period_from=2026-05-01&period_to=2026-01-01")
        assert response.status_code == 200
        body = response.content.decode()
        assert "The filters could not be read" in body
        assert "The end of the period must be after its start." in body
        assert response.context["section"] is None and 'role="img"' not in body
    response = client.get("/insights/learning/tables.xlsx?period_from=2026-02-30")
    assert response.status_code == 302
    assert response["Location"] == "/insights/learning/?period_from=2026-02-30"
    response = client.get("/insights/learning/?basis=guess")
    assert "Select a valid choice." in response.content.decode()


def test_too_few_participants_show_nothing(client, company, world):
    client.force_login(company.alice)
    level = 8  # nobody of the world is at levels 7-8
    for section in PAGES:
        response = client.get(f"/insights/{section}/?level_band=4")
        body = response.content.decode()
        assert "Fewer than 5 participants match these filters" in body, (section, level)
        assert response.context["section"].too_few
        assert "<table" not in body
    book = workbook(client.get("/insights/bridging/tables.xlsx?level_band=4"))
    assert book.sheetnames == ["About"]
    about = {r[0]: r[1] for r in book["About"].iter_rows(values_only=True)}
    assert "Fewer than 5 participants" in about["Figures"]


# --- The same numbers as the API ---------------------------------------------------------------


def test_the_pages_show_the_apis_numbers(client, company, world):
    client.force_login(company.alice)
    program = world["program"].pk
    api = client.get(f"/api/insights/learning?programs={program}").json()
    mentee_a = next(
        r
        for r in api["skills"]
        if r["key"] == f"skill:{world['skill_a'].pk}" and r["role"] == "mentee"
    )
    body = client.get(f"/insights/learning/?program={program}").content.decode()
    assert row(body, "A") == [
        "A",
        charts.decimal(mentee_a["mean_before"]),
        charts.decimal(mentee_a["mean_after"]),
        f"+{charts.decimal(mentee_a['mean_change'])}",
        f"+{charts.decimal(mentee_a['change_low'])} to +{charts.decimal(mentee_a['change_high'])}",
        "6",
        f"{mentee_a['p_value']:.3f}",
    ]
    assert row(body, "B")[1] == HIDDEN  # three mentees rated B
    assert row(body, "A", 1)[1] == HIDDEN  # four mentors rated A

    api = client.get(f"/api/insights/learning?programs={program}&basis=baseline").json()
    mentee_a = next(r for r in api["skills"] if r["key"] == f"skill:{world['skill_a'].pk}")
    body = client.get(f"/insights/learning/?program={program}&basis=baseline").content.decode()
    assert row(body, "A")[1] == charts.decimal(mentee_a["mean_before"])

    api = client.get(f"/api/insights/behaviour?programs={program}").json()
    body = client.get(f"/insights/behaviour/?program={program}").content.decode()
    meetings = api["meetings"]
    assert row(body, "All pairs")[1:4] == [str(meetings["pairs"]), "72", str(meetings["held"])]
    learning_goals = api["goals"][0]
    assert row(body, learning_goals["label"])[4] == charts.percent(100 * learning_goals["share"])

    api = client.get(f"/api/insights/bridging?programs={program}").json()
    body = client.get(f"/insights/bridging/?program={program}").content.decode()
    reach = api["cross_location"]
    assert row(body, reach["label"])[1:] == [
        charts.percent(100 * reach["estimate"]),
        f"{charts.percent(100 * reach['low'])} to {charts.percent(100 * reach['high'])}",
        str(reach["n"]),
    ]

    api = client.get(f"/api/insights/results?programs={program}").json()
    body = client.get(f"/insights/results/?program={program}").content.decode()
    mentees = next(m for m in api["mobility"] if m["role"] == "mentee")
    assert row(body, "Mentees", -1)[1] == charts.percent(100 * mentees["participants"]["estimate"])
    assert row(body, "Mentors", -1)[1] == HIDDEN  # no colleague to match the mentors with
    for sentence in mentees["sentences"]:
        assert sentence in html.unescape(body)


# --- The workbook -------------------------------------------------------------------------------


@pytest.mark.parametrize("section", SECTIONS)
def test_the_workbook_holds_the_pages_tables(client, company, world, section):
    client.force_login(company.alice)
    query = f"program={world['program'].pk}"
    page = client.get(f"{page_url(section)}?{query}")
    response = client.get(f"/insights/{section}/tables.xlsx?{query}")
    assert response["Content-Disposition"].startswith(f'attachment; filename="insights-{section}-')
    book = workbook(response)
    assert book.sheetnames[0] == "About"
    assert len(set(book.sheetnames)) == len(book.sheetnames)
    assert all(len(name) <= 31 for name in book.sheetnames)
    about = {r[0]: r[1] for r in book["About"].iter_rows(values_only=True)}
    assert about["Program"] == world["program"].name
    assert "at least 5 people" in about["Small groups"]
    if section == "overview":
        tables = [chart.table for part in ("overview", "reaction") for chart in page.context[part]]
    else:
        tables = page.context["section"].tables()
    assert len(book.sheetnames) == len(tables) + 1
    body = html.unescape(page.content.decode())
    for name, table in zip(book.sheetnames[1:], tables, strict=True):
        values = [
            ["" if c is None else c for c in r] for r in book[name].iter_rows(values_only=True)
        ]
        assert values[0] == table.headers
        # The same cells; a text a spreadsheet would run as a formula quoted ("'+0.3 to +1.9").
        assert values[1:] == [[safe_cell(cell_value(c)) for c in line] for line in table.rows]
        for line in table.rows:  # and the page shows the same cells
            assert line[0] in body
    if section == "learning":
        cells = [
            c for name in book.sheetnames for r in book[name].iter_rows(values_only=True) for c in r
        ]
        assert HIDDEN in cells


def test_numbers_are_numbers_in_the_workbook():
    assert cell_value("+1.5") == 1.5 and cell_value("-0.3") == -0.3
    assert cell_value("1,234") == 1234 and cell_value("12") == 12
    assert cell_value("42 %") == "42 %" and cell_value(HIDDEN) == HIDDEN
    assert cell_value("=1+1") == "=1+1"  # text, quoted by the writer


def test_sheet_names_are_cut_and_made_unique():
    from bascule.core.tabular import sheet_titles

    long = "Mentees: skill categories before and after"
    titles = sheet_titles([long, long, "a/b", "", "About", "about"])
    assert titles[0] == "Mentees skill categories before"[:31]
    assert titles[1].endswith(" (2)") and len(titles[1]) <= 31
    assert titles[2] == "a b" and titles[3] == "Sheet" and titles[5] == "about (2)"


# --- Query counts -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", [*(f"/insights/{s}/" for s in PAGES), *(f"/insights/{s}/tables.xlsx" for s in PAGES)]
)
def test_more_data_costs_no_more_queries(url, client, company, django_assert_max_num_queries):
    client.force_login(company.alice)
    build(company)
    client.get(url)  # the session, the caches
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    build(company, pairs=12)
    build(company, pairs=8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
