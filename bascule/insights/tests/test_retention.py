"""Retention against matched peers, on a company where the answer is known."""

import datetime as dt
import itertools

import pytest
from django.utils import timezone, translation

from bascule.insights import retention, stats
from bascule.pairing.models import Pair
from bascule.people.models import Department, Employee, EmployeeChange, HistorySource
from bascule.programs.models import Application, ApplicationStatus, Program, ProgramStatus

pytestmark = pytest.mark.django_db

START = dt.date(2024, 1, 1)
TODAY = dt.date(2026, 1, 1)
_ids = itertools.count(1)


def person(department, level, hired, **fields):
    number = next(_ids)
    return Employee.objects.create(
        employee_id=f"IN{number:05d}",
        first_name="Person",
        last_name=f"N{number}",
        email=f"insights.{number}@example.com",
        department=department,
        seniority_level=level,
        hire_date=hired,
        **fields,
    )


def change(employee, name, old, new, day):
    EmployeeChange.objects.create(
        employee=employee,
        field=name,
        old_value=str(old),
        new_value=str(new),
        effective_on=day,
        source=HistorySource.HISTORY,
    )


def program(name="Reverse 2024", starts_on=START):
    return Program.objects.create(
        name=name,
        status=ProgramStatus.CLOSED,
        starts_on=starts_on,
        ends_on=starts_on + dt.timedelta(days=180),
    )


def pair(prog, mentor, mentee):
    def application(employee, role):
        return Application.objects.create(
            program=prog, employee=employee, role=role, status=ApplicationStatus.APPROVED
        )

    return Pair.objects.create(
        program=prog,
        mentor=mentor,
        mentor_application=application(mentor, "mentor"),
        mentee=mentee,
        mentee_application=application(mentee, "mentee"),
        published_at=timezone.now(),
    )


@pytest.fixture
def company():
    """Six junior mentors in Tech matched with exactly 18 peers (so every one is drawn),
    seven senior mentees in Sales among 20 possible peers, three unmatched mentors, and
    colleagues in the stratum who may never be drawn."""
    tech = Department.objects.create(name="Tech")
    sales = Department.objects.create(name="Sales")
    prog = program()
    mentors = [person(tech, 1, dt.date(2023, 1, 1)) for _ in range(6)]
    mentees = [person(sales, 7, dt.date(2010, 1, 1)) for _ in range(4)]
    unmatched = [
        person(tech, 1, None),  # unknown hire date
        person(None, 1, dt.date(2023, 1, 1)),  # unknown department
        person(tech, 1, dt.date(2005, 1, 1)),  # nobody with 10+ years at levels 1–2
    ]
    extra_mentees = [person(sales, 7, dt.date(2010, 1, 1)) for _ in range(3)]
    extra_mentees += [person(sales, 7, None) for _ in range(2)]  # unknown hire dates
    for mentor, mentee in zip(mentors + unmatched, mentees + extra_mentees, strict=True):
        pair(prog, mentor, mentee)
    mentor_peers = [person(tech, 2, dt.date(2022, 6, 1)) for _ in range(18)]
    mentee_peers = [person(sales, 8, dt.date(2012, 1, 1)) for _ in range(20)]
    # Never drawn: another level band, another tenure band, a past participant, an erased
    # person, someone who left before the start, someone hired after it, no hire date.
    person(tech, 5, dt.date(2022, 6, 1))
    person(tech, 2, dt.date(2015, 6, 1))
    past = person(tech, 2, dt.date(2022, 6, 1))
    Application.objects.create(
        program=program("Earlier", dt.date(2023, 1, 1)),
        employee=past,
        role="mentor",
        status=ApplicationStatus.APPROVED,
    )
    person(tech, 2, dt.date(2022, 6, 1), erased_at=timezone.now())
    person(tech, 2, dt.date(2022, 6, 1), left_on=dt.date(2023, 12, 1))
    person(tech, 2, dt.date(2024, 2, 1))
    person(tech, 2, None)
    # Leaving: one mentor after about six months, six peers after two.
    Employee.objects.filter(pk=mentors[0].pk).update(left_on=dt.date(2024, 7, 2))
    Employee.objects.filter(pk__in=[p.pk for p in mentor_peers[:6]]).update(
        left_on=dt.date(2024, 3, 1)
    )
    # Promotions: a mentor in April 2024; a peer in May 2024; a peer demoted (not a
    # promotion); a peer promoted before the start (not counted); a leaver promoted after
    # leaving (not counted).
    change(mentors[1], "seniority_level", 1, 2, dt.date(2024, 4, 1))
    change(mentor_peers[6], "seniority_level", 2, 3, dt.date(2024, 5, 1))
    change(mentor_peers[7], "seniority_level", 2, 1, dt.date(2024, 5, 1))
    change(mentor_peers[8], "seniority_level", 1, 2, dt.date(2023, 6, 1))
    change(mentor_peers[0], "seniority_level", 2, 3, dt.date(2024, 6, 1))
    return {
        "program": prog,
        "mentors": mentors,
        "mentees": mentees + extra_mentees,
        "unmatched": unmatched,
        "mentor_peers": mentor_peers,
        "mentee_peers": mentee_peers,
    }


