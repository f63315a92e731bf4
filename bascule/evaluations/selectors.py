"""Reads of evaluations (docs/evaluations.md). Who sees what is decided here:

- A member sees the surveys open to them (`open_surveys_for`, `access_member_survey`) and
  their own response only (`MemberSurvey.response`, filtered on the respondent first).
- HR admins and the program's managers (`access_program_surveys`, `access_survey`) see the
  surveys, their response counts and the aggregates of `survey_results`: nothing of a group
  of fewer than `MIN_GROUP_SIZE` distinct people (`bascule.core.small_groups`, the
  small-group rule of every aggregate of the product), never a respondent next to an answer.
- `surveys_opening_between`, `surveys_closing_between` and `SurveyWindow.pending` are for a
  reminders job (no user): who is asked, when, and who has not answered yet — never an answer.
"""

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Avg, Count, F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from bascule.core.small_groups import MIN_GROUP_SIZE, is_shown
from bascule.evaluations.models import (
    LIKERT_CHOICES,
    Answer,
    Question,
    QuestionKind,
    Response,
    SkillRating,
    Survey,
    SurveyKind,
)
from bascule.journey.selectors import pair_goals
from bascule.pairing.models import Pair, PairStatus
from bascule.pairing.selectors import access_member_pair, member_pairs
from bascule.people.models import Employee
from bascule.programs.models import ApplicationSkill, ParticipantRole, Program
from bascule.programs.selectors import access_managed_program
from bascule.skills.models import Skill

KIND_ORDER = {
    SurveyKind.BASELINE: 0,
    SurveyKind.MIDPOINT: 1,
    SurveyKind.END: 2,
    SurveyKind.CLOSING: 3,
}


def today() -> dt.date:
    return timezone.localdate()


# --- HR -----------------------------------------------------------------------------------------


def access_program_surveys(*, user: Any, program_id: int) -> Program:
    """Return a program whose evaluations `user` manages (HR admins, the program's managers);
    404 for anyone else."""
    return access_managed_program(user=user, program_id=program_id)


def access_survey(*, user: Any, survey_id: int) -> Survey:
    """Return a survey of a program `user` manages; 404 otherwise."""
    survey = Survey.objects.select_related("program").filter(pk=survey_id).first()
    if survey is None:
        raise Http404
    access_managed_program(user=user, program_id=survey.program_id)
    return survey


def access_question(*, survey: Survey, question_id: int) -> Question:
    question = Question.objects.filter(survey=survey, pk=question_id).first()
    if question is None:
        raise Http404
    return question


def program_surveys(*, program: Program) -> list[Survey]:
    """Return the program's surveys in the order of the program, each with `respondents`
    (distinct people who answered) and `question_count`."""
    surveys = list(
        Survey.objects.filter(program=program).annotate(
            respondents=Count("responses__respondent", distinct=True),
            question_count=Count("questions", distinct=True),
        )
    )
    return sorted(surveys, key=lambda s: KIND_ORDER.get(s.kind, 9))


def survey_questions(*, survey: Survey) -> QuerySet[Question]:
    return Question.objects.filter(survey=survey).order_by("position", "id")


def survey_has_responses(survey: Survey) -> bool:
    return Response.objects.filter(survey=survey).exists()


# --- Who is asked, when -------------------------------------------------------------------------


def pair_ended_early_on(pair: Pair) -> dt.date | None:
    """Return the day `pair` ended if it ended before its program's end date, else None."""
    if pair.status != PairStatus.ENDED or pair.ended_at is None:
        return None
    ended = timezone.localdate(pair.ended_at)
    return ended if ended < pair.program.ends_on else None


def survey_window(survey: Survey, pair: Pair) -> tuple[dt.date, dt.date] | None:
    """Return (opens_on, closes_on) of `survey` for the members of `pair`, or None when the
    survey is not for them.

    Baseline, midpoint and end: the survey's dates, for a pair that did not end early.
    Closing: a pair that ended early, on a day within the survey's dates, may answer from that
    day for `closing_days` days.
    """
    if survey.program_id != pair.program_id:
        return None
    return _window(survey, pair_ended_early_on(pair))


