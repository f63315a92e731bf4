"""The demo's past, for the insights: two years of HR history and a completed pilot cohort.

Everything here is invented, so that the charts and the retention comparison have shapes to
show rather than empty states; it proves nothing about reverse mentoring. In particular the
pilot cohort's participants are made to leave less often and to be promoted more often than
their colleagues, on purpose.

- The HR history of the last two years (`EmployeeChange`), as an HR system's history file
  would give it: promotions (8 to 10 % of the staff a year, the level up by one with a new
  job title), department moves (about 4 % a year, with the new title and manager), changes of
  manager and of location, and leavers (their `left_on` and its history row). The history
  describes the past that led to today's directory: nobody's level, title, department,
  manager or location changes today. Only leaving changes an employee, and only someone with
  no other part in the demo (no login, no application, pair or team to manage), so that every
  other demo page stays as it is.
- "Mentorat inversé — cohorte pilote 2024", closed: 34 pairs that ran for six months nearly
  two years ago, with their charter, goals both ways, meetings, monthly check-ins, the
  baseline and end surveys answered (Likert, NPS, skills before and after).
"""

import datetime as dt
import random
from types import SimpleNamespace

from django.utils import timezone

from bascule.evaluations import selectors as evaluation_selectors
from bascule.evaluations import services as evaluation_services
from bascule.evaluations.models import QuestionKind, Response, Survey, SurveyKind
from bascule.journey.models import (
    CheckIn,
    Goal,
    GoalDirection,
    GoalStatus,
    KickoffConfirmation,
    MeetingChannel,
    MeetingFrequency,
)
from bascule.meetings.models import Meeting, MeetingOutcome, MeetingStatus
from bascule.pairing.models import Pair, PairStatus
from bascule.people.demo import DEPARTMENTS, LOCATIONS, TITLES
from bascule.people.models import Department, Employee, EmployeeChange, HistoryField, HistorySource
from bascule.programs.models import (
    Application,
    ApplicationSkill,
    ApplicationStatus,
    ParticipantRole,
    Program,
    ProgramStatus,
    SkillDirection,
)
from bascule.skills.models import Skill

PILOT_2024_NAME = "Mentorat inversé — cohorte pilote 2024"
PAIRS = 34
HISTORY_DAYS = 730
# Yearly rates over the company (invented, in the range French companies report).
PROMOTION_RATE = 0.08
MOVE_RATE = 0.04
MANAGER_RATE = 0.03
LOCATION_RATE = 0.025
# Leavers come only from the people with no other part in the demo (see the module's text):
# among them, the share who left in the two years; far fewer among the cohort's participants.
LEAVER_SHARE = 0.38
PARTICIPANT_LEAVER_SHARE = 0.25
PARTICIPANT_PROMOTION_SHARE = 0.25

GOALS = (
    (
        GoalDirection.LEARNING,
        "Animer une réunion d'équipe avec un outil collaboratif",
        "Trois réunions animées avec le tableau partagé, sans aide.",
    ),
    (
        GoalDirection.GROWTH,
        "Présenter un projet devant un comité de direction",
        "Une présentation de 10 minutes au comité, avec un retour écrit.",
    ),
)
TEXTS = (
    "Une expérience qui m'a fait changer de regard sur mon métier.",
    "Des rencontres régulières et très concrètes.",
    "J'ai gagné en assurance pour prendre la parole.",
    "J'utilise maintenant des outils que j'ignorais.",
    "Il aurait fallu plus de temps pour certains sujets.",
)


def insights_demo(*, seed: int, keep: set[int]) -> Program:
    """Write the demo's HR history and its completed pilot cohort; return the cohort.
    `keep`: the employees who must not change (the demo logins')."""
    rng = random.Random(seed * 7 + 24)
    today = timezone.localdate()
    people = list(
        Employee.objects.filter(employee_id__startswith="DEMO-")
        .select_related("department", "manager")
        .order_by("pk")
    )
    program = _cohort(rng, today, people, keep)
    _history(rng, today, people, keep, program)
    return program


