"""The demo's HR history and completed cohorts give the insights real shapes."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from bascule.accounts.models import User
from bascule.certificates.demo import PAST_PILOT_NAME
from bascule.demo.management.commands.seed_demo import LOGINS
from bascule.evaluations.models import Response, SkillRating, SurveyKind
from bascule.insights import retention
from bascule.insights.demo import PILOT_2024_NAME
from bascule.pairing.models import Pair, PairStatus
from bascule.people.models import Employee, EmployeeChange, HistoryField
from bascule.programs.models import Application, Program, ProgramStatus


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, seeded once for the module and rolled back at its end."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("seed_demo", seed=2026, stdout=io.StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def seeded(demo, db) -> None:
    """Each test reads the module's demo (its own changes rolled back)."""


def test_the_history_covers_two_years_of_every_kind(seeded):
    since = timezone.localdate() - dt.timedelta(days=730)
    recent = EmployeeChange.objects.filter(effective_on__gte=since)
    kinds = set(recent.values_list("field", flat=True))
    assert kinds == set(HistoryField.values)
    promotions = recent.filter(field=HistoryField.SENIORITY_LEVEL)
    assert promotions.count() >= 30
    assert all(int(c.new_value) == int(c.old_value) + 1 for c in promotions)
    # Each leaver of the period has their history row, on their leave date.
    leavers = Employee.objects.filter(left_on__gte=since)
    assert leavers.count() >= 40
    left = dict(recent.filter(field=HistoryField.LEFT_ON).values_list("employee_id", "new_value"))
    assert {pk: day.isoformat() for pk, day in leavers.values_list("pk", "left_on")} == left


def test_leavers_are_among_participants_and_not(seeded):
    cohort = Program.objects.get(name=PILOT_2024_NAME)
    members = set(Pair.objects.filter(program=cohort).values_list("mentor_id", flat=True))
    members |= set(Pair.objects.filter(program=cohort).values_list("mentee_id", flat=True))
    leavers = set(Employee.objects.filter(left_on__isnull=False).values_list("pk", flat=True))
    assert leavers & members
    assert leavers - members
    # Nobody of a program still going, nor any login, has left.
    live = Application.objects.exclude(program__status=ProgramStatus.CLOSED)
    assert not live.filter(employee__left_on__isnull=False).exists()
    assert not Pair.objects.filter(status=PairStatus.ACTIVE, mentor__left_on__isnull=False)
    assert not Pair.objects.filter(status=PairStatus.ACTIVE, mentee__left_on__isnull=False)
    assert not User.objects.filter(employee__left_on__isnull=False).exists()


def test_the_personas_are_untouched(seeded):
    for _label, email in LOGINS:
        user = User.objects.select_related("employee").get(email=email)
        assert user.is_active
        assert user.employee.left_on is None
        assert not EmployeeChange.objects.filter(employee=user.employee).exists()


def test_the_cohort_is_complete(seeded):
    cohort = Program.objects.get(name=PILOT_2024_NAME)
    assert cohort.status == ProgramStatus.CLOSED
    assert Pair.objects.filter(program=cohort, status=PairStatus.ENDED).count() >= 30
    end = Response.objects.filter(survey__program=cohort, survey__kind=SurveyKind.END)
    for role_field in ("pair__mentor", "pair__mentee"):
        answered = end.filter(respondent_id=F(f"{role_field}_id"))
        assert answered.count() >= 5
        # Skills rated at the start (looking back) and now, several of them.
        ratings = SkillRating.objects.filter(response__in=answered, before__isnull=False)
        assert ratings.values("skill").distinct().count() >= 3
    for relation in ("goals", "meetings", "checkins"):
        assert Pair.objects.filter(program=cohort, **{f"{relation}__isnull": False}).exists()


def test_the_retention_comparison_shows_results(seeded):
    cohorts = Program.objects.filter(name__in=[PILOT_2024_NAME, PAST_PILOT_NAME])
    report = retention.compare_retention(cohorts)
    for role in retention.ROLES:
        assert report.matching[role].breakdown.counts[retention.MATCHED] >= 5
        comparison = report.retention[role]
        assert comparison.participants.milestone(12) is not None
        assert comparison.peers.milestone(12) is not None
        assert comparison.test is not None
        # Invented on purpose: participants leave less often than their peers.
        ours = comparison.participants.milestone(12).estimate
        assert ours >= comparison.peers.milestone(12).estimate


def test_the_cohort_was_mostly_on_track_while_it_ran(seeded):
    """The pilot's pairs met every fortnight and answered their check-ins: at the end of each
    month it ran, most were on track (not "at risk" because its later facts were missing)."""
    from bascule.insights import services
    from bascule.insights.filters import add_months

    cohort = Program.objects.get(name=PILOT_2024_NAME)
    pairs = services.pairs_of_programs([cohort])
    month = add_months(cohort.starts_on.replace(day=1), 1)
    while services.month_end(month).date() <= cohort.ends_on:
        states = list(services.states_at(pairs, services.month_end(month)).values())
        assert len(states) == len(pairs)
        assert states.count("on_track") > len(states) / 2, (month, states)
        month = add_months(month, 1)
