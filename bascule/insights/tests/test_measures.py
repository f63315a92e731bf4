"""The measures of impact on a company where every answer is known (measures_world.py):
learning, behaviour, results and bridging, their API, the small-cell rule under narrowing
filters, and their query counts."""

import datetime as dt
import json
from collections.abc import Iterator

import numpy as np
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from scipy import stats as sps

from bascule.insights import stats
from bascule.insights.behaviour import behaviour
from bascule.insights.bridging import bridging
from bascule.insights.learning import BASELINE, learning
from bascule.insights.results import results
from bascule.insights.scope import Scope, parse_level_band
from bascule.insights.tests import measures_world as world_module
from bascule.insights.tests.measures_world import A_RATINGS, B_RATINGS, BASELINE_A, TODAY, build
from bascule.people.models import Employee

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(company):
    return build(company)


def scope_of(world, **filters) -> Scope:
    return Scope(programs=(world["program"].pk,), **filters)


def growth(rows, key, role):
    return next(row for row in rows if row.key == key and row.role == role)


# --- Scope ----------------------------------------------------------------------------------


def test_a_scope_checks_its_band_and_period():
    assert parse_level_band("3-4") == (3, 4)
    for wrong in ("4-3", "0-2", "9", "a-b", "", "1-9"):
        with pytest.raises(ValueError):
            parse_level_band(wrong)
    with pytest.raises(ValueError):
        Scope(date_from=TODAY, date_to=world_module.START)
    assert Scope(programs=(3, 1, 3)).programs == (1, 3)


# --- Learning -------------------------------------------------------------------------------


def test_learning_gives_each_skills_change_over_five_people_or_more(world):
    report = learning(scope_of(world))
    a = growth(report.skills, f"skill:{world['skill_a'].pk}", "mentee")
    before = [b for b, _a in A_RATINGS]
    after = [a for _b, a in A_RATINGS]
    assert a.n == 6 and not a.hidden
    assert a.mean_before == pytest.approx(11 / 6)
    assert a.mean_after == pytest.approx(3.0)
    assert a.median_change == 1.0
    assert a.mean_change == pytest.approx(7 / 6)
    differences = np.subtract(after, before)
    half = sps.t.ppf(0.975, 5) * differences.std(ddof=1) / np.sqrt(6)
    assert (a.change_low, a.change_high) == pytest.approx((7 / 6 - half, 7 / 6 + half))
    assert a.p_value == pytest.approx(sps.wilcoxon(differences).pvalue)
    # Three mentees rated B, four mentors rated A: hidden, their size too.
    b = growth(report.skills, f"skill:{world['skill_b'].pk}", "mentee")
    mentors = growth(report.skills, f"skill:{world['skill_a'].pk}", "mentor")
    for hidden in (b, mentors):
        assert hidden.hidden and hidden.n is None and hidden.mean_before is None


def test_a_category_averages_each_persons_skills_first(world):
    report = learning(scope_of(world))
    category = growth(report.categories, f"category:{world['category'].pk}", "mentee")
    before = [b for b, _a in A_RATINGS]
    after = [a for _b, a in A_RATINGS]
    for i, (b, a) in enumerate(B_RATINGS):
        before[i] = (before[i] + b) / 2
        after[i] = (after[i] + a) / 2
    expected = stats.paired_change(before, after)
    assert category.n == 6
    assert category.mean_before == pytest.approx(1.75)
    assert category.median_change == pytest.approx(expected.median_difference)
    assert category.p_value == pytest.approx(expected.wilcoxon.p_value)


def test_learning_from_the_baseline(world):
    report = learning(scope_of(world), basis=BASELINE)
    a = growth(report.skills, f"skill:{world['skill_a'].pk}", "mentee")
    assert a.n == 6
    assert a.mean_before == pytest.approx(np.mean(BASELINE_A))
    assert a.mean_change == pytest.approx(8 / 6)
    assert a.median_change == 1.0
    # Nobody rated B in the baseline.
    assert not [row for row in report.skills if row.key == f"skill:{world['skill_b'].pk}"]


def test_learning_narrowed_to_a_level_band_hides_a_group_under_five(world):
    # Level 5 is the sixth mentee alone; level 6 the five others.
    assert (
        growth(
            learning(scope_of(world, level_band="5-6")).skills,
            f"skill:{world['skill_a'].pk}",
            "mentee",
        ).n
        == 6
    )
    narrowed = learning(scope_of(world, location="Paris")).skills  # two mentees
    assert growth(narrowed, f"skill:{world['skill_a'].pk}", "mentee").hidden


# --- Behaviour ------------------------------------------------------------------------------