# --- The pilot cohort -------------------------------------------------------------------------


def _cohort(rng: random.Random, today: dt.date, people: list[Employee], keep: set[int]) -> Program:
    starts_on = today - dt.timedelta(days=690)
    ends_on = starts_on + dt.timedelta(days=182)
    program = Program.objects.create(
        name=PILOT_2024_NAME,
        description="La cohorte pilote du mentorat inversé : 34 binômes pendant six mois.",
        status=ProgramStatus.CLOSED,
        starts_on=starts_on,
        ends_on=ends_on,
        enrollment_closes_on=starts_on - dt.timedelta(days=14),
        status_changed_at=timezone.make_aware(
            dt.datetime.combine(ends_on + dt.timedelta(days=20), dt.time(9))
        ),
        languages=["fr", "en"],
        mentor_max_level=3,
        mentee_min_level=4,
        min_level_gap=2,
        checkin_every_weeks=4,
    )
    taken = keep | set(Pair.objects.values_list("mentor_id", flat=True))
    taken |= set(Pair.objects.values_list("mentee_id", flat=True))

    def can(e: Employee) -> bool:
        hired = e.hire_date is not None and e.hire_date <= starts_on - dt.timedelta(days=60)
        return e.left_on is None and e.pk not in taken and hired

    mentors = [e for e in people if can(e) and (e.seniority_level or 9) <= 2]
    mentees = [e for e in people if can(e) and (e.seniority_level or 0) >= 4]
    rng.shuffle(mentors)
    rng.shuffle(mentees)
    count = min(PAIRS, len(mentors), len(mentees))
    skills = list(Skill.objects.usable().order_by("slug")[:40])
    decided = timezone.make_aware(
        dt.datetime.combine(starts_on - dt.timedelta(days=10), dt.time(10))
    )
    published = timezone.make_aware(dt.datetime.combine(starts_on, dt.time(9)))
    pairs, rows = [], []
    for index in range(count):
        mentor, mentee = mentors[index], mentees[index]
        apps = {}
        for role, who in ((ParticipantRole.MENTOR, mentor), (ParticipantRole.MENTEE, mentee)):
            apps[role] = Application.objects.create(
                program=program,
                employee=who,
                role=role,
                status=ApplicationStatus.APPROVED,
                languages=["fr"],
                charter_accepted_at=decided,
                privacy_notice_accepted_at=decided,
                decided_at=decided,
            )
            chosen = rng.sample(skills, k=3)
            share, develop = (
                (SkillDirection.SHARE, SkillDirection.DEVELOP)
                if role == ParticipantRole.MENTOR
                else (SkillDirection.DEVELOP, SkillDirection.SHARE)
            )
            rows += [
                ApplicationSkill(
                    application=apps[role],
                    skill=skill,
                    direction=share if n < 2 else develop,
                    level=rng.choice((1, 2, 2, 3)),
                )
                for n, skill in enumerate(chosen)
            ]
        pairs.append(
            Pair.objects.create(
                program=program,
                mentor=mentor,
                mentor_application=apps[ParticipantRole.MENTOR],
                mentee=mentee,
                mentee_application=apps[ParticipantRole.MENTEE],
                status=PairStatus.ENDED,
                published_at=published,
                ended_at=timezone.make_aware(dt.datetime.combine(ends_on, dt.time(18))),
            )
        )
    ApplicationSkill.objects.bulk_create(rows)
    _journeys(rng, program, pairs)
    _surveys(rng, program, pairs)
    return program


