"""Writes of evaluations: a program's surveys from the defaults, HR's edits, members' answers.

Who may call what is checked by the views and API handlers (`access_survey`,
`access_member_survey`). The services check the rules: dates that exist and are in order,
questions worded in both languages, no change to the questions of a survey that has
responses (the aggregates stay comparable), one response per member, survey and pair.

Audit entries never hold an answer: a response is recorded with its survey and pair only.
"""

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from bascule.core import idempotency
from bascule.core.audit import audit_record
from bascule.core.errors import ConflictError, DomainError, ValidationFailed
from bascule.evaluations import defaults, selectors
from bascule.evaluations.models import (
    Answer,
    Question,
    QuestionKind,
    Response,
    SkillRating,
    Survey,
    SurveyKind,
)
from bascule.pairing.models import Pair
from bascule.programs.models import Program

TEXT_MAX = 5000
WORDING_MAX = 500
TITLE_MAX = 200
MAX_QUESTIONS = 30


# --- The program's surveys ----------------------------------------------------------------------


def _create_default_survey(program: Program, kind: str) -> Survey:
    template = defaults.TEMPLATES[kind]
    opens_on, closes_on = defaults.default_dates(kind, program.starts_on, program.ends_on)
    survey = Survey.objects.create(
        program=program,
        kind=kind,
        title_fr=template.title_fr,
        title_en=template.title_en,
        opens_on=opens_on,
        closes_on=closes_on,
        closing_days=defaults.CLOSING_DAYS,
    )
    _create_default_questions(survey)
    return survey


def _create_default_questions(survey: Survey) -> None:
    Question.objects.bulk_create(
        Question(
            survey=survey,
            position=position,
            kind=question.kind,
            text_fr=question.text_fr,
            text_en=question.text_en,
            required=question.required,
        )
        for position, question in enumerate(defaults.TEMPLATES[survey.kind].questions, start=1)
    )


def ensure_program_surveys(program: Program) -> dict[str, Survey]:
    """Return the program's four surveys by kind, creating the missing ones from the defaults.

    Idempotent and safe when called twice at once: the unique constraint (program, kind)
    refuses the second creation, which then reads the first one's survey.
    """
    surveys = {s.kind: s for s in Survey.objects.filter(program=program)}
    for kind in defaults.KINDS:
        if kind in surveys:
            continue
        try:
            with transaction.atomic():
                surveys[kind] = _create_default_survey(program, kind)
                audit_record(
                    actor=None,
                    action="evaluations.survey_created",
                    target=surveys[kind],
                    changes={"program": program.pk, "kind": kind, "from": "defaults"},
                )
        except IntegrityError:
            surveys[kind] = Survey.objects.get(program=program, kind=kind)
    return {kind: surveys[kind] for kind in defaults.KINDS}


def ensure_surveys_of_programs_with_pairs() -> None:
    """Create the missing surveys of the programs that have pairs (the reminders' command
    calls it before looking for the surveys that open or close)."""
    programs = Program.objects.filter(pairs__isnull=False).annotate(
        survey_count=Count("surveys", distinct=True)
    )
    for program in programs.filter(survey_count__lt=len(SurveyKind.values)).distinct():
        ensure_program_surveys(program)


