"""What proves each built-in badge: one function per badge, returning the set of
(employee id, program id, pair id) that qualify, read with a few set-based queries whatever
the number of people (never one query per person). `program_id` narrows a rule to one
program. The criteria in words are in builtins.py and docs/recognition.md.

`training_completed` also takes `programs` (a collection of program ids): after a module
completed, only the programs the learner takes part in are looked at.

A rule may be left out cleanly: `training_completed` qualifies nobody in a program that asks
for no module.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Collection

from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from bascule.journey.models import CheckIn, GoalStatus, KickoffConfirmation
from bascule.meetings.models import Meeting, MeetingOutcome
from bascule.pairing.models import Pair, PairStatus
from bascule.programs.models import Application, ApplicationStatus, ProgramStatus
from bascule.training.models import Progress, Requirement
from bascule.workshops.models import Attendance, Registration

Qualified = set[tuple[int, int | None, int | None]]

# A program's pairs that ever ran (published): a pair still only proposed proves nothing.
RAN = (PairStatus.ACTIVE, PairStatus.ENDED)
CHECKINS_MIN_PERIODS = 3
CHECKINS_SHARE = 0.8


def _pairs(program_id: int | None):
    pairs = Pair.objects.filter(status__in=RAN)
    return pairs if program_id is None else pairs.filter(program_id=program_id)


def _both(pairs) -> Qualified:
    """Both members of each of `pairs` (a queryset of Pair)."""
    found: Qualified = set()
    for pk, program_id, mentor_id, mentee_id in pairs.values_list(
        "pk", "program_id", "mentor_id", "mentee_id"
    ):
        found.add((mentor_id, program_id, pk))
        found.add((mentee_id, program_id, pk))
    return found


def charter_signed(program_id: int | None = None) -> Qualified:
    signed = (
        KickoffConfirmation.objects.filter(charter_accepted=True)
        .values("pair")
        .annotate(members=Count("member", distinct=True))
        .filter(members__gte=2)
        .values("pair")
    )
    return _both(_pairs(program_id).filter(pk__in=signed))


def _meetings_held(program_id: int | None, at_least: int) -> Qualified:
    held = (
        Meeting.objects.filter(outcome=MeetingOutcome.HELD)
        .values("pair")
        .annotate(held=Count("pk"))
        .filter(held__gte=at_least)
        .values("pair")
    )
    return _both(_pairs(program_id).filter(pk__in=held))


def first_meeting(program_id: int | None = None) -> Qualified:
    return _meetings_held(program_id, 1)


def five_meetings(program_id: int | None = None) -> Qualified:
    return _meetings_held(program_id, 5)


def goal_reached(program_id: int | None = None) -> Qualified:
    return _both(_pairs(program_id).filter(goals__status=GoalStatus.ACHIEVED).distinct())


def all_goals_reached(program_id: int | None = None) -> Qualified:
    kept = ~Q(goals__status=GoalStatus.DROPPED)
    pairs = (
        _pairs(program_id)
        .annotate(
            kept=Count("goals", filter=kept, distinct=True),
            achieved=Count("goals", filter=Q(goals__status=GoalStatus.ACHIEVED), distinct=True),
        )
        .filter(kept__gte=2)
        .filter(kept=F("achieved"))
    )
    return _both(pairs)


def training_completed(
    program_id: int | None = None, *, programs: Collection[int] | None = None
) -> Qualified:
    requirements = Requirement.objects.all()
    if program_id is not None:
        requirements = requirements.filter(program_id=program_id)
    if programs is not None:
        requirements = requirements.filter(program_id__in=list(programs))
    modules: dict[tuple[int, str], set[int]] = defaultdict(set)
    for program, role, module in requirements.values_list("program_id", "role", "module_id"):
        modules[(program, role)].add(module)
    found: Qualified = set()
    # One query per program and role asking for modules (a handful), never per person.
    for (program, role), required in modules.items():
        done = (
            Progress.objects.filter(
                employee_id=OuterRef("employee_id"),
                module_id__in=required,
                completed_at__isnull=False,
            )
            .order_by()
            .values("employee_id")
            .annotate(n=Count("module_id", distinct=True))
            .values("n")
        )
        for employee_id in (
            Application.objects.filter(
                program_id=program, role=role, status=ApplicationStatus.APPROVED
            )
            .annotate(done=Coalesce(Subquery(done[:1]), 0))
            .filter(done__gte=len(required))
            .values_list("employee_id", flat=True)
        ):
            found.add((employee_id, program, None))
    return found


def workshop_attended(program_id: int | None = None) -> Qualified:
    present = Registration.objects.filter(attendance=Attendance.PRESENT)
    found: Qualified = set()
    with_program = present.filter(
        workshop__programs__applications__employee_id=F("employee_id"),
        workshop__programs__applications__status=ApplicationStatus.APPROVED,
    )
    if program_id is not None:
        with_program = with_program.filter(workshop__programs=program_id)
    for employee_id, program in with_program.values_list(
        "employee_id", "workshop__programs"
    ).distinct():
        found.add((employee_id, program, None))
    if program_id is None:
        for employee_id in (
            present.filter(workshop__programs__isnull=True)
            .values_list("employee_id", flat=True)
            .distinct()
        ):
            found.add((employee_id, None, None))
    return found


def checkins_kept_up(program_id: int | None = None, now: dt.datetime | None = None) -> Qualified:
    now = now or timezone.now()
    pairs = {
        pk: (program, mentor, mentee, published, ended, weeks)
        for pk, program, mentor, mentee, published, ended, weeks in _pairs(program_id)
        .filter(published_at__isnull=False)
        .values_list(
            "pk",
            "program_id",
            "mentor_id",
            "mentee_id",
            "published_at",
            "ended_at",
            "program__checkin_every_weeks",
        )
    }
    over: dict[int, int] = {}
    for pk, (_program, _mentor, _mentee, published, ended, weeks) in pairs.items():
        length = dt.timedelta(weeks=max(weeks or 1, 1))
        until = min(now, ended) if ended else now
        over[pk] = max((until - published) // length, 0) if until > published else 0
    counted = [pk for pk, periods in over.items() if periods >= CHECKINS_MIN_PERIODS]
    answered: dict[tuple[int, int], int] = defaultdict(int)
    for pair_id, member_id, period in (
        CheckIn.objects.filter(pair_id__in=counted)
        .values_list("pair_id", "member_id", "period")
        .order_by()
    ):
        if period <= over[pair_id]:
            answered[(pair_id, member_id)] += 1
    found: Qualified = set()
    for pk in counted:
        program, mentor, mentee, *_rest = pairs[pk]
        for member in (mentor, mentee):
            if answered[(pk, member)] >= CHECKINS_SHARE * over[pk]:
                found.add((member, program, pk))
    return found


def _completed(program_id: int | None, side: str) -> Qualified:
    pairs = _pairs(program_id).filter(program__status=ProgramStatus.CLOSED)
    pairs = pairs.filter(Q(end_cause="") | Q(ended_at__date__gte=F("program__ends_on")))
    return {
        (member, program, pk)
        for pk, program, member in pairs.values_list("pk", "program_id", f"{side}_id")
    }


def mentor_of_program(program_id: int | None = None) -> Qualified:
    return _completed(program_id, "mentor")


def mentee_of_program(program_id: int | None = None) -> Qualified:
    return _completed(program_id, "mentee")


def came_back(program_id: int | None = None) -> Qualified:
    programs: dict[int, list[tuple[dt.date, int]]] = defaultdict(list)
    for employee_id, program, starts_on in Application.objects.filter(
        status=ApplicationStatus.APPROVED
    ).values_list("employee_id", "program_id", "program__starts_on"):
        programs[employee_id].append((starts_on, program))
    found: Qualified = set()
    for employee_id, joined in programs.items():
        distinct = sorted(set(joined))
        if len({program for _start, program in distinct}) >= 2:
            second = distinct[1][1]
            if program_id is None or second == program_id:
                found.add((employee_id, second, None))
    return found


# The rules that narrow to a collection of programs (`programs=`).
NARROWED = frozenset({"training-completed"})

RULES: dict[str, Callable[..., Qualified]] = {
    "charter-signed": charter_signed,
    "first-meeting": first_meeting,
    "five-meetings": five_meetings,
    "goal-reached": goal_reached,
    "all-goals-reached": all_goals_reached,
    "training-completed": training_completed,
    "workshop-attended": workshop_attended,
    "checkins-kept-up": checkins_kept_up,
    "mentor-of-program": mentor_of_program,
    "mentee-of-program": mentee_of_program,
    "came-back": came_back,
}