def _journeys(rng: random.Random, program: Program, pairs: list[Pair]) -> None:
    """Charters, goals both ways, meetings held and monthly check-ins whose pulse rises."""
    confirmations, goals, meetings, checkins = [], [], [], []
    periods = (program.ends_on - program.starts_on).days // 28
    for index, pair in enumerate(pairs):
        for member in (pair.mentee_id, pair.mentor_id):
            confirmations.append(
                KickoffConfirmation(
                    pair=pair,
                    member_id=member,
                    charter_accepted=True,
                    confidentiality=True,
                    meeting_frequency=MeetingFrequency.FORTNIGHTLY,
                    channel=MeetingChannel.MIXED,
                    confirmed_at=pair.published_at + dt.timedelta(days=2 + index % 5),
                )
            )
        for direction, title, criteria in GOALS:
            status = rng.choices(
                (GoalStatus.ACHIEVED, GoalStatus.IN_PROGRESS, GoalStatus.DROPPED),
                weights=(7, 2, 1),
            )[0]
            goals.append(
                Goal(
                    pair=pair,
                    direction=direction,
                    title=title,
                    success_criteria=criteria,
                    target_date=program.ends_on - dt.timedelta(days=20),
                    status=status,
                    progress={GoalStatus.ACHIEVED: 100, GoalStatus.IN_PROGRESS: 60}.get(status, 20),
                )
            )
        # Every fortnight until the program ends, one now and then not held (not recorded).
        fortnights = (program.ends_on - timezone.localdate(pair.published_at)).days // 14
        for n in range(fortnights):
            if rng.random() < 0.12:
                continue
            starts = pair.published_at + dt.timedelta(days=14 * (n + 1), hours=1)
            meetings.append(
                Meeting(
                    pair=pair,
                    starts_at=starts,
                    duration_minutes=rng.choice((45, 60)),
                    time_zone="Europe/Paris",
                    status=MeetingStatus.SCHEDULED,
                    outcome=MeetingOutcome.HELD,
                    outcome_recorded_at=starts + dt.timedelta(hours=1),
                )
            )
        mood = rng.choice((3, 3, 4, 4, 4, 5))
        for period in range(1, periods + 1):
            for member in (pair.mentee_id, pair.mentor_id):
                if rng.random() < 0.15:
                    continue  # a check-in skipped now and then
                drift = 1 if period > periods // 2 and rng.random() < 0.5 else 0
                pulse = max(1, min(5, mood + drift + rng.choice((-1, 0, 0, 0, 1))))
                checkins.append(CheckIn(pair=pair, member_id=member, period=period, pulse=pulse))
    KickoffConfirmation.objects.bulk_create(confirmations)
    Goal.objects.bulk_create(goals)
    Meeting.objects.bulk_create(meetings)
    CheckIn.objects.bulk_create(checkins, batch_size=500)
    # The goals were set the week after the charter: the health at each past month's end
    # reads what was recorded by then (docs/impact.md, "Health over time").
    Goal.objects.filter(pair__program=program).update(
        created_at=pairs[0].published_at + dt.timedelta(days=9)
    )
    # Each period's check-ins were given two days before it ended.
    for period in range(1, periods + 1):
        answered = pairs[0].published_at + dt.timedelta(weeks=4 * period, days=-2)
        CheckIn.objects.filter(pair__program=program, period=period).update(
            created_at=answered, updated_at=answered
        )


def _surveys(rng: random.Random, program: Program, pairs: list[Pair]) -> None:
    """Most members answered the baseline and the end survey (skills now, and at the start
    looking back, a little lower); through the real service, as the members themselves."""
    surveys = evaluation_services.ensure_program_surveys(program)
    questions = {
        kind: list(evaluation_selectors.survey_questions(survey=surveys[kind]))
        for kind in (SurveyKind.BASELINE, SurveyKind.END)
    }
    for pair in pairs:
        for member in (pair.mentor_id, pair.mentee_id):
            skills = evaluation_selectors.skills_to_rate(pair=pair, employee_id=member)
            start = {skill.pk: rng.choice((1, 1, 2, 2, 3)) for skill in skills}
            for kind in (SurveyKind.BASELINE, SurveyKind.END):
                if rng.random() < 0.12:
                    continue  # not everyone answers
                survey = surveys[kind]
                gain = {skill.pk: rng.choice((0, 1, 1, 1, 2)) for skill in skills}
                _answer(rng, survey, questions[kind], pair, member, start, gain)


