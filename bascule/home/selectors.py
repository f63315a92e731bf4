"""Reads for the home page: what each role has to do first, and the key numbers.

Assembled from the apps' own selectors, within each role's scope as the rest of the app
draws it:

- HR admins: every program, and the HR file imports; a program manager: the programs they
  are a manager of (`programs_managed_by`), never another one, nor the imports.
- The sponsor: every program but the drafts (`programs_visible_to`, as on the program
  pages), in aggregate only. No name ever; a figure about fewer than `MIN_GROUP_SIZE` people is
  replaced by "fewer than 5 people", never its number.
- A participant (any user with an employee record, sponsors excepted): their own pairs,
  surveys, charter, check-ins, meetings and mentor requests.

Each function runs a fixed number of queries whatever the number of programs and pairs.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from bascule.core.small_groups import MIN_GROUP_SIZE, is_shown
from bascule.evaluations import selectors as evaluations_selectors
from bascule.evaluations.models import Survey
from bascule.journey.health import selectors as health
from bascule.journey.selectors import JourneySummary, my_journeys
from bascule.pairing import selectors as pairing_selectors
from bascule.pairing.models import PairStatus
from bascule.people import selectors as people_selectors
from bascule.people.models import EmployeeImport
from bascule.programs.enrollment import selectors as enrollment_selectors
from bascule.programs.models import Application, Program, ProgramStatus
from bascule.programs.selectors import program_list, programs_managed_by

# The deadlines shown are those of the next UPCOMING_DAYS days.
UPCOMING_DAYS = 30
# Closed programs stay on the sponsor's home for a year after their end date.
CLOSED_SHOWN_DAYS = 365

STATUS_ORDER = [
    ProgramStatus.DRAFT,
    ProgramStatus.ENROLLING,
    ProgramStatus.MATCHING,
    ProgramStatus.RUNNING,
    ProgramStatus.CLOSED,
]


def _with_query(url: str, **params: str) -> str:
    return f"{url}?{urlencode(params)}"


# --- HR admins and program managers ----------------------------------------------------------


@dataclass
class Todo:
    """One thing to do on HR's home page. `kind` decides the sentence (see the template)."""

    kind: str
    url: str
    count: int = 0
    program: Program | None = None
    employee_import: EmployeeImport | None = None


# The order of the to-do list: what cannot wait first.
TODO_ORDER = [
    "pairs_at_risk",
    "applications",
    "matching_publish",
    "enrollment_over",
    "pairs_attention",
    "matching_run",
    "program_over",
    "import",
]


HEALTH_TODOS = ((health.AT_RISK, "pairs_at_risk"), (health.ATTENTION, "pairs_attention"))


@dataclass
class Deadline:
    """A date coming up in a program: `kind` decides the sentence (see the template)."""

    date: dt.date
    kind: str  # enrollment_closes, program_starts, program_ends, survey_opens, survey_closes
    program: Program
    url: str
    survey: Survey | None = None


@dataclass
class StatusCount:
    status: str
    label: str
    count: int
    url: str


@dataclass
class StaffHome:
    """HR's or a program manager's home: to do, coming up, surveys open, programs by status."""

    programs_count: int
    statuses: list[StatusCount]
    todo: list[Todo]
    deadlines: list[Deadline]
    surveys: list[evaluations_selectors.SurveyProgress]
    headcount: dict[str, Any]
    upcoming_days: int = UPCOMING_DAYS


