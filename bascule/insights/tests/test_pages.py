"""The dashboards' page and API per role, and filters narrowed until a group would be too
small: no count of 1 to 4 people anywhere, on the page or in the API."""

import re

import pytest

from bascule.insights.tests.factories import answer_surveys, make_cohort
from bascule.programs.models import ParticipantRole

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohorts(company):
    main = make_cohort(6, department=company.marketing)
    # Two pairs in Finance, Lyon; one of their goals reached: small groups everywhere.
    make_cohort(2, program=main.program, department=company.finance, location="Lyon")
    answer_surveys(
        main.program,
        [(pair, role, 4, 9) for pair in main.pairs for role in ParticipantRole.values],
    )
    return main


def small_counts(payload: dict) -> list:
    """The counts of 1 to 4 in the figures of an API answer. Meetings are not people: a
    month's meetings are shown only over 5 running pairs or more, whatever their number."""
    return [
        (figure["id"], value)
        for figure in payload["figures"]
        if figure["unit"] == "count" and figure["id"] != "meetings"
        for series in figure["series"]
        for value in series["values"]
        if value is not None and 0 < value < 5
    ]


@pytest.mark.parametrize("user", ["alice", "paul", "sophie"])
def test_each_reader_sees_the_figures_of_their_programs(client, company, cohorts, user):
    cohorts.program.managers.add(company.paul)
    client.force_login(getattr(company, user))
    page = client.get("/insights/")
    assert page.status_code == 200
    body = page.content.decode()
    assert 'role="img"' in body and "Satisfaction by role" in body
    assert "Digital &lt;reverse&gt; &amp; &quot;co&quot;" in body  # the name, escaped
    assert ("figures about groups only" in body) == (user == "sophie")
    for section in ("overview", "reaction"):
        answer = client.get(f"/api/insights/{section}").json()
        assert answer["participants"] == 16
        assert not small_counts(answer)


def test_a_program_manager_sees_only_their_programs(client, company, cohorts):
    client.force_login(company.paul)
    assert client.get("/insights/").context["board"].too_few  # no program of theirs
    assert client.get(f"/insights/?program={cohorts.program.pk}").status_code == 404
    assert client.get(f"/api/insights/overview?program={cohorts.program.pk}").status_code == 404
    client.force_login(company.lea_user)
    assert client.get("/insights/").status_code == 403
    assert client.get("/api/insights/reaction").status_code == 403


@pytest.mark.parametrize(
    "filters",
    [
        "location=Lyon",
        "department={finance}",
        "department={finance}&level_band=1",
        "location=Lyon&level_band=3",
        "department={marketing}&location=Lyon",
    ],
)
def test_narrowing_the_filters_never_shows_a_small_group(client, company, cohorts, filters):
    query = filters.format(finance=company.finance.pk, marketing=company.marketing.pk)
    client.force_login(company.sophie)
    page = client.get(f"/insights/?{query}").content.decode()
    assert "Fewer than 5 participants match these filters" in page
    assert 'role="img"' not in page
    for section in ("overview", "reaction"):
        answer = client.get(f"/api/insights/{section}?{query}").json()
        assert answer == {**answer, "participants": None, "figures": []}


def test_a_narrowed_group_of_five_or_more_still_hides_its_small_cells(client, company, cohorts):
    client.force_login(company.sophie)
    # Mentors only (levels 1–2): 8 people, of whom 2 in Lyon.
    answer = client.get("/api/insights/overview?level_band=1").json()
    assert answer["participants"] == 8
    assert not small_counts(answer)
    page = client.get("/insights/?level_band=1").content.decode()
    people = page.split('id="chart-meetings"')[0] + page.split('id="chart-checkin-rate"')[1]
    drawn = re.findall(r'data-value="(\d+)"', people)
    assert not [value for value in drawn if 0 < int(value) < 5]


def test_impossible_filters_answer_an_error_in_words(client, company):
    client.force_login(company.alice)
    page = client.get("/insights/?period_from=2026-02-30&period_to=abc")
    assert page.status_code == 200
    assert "Enter a valid date." in page.content.decode()
    answer = client.get("/api/insights/overview?period_from=2026-05-01&period_to=2026-01-01")
    assert answer.status_code == 422
    assert answer.json()["errors"] == {
        "period_to": ["The end of the period must be after its start."]
    }