def test_goals_reached_by_direction(world):
    report = behaviour(scope_of(world), today=TODAY)
    learning_goals, growth_goals = report.goals
    assert learning_goals.direction == "learning"
    # The 4 achieved goals are a small count: the share is shown, the count is not.
    assert (learning_goals.pairs, learning_goals.goals, learning_goals.achieved) == (6, 6, None)
    proportion = stats.wilson(4, 6)
    assert (learning_goals.share, learning_goals.low, learning_goals.high) == pytest.approx(
        (4 / 6, proportion.low, proportion.high)
    )
    statuses = {cell.key: cell for cell in learning_goals.statuses}
    # 4 achieved, 1 dropped, 1 in progress: the three small counts hidden, the 0 shown.
    assert statuses["not_started"].count == 0
    assert all(statuses[key].hidden for key in ("achieved", "dropped", "in_progress"))
    assert statuses["total"].count == 6
    assert growth_goals.hidden and growth_goals.pairs is None  # three pairs


def test_meetings_kept_against_the_cadence(world):
    meetings = behaviour(scope_of(world), today=TODAY).meetings
    # 180 days, a meeting every 2 weeks: 12 planned per pair; 14 held count as 12.
    assert (meetings.pairs, meetings.planned, meetings.held) == (6, 72, 48)
    assert meetings.share == pytest.approx(2 / 3)
    assert meetings.median_pair_share == pytest.approx(0.75)


def test_behaviours_practised_use_each_members_latest_answer(world):
    (row,) = behaviour(scope_of(world), today=TODAY).practised
    assert row.module_id == world["module"].pk
    assert row.respondents == 6
    assert (row.yes, row.partly, row.no) == pytest.approx((3 / 6, 2 / 6, 1 / 6))
    (narrowed,) = behaviour(scope_of(world, location="Paris"), today=TODAY).practised
    assert narrowed.hidden and narrowed.respondents is None and narrowed.yes is None


# --- Results --------------------------------------------------------------------------------


def test_results_wrap_retention_and_measure_mobility(world):
    report = results(scope_of(world), analysis_date=TODAY)
    mentor_cells = {cell.key: cell for cell in report.matching["mentor"]}
    assert mentor_cells["no_peer"].count == 6 and mentor_cells["matched"].count == 0
    retention = {(o.outcome, o.role): o for o in report.outcomes}
    mentees = retention[("retention", "mentee")]
    assert mentees.participants.n == 6 and mentees.peers.n == 18
    assert mentees.p_value is None  # nobody left
    assert mentees.sentences[-1] == "The two groups cannot be compared yet: nobody has left."
    assert retention[("retention", "mentor")].participants.hidden
    mobility = {m.role: m for m in report.mobility}
    ours, theirs = mobility["mentee"].participants, mobility["mentee"].peers
    assert (ours.n, theirs.n) == (6, 18)
    assert (ours.k, theirs.k) == (None, None)  # 2 and 3: small counts
    assert (ours.estimate, theirs.estimate) == pytest.approx((2 / 6, 3 / 18))
    low, high = stats.wilson(2, 6).low, stats.wilson(2, 6).high
    assert (ours.low, ours.high) == pytest.approx((low, high))
    assert mobility["mentee"].sentences[0].startswith("33\u00a0% of mentees changed department")
    assert mobility["mentor"].participants.hidden and mobility["mentor"].peers.hidden


def test_a_move_counts_only_between_the_start_and_the_leaving_or_the_analysis_date(world):
    mentees = [pair.mentee for pair in world["pairs"]]
    peers = list(
        Employee.objects.filter(department=world["sales"], hire_date=dt.date(2010, 1, 1))
        .exclude(pk__in=[m.pk for m in mentees])
        .order_by("pk")
    )
    assert len(peers) == 18
    # Moved before the start, and again after leaving: not a move while followed.
    Employee.objects.filter(pk=peers[5].pk).update(left_on=dt.date(2024, 9, 1))
    world_module.change(peers[5], "job_title", "A", "B", dt.date(2023, 6, 1))
    world_module.change(peers[5], "job_title", "B", "C", dt.date(2024, 10, 1))
    # Moved before the start, and again while followed: a move.
    world_module.change(peers[6], "job_title", "A", "B", dt.date(2023, 2, 1))
    world_module.change(peers[6], "job_title", "B", "C", dt.date(2025, 2, 1))
    # After the analysis date, and on the start day itself: not after the start.
    world_module.change(peers[7], "job_title", "A", "B", dt.date(2026, 3, 1))
    world_module.change(peers[8], "job_title", "A", "B", dt.date(2024, 1, 1))
    # A mentee who left, then changed title (a file's late correction): not a move.
    Employee.objects.filter(pk=mentees[3].pk).update(left_on=dt.date(2024, 6, 1))
    world_module.change(mentees[3], "job_title", "A", "B", dt.date(2024, 8, 1))
    report = results(scope_of(world), analysis_date=TODAY)
    mobility = {m.role: m for m in report.mobility}
    ours, theirs = mobility["mentee"].participants, mobility["mentee"].peers
    assert (ours.n, theirs.n) == (6, 18)
    assert (ours.estimate, theirs.estimate) == pytest.approx((2 / 6, 4 / 18))