def staff_home(*, user: Any, now: dt.datetime | None = None) -> StaffHome:
    """Return the home page of an HR admin (every program, the imports) or of a program
    manager (the programs they manage), in a fixed number of queries: the programs with their
    applications and runs, their pairs, the pairs' health, the surveys and their answers,
    the imports, the headcount."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    horizon = today + dt.timedelta(days=UPCOMING_DAYS)
    scope = programs_managed_by(user=user)
    programs = list(
        pairing_selectors.with_runs(enrollment_selectors.with_awaiting_review(scope)).order_by(
            "starts_on", "name", "pk"
        )
    )
    live = {p.pk: p for p in programs if p.status != ProgramStatus.CLOSED}
    # The surveys of the programs matching or running, and of those closed within a year.
    surveyed = {
        p.pk: p
        for p in programs
        if p.status in (ProgramStatus.MATCHING, ProgramStatus.RUNNING)
        or p.status == ProgramStatus.CLOSED
        and p.ends_on >= today - dt.timedelta(days=CLOSED_SHOWN_DAYS)
    }
    read = [p for p in programs if p.pk in live or p.pk in surveyed]
    pairs = pairing_selectors.pairs_of(programs=read)
    surveys = evaluations_selectors.surveys_by_program(programs=read)
    todo: list[Todo] = []

    # Pairs at risk or needing attention, program by program.
    states = health.states_by_program(
        pairs=[p for p in pairs if p.status == PairStatus.ACTIVE and p.program_id in live],
        now=now,
    )
    for program in programs:
        counts = states.get(program.pk)
        health_url = reverse("journey:health_program", kwargs={"program_id": program.pk})
        for state, kind in HEALTH_TODOS:
            if counts and counts[state]:
                todo.append(
                    Todo(kind, _with_query(health_url, state=state), counts[state], program)
                )

    for program in programs:
        # Applications awaiting a decision.
        if program.awaiting_review and program.status != ProgramStatus.CLOSED:
            url = reverse("programs:application_review", kwargs={"program_id": program.pk})
            todo.append(
                Todo(
                    "applications",
                    _with_query(url, status="submitted"),
                    program.awaiting_review,
                    program,
                )
            )
        # Matching: runs waiting to be published, or no run yet.
        if program.status == ProgramStatus.MATCHING:
            url = reverse("pairing:workbench", kwargs={"program_id": program.pk})
            if program.runs_waiting:
                todo.append(Todo("matching_publish", url, program.runs_waiting, program))
            elif not program.runs:
                todo.append(Todo("matching_run", url, 0, program))
        # Statuses that the calendar has overtaken: HR moves a program on by hand.
        url = reverse("programs:program_detail", kwargs={"program_id": program.pk})
        closes = program.enrollment_closes_on
        if program.status == ProgramStatus.ENROLLING and closes and closes < today:
            todo.append(Todo("enrollment_over", url, 0, program))
        if program.status == ProgramStatus.RUNNING and program.ends_on < today:
            todo.append(Todo("program_over", url, 0, program))

    if user.is_hr_admin:
        for employee_import in people_selectors.employee_imports_in_preview():
            url = reverse("people:import_preview", kwargs={"import_id": employee_import.pk})
            todo.append(Todo("import", url, employee_import=employee_import))

    todo.sort(key=lambda item: (TODO_ORDER.index(item.kind), -item.count))

    return StaffHome(
        programs_count=len(programs),
        statuses=_status_counts(programs, STATUS_ORDER),
        todo=todo,
        deadlines=_deadlines(list(live.values()), {pk: surveys[pk] for pk in live}, today, horizon),
        surveys=evaluations_selectors.open_surveys_progress(
            surveys={pk: surveys[pk] for pk in surveyed},
            pairs=[pair for pair in pairs if pair.program_id in surveyed],
            on=today,
        ),
        headcount=people_selectors.headcount_summary(user=user),
    )


def _status_counts(programs: list[Program], statuses: list[str]) -> list[StatusCount]:
    """Return how many of `programs` are in each of `statuses`, with the link to the list of
    programs filtered on it."""
    counts: dict[str, int] = defaultdict(int)
    for program in programs:
        counts[program.status] += 1
    url = reverse("programs:program_list")
    return [
        StatusCount(
            status, ProgramStatus(status).label, counts[status], _with_query(url, status=status)
        )
        for status in statuses
    ]


def _deadlines(
    programs: list[Program], surveys: dict[int, list[Survey]], today: dt.date, horizon: dt.date
) -> list[Deadline]:
    """Return the dates of `programs` (the live ones) and of their `surveys` from `today` to
    `horizon`, soonest first."""
    deadlines = []

    def soon(date: dt.date | None) -> bool:
        return date is not None and today <= date <= horizon

    for program in programs:
        url = reverse("programs:program_detail", kwargs={"program_id": program.pk})
        if program.status == ProgramStatus.ENROLLING and soon(program.enrollment_closes_on):
            deadlines.append(
                Deadline(program.enrollment_closes_on, "enrollment_closes", program, url)
            )
        if program.status in (
            ProgramStatus.DRAFT,
            ProgramStatus.ENROLLING,
            ProgramStatus.MATCHING,
        ) and soon(program.starts_on):
            deadlines.append(Deadline(program.starts_on, "program_starts", program, url))
        if program.status in (ProgramStatus.MATCHING, ProgramStatus.RUNNING) and soon(
            program.ends_on
        ):
            deadlines.append(Deadline(program.ends_on, "program_ends", program, url))
    for survey in evaluations_selectors.surveys_opening_or_closing(
        surveys=surveys, start=today, end=horizon
    ):
        url = reverse("evaluations:program_surveys", kwargs={"program_id": survey.program_id})
        if today < survey.opens_on <= horizon:
            deadlines.append(Deadline(survey.opens_on, "survey_opens", survey.program, url, survey))
        if survey.opens_on <= today and soon(survey.closes_on):
            deadlines.append(
                Deadline(survey.closes_on, "survey_closes", survey.program, url, survey)
            )
    order = ["enrollment_closes", "program_starts", "survey_opens", "survey_closes", "program_ends"]
    return sorted(deadlines, key=lambda d: (d.date, order.index(d.kind), d.program.name))


# --- The sponsor -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """One aggregate and the number of people behind it; shown only from MIN_GROUP_SIZE up."""

    value: int | float | None
    people: int

    @property
    def state(self) -> str:
        """ "none" when nobody is behind it yet, "hidden" under MIN_GROUP_SIZE, else "shown"."""
        if self.people == 0:
            return "none"
        if not is_shown(self.people):
            return "hidden"
        return "none" if self.value is None else "shown"


def _count(value: int) -> Figure:
    """A count of people: the count is also the group behind it."""
    return Figure(value, value)


@dataclass
class ProgramFigures:
    """A program's headline figures for the sponsor: counts and rates, never a person."""

    program: Program
    applications: Figure  # people who applied (withdrawn applications left out)
    participants: Figure  # people approved to take part
    pairs: Figure  # pairs formed (ended ones included); people: their members
    meetings_held: Figure  # meetings that took place; people: the pairs' members
    checkin_rate: Figure  # % of the check-ins due that were answered; people: those asked
    satisfaction: Figure  # mean agreement (1 to 5) in the mid-point, end and closing surveys


