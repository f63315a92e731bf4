"""Reads of the training app: the library, a version's text, what a learner must take.

A module is done (`Progress.completed_at` set) when its learner has read every section and,
if it has questions, passed its quiz (cmi5's "completed and passed"). What a person must take
comes from the programs they take part in: for each approved application, the program's
requirements for that role, due `due_days` after the program's start or after the pair's
publication (`DueAnchor`); unpaired, a pair-anchored requirement has no date yet.
"""

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from django.db.models import Q, QuerySet
from django.utils import timezone

from bascule.pairing.models import Pair, PairStatus
from bascule.people.models import Employee
from bascule.programs.models import Application, ApplicationStatus, Program, ProgramStatus
from bascule.training import content
from bascule.training.models import (
    DueAnchor,
    Module,
    ModuleStatus,
    ModuleVersion,
    Progress,
    Requirement,
)


def published_modules() -> QuerySet[Module]:
    """The modules learners may take, in the library's order, with their published version."""
    return Module.objects.filter(
        status=ModuleStatus.PUBLISHED, published__isnull=False
    ).select_related("published")


@lru_cache(maxsize=512)
def _parsed(version_id: int, number: int) -> content.ModuleContent:
    version = ModuleVersion.objects.get(pk=version_id)
    return content.parse(version.content)


def version_content(version: ModuleVersion) -> content.ModuleContent:
    """The content of `version`, parsed once per process: a published version never changes
    (a draft's content is parsed on every call)."""
    if version.published_at is None:
        return content.parse(version.content)
    return _parsed(version.pk, version.number)


def version_text(version: ModuleVersion, language: str) -> tuple[content.Text, bool]:
    """`version`'s text in `language`, else in the other language: (text, fell back)."""
    return version_content(version).text(language)


def due_on(
    requirement: Requirement, program: Program, paired_at: dt.datetime | None
) -> dt.date | None:
    """The date by which `requirement` must be met: `due_days` after the program's start, or
    after the pair's publication (None while the learner has no pair in the program)."""
    if requirement.anchor == DueAnchor.KICKOFF:
        if paired_at is None:
            return None
        start = timezone.localdate(paired_at)
    else:
        start = program.starts_on
    return start + dt.timedelta(days=requirement.due_days)


@dataclass
class Due:
    """One module a person must take for one program."""

    requirement: Requirement
    program: Program
    role: str
    module: Module
    due_on: dt.date | None
    progress: Progress | None

    @property
    def done(self) -> bool:
        return self.progress is not None and self.progress.completed_at is not None

    def overdue(self, today: dt.date) -> bool:
        return not self.done and self.due_on is not None and self.due_on < today


def requirements_of(*, employee: Employee) -> list[Due]:
    """What `employee` must take in the programs they take part in (approved, program not
    closed), soonest due first, in four queries."""
    applications = list(
        Application.objects.filter(employee=employee, status=ApplicationStatus.APPROVED)
        .exclude(program__status=ProgramStatus.CLOSED)
        .select_related("program")
    )
    if not applications:
        return []
    roles = {(a.program_id, a.role): a.program for a in applications}
    paired_at: dict[tuple[int, str], dt.datetime] = {}
    for pair in Pair.objects.filter(
        Q(mentor=employee) | Q(mentee=employee),
        program_id__in={p for p, _ in roles},
        status__in=[PairStatus.ACTIVE, PairStatus.ENDED],
    ):
        role = "mentor" if pair.mentor_id == employee.pk else "mentee"
        key = (pair.program_id, role)
        paired_at[key] = min(paired_at.get(key, pair.published_at), pair.published_at)
    requirements = [
        r
        for r in Requirement.objects.filter(program_id__in={p for p, _ in roles})
        .select_related("module")
        .filter(module__status=ModuleStatus.PUBLISHED)
        if (r.program_id, r.role) in roles
    ]
    progress = {
        p.module_id: p
        for p in Progress.objects.filter(
            employee=employee, module_id__in={r.module_id for r in requirements}
        )
    }
    dues = [
        Due(
            requirement=r,
            program=roles[(r.program_id, r.role)],
            role=r.role,
            module=r.module,
            due_on=due_on(r, roles[(r.program_id, r.role)], paired_at.get((r.program_id, r.role))),
            progress=progress.get(r.module_id),
        )
        for r in requirements
    ]
    return sorted(
        dues, key=lambda d: (d.done, d.due_on or dt.date.max, d.module.position, d.program.pk)
    )
