"""Demo data for the pilot's pairs, so that the pair pages look lived in.

Written as records (the services refuse meetings in the past, and most demo employees have no
login), in three states that HR meets in real programs: started (both confirmed the charter,
goals both ways, meetings held and one coming), half started (only the mentee confirmed, one
meeting long ago), not started (nothing yet). The demo logins' pairs are started.
"""

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.utils import timezone

from bascule.journey.models import (
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
    for index, pair in enumerate(pairs):
        if featured & {pair.mentor_id, pair.mentee_id}:
            state = STARTED
        else:
            state = (STARTED, HALF, NOT_STARTED)[index % 3]
        counts[state] += 1
        if state == STARTED:
            _started(pair, program, now)
        elif state == HALF:
            _confirm(pair, pair.mentee_id, now - dt.timedelta(days=36))
            _meeting(pair, now - dt.timedelta(days=35), held=True)
    return counts


def _confirm(pair: Pair, employee_id: int, when: dt.datetime) -> None:
    KickoffConfirmation.objects.create(
        pair=pair,
        member_id=employee_id,
        charter_accepted=True,
        meeting_frequency=MeetingFrequency.FORTNIGHTLY,
        channel=MeetingChannel.MIXED,
        confidentiality=True,
        confirmed_at=when,
    )


def _started(pair: Pair, program: Program, now: dt.datetime) -> None:
    _confirm(pair, pair.mentee_id, now - dt.timedelta(days=38))
    _confirm(pair, pair.mentor_id, now - dt.timedelta(days=37))
    target = program.ends_on - dt.timedelta(days=30)
    learning = Goal.objects.create(
        pair=pair,
        direction=GoalDirection.LEARNING,
        title="Préparer mes notes de comité avec l'IA générative",
        success_criteria="Deux notes de comité préparées avec un assistant IA, relues par moi.",
        target_date=target,
        status=GoalStatus.IN_PROGRESS,
        progress=40,
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
    )
    SharedNote.objects.create(
        pair=pair, body="Prochaine fois : on essaie ensemble un résumé de réunion par l'IA."
    )
    _meeting(pair, now - dt.timedelta(days=28), held=True)
    _meeting(pair, now - dt.timedelta(days=14), held=True)
    _meeting(pair, now + dt.timedelta(days=5), held=False)


def _meeting(pair: Pair, around: dt.datetime, *, held: bool) -> Meeting:
    """A 45-minute meeting at 10:00 Paris time on the Tuesday or Thursday nearest `around`
    (earlier for a meeting held, later for one to come)."""
    day = around.astimezone(PARIS).date()
    step = dt.timedelta(days=-1 if held else 1)
    while day.weekday() not in (1, 3):
        day += step
    starts = dt.datetime.combine(day, dt.time(10, 0), tzinfo=PARIS)
    return Meeting.objects.create(
        pair=pair,
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
