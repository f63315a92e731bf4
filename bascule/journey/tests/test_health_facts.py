"""Pair health reads each pair's charter, meetings, check-ins and goals summed up by the
database, a row per pair (`_facts`): that summary must say exactly what the rows say.

Random pairs in programs of different cadences, published on period boundaries and in
between (and one not published yet), with meetings of every status and outcome (two at the
same time, one right now), check-ins in past, current and later periods, goals of every
status: each pair's summary is compared with the same facts read from its rows in Python.
"""

import datetime as dt
import random
from itertools import count

import pytest
import time_machine

from bascule.journey.checkins.selectors import period_at, period_length
from bascule.journey.health import selectors as health
from bascule.journey.models import CheckIn, Goal, GoalStatus, KickoffConfirmation
from bascule.meetings.models import Meeting, MeetingOutcome, MeetingStatus
from bascule.pairing.models import Pair, PairStatus
from bascule.programs.models import Application, ApplicationStatus, ParticipantRole, Program
from bascule.testing import make_employee

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2027, 3, 1, 8, 0, tzinfo=dt.UTC)
WEEK = dt.timedelta(weeks=1)
_numbers = count(1)


def _member(program: Program, role: str) -> Application:
    n = next(_numbers)
    employee = make_employee(f"F{n:04d}", "Member", f"Number{n}", seniority_level=4)
    return Application.objects.create(
        program=program,
        employee=employee,
        role=role,
        status=ApplicationStatus.APPROVED,
        languages=["fr"],
    )


def _pair(program: Program, published_at: dt.datetime) -> Pair:
    mentor = _member(program, ParticipantRole.MENTOR)
    mentee = _member(program, ParticipantRole.MENTEE)
    return Pair.objects.create(
        program=program,
        mentor=mentor.employee,
        mentor_application=mentor,
        mentee=mentee.employee,
        mentee_application=mentee,
        published_at=published_at,
    )


def _publications(program: Program, rng: random.Random) -> list[dt.datetime]:
    """Publication times on and around the program's period boundaries, and one to come."""
    length = dt.timedelta(weeks=program.checkin_every_weeks)
    tiny = dt.timedelta(microseconds=1)
    times = [NOW + WEEK]  # not published yet: period 0
    for periods in (1, 2, 3):
        boundary = NOW - periods * length
        times += [boundary, boundary + tiny, boundary - tiny]
    times += [NOW - dt.timedelta(minutes=rng.randrange(1, 60 * 24 * 90)) for _ in range(4)]
    return times


def _fill(pair: Pair, rng: random.Random) -> None:
    """Meetings, check-ins, goals and charter confirmations, at random."""
    members = [pair.mentor_id, pair.mentee_id]
    for member in members:
        if rng.random() < 0.6:
            KickoffConfirmation.objects.create(
                pair=pair,
                member_id=member,
                confirmed_at=pair.published_at + dt.timedelta(days=rng.randrange(0, 30)),
                charter_accepted=True,
                meeting_frequency="fortnightly",
                channel="video",
                confidentiality=True,
            )
    times = [NOW + dt.timedelta(days=rng.randrange(-70, 30)) for _ in range(rng.randrange(0, 7))]
    if times:
        times += [times[0], NOW]  # two meetings at the same time, one right now
    for starts_at in times:
        Meeting.objects.create(
            pair=pair,
            starts_at=starts_at,
            duration_minutes=45,
            status=rng.choice([MeetingStatus.SCHEDULED] * 3 + [MeetingStatus.CANCELLED]),
            outcome=rng.choice(["", "", *MeetingOutcome.values]),
        )
    current = period_at(pair, NOW)
    for period in range(1, current + 2):
        for member in members:
            if rng.random() < 0.5:
                CheckIn.objects.create(
                    pair=pair,
                    member_id=member,
                    period=period,
                    pulse=rng.randrange(1, 6),
                    message_to_hr=rng.choice(["", "", "Help"]),
                )
    for _ in range(rng.randrange(0, 4)):
        Goal.objects.create(
            pair=pair,
            direction="learning",
            title="A goal",
            success_criteria="Done",
            target_date=NOW.date() + dt.timedelta(days=rng.randrange(-20, 20)),
            status=rng.choice(GoalStatus.values),
            progress=rng.randrange(0, 101),
        )


