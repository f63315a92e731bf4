"""The Overview and Reaction figures on known data, their small-cell rule, and the filters."""

import datetime as dt

import pytest
from django.http import Http404
from django.utils import timezone, translation

from bascule.insights import dashboard, overview, reaction
from bascule.insights.filters import add_months, read_filters
from bascule.insights.tests.factories import answer_surveys, invite, make_cohort, person
from bascule.journey.models import CheckIn
from bascule.programs.models import ApplicationStatus, ParticipantRole

pytestmark = pytest.mark.django_db

MENTOR, MENTEE = ParticipantRole.MENTOR, ParticipantRole.MENTEE


def scope_for(user, **data):
    return read_filters(user=user, data={k: str(v) for k, v in data.items()}).scope


def figure(figures, figure_id):
    return next(f for f in figures if f.id == figure_id)


def values(fig):
    return {name: list(s.values) for name, s in ((s.name, s) for s in fig.series)}


def test_the_funnel_counts_invited_applied_approved_and_paired(company):
    cohort = make_cohort(4)  # 8 approved, all paired
    from bascule.insights.tests.factories import application

    extra = [person(company.marketing) for _ in range(3)]
    for employee in extra:
        application(cohort.program, employee, MENTEE, status=ApplicationStatus.SUBMITTED)
    invite(cohort.program, [*cohort.mentors, *cohort.mentees, *extra][:9])
    scope = scope_for(company.alice, program=cohort.program.pk)
    result = overview.funnel(scope)
    assert result.labels == ["Invited", "Applied", "Approved", "Paired"]
    assert result.series[0].values == [9, 11, 8, 8]
    assert result.summary == "8 of the 11 applications led to a pair."


def test_goals_both_ways_with_complementary_suppression(company):
    cohort = make_cohort(6)
    scope = scope_for(company.alice, program=cohort.program.pk)
    goals = overview.goals(scope)
    # Learning goals: 6 reached; growth goals: 6 in progress.
    assert [s.values for s in goals.series] == [[6, 0], [0, 6]]
    # One growth goal reached: 1 is small, hidden; the growth line would give it back from
    # its total, so its other cell is hidden too; the columns likewise.
    from bascule.journey.models import Goal, GoalDirection, GoalStatus

    Goal.objects.filter(pair=cohort.pairs[0], direction=GoalDirection.GROWTH).update(
        status=GoalStatus.ACHIEVED
    )
    goals = overview.goals(scope)
    reached, other = (s.values for s in goals.series)
    assert reached[1] is None and other[1] is None
    assert None in (reached[0], other[0])  # the learning row hides one cell too
    chart = goals.chart()
    assert "hidden (fewer than 5)" in str(chart.svg)


def test_reaction_by_role_hides_a_small_role_and_its_complement(company):
    cohort = make_cohort(6)
    scope = scope_for(company.alice, program=cohort.program.pk)
    answers = [(pair, MENTOR, 4, 9) for pair in cohort.pairs]  # 6 mentors
    answers += [(pair, MENTEE, 2, 3) for pair in cohort.pairs[:3]]  # 3 mentees
    answer_surveys(cohort.program, answers)
    satisfaction = reaction.satisfaction(scope)
    # The mentees (3) are hidden; the mentors' figure would give them away from the total
    # (9 respondents, a mean of 3.3): hidden too.
    assert satisfaction.series[0].values == [None, None]
    assert all("fewer than 5" in label for label in satisfaction.labels)
    # The total is shown: with both roles hidden, it gives neither away.
    assert satisfaction.summary.startswith("9 people answered")
    answer_surveys(cohort.program, [(pair, MENTEE, 3, 7) for pair in cohort.pairs[3:]])
    satisfaction = reaction.satisfaction(scope)
    assert satisfaction.series[0].values == [4.0, 2.5]
    assert satisfaction.labels == ["Mentor (6 respondents)", "Mentee (6 respondents)"]
    nps, scores = reaction.nps(scope)
    assert scores == {MENTOR: 100, MENTEE: -50}  # mentees: 0 promoters, 3 passives, 3 detractors
    assert [s.values for s in nps.series] == [[100, 0], [0, 50], [0, 50]]
    with translation.override("fr"):
        french = reaction.reaction(scope)
    assert french[1].summary == "Mentor : NPS +100; Mentoré·e : NPS -50."
    assert "sur 5" in french[0].summary


def test_health_meetings_checkins_and_first_meeting_over_enough_pairs(company):
    cohort = make_cohort(5)
    scope = scope_for(company.alice, program=cohort.program.pk)
    board = dashboard.dashboard(scope)
    assert board.participants == 10
    health = figure(board.overview, "health")
    latest = [s.values[-1] for s in health.series]
    assert sum(v or 0 for v in latest) == 5
    meetings = figure(board.overview, "meetings")
    held = meetings.series[0].values
    assert sum(v or 0 for v in held) == 10  # two meetings each
    # Each pair's first check-in period ended 22 days ago; both members answered it.
    rates = figure(board.overview, "checkin-rate").series[0].values
    assert [r for r in rates if r is not None] == [100]
    pulse = figure(board.overview, "pulse")
    assert pulse.series[0].values[-1] == 4.0
    first = figure(board.overview, "first-meeting")
    assert first.series[0].values == [20]  # approved 60 days ago, first met 40 days ago
    returning = figure(board.overview, "returning")
    assert returning.series[0].values == [0, 0]