def _answer(
    rng: random.Random,
    survey: Survey,
    questions: list,
    pair: Pair,
    member: int,
    start: dict[int, int],
    gain: dict[int, int],
) -> None:
    answers: dict[int, object] = {}
    ratings: dict[tuple[int, int], tuple[int | None, int]] = {}
    for question in questions:
        if question.kind == QuestionKind.LIKERT:
            answers[question.pk] = rng.choice((2, 3, 4, 4, 4, 5, 5))
        elif question.kind == QuestionKind.NPS:
            answers[question.pk] = rng.choice((5, 7, 8, 8, 9, 9, 10, 10))
        elif question.kind == QuestionKind.TEXT:
            answers[question.pk] = rng.choice(TEXTS) if question.required else ""
        elif question.kind == QuestionKind.SKILLS:
            for pk, level in start.items():
                if survey.asks_retrospective:
                    ratings[(question.pk, pk)] = (level, min(4, level + gain[pk]))
                else:
                    ratings[(question.pk, pk)] = (None, level)
    on = survey.opens_on + dt.timedelta(days=rng.randint(1, 8))
    response = evaluation_services.response_submit(
        actor=SimpleNamespace(employee_id=member, is_authenticated=False),
        survey=survey,
        pair=pair,
        answers=answers,
        ratings=ratings,
        on=on,
    )
    submitted = timezone.make_aware(dt.datetime.combine(on, dt.time(11, 0)))
    Response.objects.filter(pk=response.pk).update(submitted_at=submitted)


# --- The HR history -----------------------------------------------------------------------------