def _from_rows(pair: Pair) -> dict:
    """The facts of `pair` at NOW, read from its rows."""
    both = {pair.mentor_id, pair.mentee_id}
    kickoffs = {k.member_id: k.confirmed_at for k in KickoffConfirmation.objects.filter(pair=pair)}
    meetings = list(Meeting.objects.filter(pair=pair).order_by("starts_at", "id"))
    took_place = [
        m
        for m in meetings
        if m.status != MeetingStatus.CANCELLED
        and m.starts_at <= NOW
        and m.outcome not in (MeetingOutcome.CANCELLED, MeetingOutcome.NO_SHOW)
    ]
    upcoming = [m for m in meetings if m.status == MeetingStatus.SCHEDULED and m.starts_at > NOW]
    outcomes = [m.outcome for m in meetings if m.starts_at <= NOW and m.outcome]
    checkins = list(CheckIn.objects.filter(pair=pair))
    current = period_at(pair, NOW)
    periods = {c.period for c in checkins}
    latest = [c.pulse for c in checkins if c.period == max(periods)] if periods else []
    goals = list(Goal.objects.filter(pair=pair))
    open_goals = [g for g in goals if g.status != GoalStatus.DROPPED]
    return {
        "confirmed": both & set(kickoffs),
        "started_at": max(kickoffs.values()) if both <= set(kickoffs) else None,
        "last_meeting_at": max((m.starts_at for m in took_place), default=None),
        "next_meeting_at": min((m.starts_at for m in upcoming), default=None),
        "last_outcomes": tuple(reversed(outcomes[-2:])),
        "meetings_held": len(took_place),
        "answered_finished": current - 1 in periods,
        "answered_before": current - 2 in periods,
        "latest_pulse": round(sum(latest) / len(latest), 1) if latest else None,
        "hr_message_recent": any(
            c.message_to_hr and c.period in (current, current - 1) for c in checkins
        ),
        "checkins_answered": sum(
            1 for c in checkins if c.period <= current and c.member_id in both
        ),
        "goals_count": len(goals),
        "open_goals": len(open_goals),
        "open_progress": sum(g.progress for g in open_goals),
        "overdue_goals": sum(
            1
            for g in goals
            if g.target_date < NOW.date()
            and g.status not in (GoalStatus.ACHIEVED, GoalStatus.DROPPED)
        ),
    }


@pytest.mark.parametrize("found_by", ["ids", "programs and statuses"])
def test_the_summary_of_each_pair_says_what_its_rows_say(found_by, monkeypatch):
    if found_by != "ids":
        monkeypatch.setattr(health, "MANY_PAIRS", 0)
    rng = random.Random(2027)
    pairs = []
    with time_machine.travel(NOW, tick=False):
        for weeks in (1, 2, 4):
            program = Program.objects.create(
                name=f"Every {weeks} weeks",
                status="running",
                starts_on=NOW.date() - dt.timedelta(days=100),
                ends_on=NOW.date() + dt.timedelta(days=100),
                checkin_every_weeks=weeks,
                meeting_every_weeks=weeks,
            )
            for published_at in _publications(program, rng):
                pair = _pair(program, published_at)
                _fill(pair, rng)
                pairs.append(pair)
        # An ended pair among them: the same summary, whatever its status.
        Pair.objects.filter(pk=pairs[-1].pk).update(status=PairStatus.ENDED, ended_at=NOW)
        pairs = list(Pair.objects.filter(pk__in=[p.pk for p in pairs]).select_related("program"))
        assert {period_length(p) for p in pairs} == {WEEK, 2 * WEEK, 4 * WEEK}
        facts = health._facts(pairs, NOW)
    assert set(facts) == {pair.pk for pair in pairs}
    for pair in pairs:
        found = facts[pair.pk]
        summary = {name: getattr(found, name) for name in _from_rows(pair)}
        assert summary == _from_rows(pair), f"pair {pair.pk} published {pair.published_at}"
