"""Demo data for the pilot's pairs, so that the pair pages and HR's health list look lived in.

Written as records (the services refuse meetings and check-ins in the past), each signed by
its member's login (every pilot member has one), in the states HR meets in real programs:
started (both confirmed the charter, goals both ways, meetings held and one coming,
check-ins) — going well, lukewarm, or with a message to HR; half started (only the mentee
confirmed, one meeting long ago); not started (nothing yet); and one pair paused by HR. The
demo logins' pairs are started and going well, their check-in of the current period still to
give.
"""

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.utils import timezone

from bascule.accounts.models import User
from bascule.journey.checkins.selectors import period_at, period_bounds
from bascule.journey.models import (
    CheckIn,
    Goal,
    GoalDirection,
    GoalStatus,
    KickoffConfirmation,
    MeetingChannel,
    MeetingFrequency,
    Milestone,
    SharedNote,
)
from bascule.meetings.models import Meeting, MeetingOutcome, MeetingStatus
from bascule.pairing.models import Pair, PairStatus
from bascule.programs.models import Program

PARIS = ZoneInfo("Europe/Paris")
STARTED, HALF, NOT_STARTED = "started", "half", "not_started"
# Each member's login, by employee id: who signs what the demo writes.
Logins = dict[int, int]
# The shape of each non-featured pair, in turn: (state, pulses of the first check-in period,
# message to HR).
SHAPES = (
    (STARTED, (4, 5), ""),
    (HALF, (), ""),
    (STARTED, (3, 2), ""),
    (NOT_STARTED, (), ""),
    (STARTED, (5, 4), ""),
    (STARTED, (4, 3), "Pourrions-nous avoir une salle calme pour nos rencontres ?"),
)


def enliven_pilot(*, program: Program, featured: Iterable[int] = ()) -> dict[str, int]:
    """Give the pilot's active pairs goals, notes and meetings; return how many pairs are in
    each state. Pairs with a member in `featured` (employee ids) are started."""
    now = timezone.now()
    featured = set(featured)
    pairs = list(
        Pair.objects.filter(program=program, status=PairStatus.ACTIVE)
        .select_related("mentor", "mentee")
        .order_by("pk")
    )
    counts = {STARTED: 0, HALF: 0, NOT_STARTED: 0}
    paused = False
    members = [e for pair in pairs for e in (pair.mentor_id, pair.mentee_id)]
    logins = dict(User.objects.filter(employee__in=members).values_list("employee_id", "pk"))
    for index, pair in enumerate(pairs):
        if featured & {pair.mentor_id, pair.mentee_id}:
            state, pulses, to_hr = STARTED, (5, 4), ""
        else:
            state, pulses, to_hr = SHAPES[index % len(SHAPES)]
        counts[state] += 1
        if state == STARTED:
            _started(pair, program, now, logins)
            _checkins(pair, pulses, to_hr, now, logins)
        elif state == HALF:
            _confirm(pair, pair.mentee_id, now - dt.timedelta(days=36), logins)
            _meeting(pair, now - dt.timedelta(days=35), logins, held=True, organiser=pair.mentee_id)
        elif not paused:
            paused = True
            Pair.objects.filter(pk=pair.pk).update(
                paused_at=now - dt.timedelta(days=10),
                pause_reason="Congé de la personne mentorée jusqu'à la fin du mois.",
            )
    return counts


def _checkins(
    pair: Pair, pulses: tuple[int, ...], to_hr: str, now: dt.datetime, logins: Logins
) -> None:
    """The check-ins of every finished period, mentee first: the same pulses each time, and
    the message to HR in the latest one. The current period is left to answer."""
    last = period_at(pair, now) - 1
    for period in range(1, last + 1):
        answered = period_bounds(pair, period)[1] - dt.timedelta(days=2)
        for member_id, pulse in zip((pair.mentee_id, pair.mentor_id), pulses, strict=False):
            checkin = CheckIn.objects.create(
                pair=pair,
                member_id=member_id,
                period=period,
                pulse=pulse,
                author_id=logins.get(member_id),
                message_to_hr=to_hr if member_id == pair.mentee_id and period == last else "",
            )
            CheckIn.objects.filter(pk=checkin.pk).update(created_at=answered, updated_at=answered)


