"""Reads of HR's side of training: a program's requirements and its completion report.

HR admins and the program's managers only (`access_requirements_program`, 404 for anyone
else). The report counts, per requirement (a module for a role), the people required, done,
in progress, not started and overdue, in a fixed number of queries per requirement whatever
the number of participants. Pass rates, the questions most often failed and the median time
are figures about people: shown only from `MIN_GROUP_SIZE` learners up. The overdue people
are listed by name: nudging them is HR's job.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    DateTimeField,
    Exists,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language

from bascule.core.small_groups import is_shown
from bascule.pairing.models import Pair, PairStatus
from bascule.people.models import Employee
from bascule.programs.models import Application, ApplicationStatus, Program
from bascule.programs.selectors import access_managed_program
from bascule.training.models import (
    DueAnchor,
    Module,
    ModuleStatus,
    ModuleVersion,
    Progress,
    QuizAttempt,
    Requirement,
)
from bascule.training.selectors import version_content, version_text

# The overdue people a page lists per requirement (the exports list them all).
OVERDUE_LISTED = 25
# The latest quiz attempts read per requirement to find the questions most often failed.
ATTEMPTS_READ = 500
FAILED_QUESTIONS_SHOWN = 3


def access_requirements_program(*, user: Any, program_id: int) -> Program:
    """The program if `user` manages it (HR admins, its managers); 404 otherwise."""
    return access_managed_program(user=user, program_id=program_id)


def access_requirement(*, program: Program, requirement_id: int) -> Requirement:
    requirement = (
        Requirement.objects.filter(program=program, pk=requirement_id)
        .select_related("module__published")
        .first()
    )
    if requirement is None:
        raise Http404
    return requirement


def program_requirements(*, program: Program) -> QuerySet[Requirement]:
    return (
        Requirement.objects.filter(program=program)
        .select_related("module__published")
        .order_by("role", "module__position", "module__slug")
    )


def requirable_modules() -> QuerySet[Module]:
    """The modules a program may require: the published ones."""
    return Module.objects.filter(
        status=ModuleStatus.PUBLISHED, published__isnull=False
    ).select_related("published")


def module_title(module: Module, language: str | None = None) -> str:
    if module.published_id is None:
        return module.slug
    return version_text(module.published, language or get_language() or "fr")[0].title


def participants(*, program: Program, role: str) -> QuerySet[Application]:
    """The approved applications of `program` for `role`."""
    return Application.objects.filter(program=program, role=role, status=ApplicationStatus.APPROVED)


def concerned_count(requirement: Requirement) -> int:
    """How many people `requirement` concerns (approved in its program for its role)."""
    return participants(program=requirement.program, role=requirement.role).count()


def _paired_at(program_id: int, role: str) -> Subquery:
    side = "mentor" if role == "mentor" else "mentee"
    return Subquery(
        Pair.objects.filter(
            program_id=program_id,
            status__in=[PairStatus.ACTIVE, PairStatus.ENDED],
            **{side: OuterRef("employee_id")},
        )
        .order_by("published_at")
        .values("published_at")[:1]
    )


def _local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def annotated(requirement: Requirement, *, light: bool = False) -> QuerySet[Application]:
    """The requirement's people (applications), each with `is_done`, `is_started` and
    `paired_at` (None unless counted from the pair's start) and, unless `light`,
    `has_attempted` and `has_passed`."""
    progress = Progress.objects.filter(
        employee_id=OuterRef("employee_id"), module_id=requirement.module_id
    )
    fields: dict[str, Any] = {
        "is_done": Exists(progress.filter(completed_at__isnull=False)),
        "is_started": Exists(progress),
    }
    if not light:
        fields["has_attempted"] = Exists(progress.filter(attempts__gt=0))
        fields["has_passed"] = Exists(progress.filter(passed=True))
    if requirement.anchor == DueAnchor.KICKOFF:
        fields["paired_at"] = _paired_at(requirement.program_id, requirement.role)
    else:
        fields["paired_at"] = Value(None, output_field=DateTimeField())
    return participants(program=requirement.program, role=requirement.role).annotate(**fields)


def overdue_condition(requirement: Requirement, today: dt.date) -> Q:
    """Who is late for `requirement` on `today` (among `annotated` rows): not done and due
    before today."""
    if requirement.anchor == DueAnchor.KICKOFF:
        before = _local_midnight(today - dt.timedelta(days=requirement.due_days))
        return Q(is_done=False, paired_at__lt=before)
    due = requirement.program.starts_on + dt.timedelta(days=requirement.due_days)
    return Q(is_done=False) if due < today else Q(pk__in=[])


def due_window_condition(requirement: Requirement, first: dt.date, last: dt.date) -> Q:
    """Who must complete `requirement` between `first` and `last` (inclusive), not done."""
    if requirement.anchor == DueAnchor.KICKOFF:
        days = dt.timedelta(days=requirement.due_days)
        return Q(
            is_done=False,
            paired_at__gte=_local_midnight(first - days),
            paired_at__lt=_local_midnight(last - days + dt.timedelta(days=1)),
        )
    due = requirement.program.starts_on + dt.timedelta(days=requirement.due_days)
    return Q(is_done=False) if first <= due <= last else Q(pk__in=[])


def due_date(requirement: Requirement, paired_at: dt.datetime | None) -> dt.date | None:
    if requirement.anchor == DueAnchor.KICKOFF:
        if paired_at is None:
            return None
        return timezone.localdate(paired_at) + dt.timedelta(days=requirement.due_days)
    return requirement.program.starts_on + dt.timedelta(days=requirement.due_days)


@dataclass
class Overdue:
    employee: Employee
    due_on: dt.date | None
    started: bool


@dataclass
class FailedQuestion:
    prompt: str
    failed: int
    answered: int

    @property
    def percent(self) -> int:
        return round(100 * self.failed / self.answered) if self.answered else 0


@dataclass
class ReportRow:
    requirement: Requirement
    title: str
    required: int
    done: int
    in_progress: int
    not_started: int
    overdue: int
    attempted: int
    passed: int
    overdue_people: list[Overdue] = field(default_factory=list)
    median_seconds: int | None = None
    failed_questions: list[FailedQuestion] = field(default_factory=list)

    @property
    def figures_shown(self) -> bool:
        """Pass rate and failed questions: only from MIN_GROUP_SIZE learners who tried."""
        return is_shown(self.attempted)

    @property
    def pass_rate(self) -> int | None:
        if not self.figures_shown:
            return None
        return round(100 * self.passed / self.attempted)

    @property
    def median_minutes(self) -> int | None:
        """The median time spent by those who completed it, in minutes (at least 1)."""
        if self.median_seconds is None:
            return None
        return max(1, round(self.median_seconds / 60))


@dataclass
class Report:
    program: Program
    today: dt.date
    rows: list[ReportRow]

    @property
    def overdue_total(self) -> int:
        return sum(row.overdue for row in self.rows)


class _Median(Aggregate):
    """PostgreSQL's median of a column (`percentile_cont`), FILTER clause allowed."""

    function = "PERCENTILE_CONT"
    name = "median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def _median_seconds(requirement: Requirement, done: int) -> int | None:
    """The median time spent by the requirement's people who completed it (other databases
    than PostgreSQL: the middle rows, read in one query)."""
    if not done:
        return None
    people = participants(program=requirement.program, role=requirement.role)
    values = (
        Progress.objects.filter(
            module_id=requirement.module_id,
            completed_at__isnull=False,
            employee_id__in=people.values("employee_id"),
        )
        .order_by("seconds_spent")
        .values_list("seconds_spent", flat=True)
    )
    if done % 2:
        return values[done // 2]
    pair = list(values[done // 2 - 1 : done // 2 + 1])
    return round(sum(pair) / len(pair)) if pair else None


def _rights(module_ids: list[int], language: str) -> dict[int, dict[int, list]]:
    """Per module, each of its versions' questions with their right answers (one query)."""
    rights: dict[int, dict[int, list]] = {}
    for version in ModuleVersion.objects.filter(module_id__in=module_ids).exclude(
        published_at__isnull=True
    ):
        text, _fell_back = version_content(version).text(language)
        rights.setdefault(version.module_id, {})[version.pk] = [
            (q.prompt, frozenset(n for n, c in enumerate(q.choices) if c.correct))
            for q in text.questions
        ]
    return rights


def _latest_attempts(requirement: Requirement, version_ids: list[int]) -> list[tuple]:
    """The latest ATTEMPTS_READ attempts of the requirement's people, as (version id,
    answers): each version's latest read through its own index range, in one query (a union
    when the module has several versions; one query per version on SQLite)."""
    people = participants(program=requirement.program, role=requirement.role)
    parts = [
        QuizAttempt.objects.filter(
            version_id=version_id, progress__employee_id__in=people.values("employee_id")
        )
        .order_by("-pk")
        .values_list("pk", "version_id", "answers")[:ATTEMPTS_READ]
        for version_id in version_ids
    ]
    if len(parts) > 1 and connection.features.supports_slicing_ordering_in_compound:
        parts = [parts[0].union(*parts[1:], all=True)]
    # SQLite cannot limit the parts of a union: one query per version there.
    rows = sorted((row for part in parts for row in part), key=lambda row: -row[0])
    rows = rows[:ATTEMPTS_READ]
    return [(version_id, answers) for _pk, version_id, answers in rows]


def _failed_questions(requirement: Requirement, rights: dict[int, list]) -> list[FailedQuestion]:
    """The questions most often answered wrong in the latest ATTEMPTS_READ attempts of the
    requirement's people (`rights`: the module's versions, `_rights`)."""
    attempts = _latest_attempts(requirement, sorted(rights))
    failed: Counter = Counter()
    answered: Counter = Counter()
    prompts: dict[int, str] = {}
    for version_id, answers in attempts:
        for index, ((prompt, right), ticked) in enumerate(
            zip(rights.get(version_id, []), answers or [], strict=False)
        ):
            answered[index] += 1
            if frozenset(ticked or []) != right:
                failed[index] += 1
            prompts.setdefault(index, prompt)
    return [
        FailedQuestion(prompt=prompts[index], failed=count, answered=answered[index])
        for index, count in failed.most_common(FAILED_QUESTIONS_SHOWN)
        if count
    ]


def _progress_counts(program: Program, role: str, module_ids: list[int]) -> dict[int, dict]:
    """Per module, the role's people who completed it, started it, tried its quiz, passed
    it and (PostgreSQL) the median seconds spent by those who completed it: one query for
    every module of the role."""
    people = participants(program=program, role=role).values("employee_id")
    figures: dict[str, Any] = {
        "done": Count("pk", filter=Q(completed_at__isnull=False)),
        "started": Count("pk"),
        "attempted": Count("pk", filter=Q(attempts__gt=0)),
        "passed": Count("pk", filter=Q(passed=True)),
    }
    if connection.vendor == "postgresql":
        figures["median"] = _Median("seconds_spent", filter=Q(completed_at__isnull=False))
    return {
        row.pop("module_id"): row
        for row in Progress.objects.filter(employee_id__in=people, module_id__in=module_ids)
        .values("module_id")
        .annotate(**figures)
        .order_by()
    }


def _late_people(requirement: Requirement, today: dt.date, limit: int | None) -> list:
    """The applications late for `requirement` (at most `limit`), in the order they applied
    so the database stops at the limit, each with `paired_at`; `is_started` is read after."""
    done = Progress.objects.filter(
        employee_id=OuterRef("employee_id"),
        module_id=requirement.module_id,
        completed_at__isnull=False,
    )
    late = participants(program=requirement.program, role=requirement.role).filter(~Exists(done))
    if requirement.anchor == DueAnchor.KICKOFF:
        days = dt.timedelta(days=requirement.due_days)
        late = late.annotate(paired_at=_paired_at(requirement.program_id, requirement.role)).filter(
            paired_at__lt=_local_midnight(today - days)
        )
    elif overdue_condition(requirement, today) == Q(pk__in=[]):
        return []
    else:
        late = late.annotate(paired_at=Value(None, output_field=DateTimeField()))
    late = late.select_related("employee").order_by("pk")
    return list(late[:limit] if limit is not None else late)


def completion_report(
    *,
    program: Program,
    today: dt.date | None = None,
    details: bool = True,
    overdue_limit: int | None = OVERDUE_LISTED,
) -> Report:
    """The completion of each of `program`'s requirements: counts for everyone; with
    `details`, the overdue people (at most `overdue_limit`), the median time spent and the
    questions most often failed (both only from MIN_GROUP_SIZE learners up).

    Queries: per role, its people and their progress per module (two); per requirement
    counted from the pair's start, its people late (one); with `details`, the modules'
    versions (one), then per requirement the people late and the latest quiz attempts (two,
    plus the median on databases other than PostgreSQL, where it comes with the progress),
    and who among the late has started (one). None grows with the number of participants."""
    today = today or timezone.localdate()
    language = get_language() or "fr"
    requirements = list(program_requirements(program=program))
    by_role: dict[str, list[Requirement]] = {}
    for requirement in requirements:
        requirement.program = program
        by_role.setdefault(requirement.role, []).append(requirement)
    required = {role: participants(program=program, role=role).count() for role in by_role}
    module_ids = sorted({r.module_id for r in requirements})
    rights = _rights(module_ids, language) if details and module_ids else {}
    listed: list[tuple[ReportRow, list]] = []
    counts = {
        role: _progress_counts(program, role, [r.module_id for r in items])
        for role, items in by_role.items()
    }
    rows = []
    for requirement in requirements:
        found = counts[requirement.role].get(requirement.module_id, {})
        total, done = required[requirement.role], found.get("done", 0)
        started = found.get("started", 0)
        late = overdue_condition(requirement, today)
        if requirement.anchor == DueAnchor.KICKOFF:
            overdue = annotated(requirement, light=True).filter(late).count()
        else:
            overdue = total - done if late != Q(pk__in=[]) else 0
        row = ReportRow(
            requirement=requirement,
            title=module_title(requirement.module, language),
            required=total,
            done=done,
            in_progress=started - done,
            not_started=total - started,
            overdue=overdue,
            attempted=found.get("attempted", 0),
            passed=found.get("passed", 0),
        )
        if details:
            late_people = _late_people(requirement, today, overdue_limit)
            late_people.sort(key=lambda a: (a.employee.last_name, a.employee.first_name, a.pk))
            listed.append((row, late_people))
            # Read as soon as one learner counts, kept only from MIN_GROUP_SIZE up.
            if "median" in found:
                median = round(found["median"]) if found["median"] is not None else None
            else:
                median = _median_seconds(requirement, row.done)
            row.median_seconds = median if is_shown(row.done) else None
            module_rights = rights.get(requirement.module_id, {})
            failed = _failed_questions(requirement, module_rights) if row.attempted else []
            row.failed_questions = failed if row.figures_shown else []
        rows.append(row)
    # Who among the late has started: one query for every requirement's list.
    began = (
        set(
            Progress.objects.filter(
                employee_id__in={a.employee_id for _row, people in listed for a in people},
                module_id__in={row.requirement.module_id for row, _people in listed},
            ).values_list("employee_id", "module_id")
        )
        if listed
        else set()
    )
    for row, people in listed:
        row.overdue_people = [
            Overdue(
                employee=a.employee,
                due_on=due_date(row.requirement, a.paired_at),
                started=(a.employee_id, row.requirement.module_id) in began,
            )
            for a in people
        ]
    return Report(program=program, today=today, rows=rows)


def overdue_employees(requirement: Requirement, today: dt.date | None = None) -> list[Employee]:
    """Everyone late for `requirement` (reminders from the report)."""
    today = today or timezone.localdate()
    people = annotated(requirement, light=True).filter(overdue_condition(requirement, today))
    return [a.employee for a in people.select_related("employee").order_by("employee_id")]
