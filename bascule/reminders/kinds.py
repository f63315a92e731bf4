"""The registry of reminder kinds, and the four kinds of the mentoring journey.

A kind is a code, a label and a description (translated, shown on "My reminders"), whether
it is on by default, and a function `due(now)` returning the reminders due at `now`: one
`Due` per recipient, each with a stable `key`. The command (`send_reminders`) sends each
(kind, recipient, key) at most once, so `due` may return the same reminder at every run: it
only says what *should* have been sent by now. See docs/reminders.md.

Another app adds a kind with one function and one call, from its AppConfig.ready():

    from bascule.reminders.kinds import Due, ReminderKind, register

    def evaluation_open_due(now):
        for evaluation, user in ...:
            yield Due(recipient=user, key=f"evaluation_open:{evaluation.pk}",
                      template="reminder-evaluation-open", context={...},
                      program=evaluation.program)

    register(ReminderKind(code="evaluation_open", label=_("…"), description=_("…"),
                          due=evaluation_open_due))

Built-in kinds (only active, non-paused pairs of running programs; only members with an
active account and an e-mail address):

- `meeting_soon`: a scheduled meeting starts within 24 hours; to both members; once per
  meeting and calendar sequence (a rescheduled meeting gets a new reminder). Not while the
  invitation has just gone out (the meeting was scheduled or changed less than an hour ago).
- `checkin_due`: the member has not answered the current check-in period and half of it is
  over; once per member and period.
- `charter`: the member has not confirmed the charter (kickoff) 3 days after the pair's
  publication; once per member and pair; never once they confirmed.
- `no_meeting`: no meeting held or planned for longer than the program's meeting cadence
  (`meeting_every_weeks`), counted from the last meeting (or the publication); to both
  members; once per cadence window without a meeting.
"""

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bascule.accounts.models import User
from bascule.core.emails import absolute_url
from bascule.pairing.models import Pair, PairStatus
from bascule.programs.models import Program, ProgramStatus

CODE = re.compile(r"^[a-z][a-z0-9_]{0,63}$")

MEETING_SOON = dt.timedelta(hours=24)
# A meeting scheduled or changed this recently: its invitation just went out.
INVITATION_JUST_SENT = dt.timedelta(hours=1)
CHARTER_AFTER = dt.timedelta(days=3)


@dataclass(frozen=True)
class Due:
    """One reminder due to one recipient.

    `key` identifies what the reminder is about, stably across runs (e.g. "meeting:12:seq3"):
    it is sent once per (kind, recipient, key). `template` is the e-mail's name (templates
    emails/<template>-subject.txt, -body.txt, -body.html); `context` is given to them.
    `program`, when set, may require the kind (ProgramReminderPolicy) whatever the
    recipient's preference.
    """

    recipient: User
    key: str
    template: str
    context: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    program: Program | None = field(default=None, hash=False, compare=False)


@dataclass(frozen=True)
class ReminderKind:
    code: str
    label: Any  # a (lazy) translated string
    description: Any
    due: Callable[[dt.datetime], Iterable[Due]]
    default_on: bool = True


_REGISTRY: dict[str, ReminderKind] = {}


def register(kind: ReminderKind) -> ReminderKind:
    """Add `kind` to the registry and return it. Registering the same code twice with a
    different due function is an error (two apps chose the same code)."""
    if not CODE.match(kind.code):
        raise ValueError(f"invalid reminder kind code: {kind.code!r} (a-z, 0-9, _)")
    existing = _REGISTRY.get(kind.code)
    if existing is not None and existing.due is not kind.due:
        raise ValueError(f"reminder kind {kind.code!r} is already registered")
    _REGISTRY[kind.code] = kind
    return kind


def unregister(code: str) -> None:
    """Remove a kind (tests)."""
    _REGISTRY.pop(code, None)


def all_kinds() -> list[ReminderKind]:
    """Return the registered kinds, in the order they were registered."""
    return list(_REGISTRY.values())


def get_kind(code: str) -> ReminderKind | None:
    return _REGISTRY.get(code)


# --- Helpers for kinds about pairs ---------------------------------------------------------