def _window(survey: Survey, ended_early: dt.date | None) -> tuple[dt.date, dt.date] | None:
    """`survey_window` for a pair of the survey's program that ended early on `ended_early`
    (None: it did not)."""
    if survey.kind == SurveyKind.CLOSING:
        if ended_early is None or not survey.opens_on <= ended_early <= survey.closes_on:
            return None
        return ended_early, ended_early + dt.timedelta(days=survey.closing_days)
    if ended_early is not None:
        return None
    return survey.opens_on, survey.closes_on


def member_role_in(pair: Pair, employee_id: int) -> str:
    return ParticipantRole.MENTOR if pair.mentor_id == employee_id else ParticipantRole.MENTEE


@dataclass
class MemberSurvey:
    """A survey as one member of one pair sees it."""

    survey: Survey
    pair: Pair
    role: str
    opens_on: dt.date
    closes_on: dt.date
    response: Response | None  # the member's own response, if any
    today: dt.date

    @property
    def is_open(self) -> bool:
        return self.opens_on <= self.today <= self.closes_on

    @property
    def is_closed(self) -> bool:
        return self.today > self.closes_on

    @property
    def answered(self) -> bool:
        return self.response is not None

    @property
    def can_answer(self) -> bool:
        return self.is_open and not self.answered

    @property
    def partner(self) -> Employee:
        return self.pair.mentee if self.role == ParticipantRole.MENTOR else self.pair.mentor


def my_response(*, employee_id: int, survey: Survey, pair: Pair) -> Response | None:
    """Return the response `employee_id` gave to `survey` for `pair` (their own), or None."""
    return (
        Response.objects.filter(respondent_id=employee_id, survey=survey, pair=pair)
        .prefetch_related("answers", "skill_ratings__skill")
        .first()
    )


def access_member_survey(
    *, user: Any, survey_id: int, pair_id: int, on: dt.date | None = None
) -> MemberSurvey:
    """Return `survey_id` as the member `user` of `pair_id` sees it: 404 unless `user` is a
    member of the pair and the survey is for that pair and has opened (a closed survey is
    returned, read-only)."""
    pair = access_member_pair(user=user, pair_id=pair_id)
    survey = Survey.objects.filter(pk=survey_id, program_id=pair.program_id).first()
    if survey is None:
        raise Http404
    window = survey_window(survey, pair)
    on = on or today()
    if window is None or on < window[0]:
        raise Http404
    return MemberSurvey(
        survey=survey,
        pair=pair,
        role=member_role_in(pair, user.employee_id),
        opens_on=window[0],
        closes_on=window[1],
        response=my_response(employee_id=user.employee_id, survey=survey, pair=pair),
        today=on,
    )


def open_surveys_for(
    user: Any, *, on: dt.date | None = None, pairs: list[Pair] | None = None
) -> list[MemberSurvey]:
    """Return the surveys open today to `user` and not answered yet, one per survey and pair,
    closing soonest first. `pairs`: the user's pairs (`member_pairs`) when already read."""
    on = on or today()
    items: list[MemberSurvey] = []
    if pairs is None:
        pairs = list(member_pairs(user=user))
    if not pairs:
        return items
    programs = {pair.program_id: pair.program for pair in pairs}
    surveys = surveys_by_program(programs=list(programs.values()))
    answered = set(
        Response.objects.filter(
            respondent_id=user.employee_id, pair__in=[p.pk for p in pairs]
        ).values_list("survey_id", "pair_id")
    )
    for pair in pairs:
        for survey in surveys[pair.program_id]:
            window = survey_window(survey, pair)
            if window is None or not window[0] <= on <= window[1]:
                continue
            if (survey.pk, pair.pk) in answered:
                continue
            items.append(
                MemberSurvey(
                    survey=survey,
                    pair=pair,
                    role=member_role_in(pair, user.employee_id),
                    opens_on=window[0],
                    closes_on=window[1],
                    response=None,
                    today=on,
                )
            )
    return sorted(items, key=lambda item: (item.closes_on, item.survey.pk, item.pair.pk))