def test_matching_and_retention_of_mentors(company):
    report = retention.compare_retention([company["program"]], analysis_date=TODAY)
    matches = report.matches["mentor"]
    assert set(matches) == {m.pk for m in company["mentors"]}
    assert all(len(peers) == 3 for peers in matches.values())
    drawn = [peer for peers in matches.values() for peer in peers]
    assert sorted(drawn) == sorted(p.pk for p in company["mentor_peers"])  # without replacement

    matching = report.matching["mentor"]
    counts = matching.breakdown.counts
    assert counts["matched"] == 6
    assert counts[retention.UNKNOWN_HIRE_DATE] == 1
    assert counts[retention.UNKNOWN_DEPARTMENT] == 1
    assert counts[retention.NO_PEER] == 1
    # Each reason names one person: hidden. Three hidden cells: none can be deduced from
    # the total, so the matched count stays shown.
    assert matching.breakdown.value(retention.NO_PEER) is None
    assert matching.breakdown.value(retention.UNKNOWN_DEPARTMENT) is None
    assert matching.breakdown.value("matched") == 6
    assert matching.breakdown.value(stats.TOTAL) == 9
    assert matching.peers == 18
    assert matching.peers_without_hire_date == 1

    mentors = report.retention["mentor"]
    assert mentors.participants.n == 6 and mentors.peers.n == 18
    assert mentors.participants.milestone(6).k == 6
    twelve = mentors.participants.milestone(12)
    assert (twelve.k, twelve.n) == (5, 6)
    assert twelve.low == pytest.approx(stats.wilson(5, 6).low)
    peers_twelve = mentors.peers.milestone(12)
    assert (peers_twelve.k, peers_twelve.n) == (12, 18)
    assert mentors.participants.curve.survival_at(7) == pytest.approx(5 / 6)
    assert mentors.peers.curve.survival_at(3) == pytest.approx(12 / 18)

    month = retention.MONTH_DAYS
    expected = stats.logrank(
        [(dt.date(2024, 7, 2) - START).days / month] + [(TODAY - START).days / month] * 5,
        [True] + [False] * 5,
        [(dt.date(2024, 3, 1) - START).days / month] * 6 + [(TODAY - START).days / month] * 12,
        [True] * 6 + [False] * 12,
    )
    assert mentors.test == expected


def test_promotions_are_dated_by_the_history(company):
    report = retention.compare_retention([company["program"]], analysis_date=TODAY)
    promotion = report.promotion["mentor"]
    six = promotion.participants.milestone(6)
    assert (six.k, six.n) == (1, 6)
    # Six peers left after two months without a promotion: unknown at six months.
    peers_six = promotion.peers.milestone(6)
    assert (peers_six.k, peers_six.n) == (1, 12)
    assert promotion.participants.curve.events == 1
    assert promotion.peers.curve.events == 1


def test_a_group_under_five_is_hidden(company):
    report = retention.compare_retention([company["program"]], analysis_date=TODAY)
    # Seven mentees, twenty possible peers: six get three and the seventh two.
    mentees = report.retention["mentee"]
    assert mentees.participants.n == 7 and mentees.peers.n == 20
    assert report.matching["mentee"].breakdown.counts[retention.UNKNOWN_HIRE_DATE] == 2
    small = retention.compare_retention(
        [company["program"]], analysis_date=TODAY, peers_per_participant=1
    )
    assert small.retention["mentee"].peers.n == 7
    Employee.objects.filter(pk__in=[m.pk for m in company["mentees"][4:]]).update(
        seniority_level=None
    )
    hidden = retention.compare_retention([company["program"]], analysis_date=TODAY)
    group = hidden.retention["mentee"]
    assert group.participants.n is None and group.participants.curve is None
    assert group.participants.milestones == () and group.test is None
    assert group.peers.n == 12
    assert hidden.matching["mentee"].breakdown.counts[retention.UNKNOWN_LEVEL] == 5
    with translation.override("en"):
        assert "Too few people" in group.sentences()[0]