def remindable_pairs() -> QuerySet[Pair]:
    """Return the pairs that get reminders: active, not paused, in a running program."""
    return Pair.objects.filter(
        status=PairStatus.ACTIVE,
        paused_at__isnull=True,
        program__status=ProgramStatus.RUNNING,
    ).select_related("program", "mentor", "mentee")


def reachable_users(employee_ids: Iterable[int]) -> dict[int, User]:
    """Return {employee id: user} for the employees with an active account and an e-mail."""
    return {
        user.employee_id: user
        for user in User.objects.filter(employee_id__in=set(employee_ids), is_active=True)
        .exclude(email="")
        .select_related("employee")
    }


@dataclass
class Member:
    user: User
    employee: Any
    partner: Any
    pair: Pair


def members(pairs: Iterable[Pair]) -> Iterator[Member]:
    """Yield both members of each pair who can be reached (an active account, an e-mail)."""
    pairs = list(pairs)
    users = reachable_users(
        [p.mentor_id for p in pairs] + [p.mentee_id for p in pairs],
    )
    for pair in pairs:
        for employee, partner in ((pair.mentor, pair.mentee), (pair.mentee, pair.mentor)):
            user = users.get(employee.pk)
            if user is not None:
                yield Member(user=user, employee=employee, partner=partner, pair=pair)


def pair_space_url(pair: Pair) -> str:
    return absolute_url(reverse("journey:pair_space", kwargs={"pair_id": pair.pk}))


def _pair_context(member: Member) -> dict[str, Any]:
    return {
        "pair": member.pair,
        "program": member.pair.program,
        "partner": member.partner,
        "pair_url": pair_space_url(member.pair),
    }


# --- The journey's kinds --------------------------------------------------------------------


def meeting_soon_due(now: dt.datetime) -> Iterator[Due]:
    from bascule.meetings.models import Meeting, MeetingStatus

    meetings = list(
        Meeting.objects.filter(
            pair__in=remindable_pairs(),
            status=MeetingStatus.SCHEDULED,
            starts_at__gt=now,
            starts_at__lte=now + MEETING_SOON,
            updated_at__lte=now - INVITATION_JUST_SENT,
        )
        .select_related("pair__program", "pair__mentor", "pair__mentee")
        .order_by("starts_at", "pk")
    )
    by_pair: dict[int, list[Meeting]] = {}
    for meeting in meetings:
        by_pair.setdefault(meeting.pair_id, []).append(meeting)
    for member in members({m.pair_id: m.pair for m in meetings}.values()):
        for meeting in by_pair[member.pair.pk]:
            yield Due(
                recipient=member.user,
                key=f"meeting:{meeting.pk}:seq{meeting.sequence}",
                template="reminder-meeting-soon",
                context={
                    **_pair_context(member),
                    "meeting": meeting,
                    "meeting_url": absolute_url(
                        reverse("meetings:detail", kwargs={"meeting_id": meeting.pk})
                    ),
                },
                program=member.pair.program,
            )


def checkin_due(now: dt.datetime) -> Iterator[Due]:
    from bascule.journey.checkins.selectors import period_at, period_bounds
    from bascule.journey.models import CheckIn

    current: dict[int, tuple[int, dt.datetime]] = {}
    pairs = []
    for pair in remindable_pairs().filter(published_at__lte=now):
        period = period_at(pair, now)
        starts_at, ends_at = period_bounds(pair, period)
        if now < starts_at + (ends_at - starts_at) / 2:
            continue  # the first half of the period: time enough, no reminder yet
        current[pair.pk] = (period, ends_at)
        pairs.append(pair)
    answered = set(
        CheckIn.objects.filter(pair__in=pairs).values_list("pair_id", "member_id", "period")
    )
    for member in members(pairs):
        period, ends_at = current[member.pair.pk]
        if (member.pair.pk, member.employee.pk, period) in answered:
            continue
        yield Due(
            recipient=member.user,
            key=f"checkin:pair{member.pair.pk}:period{period}",
            template="reminder-checkin-due",
            context={
                **_pair_context(member),
                "period": period,
                "ends_at": ends_at,
                "checkin_url": absolute_url(
                    reverse("journey:checkin", kwargs={"pair_id": member.pair.pk})
                ),
            },
            program=member.pair.program,
        )


