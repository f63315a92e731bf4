"""Reads of the training app: the library, a version's text, what a learner must take.

A module is done (`Progress.completed_at` set) when its learner has read every section and,
if it has questions, passed its quiz (cmi5's "completed and passed"). What a person must take
comes from the programs they take part in: for each approved application, the program's
requirements for that role, due `due_days` after the program's start or after the pair's
publication (`DueAnchor`); unpaired, a pair-anchored requirement has no date yet.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from bascule.pairing.models import Pair, PairStatus
from bascule.people.models import Employee
from bascule.programs.models import Application, ApplicationStatus, Program, ProgramStatus
from bascule.training import content
from bascule.training.models import (
    Audience,
    DueAnchor,
    Module,
    ModuleStatus,
    ModuleVersion,
    Progress,
    QuizAttempt,
    Reflection,
    Requirement,
)


def published_modules() -> QuerySet[Module]:
    """The modules learners may take, in the library's order, with their published version."""
    return Module.objects.filter(
        status=ModuleStatus.PUBLISHED, published__isnull=False
    ).select_related("published")


# Published versions parsed, by id and publication time: a version never changes once
# published, and an id a deleted version left to a new one comes with another time.
_parsed: dict[tuple[int, dt.datetime], content.ModuleContent] = {}
PARSED_KEPT = 512


def version_content(version: ModuleVersion) -> content.ModuleContent:
    """The content of `version`, parsed once per process once published (a draft's content
    is parsed on every call)."""
    if version.published_at is None:
        return content.parse(version.content)
    key = (version.pk, version.published_at)
    parsed = _parsed.get(key)
    if parsed is None:
        if len(_parsed) >= PARSED_KEPT:
            _parsed.clear()
        parsed = _parsed[key] = content.parse(version.content)
    return parsed


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


# --- The learner's side: my training, a module, a quiz, the pair's shared tries -----------------


def active_pairs_of(employee: Employee) -> QuerySet[Pair]:
    """The active pairs `employee` is a member of, with both members and the program."""
    return (
        Pair.objects.filter(Q(mentor=employee) | Q(mentee=employee), status=PairStatus.ACTIVE)
        .select_related("mentor", "mentee", "program")
        .order_by("pk")
    )


def audiences_of(user) -> set[str]:
    """The audiences whose modules `user`'s library offers: their roles in programs (both
    when they have none yet), and the managers' modules for those who run programs."""
    audiences = {Audience.BOTH}
    roles = set()
    if user.employee_id is not None:
        roles = set(
            Application.objects.filter(employee_id=user.employee_id)
            .exclude(status=ApplicationStatus.WITHDRAWN)
            .values_list("role", flat=True)
            .distinct()
        )
    audiences |= roles or {Audience.MENTOR, Audience.MENTEE}
    if user.is_hr_admin or user.is_program_manager:
        audiences.add(Audience.MANAGERS)
    return audiences


@dataclass
class LibraryItem:
    """A module of the library as one learner sees it."""

    module: Module
    text: content.Text
    fell_back: bool
    version: ModuleVersion
    progress: Progress | None
    language: str = "fr"  # the text's language: the reader's, or the other one

    @property
    def sections(self) -> int:
        return len(self.text.sections)

    @property
    def done(self) -> bool:
        return self.progress is not None and self.progress.completed_at is not None

    @property
    def started(self) -> bool:
        return self.progress is not None and not self.done

    @property
    def percent(self) -> int:
        """How far the learner got: sections read, and the quiz passed, as one percentage."""
        if self.progress is None:
            return 0
        if self.done:
            return 100
        steps = self.sections + (1 if self.text.questions else 0)
        reached = min(self.progress.last_section, self.sections) + (
            1 if self.text.questions and self.progress.passed else 0
        )
        return reached * 100 // steps

    @property
    def resume_section(self) -> int:
        """The section to open to carry on: the one after the last read."""
        if self.progress is None:
            return 1
        return min(self.progress.last_section + 1, self.sections)

    @property
    def quiz_next(self) -> bool:
        """Every section read, the quiz still to pass: carrying on means the quiz."""
        return (
            self.progress is not None
            and self.progress.last_section >= self.sections
            and bool(self.text.questions)
            and not self.progress.passed
        )


def _item(module: Module, progress: Progress | None, language: str) -> LibraryItem:
    version = progress.version if progress is not None else module.published
    text, fell_back = version_text(version, language)
    shown = next((c for c, t in version_content(version).texts.items() if t is text), language)
    return LibraryItem(module, text, fell_back, version, progress, shown)


@dataclass
class Required:
    due: Due
    item: LibraryItem


@dataclass
class MyTraining:
    required: list[Required]
    in_progress: list[LibraryItem]
    done: list[LibraryItem]
    library: list[LibraryItem]
    items: dict[int, LibraryItem]
    has_pairs: list[Pair]


