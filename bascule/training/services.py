"""Writes of the training app, learner's side: installing the catalog, reading a section,
a quiz attempt, a reflection.

Every change is one transaction with one audit entry; no audit entry quotes what a learner
wrote (a reflection's text, their answers): it names the module and the facts (score, shared).
"""

import datetime as dt
import hashlib
import json
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bascule.core import idempotency
from bascule.core.audit import audit_record
from bascule.core.errors import DomainError, ValidationFailed
from bascule.people.models import Employee
from bascule.training import content, selectors
from bascule.training.models import (
    Module,
    ModuleStatus,
    ModuleVersion,
    Progress,
    QuizAttempt,
    Reflection,
)

# The time a section's reading may add, at most: a page left open over lunch is not study.
MAX_SECONDS_PER_SECTION = 15 * 60
MAX_TRY_LENGTH = 500
MAX_REFLECTION_LENGTH = 10_000


# --- The catalog --------------------------------------------------------------------------------


def install_catalog(modules: list[content.ModuleContent]) -> list[str]:
    """Install the built-in `modules` (content.load_catalog()); return one line per module
    saying what was done. A module not there yet becomes version 1, published; a module whose
    content changed gets a new published version (learners who started keep theirs); an
    unchanged module is left alone, so running it twice changes nothing."""
    report = []
    for module_content in modules:
        with transaction.atomic():
            report.append(install_module(module_content))
    return report


def install_module(
    module_content: content.ModuleContent, *, actor: Any = None, builtin: bool = True
) -> str:
    """Install or update one module (see install_catalog); `actor` and `builtin` say who
    does it and whether a new module ships with Bascule (an imported one does not)."""
    # As stored (JSON: lists, not tuples), so that an unchanged file compares equal.
    data = json.loads(json.dumps(content.as_data(module_content)))
    slug = module_content.slug
    now = timezone.now()
    module = Module.objects.select_for_update().filter(slug=slug).first()
    if module is None:
        module = Module.objects.create(
            slug=slug,
            position=module_content.position,
            audience=module_content.audience,
            status=ModuleStatus.PUBLISHED,
            builtin=builtin,
        )
        version = _new_version(module, 1, module_content, data, now)
        module.published = version
        module.save(update_fields=["published", "updated_at"])
        audit_record(
            actor=actor,
            action="training.module_installed",
            target=module,
            changes={"version": 1},
        )
        return f"{slug}: installed (version 1)"
    fields = []
    if module.position != module_content.position:
        module.position = module_content.position
        fields.append("position")
    if module.audience != module_content.audience:
        module.audience = module_content.audience
        fields.append("audience")
    current = module.published
    if current is not None and same_content(current.content, data):
        if fields:
            module.save(update_fields=[*fields, "updated_at"])
            audit_record(
                actor=actor,
                action="training.module_updated",
                target=module,
                changes={"fields": fields},
            )
            return f"{slug}: place in the library updated"
        return f"{slug}: unchanged (version {current.number})"
    last = module.versions.order_by("-number").values_list("number", flat=True).first() or 0
    version = _new_version(module, last + 1, module_content, data, now)
    module.published = version
    fields.append("published")
    if module.status == ModuleStatus.DRAFT:
        module.status = ModuleStatus.PUBLISHED
        fields.append("status")
    module.save(update_fields=[*fields, "updated_at"])
    audit_record(
        actor=actor,
        action="training.module_updated",
        target=module,
        changes={"fields": fields, "version": version.number},
    )
    return f"{slug}: new version {version.number} published"


def same_content(stored: dict | None, data: dict) -> bool:
    """Whether two stored contents say the same thing to a learner: everything but the
    module's place in the library (`position`, kept on the module, not in a new version)."""
    if stored is None:
        return False
    return {k: v for k, v in stored.items() if k != "position"} == {
        k: v for k, v in data.items() if k != "position"
    }


def _new_version(
    module: Module, number: int, module_content: content.ModuleContent, data: dict, now
) -> ModuleVersion:
    return ModuleVersion.objects.create(
        module=module,
        number=number,
        minutes=module_content.minutes,
        pass_mark=module_content.pass_mark,
        content=data,
        published_at=now,
    )


# --- Reading ------------------------------------------------------------------------------------


def _employee(actor: Any) -> Employee:
    if getattr(actor, "employee_id", None) is None:
        raise DomainError(_("Training is for employees: your account has no employee record."))
    return Employee.objects.get(pk=actor.employee_id)