def surveys_by_program(*, programs: list[Program]) -> dict[int, list[Survey]]:
    """Return the surveys of each of `programs`, by program id: one query, whatever the
    number of programs."""
    by_id = {program.pk: program for program in programs}
    found: dict[int, list[Survey]] = {program.pk: [] for program in programs}
    for survey in Survey.objects.filter(program_id__in=list(found)):
        survey.program = by_id[survey.program_id]
        found[survey.program_id].append(survey)
    return found


def skills_to_rate(*, pair: Pair, employee_id: int) -> list[Skill]:
    """Return the skills a member of `pair` rates: those linked to the pair's goals and those
    the member named in their application (to share or to develop), by label."""
    ids = {skill.pk for goal in pair_goals(pair=pair) for skill in goal.skills.all()}
    application_id = (
        pair.mentor_application_id if pair.mentor_id == employee_id else pair.mentee_application_id
    )
    ids |= set(
        ApplicationSkill.objects.filter(application_id=application_id).values_list(
            "skill_id", flat=True
        )
    )
    return sorted(Skill.objects.filter(pk__in=ids), key=lambda skill: (skill.label, skill.pk))


# --- For reminders ------------------------------------------------------------------------------


@dataclass
class SurveyWindow:
    """When one survey is open to the members of one pair, and who of them has not answered."""

    survey: Survey
    pair: Pair
    opens_on: dt.date
    closes_on: dt.date
    pending: list[Employee] = field(default_factory=list)  # members without a response


def _windows(surveys: Iterable[Survey]) -> list[SurveyWindow]:
    windows = []
    surveys = list(surveys)
    by_program: dict[int, list[Survey]] = defaultdict(list)
    for survey in surveys:
        by_program[survey.program_id].append(survey)
    pairs = Pair.objects.filter(program_id__in=list(by_program)).select_related(
        "program", "mentor", "mentee"
    )
    answered = set(
        Response.objects.filter(survey__in=surveys).values_list(
            "survey_id", "pair_id", "respondent_id"
        )
    )
    for pair in pairs:
        for survey in by_program[pair.program_id]:
            window = survey_window(survey, pair)
            if window is None:
                continue
            pending = [
                member
                for member in (pair.mentor, pair.mentee)
                if (survey.pk, pair.pk, member.pk) not in answered
            ]
            windows.append(SurveyWindow(survey, pair, window[0], window[1], pending))
    return windows


def surveys_opening_between(start: dt.date, end: dt.date) -> list[SurveyWindow]:
    """Return the windows (survey × pair) opening from `start` to `end` (both included), with
    the members who have not answered. A closing survey opens for a pair on the day it ended."""
    surveys = Survey.objects.filter(
        Q(opens_on__range=(start, end), kind__in=[k for k in SurveyKind.values if k != "closing"])
        | Q(kind=SurveyKind.CLOSING, opens_on__lte=end, closes_on__gte=start)
    ).select_related("program")
    return [w for w in _windows(surveys) if start <= w.opens_on <= end]


def surveys_closing_between(start: dt.date, end: dt.date) -> list[SurveyWindow]:
    """Return the windows (survey × pair) whose last day is from `start` to `end` (both
    included), with the members who have not answered yet."""
    longest = dt.timedelta(days=365)
    surveys = Survey.objects.filter(
        Q(closes_on__range=(start, end), kind__in=[k for k in SurveyKind.values if k != "closing"])
        | Q(kind=SurveyKind.CLOSING, opens_on__lte=end, closes_on__gte=start - longest)
    ).select_related("program")
    return [w for w in _windows(surveys) if start <= w.closes_on <= end]


# --- Aggregates ---------------------------------------------------------------------------------


@dataclass
class Bucket:
    value: int
    label: str
    count: int
    percent: float