def charter_due(now: dt.datetime) -> Iterator[Due]:
    from bascule.journey.models import KickoffConfirmation

    pairs = list(remindable_pairs().filter(published_at__lte=now - CHARTER_AFTER))
    confirmed = set(
        KickoffConfirmation.objects.filter(pair__in=pairs).values_list("pair_id", "member_id")
    )
    for member in members(pairs):
        if (member.pair.pk, member.employee.pk) in confirmed:
            continue
        yield Due(
            recipient=member.user,
            key=f"charter:pair{member.pair.pk}",
            template="reminder-charter",
            context={
                **_pair_context(member),
                "kickoff_url": absolute_url(
                    reverse("journey:kickoff", kwargs={"pair_id": member.pair.pk})
                ),
            },
            program=member.pair.program,
        )


def no_meeting_due(now: dt.datetime) -> Iterator[Due]:
    """A pair with no meeting held or planned for longer than its program's cadence.

    The silence is counted from the start of the last meeting that was not cancelled and not
    a no-show (or from the publication when there is none); a planned meeting to come stops
    it. Window k (k ≥ 1) begins k cadences after that start: one reminder per window.
    """
    from bascule.meetings.models import Meeting, MeetingOutcome, MeetingStatus

    pairs = list(remindable_pairs().filter(published_at__lte=now))
    meetings = (
        Meeting.objects.filter(pair__in=pairs, status=MeetingStatus.SCHEDULED)
        .exclude(outcome__in=[MeetingOutcome.CANCELLED, MeetingOutcome.NO_SHOW])
        .order_by("starts_at", "pk")
    )
    planned: set[int] = set()
    last: dict[int, Any] = {}
    for meeting in meetings:
        if meeting.starts_at > now:
            planned.add(meeting.pair_id)
        else:
            last[meeting.pair_id] = meeting  # ordered by start: the latest wins
    silent: dict[int, tuple[str, int, Any]] = {}
    for pair in pairs:
        if pair.pk in planned:
            continue
        cadence = dt.timedelta(weeks=max(pair.program.meeting_every_weeks or 1, 1))
        meeting = last.get(pair.pk)
        since = meeting.starts_at if meeting else pair.published_at
        window = (now - since) // cadence
        if window < 1:
            continue
        anchor = f"after-meeting{meeting.pk}" if meeting else "after-publication"
        silent[pair.pk] = (anchor, window, meeting)
    for member in members(p for p in pairs if p.pk in silent):
        anchor, window, meeting = silent[member.pair.pk]
        yield Due(
            recipient=member.user,
            key=f"no_meeting:pair{member.pair.pk}:{anchor}:{window}",
            template="reminder-no-meeting",
            context={
                **_pair_context(member),
                "last_meeting": meeting,
                "weeks": member.pair.program.meeting_every_weeks,
                "schedule_url": absolute_url(
                    reverse("meetings:create", kwargs={"pair_id": member.pair.pk})
                ),
            },
            program=member.pair.program,
        )


MEETING_SOON_KIND = register(
    ReminderKind(
        code="meeting_soon",
        label=_("A meeting in the next 24 hours"),
        description=_("The day before each meeting with your partner: when and where."),
        due=meeting_soon_due,
    )
)
CHECKIN_KIND = register(
    ReminderKind(
        code="checkin_due",
        label=_("Your check-in is due"),
        description=_(
            "Once per check-in period, when half of it is over and you have not answered yet."
        ),
        due=checkin_due,
    )
)
CHARTER_KIND = register(
    ReminderKind(
        code="charter",
        label=_("The charter is not confirmed yet"),
        description=_(
            "Once, three days after you were paired, if you have not confirmed the charter."
        ),
        due=charter_due,
    )
)
NO_MEETING_KIND = register(
    ReminderKind(
        code="no_meeting",
        label=_("No meeting for a while"),
        description=_(
            "When you and your partner have not met or planned a meeting for longer than your "
            "program's rhythm."
        ),
        due=no_meeting_due,
    )
)