def _locked_progress(employee: Employee, module: Module) -> tuple[Progress, bool]:
    """The learner's progress on `module`, locked; made (on the published version) if new."""
    progress = Progress.objects.select_for_update().filter(employee=employee, module=module).first()
    if progress is not None:
        return progress, False
    if module.published_id is None:
        raise DomainError(_("This module is not available."), code="not_published")
    progress, created = Progress.objects.get_or_create(
        employee=employee, module=module, defaults={"version_id": module.published_id}
    )
    if not created:
        progress = Progress.objects.select_for_update().get(pk=progress.pk)
    return progress, created


def _complete_if_done(progress: Progress, text: content.Text, now: dt.datetime) -> bool:
    """Set `completed_at` once every section is read and the quiz passed (or there is none)."""
    if progress.completed_at is not None:
        return False
    if progress.last_section < len(text.sections):
        return False
    if text.questions and not progress.passed:
        return False
    progress.completed_at = now
    return True


def section_read(*, actor: Any, module: Module, number: int, now=None) -> Progress:
    """Record that `actor` read section `number` of `module` (1-based). `last_section`, where
    they resume, moves on only one section at a time (sections read in order: a section
    skipped through the table of contents is not counted as read). The time spent is measured
    here, from their previous step, and bounded by MAX_SECONDS_PER_SECTION."""
    now = now or timezone.now()
    employee = _employee(actor)
    with transaction.atomic():
        progress, created = _locked_progress(employee, module)
        text, _fell_back = selectors.version_text(progress.version, "fr")
        if not 1 <= number <= len(text.sections):
            raise DomainError(_("This section does not exist."), code="no_section")
        fields = []
        if not created:
            elapsed = int((now - progress.updated_at).total_seconds())
            spent = max(0, min(elapsed, MAX_SECONDS_PER_SECTION))
            if spent:
                progress.seconds_spent += spent
                fields.append("seconds_spent")
        if number == progress.last_section + 1:
            progress.last_section = number
            fields.append("last_section")
        if _complete_if_done(progress, text, now):
            fields.append("completed_at")
        progress.save(update_fields=[*fields, "updated_at"])
        audit_record(
            actor=actor,
            action="training.section_read",
            target=progress,
            changes={"section": number, "completed": "completed_at" in fields},
        )
    return progress


# --- The quiz -----------------------------------------------------------------------------------


def _bad_answers(message: str | None = None) -> ValidationFailed:
    message = message or _(
        "These answers do not fit this quiz: please answer the questions shown on the page."
    )
    return ValidationFailed({"answers": [message]}, message=message)


def clean_answers(questions: tuple[content.Question, ...], answers: Any) -> list[list[int]]:
    """`answers` (one list of choice indexes, 0-based, per question) checked against
    `questions`; ValidationFailed for anything else (another quiz's, an unknown choice, a
    question left unanswered, several choices where one is asked)."""
    if not isinstance(answers, list | tuple) or len(answers) != len(questions):
        raise _bad_answers()
    clean = []
    unanswered = []
    for number, (question, chosen) in enumerate(zip(questions, answers, strict=True), start=1):
        if not isinstance(chosen, list | tuple):
            raise _bad_answers()
        indexes = set()
        for index in chosen:
            if isinstance(index, bool) or not isinstance(index, int):
                raise _bad_answers()
            if not 0 <= index < len(question.choices):
                raise _bad_answers()
            indexes.add(index)
        if not indexes:
            unanswered.append(number)
            continue
        if not question.multiple and len(indexes) > 1:
            raise _bad_answers()
        clean.append(sorted(indexes))
    if unanswered:
        raise ValidationFailed(
            {f"question_{n}": [_("Please answer this question.")] for n in unanswered},
            message=_("Please answer every question."),
        )
    return clean


def _key_digest(submission: idempotency.Submission | None) -> str:
    """What the attempt keeps of its submission's key: a digest that fits the column."""
    if submission is None:
        return ""
    return hashlib.sha256(submission.key.encode()).hexdigest()


def score_of(questions: tuple[content.Question, ...], answers: list[list[int]]) -> int:
    """The share (percent, rounded down) of questions answered fully right: every right
    choice ticked and no wrong one."""
    if not questions:
        return 100
    right = sum(
        set(chosen) == {i for i, choice in enumerate(q.choices) if choice.correct}
        for q, chosen in zip(questions, answers, strict=True)
    )
    return right * 100 // len(questions)