def _parse_date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def survey_errors(values: dict[str, Any]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for name in ("title_fr", "title_en"):
        text = (values.get(name) or "").strip()
        if not text:
            errors[name] = [_("Please give a title in both languages.")]
        elif len(text) > TITLE_MAX:
            errors[name] = [_("Please keep this under %(max)d characters.") % {"max": TITLE_MAX}]
    dates = {}
    for name in ("opens_on", "closes_on"):
        raw = values.get(name)
        parsed = _parse_date(raw)
        if parsed is None:
            errors[name] = [
                _("Please enter a date that exists, for example 2027-03-15.")
                if raw not in (None, "")
                else _("Please enter a date.")
            ]
        dates[name] = parsed
    if dates["opens_on"] and dates["closes_on"] and dates["closes_on"] < dates["opens_on"]:
        errors["closes_on"] = [_("The survey cannot close before it opens.")]
    closing_days = values.get("closing_days")
    if closing_days is not None and not (
        isinstance(closing_days, int) and 1 <= closing_days <= 365
    ):
        errors["closing_days"] = [_("Please enter a number of days from 1 to 365.")]
    return errors


@transaction.atomic
def survey_update(*, actor: Any, survey: Survey, values: dict[str, Any]) -> Survey:
    """Change the title and dates of `survey` (always allowed, even once answered).

    `values`: title_fr, title_en, opens_on, closes_on (dates or ISO strings), and optionally
    closing_days. Impossible dates and a survey closing before it opens are refused
    (ValidationFailed, 422)."""
    values = {
        "title_fr": values.get("title_fr", survey.title_fr),
        "title_en": values.get("title_en", survey.title_en),
        "opens_on": values.get("opens_on", survey.opens_on),
        "closes_on": values.get("closes_on", survey.closes_on),
        "closing_days": values.get("closing_days", survey.closing_days),
    }
    errors = survey_errors(values)
    if errors:
        raise ValidationFailed(errors)
    locked = Survey.objects.select_for_update().get(pk=survey.pk)
    new = {
        "title_fr": values["title_fr"].strip(),
        "title_en": values["title_en"].strip(),
        "opens_on": _parse_date(values["opens_on"]),
        "closes_on": _parse_date(values["closes_on"]),
        "closing_days": values["closing_days"],
    }
    changed = [name for name, value in new.items() if getattr(locked, name) != value]
    for name, value in new.items():
        setattr(locked, name, value)
    if changed:
        locked.save(update_fields=[*changed, "updated_at"])
        audit_record(
            actor=actor,
            action="evaluations.survey_updated",
            target=locked,
            changes={
                "fields": changed,
                "opens_on": locked.opens_on.isoformat(),
                "closes_on": locked.closes_on.isoformat(),
            },
        )
    return locked


# --- Questions ----------------------------------------------------------------------------------


def _lock_editable(survey: Survey) -> Survey:
    """Lock `survey` and refuse changes to its questions once it has responses (call inside
    a transaction): a response submitted at the same time waits for the lock."""
    locked = Survey.objects.select_for_update().get(pk=survey.pk)
    if Response.objects.filter(survey=locked).exists():
        raise ConflictError(
            _(
                "This survey already has answers: its questions can no longer change, so that "
                "the results stay comparable. Its dates can still change."
            ),
            code="has_responses",
        )
    return locked


def question_errors(values: dict[str, Any]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if values.get("kind") not in QuestionKind.values:
        errors["kind"] = [_("Please choose a kind of question.")]
    for name in ("text_fr", "text_en"):
        text = (values.get(name) or "").strip()
        if not text:
            errors[name] = [_("Please word the question in both French and English.")]
        elif len(text) > WORDING_MAX:
            errors[name] = [_("Please keep this under %(max)d characters.") % {"max": WORDING_MAX}]
    return errors


def _clean_question(values: dict[str, Any]) -> dict[str, Any]:
    errors = question_errors(values)
    if errors:
        raise ValidationFailed(errors)
    return {
        "kind": values["kind"],
        "text_fr": values["text_fr"].strip(),
        "text_en": values["text_en"].strip(),
        "required": bool(values.get("required", True)),
    }


def _renumber(survey: Survey) -> None:
    for position, question in enumerate(
        Question.objects.filter(survey=survey).order_by("position", "id"), start=1
    ):
        if question.position != position:
            question.position = position
            question.save(update_fields=["position"])


@transaction.atomic
def question_create(
    *,
    actor: Any,
    survey: Survey,
    values: dict[str, Any],
    submission: idempotency.Submission | None = None,
) -> Question:
    """Add a question at the end of `survey` (refused once the survey has responses). The
    same `submission` sent again adds nothing: it raises AlreadySubmitted."""
    cleaned = _clean_question(values)
    claim = idempotency.claim(actor=actor, scope="evaluations.question", submission=submission)
    locked = _lock_editable(survey)
    count = Question.objects.filter(survey=locked).count()
    if count >= MAX_QUESTIONS:
        raise DomainError(
            _("A survey has at most %(max)d questions.") % {"max": MAX_QUESTIONS},
            code="too_many_questions",
        )
    question = Question.objects.create(survey=locked, position=count + 1, **cleaned)
    claim.done(question)
    _renumber(locked)
    audit_record(
        actor=actor,
        action="evaluations.question_added",
        target=question,
        changes={"survey": locked.pk, "kind": question.kind},
    )
    return question


@transaction.atomic
def question_update(*, actor: Any, question: Question, values: dict[str, Any]) -> Question:
    """Change the wording, kind or required flag of `question` (refused once answered)."""
    cleaned = _clean_question(values)
    _lock_editable(question.survey)
    changed = [name for name, value in cleaned.items() if getattr(question, name) != value]
    for name, value in cleaned.items():
        setattr(question, name, value)
    if changed:
        question.save(update_fields=changed)
        audit_record(
            actor=actor,
            action="evaluations.question_updated",
            target=question,
            changes={"survey": question.survey_id, "fields": changed},
        )
    return question


@transaction.atomic
def question_delete(*, actor: Any, question: Question) -> None:
    """Delete `question` (refused once the survey has responses)."""
    survey = _lock_editable(question.survey)
    audit_record(
        actor=actor,
        action="evaluations.question_deleted",
        target=question,
        changes={"survey": survey.pk, "kind": question.kind},
    )
    question.delete()
    _renumber(survey)


@transaction.atomic
def question_move(*, actor: Any, question: Question, offset: int) -> Question:
    """Move `question` up (offset -1) or down (+1) in its survey (refused once answered)."""
    survey = _lock_editable(question.survey)
    _renumber(survey)
    ordered = list(Question.objects.filter(survey=survey).order_by("position", "id"))
    index = next(i for i, q in enumerate(ordered) if q.pk == question.pk)
    target = index + (1 if offset > 0 else -1)
    if 0 <= target < len(ordered):
        ordered[index], ordered[target] = ordered[target], ordered[index]
        for position, item in enumerate(ordered, start=1):
            if item.position != position:
                item.position = position
                item.save(update_fields=["position"])
        audit_record(
            actor=actor,
            action="evaluations.question_moved",
            target=survey,
            changes={"question": question.pk, "position": target + 1},
        )
    return Question.objects.get(pk=question.pk)


@transaction.atomic
def survey_reset_questions(*, actor: Any, survey: Survey) -> Survey:
    """Replace the questions of `survey` with its built-in template (refused once answered)."""
    locked = _lock_editable(survey)
    Question.objects.filter(survey=locked).delete()
    _create_default_questions(locked)
    audit_record(
        actor=actor,
        action="evaluations.questions_reset",
        target=locked,
        changes={"kind": locked.kind},
    )
    return locked


@transaction.atomic
def survey_replace_questions(
    *, actor: Any, survey: Survey, questions: list[dict[str, Any]]
) -> Survey:
    """Replace all the questions of `survey` with `questions`, in this order (the API's
    whole-list update; refused once answered)."""
    errors: dict[str, list[str]] = {}
    cleaned = []
    for index, values in enumerate(questions, start=1):
        for name, messages in question_errors(values).items():
            errors[f"questions.{index}.{name}"] = messages
        if not errors:
            cleaned.append(_clean_question(values))
    if len(questions) > MAX_QUESTIONS:
        errors["questions"] = [
            _("A survey has at most %(max)d questions.") % {"max": MAX_QUESTIONS}
        ]
    if errors:
        raise ValidationFailed(errors)
    locked = _lock_editable(survey)
    Question.objects.filter(survey=locked).delete()
    Question.objects.bulk_create(
        Question(survey=locked, position=position, **values)
        for position, values in enumerate(cleaned, start=1)
    )
    audit_record(
        actor=actor,
        action="evaluations.questions_replaced",
        target=locked,
        changes={"count": len(cleaned)},
    )
    return locked


# --- Answers ------------------------------------------------------------------------------------


def answer_field(question: Question) -> str:
    return f"q_{question.pk}"


def rating_field(question: Question, skill_id: int, when: str) -> str:
    return f"s_{question.pk}_{skill_id}_{when}"


def _int_or_none(value: Any) -> tuple[int | None, bool]:
    """Return (the integer, True) or (None, False) when `value` is not a whole number."""
    if value in (None, ""):
        return None, True
    if isinstance(value, bool):
        return None, False
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None, False
    if isinstance(value, float) and value != number:
        return None, False
    return number, True


def response_errors(
    *,
    survey: Survey,
    questions: list[Question],
    skills: list[Any],
    answers: dict[int, Any],
    ratings: dict[tuple[int, int], tuple[Any, Any]],
) -> tuple[dict[str, list[str]], dict[int, Any], dict[tuple[int, int], tuple[int | None, int]]]:
    """Check the answers; return (errors by field, the cleaned answers, the cleaned ratings)."""
    errors: dict[str, list[str]] = {}
    clean_answers: dict[int, Any] = {}
    clean_ratings: dict[tuple[int, int], tuple[int | None, int]] = {}
    by_id = {q.pk: q for q in questions}
    skill_ids = {s.pk for s in skills}
    unknown = [qid for qid in answers if qid not in by_id or by_id[qid].kind == "skills"]
    unknown += [qid for qid, _skill in ratings if qid not in by_id or by_id[qid].kind != "skills"]
    if unknown or any(skill not in skill_ids for _qid, skill in ratings):
        errors["__all__"] = [_("Some answers do not belong to this survey.")]
    for question in questions:
        name = answer_field(question)
        if question.kind in (QuestionKind.LIKERT, QuestionKind.NPS):
            low, high = (1, 5) if question.kind == QuestionKind.LIKERT else (0, 10)
            value, ok = _int_or_none(answers.get(question.pk))
            if not ok or (value is not None and not low <= value <= high):
                errors[name] = [
                    _("Please choose a value from %(low)d to %(high)d.")
                    % {"low": low, "high": high}
                ]
            elif value is None and question.required:
                errors[name] = [_("Please choose an answer.")]
            elif value is not None:
                clean_answers[question.pk] = value
        elif question.kind == QuestionKind.TEXT:
            raw = answers.get(question.pk)
            text = raw.strip() if isinstance(raw, str) else ""
            if raw is not None and not isinstance(raw, str):
                errors[name] = [_("Please answer with some text.")]
            elif len(text) > TEXT_MAX:
                errors[name] = [_("Please keep this under %(max)d characters.") % {"max": TEXT_MAX}]
            elif not text and question.required:
                errors[name] = [_("Please answer this question.")]
            elif text:
                clean_answers[question.pk] = text
        else:
            for skill in skills:
                before_raw, now_raw = ratings.get((question.pk, skill.pk), (None, None))
                now, now_ok = _int_or_none(now_raw)
                before, before_ok = _int_or_none(before_raw)
                if not survey.asks_retrospective:
                    before, before_ok = None, True
                now_name = rating_field(question, skill.pk, "now")
                before_name = rating_field(question, skill.pk, "before")
                level_error = _("Please choose a level from 1 to 4.")
                if not now_ok or (now is not None and not 1 <= now <= 4):
                    errors[now_name] = [level_error]
                if not before_ok or (before is not None and not 1 <= before <= 4):
                    errors[before_name] = [level_error]
                if now_name in errors or before_name in errors:
                    continue
                if survey.asks_retrospective and question.required and before is None:
                    errors[before_name] = [_("Please choose a level.")]
                if question.required and now is None:
                    errors[now_name] = [_("Please choose a level.")]
                if now is None and before is not None and now_name not in errors:
                    errors[now_name] = [_("Please choose a level.")]
                if now is not None and now_name not in errors and before_name not in errors:
                    clean_ratings[(question.pk, skill.pk)] = (before, now)
    return errors, clean_answers, clean_ratings


def response_submit(
    *,
    actor: Any,
    survey: Survey,
    pair: Pair,
    answers: dict[int, Any],
    ratings: dict[tuple[int, int], tuple[Any, Any]] | None = None,
    on: dt.date | None = None,
    submission: idempotency.Submission | None = None,
) -> Response:
    """Record the answers of `actor` (a member of `pair`) to `survey`, once.

    `answers` maps a question id to a number (Likert 1-5, NPS 0-10) or a text; `ratings` maps
    (skills question id, skill id) to (level at the start or None, level now), levels 1-4.
    Refused: a survey not open today for this pair (DomainError, 400), answers that do not fit
    (ValidationFailed, 422), a second response (ConflictError, 409). A form sent twice never
    makes two rows: the survey's row is locked and the unique constraint stands behind it;
    the same `submission` sent again raises AlreadySubmitted rather than the 409.
    """
    on = on or selectors.today()
    window = selectors.survey_window(survey, pair)
    if window is None or on < window[0]:
        raise DomainError(_("This survey is not open to you."), code="not_open")
    if on > window[1]:
        raise DomainError(
            _("This survey closed on %(date)s: answers can no longer be given.")
            % {"date": window[1].isoformat()},
            code="closed",
        )
    employee_id = actor.employee_id
    already = _("You have already answered this survey. Thank you!")
    if Response.objects.filter(survey=survey, respondent_id=employee_id, pair=pair).exists():
        raise ConflictError(already, code="already_answered")
    questions = list(selectors.survey_questions(survey=survey))
    has_skills = any(q.kind == QuestionKind.SKILLS for q in questions)
    skills = selectors.skills_to_rate(pair=pair, employee_id=employee_id) if has_skills else []
    errors, clean_answers, clean_ratings = response_errors(
        survey=survey,
        questions=questions,
        skills=skills,
        answers=dict(answers),
        ratings=dict(ratings or {}),
    )
    if errors:
        raise ValidationFailed(errors)
    by_id = {q.pk: q for q in questions}
    try:
        with transaction.atomic():
            Survey.objects.select_for_update().get(pk=survey.pk)
            claim = idempotency.claim(
                actor=actor, scope="evaluations.response", submission=submission
            )
            if Response.objects.filter(
                survey=survey, respondent_id=employee_id, pair=pair
            ).exists():
                raise ConflictError(already, code="already_answered")
            response = Response.objects.create(
                survey=survey,
                respondent_id=employee_id,
                pair=pair,
                role=selectors.member_role_in(pair, employee_id),
                author=actor if getattr(actor, "is_authenticated", False) else None,
                submitted_at=timezone.now(),
            )
            claim.done(response)
            Answer.objects.bulk_create(
                Answer(
                    response=response,
                    question_id=question_id,
                    value=value if by_id[question_id].kind != QuestionKind.TEXT else None,
                    text=value if by_id[question_id].kind == QuestionKind.TEXT else "",
                )
                for question_id, value in clean_answers.items()
            )
            SkillRating.objects.bulk_create(
                SkillRating(
                    response=response, question_id=qid, skill_id=skill_id, before=before, now=now
                )
                for (qid, skill_id), (before, now) in clean_ratings.items()
            )
            audit_record(
                actor=actor,
                action="evaluations.response_submitted",
                target=response,
                changes={"survey": survey.pk, "kind": survey.kind, "pair": pair.pk},
            )
    except IntegrityError as exc:
        # The same form sent twice at the very same moment: the constraint kept one.
        raise ConflictError(already, code="already_answered") from exc
    return response


__all__ = [
    "SurveyKind",
    "ensure_program_surveys",
    "question_create",
    "question_delete",
    "question_move",
    "question_update",
    "response_submit",
    "survey_replace_questions",
    "survey_reset_questions",
    "survey_update",
]