def test_draws_are_deterministic(company):
    first = retention.compare_retention([company["program"]], analysis_date=TODAY, seed=4)
    again = retention.compare_retention([company["program"]], analysis_date=TODAY, seed=4)
    other = retention.compare_retention([company["program"]], analysis_date=TODAY, seed=5)
    assert first.matches == again.matches
    assert first == again  # reports compare (their arrays are left out of it)
    assert first.matches["mentee"] != other.matches["mentee"]
    assert first.retention["mentee"].test == again.retention["mentee"].test


def test_sentences_in_both_languages(company):
    report = retention.compare_retention([company["program"]], analysis_date=TODAY)
    with translation.override("en"):
        english = report.retention["mentor"].sentences()
    with translation.override("fr"):
        french = report.retention["mentor"].sentences()
    assert english[0].startswith("83\u00a0% of mentors were still in the company 12 months")
    assert "against 67\u00a0% of 18 comparable colleagues" in english[0]
    assert "association, not proof" in english[-1]
    assert "95 % interval" in english[1]
    assert french[0].startswith("83\u00a0% des mentors")
    assert "association" in french[-1] and french[-1] != english[-1]


def test_the_history_places_people_where_they_were_at_the_start():
    tech = Department.objects.create(name="Tech")
    sales = Department.objects.create(name="Sales")
    prog = program()
    # Moved to Sales in 2025: in Tech at the start, by the "before" of the later change.
    moved_later = person(sales, 1, dt.date(2023, 1, 1))
    change(moved_later, "department", "Tech", "Sales", dt.date(2025, 1, 1))
    # In Tech today, but the history says Sales from mid-2023 until 2025.
    moved_before = person(tech, 7, dt.date(2010, 1, 1))
    change(moved_before, "department", "Tech", "Sales", dt.date(2023, 6, 1))
    change(moved_before, "department", "Sales", "Tech", dt.date(2025, 1, 1))
    pair(prog, moved_later, moved_before)
    tech_peers = {person(tech, 1, dt.date(2023, 1, 1)).pk for _ in range(3)}
    sales_peers = {person(sales, 8, dt.date(2010, 6, 1)).pk for _ in range(3)}
    person(sales, 1, dt.date(2023, 1, 1))  # Sales today: not their stratum at the start
    person(tech, 7, dt.date(2010, 1, 1))  # Tech today: not theirs either

    report = retention.compare_retention([prog], analysis_date=TODAY)
    assert set(report.matches["mentor"][moved_later.pk]) == tech_peers
    assert set(report.matches["mentee"][moved_before.pk]) == sales_peers


def test_location_is_optional(company):
    Employee.objects.filter(pk__in=[p.pk for p in company["mentor_peers"][:9]]).update(
        location="Lyon"
    )
    Employee.objects.filter(pk__in=[m.pk for m in company["mentors"]]).update(location="Lyon")
    report = retention.compare_retention(
        [company["program"]], analysis_date=TODAY, match_location=True
    )
    drawn = {peer for peers in report.matches["mentor"].values() for peer in peers}
    assert drawn == {p.pk for p in company["mentor_peers"][:9]}
    assert report.matching["mentor"].breakdown.counts[retention.NO_PEER] == 3
    assert report.matching["mentor"].breakdown.counts[retention.UNKNOWN_LOCATION] == 1


def test_programs_not_started_are_not_followed(company):
    later = program("Later", dt.date(2026, 6, 1))
    tech = Department.objects.get(name="Tech")
    pair(later, person(tech, 1, dt.date(2023, 1, 1)), person(tech, 7, dt.date(2010, 1, 1)))
    report = retention.compare_retention([company["program"], later], analysis_date=TODAY)
    assert report.matching["mentor"].breakdown.counts[retention.NOT_STARTED] == 1


@pytest.mark.parametrize("extra", [0, 60])
def test_queries_do_not_grow_with_the_company(company, extra, django_assert_max_num_queries):
    tech = Department.objects.get(name="Tech")
    for _ in range(extra):
        someone = person(tech, 2, dt.date(2022, 6, 1))
        change(someone, "seniority_level", 2, 3, dt.date(2024, 9, 1))
    with django_assert_max_num_queries(7):
        retention.compare_retention([company["program"]], analysis_date=TODAY)