def test_results_narrowed_to_people_keep_the_others_out_of_the_peers(world):
    report = results(scope_of(world, location="Lyon"), analysis_date=TODAY)
    mentees = next(o for o in report.outcomes if o.outcome == "retention" and o.role == "mentee")
    # Four mentees in Lyon: hidden, and the two others are never their peers.
    assert mentees.participants.hidden
    cells = {cell.key: cell for cell in report.matching["mentee"]}
    assert cells["matched"].hidden and cells["total"].hidden


# --- Bridging -------------------------------------------------------------------------------


def test_bridging_reach_and_level_gap(world):
    report = bridging(scope_of(world))
    assert report.pairs == 6
    assert (report.cross_department.k, report.cross_department.n) == (6, 6)
    assert report.cross_department.estimate == 1.0
    # 4 of 6: the rate is shown, the small count is not.
    assert (report.cross_location.k, report.cross_location.n) == (None, 6)
    assert report.cross_location.estimate == pytest.approx(4 / 6)
    gaps = {cell.key: cell for cell in report.level_gap}
    # 5 pairs 4 levels apart, 1 pair 3 apart: the 1 is small, the 5 hidden with it.
    assert gaps["3"].hidden and gaps["3"].reason == "small"
    assert gaps["4"].hidden and gaps["4"].reason == "complementary"
    assert gaps["total"].count == 6


def test_generations_with_complementary_suppression(world):
    report = bridging(scope_of(world))
    rows = {row.band: {cell.key: cell for cell in row.cells} for row in report.generations}
    # Mentors: 5 millennials, 1 gen_z; mentees: 6 gen_x.
    assert rows["gen_z"]["mentor"].reason == "small"
    assert rows["gen_z"]["total"].reason == "small"
    assert rows["millennials"]["mentor"].reason == "complementary"
    assert rows["millennials"]["total"].reason == "complementary"
    assert rows["gen_x"]["mentee"].count == 6
    assert rows["total"]["mentor"].count == 6 and rows["total"]["total"].count == 12
    hidden = [(band, key) for band, cells in rows.items() for key, c in cells.items() if c.hidden]
    assert sorted(hidden) == [
        ("gen_z", "mentor"),
        ("gen_z", "total"),
        ("millennials", "mentor"),
        ("millennials", "total"),
    ]
    assert "age" not in json.dumps([row.label for row in report.generations]).lower()


# --- API ------------------------------------------------------------------------------------

ROUTES = ("learning", "behaviour", "results", "bridging")
# The keys that count people (or pairs) in the answers.
COUNTS = {"n", "k", "count", "pairs", "respondents", "goals", "achieved"}


def _numbers(node, key=None) -> Iterator[tuple[str, object]]:
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _numbers(v, k)
    elif isinstance(node, list):
        for v in node:
            yield from _numbers(v, key)
    else:
        yield key, node


def test_the_api_answers_the_same_figures(world, company, client):
    client.force_login(company.paul)
    program = world["program"].pk
    body = client.get(f"/api/insights/learning?programs={program}").json()
    a = next(
        row
        for row in body["skills"]
        if row["key"] == f"skill:{world['skill_a'].pk}" and row["role"] == "mentee"
    )
    assert a["n"] == 6 and a["median_change"] == 1.0
    body = client.get(f"/api/insights/bridging?programs={program}").json()
    assert body["cross_location"]["estimate"] == pytest.approx(4 / 6)
    body = client.get(f"/api/insights/behaviour?programs={program}").json()
    assert body["meetings"]["planned"] == 72
    body = client.get(f"/api/insights/results?programs={program}").json()
    assert [m["participants"]["n"] for m in body["mobility"]] == [None, 6]


@pytest.mark.parametrize(
    "query",
    [
        "location=Paris",
        "location=Lyon",
        "level_band=5-6",
        "level_band=1-2",
        "level_band=3-4",
        "location=paris&level_band=5-6",
        "location=Paris&level_band=1-2",
        "date_from=2024-05-01&date_to=2024-05-02&location=Lyon",
    ],
)
def test_narrowing_filters_never_show_a_group_of_one_to_four(world, company, client, query):
    client.force_login(company.alice)
    departments = [world["tech"].pk, world["sales"].pk, None]
    for department in departments:
        extra = f"&department_id={department}" if department else ""
        for route in ROUTES:
            response = client.get(f"/api/insights/{route}?{query}{extra}")
            assert response.status_code == 200, response.content
            small = [
                (key, value)
                for key, value in _numbers(response.json())
                if (key in COUNTS or key == "at_risk")
                and isinstance(value, int)
                and 0 < value < stats.MIN_CELL
            ]
            assert not small, (route, query, department, small)