def test_the_mean_pulse_counts_each_month_s_answers_by_members_within_the_window(company):
    cohort = make_cohort(6, published_days_ago=120)
    now = timezone.now()
    CheckIn.objects.update(created_at=now - dt.timedelta(seconds=1))  # this month: pulse 4
    first = timezone.localdate().replace(day=1)

    def answer(pair, member, period, pulse, month_offset=None, moment=None):
        if moment is None:
            day = add_months(first, month_offset) + dt.timedelta(days=3)
            moment = timezone.make_aware(dt.datetime.combine(day, dt.time(12)))
        checkin = CheckIn.objects.create(pair=pair, member=member, period=period, pulse=pulse)
        CheckIn.objects.filter(pk=checkin.pk).update(created_at=moment)

    pairs = cohort.pairs
    # Last month: the six mentors (pulse 2) and four mentees (pulse 5): 3.2 over 10 people.
    for pair in pairs:
        answer(pair, pair.mentor, 2, 2, -1)
    for pair in pairs[:4]:
        answer(pair, pair.mentee, 2, 5, -1)
    # Someone who is not a member of the pair: never counted.
    answer(pairs[0], person(), 2, 1, -1)
    # Two months ago, three people: hidden. Before the months shown, and after now: not counted.
    for pair in pairs[:3]:
        answer(pair, pair.mentor, 3, 1, -2)
    answer(pairs[0], pairs[0].mentee, 6, 1, -14)
    answer(pairs[1], pairs[1].mentee, 7, 1, moment=now + dt.timedelta(hours=1))
    scope = scope_for(company.alice, program=cohort.program.pk)
    pulse = figure(overview.overview(scope, now), "pulse").series[0].values
    assert pulse[-3:] == [None, 3.2, 4.0]
    assert all(value is None for value in pulse[:-3])


def test_a_month_in_which_no_pair_ran_says_zero_not_hidden(company):
    # 5 pairs formed 50 days ago: the 12 months shown start long before they ran.
    cohort = make_cohort(5)
    scope = scope_for(company.alice, program=cohort.program.pk)
    held, expected = figure(dashboard.dashboard(scope).overview, "meetings").series
    assert held.values[0] == expected.values[0] == 0
    assert sum(v or 0 for v in held.values) == 10
    # 3 pairs (6 people): while they run the counts are hidden; before, still a true 0.
    small = make_cohort(3)
    scope = scope_for(company.alice, program=small.program.pk)
    held, expected = figure(dashboard.dashboard(scope).overview, "meetings").series
    assert held.values[-1] is None and expected.values[-1] is None
    assert held.values[0] == expected.values[0] == 0


def test_fewer_than_five_participants_show_nothing(company):
    cohort = make_cohort(2)
    scope = scope_for(company.alice, program=cohort.program.pk)
    board = dashboard.dashboard(scope)
    assert board.too_few and board.overview == [] and board.reaction == []


def test_narrowing_the_filters_down_to_one_person_shows_nothing(company):
    cohort = make_cohort(5, department=company.marketing)
    # One more pair in Finance, Lyon: filtering on it narrows to a group of 2.
    make_cohort(1, program=cohort.program, department=company.finance, location="Lyon")
    everyone = dashboard.dashboard(scope_for(company.alice, program=cohort.program.pk))
    assert everyone.participants == 12
    for filters in (
        {"department": company.finance.pk},
        {"location": "Lyon"},
        {"department": company.marketing.pk, "location": "Lyon"},
        {"level_band": 3, "location": "Lyon"},
    ):
        board = dashboard.dashboard(scope_for(company.sophie, **filters))
        assert board.too_few, filters


def test_filters_refuse_impossible_periods_and_other_managers_programs(company):
    cohort = make_cohort(1)
    bad = read_filters(user=company.alice, data={"period_from": "2026-02-30"})
    assert bad.scope is None and "period_from" in bad.form.errors
    backwards = read_filters(
        user=company.alice, data={"period_from": "2026-05-01", "period_to": "2026-01-01"}
    )
    assert backwards.form.errors["period_to"] == ["The end of the period must be after its start."]
    long = read_filters(
        user=company.alice, data={"period_from": "2020-01-01", "period_to": "2026-01-01"}
    )
    assert "period_to" in long.form.errors
    with pytest.raises(Http404):
        read_filters(user=company.paul, data={"program": str(cohort.program.pk)})
    cohort.program.managers.add(company.paul)
    assert read_filters(user=company.paul, data={"program": str(cohort.program.pk)}).scope
    assert read_filters(user=company.sophie, data={"program": str(cohort.program.pk)}).scope


def test_the_period_defaults_to_the_last_twelve_months(company):
    scope = read_filters(user=company.alice, data={}, today=dt.date(2026, 12, 6)).scope
    assert (scope.start, scope.end) == (dt.date(2026, 1, 1), dt.date(2026, 12, 6))
    assert len(scope.months()) == 12


def test_the_funnel_stages_read_as_counts_in_french(company):
    cohort = make_cohort(4)
    scope = scope_for(company.alice, program=cohort.program.pk)
    with translation.override("fr"):
        result = overview.funnel(scope)
    assert result.labels == ["Invitations", "Candidatures", "Acceptées", "En binôme"]