def _history(
    rng: random.Random, today: dt.date, people: list[Employee], keep: set[int], cohort: Program
) -> None:
    first_day = today - dt.timedelta(days=HISTORY_DAYS)
    departments = {d.pk: d.name for d in Department.objects.all()}
    by_department: dict[str, list[Employee]] = {}
    for e in people:
        if e.department_id and e.job_title in _titles(e.department.name)[2]:
            by_department.setdefault(e.department.name, []).append(e)  # team managers
    cohort_pairs = list(Pair.objects.filter(program=cohort).values_list("mentor_id", "mentee_id"))
    participants = {pk for pair in cohort_pairs for pk in pair}
    # Who may leave: nobody with another part in the demo.
    busy = set(Application.objects.exclude(program=cohort).values_list("employee_id", flat=True))
    busy |= set(Pair.objects.exclude(program=cohort).values_list("mentor_id", flat=True))
    busy |= set(Pair.objects.exclude(program=cohort).values_list("mentee_id", flat=True))
    busy |= {e.manager_id for e in people if e.manager_id}
    busy |= set(
        Employee.objects.filter(user__isnull=False).values_list("pk", flat=True)
    )  # every login
    busy |= keep
    after_cohort = cohort.ends_on + dt.timedelta(days=20)

    changes: list[EmployeeChange] = []
    latest: dict[int, dt.date] = {}  # each person's last day at the company, for their changes

    def change(e: Employee, name: str, old: object, new: object, day: dt.date) -> None:
        changes.append(
            EmployeeChange(
                employee=e,
                field=name,
                old_value=str(old),
                new_value=str(new),
                effective_on=day,
                source=HistorySource.HISTORY,
            )
        )

    def day_between(low: dt.date, high: dt.date) -> dt.date | None:
        if high <= low:
            return None
        return low + dt.timedelta(days=rng.randint(0, (high - low).days))

    # Leavers: those build_company made (their history row), then others.
    for e in people:
        if e.pk in keep:
            continue
        if e.left_on is None and e.pk not in busy and e.hire_date is not None:
            share = PARTICIPANT_LEAVER_SHARE if e.pk in participants else LEAVER_SHARE
            if rng.random() < share:
                low = max(first_day, e.hire_date + dt.timedelta(days=120))
                if e.pk in participants:
                    low = max(low, after_cohort)
                e.left_on = day_between(low, today - dt.timedelta(days=5))
                if e.left_on is not None:
                    Employee.objects.filter(pk=e.pk).update(left_on=e.left_on)
        if e.left_on is not None:
            latest[e.pk] = e.left_on - dt.timedelta(days=30)
            if e.left_on >= first_day:
                change(e, HistoryField.LEFT_ON, "", e.left_on.isoformat(), e.left_on)

    changed: set[int] = set()  # one promotion, move or reorganisation each, at most

    def window(e: Employee, low: dt.date | None = None) -> dt.date | None:
        if e.pk in keep or e.pk in changed or e.hire_date is None:
            return None
        start = max(low or first_day, e.hire_date + dt.timedelta(days=180))
        return day_between(start, latest.get(e.pk, today - dt.timedelta(days=10)))

    years = HISTORY_DAYS / 365.25
    # Promotions: more often among the cohort's participants, after it (invented, see above).
    for e in people:
        level = e.seniority_level or 0
        if level < 2 or level >= 8 or e.department_id is None:
            continue
        chosen = (
            rng.random() < PARTICIPANT_PROMOTION_SHARE
            if e.pk in participants
            else rng.random() < PROMOTION_RATE * years
        )
        day = chosen and window(e, after_cohort if e.pk in participants else None)
        if not day:
            continue
        changed.add(e.pk)
        change(e, HistoryField.SENIORITY_LEVEL, level - 1, level, day)
        old_title = _title_before_promotion(e)
        if old_title and old_title != e.job_title:
            change(e, HistoryField.JOB_TITLE, old_title, e.job_title, day)

    # Department moves and changes of manager, of staff who report to a team manager.
    for e in people:
        if e.department_id is None or e.manager is None:
            continue
        name = departments[e.department_id]
        gender = _gender(e.job_title, _titles(name)[3])
        if gender is None:
            continue
        roll = rng.random()
        if roll < MOVE_RATE * years:
            day = window(e)
            old = rng.choice([d for d in DEPARTMENTS if d != name and d in by_department])
            if not day:
                continue
            changed.add(e.pk)
            change(e, HistoryField.DEPARTMENT, old, name, day)
            change(e, HistoryField.JOB_TITLE, _titles(old)[3][gender], e.job_title, day)
            old_manager = rng.choice(by_department[old])
            change(e, HistoryField.MANAGER, old_manager.employee_id, e.manager.employee_id, day)
        elif roll < (MOVE_RATE + MANAGER_RATE) * years:
            others = [m for m in by_department.get(name, []) if m.pk != e.manager_id]
            day = window(e)
            if not day or not others:
                continue
            changed.add(e.pk)
            change(
                e, HistoryField.MANAGER, rng.choice(others).employee_id, e.manager.employee_id, day
            )

    # A few moved to another site.
    places = [place for place, _zone, _weight in LOCATIONS]
    for e in people:
        if e.location and e.pk not in keep and rng.random() < LOCATION_RATE * years:
            day = window(e)
            if day:
                changed.add(e.pk)
                old = rng.choice([p for p in places if p != e.location])
                change(e, HistoryField.LOCATION, old, e.location, day)
    EmployeeChange.objects.bulk_create(changes, batch_size=1000)


def _titles(department: str) -> tuple[tuple[str, str], ...]:
    return TITLES.get(department, (("", ""),) * 4)


def _gender(title: str, titles: tuple[str, str]) -> int | None:
    """0 or 1: which of a title's two forms `title` is (None: neither)."""
    for index, form in enumerate(titles):
        if form and title == form:
            return index
    return None


def _title_before_promotion(e: Employee) -> str:
    """The title `e` had before their last promotion: junior staff before staff, staff before
    team manager, team manager before head, head before director."""
    tiers = _titles(e.department.name)
    for tier, forms in enumerate(tiers):
        gender = _gender(e.job_title, forms)
        if gender is None:
            continue
        if tier == len(tiers) - 1:
            return f"{e.job_title} junior"
        return tiers[tier + 1][gender]
    return ""