@dataclass
class SponsorHome:
    statuses: list[StatusCount]
    programs: list[ProgramFigures]
    min_people: int = MIN_GROUP_SIZE
    closed_shown_days: int = CLOSED_SHOWN_DAYS


# The sponsor's figures of programs by status: a draft is not published to them.
SPONSOR_STATUSES = STATUS_ORDER[1:]
SPONSOR_ORDER = [
    ProgramStatus.RUNNING,
    ProgramStatus.MATCHING,
    ProgramStatus.ENROLLING,
    ProgramStatus.CLOSED,
]


def sponsor_home(*, user: Any, now: dt.datetime | None = None) -> SponsorHome:
    """Return the sponsor's home: the programs past the draft (closed ones for a year after
    their end), each with its aggregates, in a fixed number of queries: the programs with
    their applications, what their pairs did (`programs_activity`), the satisfaction."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    published = list(program_list(user=user).exclude(status=ProgramStatus.DRAFT))
    closed_since = today - dt.timedelta(days=CLOSED_SHOWN_DAYS)
    programs = [
        p for p in published if p.status != ProgramStatus.CLOSED or p.ends_on >= closed_since
    ]
    programs.sort(key=lambda p: (SPONSOR_ORDER.index(p.status), -p.starts_on.toordinal(), p.name))
    activity = health.programs_activity(programs=programs, now=now)
    satisfaction = evaluations_selectors.programs_satisfaction(
        programs=Program.objects.filter(pk__in=[program.pk for program in programs])
    )
    figures = []
    for program in programs:
        done = activity[program.pk]
        members = len(done.members)
        mood = satisfaction.get(program.pk)
        figures.append(
            ProgramFigures(
                program=program,
                applications=_count(program.applications_count),
                participants=_count(program.approved_mentors + program.approved_mentees),
                pairs=Figure(done.pairs, members),
                meetings_held=Figure(done.meetings_held, members),
                checkin_rate=Figure(
                    round(100 * done.checkins_answered / done.checkins_expected)
                    if done.checkins_expected
                    else None,
                    len(done.asked),
                ),
                satisfaction=Figure(mood.mean, mood.respondents) if mood else Figure(None, 0),
            )
        )
    return SponsorHome(statuses=_status_counts(published, SPONSOR_STATUSES), programs=figures)


# --- Participants ----------------------------------------------------------------------------


@dataclass
class ParticipantTodo:
    """One thing a participant has to do: `kind` decides the sentence (see the template)."""

    kind: str  # charter, checkin, survey, mentor_requests, choose_mentor, plan_meeting
    url: str
    journey: JourneySummary | None = None
    survey: evaluations_selectors.MemberSurvey | None = None
    program: Program | None = None
    count: int = 0


@dataclass
class ParticipantHome:
    journeys: list[JourneySummary]
    surveys: list[evaluations_selectors.MemberSurvey]
    todo: list[ParticipantTodo] = field(default_factory=list)
    next_meeting: Any = None  # the soonest meeting of all the user's pairs
    next_meeting_journey: JourneySummary | None = None
    applications: list[Application] = field(default_factory=list)  # newest first
    programs_open: list[Program] = field(default_factory=list)  # those the user may apply to


def participant_home(
    *, user: Any, language: str, now: dt.datetime | None = None
) -> ParticipantHome:
    """Return what a participant has to do first (the charter to confirm, the check-ins due,
    the surveys to answer, the mentor requests and choices waiting, a meeting to plan) and
    their next meeting, with the pairs, surveys, applications and programs open the rest of
    the page shows. The user's pairs and applications are read once for all of these."""
    now = now or timezone.now()
    pairs = list(pairing_selectors.member_pairs(user=user))
    journeys = my_journeys(
        user=user,
        language=language,
        now=now,
        pairs=[pair for pair in pairs if pair.status == PairStatus.ACTIVE],
    )
    surveys = evaluations_selectors.open_surveys_for(user, on=timezone.localdate(now), pairs=pairs)
    applications = list(
        pairing_selectors.with_pending_requests(enrollment_selectors.my_applications(user=user))
    )
    home = ParticipantHome(
        journeys=journeys,
        surveys=surveys,
        applications=applications,
        programs_open=enrollment_selectors.programs_open_to(user=user, applications=applications),
    )
    for journey in journeys:
        if not journey.kickoff.mine:
            url = reverse("journey:kickoff", kwargs={"pair_id": journey.pair.pk})
            home.todo.append(ParticipantTodo("charter", url, journey=journey))
    for journey in sorted(journeys, key=lambda j: j.checkin.ends_at):
        if journey.checkin.due:
            url = reverse("journey:checkin", kwargs={"pair_id": journey.pair.pk})
            home.todo.append(ParticipantTodo("checkin", url, journey=journey))
    for survey in surveys:
        url = reverse(
            "evaluations:answer",
            kwargs={"survey_id": survey.survey.pk, "pair_id": survey.pair.pk},
        )
        home.todo.append(ParticipantTodo("survey", url, survey=survey))
    waiting = sum(application.pending_requests for application in applications)
    if waiting:
        url = reverse("pairing:mentor_requests")
        home.todo.append(ParticipantTodo("mentor_requests", url, count=waiting))
    choosing = {a.program for a in applications if pairing_selectors.may_choose_a_mentor(a)}
    for program in sorted(choosing, key=lambda p: (-p.starts_on.toordinal(), p.name, p.pk)):
        url = reverse("pairing:choose_mentor", kwargs={"program_id": program.pk})
        home.todo.append(ParticipantTodo("choose_mentor", url, program=program))
    for journey in journeys:
        if journey.next_meeting is None:
            url = reverse("meetings:pair", kwargs={"pair_id": journey.pair.pk})
            home.todo.append(ParticipantTodo("plan_meeting", url, journey=journey))
        elif home.next_meeting is None or journey.next_meeting.starts_at < (
            home.next_meeting.starts_at
        ):
            home.next_meeting = journey.next_meeting
            home.next_meeting_journey = journey
    return home