@dataclass
class GroupStat:
    """One aggregate over a group of respondents; `shown` is False under MIN_GROUP_SIZE."""

    respondents: int
    shown: bool
    mean: float | None = None
    mean_before: float | None = None  # skills, end and closing surveys
    distribution: list[Bucket] = field(default_factory=list)
    nps: int | None = None
    promoters: int = 0
    passives: int = 0
    detractors: int = 0


@dataclass
class QuestionResult:
    question: Question
    overall: GroupStat
    mentors: GroupStat
    mentees: GroupStat
    texts: list[str] = field(default_factory=list)  # free texts, unattributed, shuffled

    @property
    def subgroups_shown(self) -> bool:
        return self.mentors.shown and self.mentees.shown


@dataclass
class SkillResult:
    skill: Skill
    overall: GroupStat
    mentors: GroupStat
    mentees: GroupStat

    @property
    def subgroups_shown(self) -> bool:
        return self.mentors.shown and self.mentees.shown


@dataclass
class SurveyResults:
    survey: Survey
    respondents: int  # distinct people who answered
    # Distinct mentors and mentees who answered: None unless both groups are large enough
    # (either count and the total would give the other).
    mentors: int | None
    mentees: int | None
    shown: bool
    questions: list[QuestionResult] = field(default_factory=list)
    skills: list[SkillResult] = field(default_factory=list)
    min_respondents: int = MIN_GROUP_SIZE

    @property
    def skills_shown(self) -> list[SkillResult]:
        """The skills rated by enough people to show; the others are only counted."""
        return [row for row in self.skills if row.overall.shown]

    @property
    def skills_hidden(self) -> int:
        return len(self.skills) - len(self.skills_shown)


def _mean(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 2) if values else None


def _stat(rows: list[tuple[int, int]], kind: str) -> GroupStat:
    """Return the aggregate of `rows` ((respondent id, value)), hidden under the threshold."""
    people = {respondent for respondent, _value in rows}
    if not is_shown(len(people)):
        return GroupStat(respondents=len(people), shown=False)
    values = [value for _respondent, value in rows]
    stat = GroupStat(respondents=len(people), shown=True, mean=_mean(values))
    total = len(values)
    if kind == QuestionKind.LIKERT:
        counts = defaultdict(int)
        for value in values:
            counts[value] += 1
        stat.distribution = [
            Bucket(value, str(label), counts[value], round(100 * counts[value] / total, 1))
            for value, label in LIKERT_CHOICES
        ]
    elif kind == QuestionKind.NPS:
        stat.promoters = sum(1 for v in values if v >= 9)
        stat.detractors = sum(1 for v in values if v <= 6)
        stat.passives = total - stat.promoters - stat.detractors
        stat.nps = round(100 * (stat.promoters - stat.detractors) / total)
        stat.distribution = [
            Bucket(
                value, str(value), values.count(value), round(100 * values.count(value) / total, 1)
            )
            for value in range(11)
        ]
    return stat


def _skill_stat(rows: list[tuple[int, int | None, int]]) -> GroupStat:
    """rows: (respondent id, before, now)."""
    people = {respondent for respondent, _b, _n in rows}
    if not is_shown(len(people)):
        return GroupStat(respondents=len(people), shown=False)
    befores = [before for _r, before, _n in rows if before is not None]
    return GroupStat(
        respondents=len(people),
        shown=True,
        mean=_mean([now for _r, _b, now in rows]),
        mean_before=_mean(befores),
    )


def _suppress_complement(mentors: GroupStat, mentees: GroupStat) -> tuple[GroupStat, GroupStat]:
    """Hide both subgroups when one is hidden: the total minus a shown subgroup would give
    the hidden one."""
    if mentors.shown and mentees.shown:
        return mentors, mentees
    return (
        GroupStat(respondents=mentors.respondents, shown=False),
        GroupStat(respondents=mentees.respondents, shown=False),
    )