def test_a_shared_workforce_gives_the_same_comparisons_without_reading_the_company_again(
    company, django_assert_max_num_queries
):
    # The executive report compares its scope, then each program, on one workforce.
    later = program("Later", dt.date(2024, 3, 1))
    tech = Department.objects.get(name="Tech")
    pair(later, person(tech, 1, dt.date(2023, 1, 1)), person(tech, 7, dt.date(2010, 1, 1)))
    workforce = retention.load_workforce(TODAY)
    for programs in ([company["program"], later], [company["program"]], [later]):
        alone = retention.compare_retention(programs, analysis_date=TODAY, seed=3)
        with django_assert_max_num_queries(1):  # the programs' pairs only
            shared = retention.compare_retention(
                programs, analysis_date=TODAY, seed=3, workforce=workforce
            )
        assert shared.matches == alone.matches
        for role in retention.ROLES:
            assert shared.retention[role] == alone.retention[role]
            assert shared.promotion[role] == alone.promotion[role]
            assert shared.matching[role] == alone.matching[role]
    # A participant of one program is never a peer in another's comparison either.
    shared = retention.compare_retention([later], analysis_date=TODAY, workforce=workforce)
    drawn = {peer for peers in shared.matches["mentor"].values() for peer in peers}
    assert not drawn & {m.pk for m in company["mentors"]}
    with pytest.raises(ValueError):
        retention.compare_retention(
            [later], analysis_date=TODAY - dt.timedelta(days=1), workforce=workforce
        )


def test_no_participants_and_bad_arguments():
    report = retention.compare_retention([], analysis_date=TODAY)
    comparison = report.retention["mentor"]
    assert comparison.participants.n is None and comparison.test is None
    assert report.matching["mentor"].breakdown.counts == {"matched": 0, stats.TOTAL: 0}
    with translation.override("fr"):
        assert comparison.sentences()[0].startswith("Trop peu de personnes")
    with pytest.raises(ValueError):
        retention.compare_retention([], peers_per_participant=0)


def test_participants_can_be_narrowed_and_the_others_are_never_peers(company):
    everyone = retention.compare_retention([company["program"]], analysis_date=TODAY)
    mentees = list(everyone.matches["mentee"])
    narrowed = retention.compare_retention(
        [company["program"]], analysis_date=TODAY, participants=mentees[:2]
    )
    assert set(narrowed.matches["mentee"]) == set(mentees[:2])
    assert narrowed.matches["mentor"] == {}
    drawn = {peer for peers in narrowed.matches["mentee"].values() for peer in peers}
    assert not drawn & set(mentees)


def test_a_milestone_counts_only_people_who_started_long_enough_ago():
    # Ten started 30 months ago and all stayed; ten started 6 months ago, five of whom left
    # after 2 months. Those five cannot say anything about 24 months: nor can the five who
    # stayed. Counting the leavers but not the stayers would give 10 of 15 (67 %).
    follow = retention._Follow(  # noqa: SLF001 - the arithmetic of one group, alone
        durations=[30.0] * 10 + [2.0] * 5 + [6.0] * 5,
        observed=[False] * 10 + [True] * 5 + [False] * 5,
        horizons=[30.0] * 10 + [6.0] * 10,
    )
    group = retention._group("participants", follow, retention=True)  # noqa: SLF001
    two_years = group.milestone(24)
    assert (two_years.k, two_years.n) == (10, 10)
    six_months = group.milestone(6)
    assert (six_months.k, six_months.n) == (15, 20)


def test_a_colleague_in_the_pools_of_two_starts_is_drawn_once_and_the_last_deal_may_be_short():
    """Two programs starting a year apart, the same stratum at both starts: their mentees'
    peers come from one pool of four colleagues. Three participants want three peers each:
    the first drawn gets three, the second the last one, the third none."""
    sales, tech = Department.objects.create(name="Sales"), Department.objects.create(name="IT")
    first, second = program("First", START), program("Second", dt.date(2025, 1, 1))
    hired = dt.date(2014, 1, 1)  # 10 years or more at both starts: one tenure band
    colleagues = {person(sales, 7, hired).pk for _ in range(4)}
    pair(first, person(tech, 1, dt.date(2023, 1, 1)), person(sales, 7, hired))
    pair(second, person(tech, 1, dt.date(2023, 1, 1)), person(sales, 7, hired))
    pair(second, person(tech, 1, dt.date(2023, 1, 1)), person(sales, 7, hired))
    for seed in range(5):
        report = retention.compare_retention([first, second], analysis_date=TODAY, seed=seed)
        drawn = [peer for peers in report.matches["mentee"].values() for peer in peers]
        assert sorted(drawn) == sorted(colleagues)  # each once, all four
        assert sorted(len(peers) for peers in report.matches["mentee"].values()) == [1, 3]
        assert report.matching["mentee"].breakdown.counts[retention.NO_PEER] == 1
        assert report.matching["mentee"].peers == 4


def test_a_p_value_reads_the_same_in_the_sentence_and_beside_it():
    with translation.override("en"):
        assert retention._p_value(0.015) == "p = 0.015"
        assert retention._p_value(0.2) == "p = 0.200"
        assert retention._p_value(0.0004) == "p < 0.001"
    with translation.override("fr"):
        assert retention._p_value(0.015) == "p = 0,015"