def quiz_submit(
    *,
    actor: Any,
    module: Module,
    version_id: int,
    answers: Any,
    submission: idempotency.Submission | None = None,
    now=None,
) -> QuizAttempt:
    """Record one attempt at `module`'s quiz: `answers` holds the choices ticked per question
    for the version `version_id` (the one the learner reads). Refused without saving anything:
    another version's answers (a module updated meanwhile) or answers that do not fit. The
    best score and whether they passed are kept; passing completes the module once every
    section is read. The same submission sent twice is one attempt."""
    now = now or timezone.now()
    employee = _employee(actor)
    with transaction.atomic():
        progress, _created = _locked_progress(employee, module)
        claim = idempotency.claim(actor=actor, scope="training.quiz", submission=submission)
        if version_id != progress.version_id:
            raise _bad_answers(
                _("These answers are for another version of this quiz: please answer it again.")
            )
        text, _fell_back = selectors.version_text(progress.version, "fr")
        if not text.questions:
            raise DomainError(_("This module has no quiz."), code="no_quiz")
        clean = clean_answers(text.questions, answers)
        score = score_of(text.questions, clean)
        passed = score >= progress.version.pass_mark
        progress.attempts += 1
        attempt = QuizAttempt.objects.create(
            progress=progress,
            version=progress.version,
            number=progress.attempts,
            answers=clean,
            score=score,
            passed=passed,
            submission_key=_key_digest(submission),
        )
        fields = ["attempts"]
        if progress.best_score is None or score > progress.best_score:
            progress.best_score = score
            fields.append("best_score")
        if passed and not progress.passed:
            progress.passed = True
            fields.append("passed")
        if _complete_if_done(progress, text, now):
            fields.append("completed_at")
        progress.save(update_fields=[*fields, "updated_at"])
        audit_record(
            actor=actor,
            action="training.quiz_submitted",
            target=progress,
            changes={
                "attempt": attempt.number,
                "score": score,
                "passed": passed,
                "completed": "completed_at" in fields,
            },
        )
        claim.done(attempt)
    return attempt


# --- Reflections --------------------------------------------------------------------------------


def reflection_save(
    *,
    actor: Any,
    module: Module,
    private_text: str,
    will_try: str,
    pair_id: int | None,
    now=None,
) -> Reflection:
    """Save `actor`'s reflection on `module`, which they completed: a private text (theirs
    only) and "one thing I will try", shared with the partner of `pair_id` (one of their
    active pairs) or with nobody. Saving again replaces it."""
    now = now or timezone.now()
    employee = _employee(actor)
    errors: dict[str, list[str]] = {}
    private_text = (private_text or "").strip()
    will_try = (will_try or "").strip()
    for field, value, limit in (
        ("private_text", private_text, MAX_REFLECTION_LENGTH),
        ("will_try", will_try, MAX_TRY_LENGTH),
    ):
        if "\x00" in value:
            errors[field] = [_("This text holds a forbidden character.")]
        elif len(value) > limit:
            errors[field] = [
                _("At most %(limit)s characters, please.") % {"limit": limit},
            ]
    pair = None
    if pair_id is not None:
        pair = selectors.active_pairs_of(employee).filter(pk=pair_id).first()
        if pair is None:
            errors["pair"] = [_("Choose one of your current pairs, or nobody.")]
        elif not will_try:
            errors["will_try"] = [_("Write the thing you will try, to share it.")]
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        progress = Progress.objects.filter(employee=employee, module=module).first()
        if progress is None or progress.completed_at is None:
            raise DomainError(
                _("Finish the module first: the reflection comes after it."),
                code="not_completed",
            )
        reflection = (
            Reflection.objects.select_for_update().filter(author=employee, module=module).first()
        )
        shared_at = now if pair is not None else None
        if reflection is None:
            reflection = Reflection.objects.create(
                author=employee,
                module=module,
                private_text=private_text,
                will_try=will_try,
                shared_with=pair,
                shared_at=shared_at,
            )
        else:
            if reflection.shared_with_id == (pair.pk if pair else None) and pair is not None:
                shared_at = reflection.shared_at or now
            reflection.private_text = private_text
            reflection.will_try = will_try
            reflection.shared_with = pair
            reflection.shared_at = shared_at
            reflection.save(
                update_fields=["private_text", "will_try", "shared_with", "shared_at", "updated_at"]
            )
        audit_record(
            actor=actor,
            action="training.reflection_saved",
            target=reflection,
            changes={"shared": pair is not None},
        )
    return reflection