def survey_results(*, survey: Survey) -> SurveyResults:
    """Return the aggregates of `survey` for HR: per Likert question the mean and the
    distribution, per NPS question the score and its counts, the free texts unattributed in a
    stable shuffled order, per skill the mean level at the start and now — overall and for
    mentors and mentees. Nothing of a group of fewer than MIN_GROUP_SIZE distinct people.

    The caller checks HR's scope (`access_survey`).
    """
    responses = list(
        Response.objects.filter(survey=survey).values_list("pk", "respondent_id", "role")
    )
    respondent_of = {pk: respondent for pk, respondent, _role in responses}
    role_of = {pk: role for pk, _respondent, role in responses}
    people = {respondent for _pk, respondent, _role in responses}
    mentors = {r for _pk, r, role in responses if role == ParticipantRole.MENTOR}
    mentees = {r for _pk, r, role in responses if role == ParticipantRole.MENTEE}
    roles_shown = is_shown(len(mentors)) and is_shown(len(mentees))
    results = SurveyResults(
        survey=survey,
        respondents=len(people),
        mentors=len(mentors) if roles_shown else None,
        mentees=len(mentees) if roles_shown else None,
        shown=is_shown(len(people)),
    )
    questions = list(survey_questions(survey=survey))
    answers: dict[int, list[tuple[int, int | None, str, str]]] = defaultdict(list)
    for response_id, question_id, value, text in Answer.objects.filter(
        response__survey=survey
    ).values_list("response_id", "question_id", "value", "text"):
        answers[question_id].append((respondent_of[response_id], value, text, role_of[response_id]))
    for question in questions:
        if question.kind == QuestionKind.SKILLS:
            continue
        rows = answers.get(question.pk, [])
        if question.kind == QuestionKind.TEXT:
            texts: list[str] = []
            if results.shown:
                # Sorted by the text alone (never by respondent or response, whose order a
                # reader could know), then shuffled with a fixed seed: stable across reloads,
                # and the position of a text says nothing about who wrote it.
                texts = sorted(row[2] for row in rows if row[2].strip())
                random.Random(f"{survey.pk}-{question.pk}").shuffle(texts)
            count = len({row[0] for row in rows if row[2].strip()})
            stat = GroupStat(respondents=count, shown=results.shown)
            results.questions.append(
                QuestionResult(question, stat, GroupStat(0, False), GroupStat(0, False), texts)
            )
            continue
        numeric = [(r, v, role) for r, v, _t, role in rows if v is not None]
        overall = _stat([(r, v) for r, v, _role in numeric], question.kind)
        by_mentors = _stat(
            [(r, v) for r, v, role in numeric if role == ParticipantRole.MENTOR], question.kind
        )
        by_mentees = _stat(
            [(r, v) for r, v, role in numeric if role == ParticipantRole.MENTEE], question.kind
        )
        by_mentors, by_mentees = _suppress_complement(by_mentors, by_mentees)
        results.questions.append(QuestionResult(question, overall, by_mentors, by_mentees))
    ratings: dict[int, list[tuple[int, int | None, int, str]]] = defaultdict(list)
    for response_id, skill_id, before, now in SkillRating.objects.filter(
        response__survey=survey
    ).values_list("response_id", "skill_id", "before", "now"):
        ratings[skill_id].append((respondent_of[response_id], before, now, role_of[response_id]))
    skills = {skill.pk: skill for skill in Skill.objects.filter(pk__in=list(ratings))}
    for skill_id, rows in sorted(ratings.items(), key=lambda item: skills[item[0]].label):
        overall = _skill_stat([(r, b, n) for r, b, n, _role in rows])
        by_mentors = _skill_stat(
            [(r, b, n) for r, b, n, role in rows if role == ParticipantRole.MENTOR]
        )
        by_mentees = _skill_stat(
            [(r, b, n) for r, b, n, role in rows if role == ParticipantRole.MENTEE]
        )
        by_mentors, by_mentees = _suppress_complement(by_mentors, by_mentees)
        results.skills.append(SkillResult(skills[skill_id], overall, by_mentors, by_mentees))
    return results


# --- HR's home page -------------------------------------------------------------------------