@pytest.mark.parametrize(
    "query",
    [
        "level_band=9-10",
        "level_band=abc",
        "date_from=2024-13-01",
        "date_from=2025-01-01&date_to=2024-01-01",
        "department_id=-1",
        "department_id=99999999999999999999",
        "programs=abc",
        "location=" + "x" * 500,
        "location=%00",
        "date_from=0000-01-01",
        "programs=-5",
        "programs=0",
        "programs=99999999999999999999999",
    ],
)
def test_odd_input_is_a_4xx(company, client, query):
    client.force_login(company.alice)
    for route in ROUTES:
        response = client.get(f"/api/insights/{route}?{query}")
        assert 400 <= response.status_code < 500, (route, query, response.status_code)


@pytest.mark.parametrize("query", ["location=%ED%A0%80", "basis=" + "y" * 50, "unknown=1"])
def test_input_that_filters_nothing_is_never_a_500(company, client, query):
    # Bytes that are not UTF-8 are read as U+FFFD; `basis` is only learning's.
    client.force_login(company.alice)
    for route in ROUTES:
        response = client.get(f"/api/insights/{route}?{query}")
        assert response.status_code in (200, 422), (route, query, response.status_code)


def test_an_unknown_basis_is_refused(company, client):
    client.force_login(company.alice)
    response = client.get("/api/insights/learning?basis=guess")
    assert response.status_code == 422
    assert "basis" in response.json()["errors"]


def test_a_manager_reads_only_the_programs_they_manage(world, company, client):
    other = build()  # managed by nobody
    client.force_login(company.paul)
    assert client.get(f"/api/insights/bridging?programs={other['program'].pk}").status_code == 404
    both = f"programs={other['program'].pk}&programs={world['program'].pk}"
    assert client.get(f"/api/insights/bridging?{both}").status_code == 404
    # With no program named, their own programs only: 6 pairs, not 12.
    assert client.get("/api/insights/bridging").json()["pairs"] == 6
    client.force_login(company.alice)
    assert client.get("/api/insights/bridging").json()["pairs"] == 12
    assert client.get(f"/api/insights/bridging?{both}").json()["pairs"] == 12


def test_the_routes_sit_next_to_other_insights_routers():
    assert reverse("api:get_learning_measures") == "/api/insights/learning"
    assert reverse("api:get_bridging_measures") == "/api/insights/bridging"


# --- Query counts ---------------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("route", ROUTES)
def test_query_counts_do_not_grow_with_the_data(
    route, company, client, django_assert_max_num_queries
):
    client.force_login(company.alice)
    url = f"/api/insights/{route}"
    build(company)
    client.get(url)  # warm caches (the session, the user)
    few = _queries(client, url)
    build(company, pairs=18)
    build(company, pairs=12)
    with django_assert_max_num_queries(few):
        assert client.get(url).status_code == 200


def test_a_person_counts_once_per_skill_with_their_latest_rating(world):
    from bascule.evaluations.models import Question, Response, SkillRating, Survey
    from bascule.pairing.models import Pair
    from bascule.programs.models import Application, Program

    first = world["pairs"][0]
    # The first mentee, in a second program, rates A again later.
    program = Program.objects.create(
        name="Again", status="closed", starts_on=world_module.START, ends_on=world_module.END
    )
    mentor = world_module.person(world["tech"], 2, world_module.START, location="Paris")

    def application(employee, role):
        return Application.objects.create(
            program=program, employee=employee, role=role, status="approved"
        )

    second = Pair.objects.create(
        program=program,
        mentor=mentor,
        mentor_application=application(mentor, "mentor"),
        mentee=first.mentee,
        mentee_application=application(first.mentee, "mentee"),
        published_at=world_module.aware(world_module.START),
    )
    survey = Survey.objects.create(
        program=program,
        kind="end",
        title_fr="Fin",
        title_en="End",
        opens_on=world_module.START,
        closes_on=world_module.END,
    )
    question = Question.objects.create(survey=survey, kind="skills", text_fr="N", text_en="L")
    response = Response.objects.create(
        survey=survey,
        respondent=first.mentee,
        pair=second,
        role="mentee",
        submitted_at=world_module.aware(world_module.END) + dt.timedelta(days=1),
    )
    SkillRating.objects.create(
        response=response, question=question, skill=world["skill_a"], before=3, now=4
    )
    both = Scope(programs=(world["program"].pk, program.pk))
    a = growth(learning(both).skills, f"skill:{world['skill_a'].pk}", "mentee")
    # Still six people; the first mentee's change is now 4 − 3 = 1 instead of 2.
    assert a.n == 6
    assert a.mean_change == pytest.approx(6 / 6)