def _confirm(pair: Pair, employee_id: int, when: dt.datetime, logins: Logins) -> None:
    KickoffConfirmation.objects.create(
        pair=pair,
        member_id=employee_id,
        charter_accepted=True,
        meeting_frequency=MeetingFrequency.FORTNIGHTLY,
        channel=MeetingChannel.MIXED,
        confidentiality=True,
        confirmed_at=when,
        confirmed_by_id=logins.get(employee_id),
    )


def _started(pair: Pair, program: Program, now: dt.datetime, logins: Logins) -> None:
    _confirm(pair, pair.mentee_id, now - dt.timedelta(days=38), logins)
    _confirm(pair, pair.mentor_id, now - dt.timedelta(days=37), logins)
    target = program.ends_on - dt.timedelta(days=30)
    learning = Goal.objects.create(
        pair=pair,
        direction=GoalDirection.LEARNING,
        title="Préparer mes notes de comité avec l'IA générative",
        success_criteria="Deux notes de comité préparées avec un assistant IA, relues par moi.",
        target_date=target,
        status=GoalStatus.IN_PROGRESS,
        progress=40,
        created_by_id=logins.get(pair.mentee_id),
    )
    Milestone.objects.bulk_create(
        [
            Milestone(goal=learning, title="Essayer un assistant IA sur un texte", done=True),
            Milestone(goal=learning, title="Première note de comité", position=1),
        ]
    )
    Goal.objects.create(
        pair=pair,
        direction=GoalDirection.GROWTH,
        title="Présenter devant un comité de direction",
        success_criteria="Une présentation de 10 minutes au comité, avec un retour écrit.",
        target_date=target,
        status=GoalStatus.NOT_STARTED,
        progress=10,
        created_by_id=logins.get(pair.mentor_id),
    )
    SharedNote.objects.create(
        pair=pair,
        author_id=logins.get(pair.mentee_id),
        body="Prochaine fois : on essaie ensemble un résumé de réunion par l'IA.",
    )
    SharedNote.objects.create(
        pair=pair,
        author_id=logins.get(pair.mentor_id),
        body="Je t'envoie les trois outils dont on a parlé, à tester avant notre rencontre.",
    )
    _meeting(pair, now - dt.timedelta(days=28), logins, held=True, organiser=pair.mentor_id)
    _meeting(pair, now - dt.timedelta(days=14), logins, held=True, organiser=pair.mentee_id)
    _meeting(pair, now + dt.timedelta(days=5), logins, held=False, organiser=pair.mentor_id)


def _meeting(
    pair: Pair, around: dt.datetime, logins: Logins, *, held: bool, organiser: int
) -> Meeting:
    """A 45-minute meeting at 10:00 Paris time on the Tuesday or Thursday nearest `around`
    (earlier for a meeting held, later for one to come)."""
    day = around.astimezone(PARIS).date()
    step = dt.timedelta(days=-1 if held else 1)
    while day.weekday() not in (1, 3):
        day += step
    starts = dt.datetime.combine(day, dt.time(10, 0), tzinfo=PARIS)
    organiser_id = logins.get(organiser)
    return Meeting.objects.create(
        pair=pair,
        organiser_id=organiser_id,
        outcome_by_id=organiser_id if held else None,
        starts_at=starts.astimezone(dt.UTC),
        duration_minutes=45,
        time_zone="Europe/Paris",
        location="Cafétéria, 2e étage",
        agenda="Un outil numérique choisi ensemble ; une question de l'autre côté.",
        status=MeetingStatus.SCHEDULED,
        outcome=MeetingOutcome.HELD if held else "",
        outcome_log="Tour d'horizon, exercice pratique, prochaine étape fixée." if held else "",
        outcome_recorded_at=starts + dt.timedelta(hours=1) if held else None,
    )
