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

from django.db.models import (
    Count,
    DateTimeField,
    Exists,
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


def _median_seconds(requirement: Requirement, done: int) -> int | None:
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


def _failed_questions(
    requirement: Requirement, language: str, rights: dict[int, list] | None = None
) -> list[FailedQuestion]:
    """The questions most often answered wrong in the latest ATTEMPTS_READ attempts of the
    requirement's people (a query for the attempts' answers, one for the versions not in
    `rights` yet: each version's questions with their right answers)."""
    people = participants(program=requirement.program, role=requirement.role)
    attempts = list(
        QuizAttempt.objects.filter(
            progress__module_id=requirement.module_id,
            progress__employee_id__in=people.values("employee_id"),
        )
        .order_by("-pk")
        .values_list("version_id", "answers")[:ATTEMPTS_READ]
    )
    if not attempts:
        return []
    rights = {} if rights is None else rights
    unread = {v for v, _a in attempts} - rights.keys()
    for version in ModuleVersion.objects.filter(pk__in=unread) if unread else []:
        text, _fell_back = version_content(version).text(language)
        rights[version.pk] = [
            (q.prompt, frozenset(n for n, c in enumerate(q.choices) if c.correct))
            for q in text.questions
        ]
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
    it: one query for every module of the role."""
    people = participants(program=program, role=role).values("employee_id")
    return {
        row.pop("module_id"): row
        for row in Progress.objects.filter(employee_id__in=people, module_id__in=module_ids)
        .values("module_id")
        .annotate(
            done=Count("pk", filter=Q(completed_at__isnull=False)),
            started=Count("pk"),
            attempted=Count("pk", filter=Q(attempts__gt=0)),
            passed=Count("pk", filter=Q(passed=True)),
        )
        .order_by()
    }


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
    counted from the pair's start, its people late (one); with `details`, per requirement,
    the people late, the median and the failed questions (four). None grows with the
    number of participants."""
    today = today or timezone.localdate()
    language = get_language() or "fr"
    requirements = list(program_requirements(program=program))
    by_role: dict[str, list[Requirement]] = {}
    for requirement in requirements:
        requirement.program = program
        by_role.setdefault(requirement.role, []).append(requirement)
    required = {role: participants(program=program, role=role).count() for role in by_role}
    rights: dict[int, list] = {}  # each version's questions, read once for the whole report
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
            # In the order they applied, so the database stops at the limit; shown by name.
            late_people = (
                annotated(requirement, light=True)
                .filter(late)
                .select_related("employee")
                .order_by("pk")
            )
            if overdue_limit is not None:
                late_people = late_people[:overdue_limit]
            late_people = sorted(
                late_people, key=lambda a: (a.employee.last_name, a.employee.first_name, a.pk)
            )
            row.overdue_people = [
                Overdue(
                    employee=a.employee,
                    due_on=due_date(requirement, a.paired_at),
                    started=a.is_started,
                )
                for a in late_people
            ]
            # Read as soon as one learner counts, kept only from MIN_GROUP_SIZE up.
            median = _median_seconds(requirement, row.done)
            row.median_seconds = median if is_shown(row.done) else None
            failed = _failed_questions(requirement, language, rights) if row.attempted else []
            row.failed_questions = failed if row.figures_shown else []
        rows.append(row)
    return Report(program=program, today=today, rows=rows)


def overdue_employees(requirement: Requirement, today: dt.date | None = None) -> list[Employee]:
    """Everyone late for `requirement` (reminders from the report)."""
    today = today or timezone.localdate()
    people = annotated(requirement, light=True).filter(overdue_condition(requirement, today))
    return [a.employee for a in people.select_related("employee").order_by("employee_id")]