def my_training(*, user, language: str) -> MyTraining:
    """What `user` must take and by when, what they started, finished, and the rest of the
    library for their audience; a constant number of queries whatever the library's size."""
    employee_id = user.employee_id
    dues = requirements_of(employee=user.employee) if employee_id is not None else []
    progress = {
        p.module_id: p
        for p in Progress.objects.filter(employee_id=employee_id).select_related("version")
    }
    # A retired module stays for those who started or finished it (their history).
    modules = list(
        Module.objects.filter(
            Q(status=ModuleStatus.PUBLISHED)
            | Q(status=ModuleStatus.RETIRED, pk__in=list(progress)),
            published__isnull=False,
        ).select_related("published")
    )
    audiences = audiences_of(user)
    items = {m.pk: _item(m, progress.get(m.pk), language) for m in modules}
    required = {d.module.pk for d in dues}
    in_progress = [items[m.pk] for m in modules if items[m.pk].started]
    done = sorted(
        (items[m.pk] for m in modules if items[m.pk].done),
        key=lambda i: i.progress.completed_at,
        reverse=True,
    )
    library = [
        items[m.pk]
        for m in modules
        if items[m.pk].progress is None
        and m.pk not in required
        and m.audience in audiences
        and m.status == ModuleStatus.PUBLISHED
    ]
    pairs = list(active_pairs_of(user.employee)) if employee_id is not None else []
    required_items = [Required(d, items[d.module.pk]) for d in dues if d.module.pk in items]
    return MyTraining(required_items, in_progress, done, library, items, pairs)


def access_module(*, user, slug: str) -> Module:
    """A published module, or a retired one its learner started or finished (404 for an
    unknown or draft one, and a retired one for anyone else)."""
    module = (
        Module.objects.filter(
            status__in=[ModuleStatus.PUBLISHED, ModuleStatus.RETIRED],
            published__isnull=False,
            slug=slug,
        )
        .select_related("published")
        .first()
    )
    if module is None:
        raise Http404
    if module.status == ModuleStatus.RETIRED and not (
        user.employee_id is not None
        and Progress.objects.filter(employee_id=user.employee_id, module=module).exists()
    ):
        raise Http404
    return module


def progress_of(*, user, module: Module) -> Progress | None:
    if user.employee_id is None:
        return None
    return (
        Progress.objects.filter(employee_id=user.employee_id, module=module)
        .select_related("version")
        .first()
    )


def learner_item(*, user, module: Module, language: str) -> LibraryItem:
    """`module` as `user` reads it: the version they started, else the published one."""
    return _item(module, progress_of(user=user, module=module), language)


def access_attempt(*, user, module: Module, number: int) -> QuizAttempt:
    """One of `user`'s own attempts at `module`'s quiz (404 for anyone else's)."""
    attempt = (
        QuizAttempt.objects.filter(
            progress__employee_id=user.employee_id,
            progress__employee__isnull=False,
            progress__module=module,
            number=number,
        )
        .select_related("progress", "version")
        .first()
    )
    if attempt is None:
        raise Http404
    return attempt


def own_reflection(*, user, module: Module) -> Reflection | None:
    """`user`'s own reflection on `module` (read by its author only)."""
    if user.employee_id is None:
        return None
    return Reflection.objects.filter(author_id=user.employee_id, module=module).first()


def access_pair(*, user, pair_id: int) -> Pair:
    """One of `user`'s pairs (active or ended), with its members; 404 for anyone else's."""
    if user.employee_id is None:
        raise Http404
    pair = (
        Pair.objects.filter(pk=pair_id)
        .filter(Q(mentor_id=user.employee_id) | Q(mentee_id=user.employee_id))
        .select_related("mentor", "mentee", "program")
        .first()
    )
    if pair is None:
        raise Http404
    return pair


@dataclass
class SharedTry:
    """A "one thing I will try" shared with a pair: never the private reflection's text."""

    author: Employee
    module: Module
    title: str
    will_try: str
    shared_at: dt.datetime


def shared_tries(*, pair: Pair, language: str) -> list[SharedTry]:
    """What the pair's members shared with it, newest first (only `will_try` is read)."""
    rows = (
        Reflection.objects.filter(shared_with=pair)
        .exclude(will_try="")
        .filter(author_id__in=[pair.mentor_id, pair.mentee_id])
        .select_related("author", "module__published")
        .only(
            "will_try",
            "shared_at",
            "author__first_name",
            "author__last_name",
            "module__slug",
            "module__published",
        )
        .order_by("-shared_at", "-pk")
    )
    shared = []
    for row in rows:
        title = row.module.slug
        if row.module.published is not None:
            title = version_text(row.module.published, language)[0].title
        shared.append(SharedTry(row.author, row.module, title, row.will_try, row.shared_at))
    return shared