@dataclass
class SurveyProgress:
    """A survey open today to at least one pair of a program, and how many people answered."""

    survey: Survey
    closes_on: dt.date  # the last day to answer (closing survey: the latest of the open pairs)
    asked: int  # the members of the pairs it was opened to so far
    answered: int  # those of them who answered

    @property
    def rate(self) -> int | None:
        """The share of the people asked who answered, in whole percent."""
        return round(100 * self.answered / self.asked) if self.asked else None


def open_surveys_progress(
    *, surveys: dict[int, list[Survey]], pairs: list[Pair], on: dt.date | None = None
) -> list[SurveyProgress]:
    """Return those of `surveys` (by program id, as `surveys_by_program` gives them) open on
    `on` (default: today) to at least one of `pairs` (their programs' pairs, ended ones
    included, each with its program), with how many of the people asked answered, closing
    soonest first.

    Counts only: who answered is never returned. One query (the answers, counted by survey
    and pair) whatever the number of programs and pairs. The caller checks HR's scope.
    """
    on = on or today()
    started = [s.pk for group in surveys.values() for s in group if s.opens_on <= on]
    if not pairs or not started:
        return []
    answered = {
        (survey_id, pair_id): count
        for survey_id, pair_id, count in Response.objects.filter(survey_id__in=started)
        .filter(Q(respondent=F("pair__mentor")) | Q(respondent=F("pair__mentee")))
        .order_by()
        .values_list("survey_id", "pair_id")
        .annotate(count=Count("pk"))
    }
    progress: dict[int, SurveyProgress] = {}
    opened: set[int] = set()
    for pair in pairs:
        ended_early = pair_ended_early_on(pair)
        for survey in surveys.get(pair.program_id, ()):
            window = _window(survey, ended_early)
            if window is None or window[0] > on:
                continue
            item = progress.setdefault(survey.pk, SurveyProgress(survey, window[1], 0, 0))
            if on <= window[1]:
                opened.add(survey.pk)
                item.closes_on = max(item.closes_on, window[1])
            item.asked += 2
            item.answered += answered.get((survey.pk, pair.pk), 0)
    shown = [item for survey_id, item in progress.items() if survey_id in opened]
    return sorted(
        shown, key=lambda item: (item.closes_on, item.survey.program.name, item.survey.pk)
    )


# --- The sponsor's home page -------------------------------------------------------------------

# The surveys whose agree-or-disagree answers say how satisfied the members are: the baseline
# asks about expectations, not about the mentoring.
SATISFACTION_KINDS = (SurveyKind.MIDPOINT, SurveyKind.END, SurveyKind.CLOSING)


def programs_satisfaction(*, programs: QuerySet[Program]) -> dict[int, GroupStat]:
    """Return, by program id, the mean answer (1 to 5) to the agree-or-disagree questions of
    the mid-point, end and closing surveys of `programs`, over the distinct people who
    answered them. Hidden (`shown` False, no mean) under MIN_GROUP_SIZE people, as every
    aggregate. One query whatever the number of programs."""
    rows = (
        Answer.objects.filter(
            response__survey__program__in=programs,
            response__survey__kind__in=SATISFACTION_KINDS,
            question__kind=QuestionKind.LIKERT,
            value__isnull=False,
        )
        .order_by()
        .values("response__survey__program_id")
        .annotate(respondents=Count("response__respondent", distinct=True), mean=Avg("value"))
    )
    result = {}
    for row in rows:
        people = row["respondents"]
        shown = is_shown(people)
        result[row["response__survey__program_id"]] = GroupStat(
            respondents=people, shown=shown, mean=round(row["mean"], 1) if shown else None
        )
    return result


def surveys_opening_or_closing(
    *, surveys: dict[int, list[Survey]], start: dt.date, end: dt.date
) -> list[Survey]:
    """Return those of `surveys` (by program id, as `surveys_by_program` gives them; the
    closing one excepted: it opens pair by pair) that open or close from `start` to `end`,
    both included. No query."""
    return [
        survey
        for group in surveys.values()
        for survey in group
        if survey.kind != SurveyKind.CLOSING
        and (start <= survey.opens_on <= end or start <= survey.closes_on <= end)
    ]
