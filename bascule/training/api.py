"""The training API, /api/training/, learner's side (employees, the sponsor excepted):
the library, one module in the caller's language, my progress, a quiz attempt (once per
Idempotency-Key), my reflection, the kickoff drill of one of my pairs. Nothing returns a
reflection to anyone but its author.
"""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import get_language
from ninja import Field, Router, Schema, Status

from bascule.core import idempotency
from bascule.core.api_errors import ERRORS
from bascule.core.permissions import require, user_can_apply
from bascule.pairing.models import PairStatus
from bascule.training import selectors, services
from bascule.training.behaviours import selectors as behaviour_selectors
from bascule.training.behaviours import services as behaviour_services
from bascule.training.models import Progress
from bascule.training.schemas import (
    AttemptIn,
    AttemptOut,
    ModuleOut,
    ModuleSummaryOut,
    ProgressOut,
    ReflectionIn,
    ReflectionOut,
)

router = Router(tags=["training"])


def _language() -> str:
    return (get_language() or "fr")[:2]


def _summary(item: selectors.LibraryItem) -> dict[str, Any]:
    language = _language()
    if item.fell_back:
        language = next(code for code in ("fr", "en") if code != language)
    return {
        "slug": item.module.slug,
        "position": item.module.position,
        "audience": item.module.audience,
        "version": item.version.number,
        "minutes": item.version.minutes,
        "pass_mark": item.version.pass_mark,
        "language": language,
        "title": item.text.title,
        "summary": item.text.summary,
    }


def _progress(progress: Progress | None) -> dict[str, Any] | None:
    if progress is None:
        return None
    return {
        "module": progress.module.slug,
        "version": progress.version.number,
        "version_id": progress.version_id,
        "last_section": progress.last_section,
        "started_at": progress.started_at,
        "completed_at": progress.completed_at,
        "best_score": progress.best_score,
        "passed": progress.passed,
        "attempts": progress.attempts,
        "seconds_spent": progress.seconds_spent,
    }


@router.get("/modules", response={200: list[ModuleSummaryOut], **ERRORS}, summary="The library")
@require(user_can_apply)
def list_training_modules(request: HttpRequest):
    """The published modules, in the library's order, in the caller's language."""
    mine = selectors.my_training(user=request.user, language=_language())
    return [_summary(item) for item in mine.items.values()]


@router.get("/modules/{slug}", response={200: ModuleOut, **ERRORS}, summary="One module")
@require(user_can_apply)
def get_training_module(request: HttpRequest, slug: str):
    """A published module's text in the caller's language (else the other one, with
    `fell_back`), the version they read (the one they started), their progress; the
    questions without their right answers. 404 for an unknown or unpublished module."""
    module = selectors.access_module(user=request.user, slug=slug)
    item = selectors.learner_item(user=request.user, module=module, language=_language())
    text = item.text
    return {
        **_summary(item),
        "version_id": item.version.pk,
        "fell_back": item.fell_back,
        "objectives": list(text.objectives),
        "behaviour": text.behaviour,
        "practice": text.practice,
        "sections": [{"title": s.title, "body": s.body} for s in text.sections],
        "questions": [
            {
                "prompt": q.prompt,
                "multiple": q.multiple,
                "choices": [{"text": c.text} for c in q.choices],
            }
            for q in text.questions
        ],
        "progress": _progress(item.progress),
    }


@router.get("/progress", response={200: list[ProgressOut], **ERRORS}, summary="My progress")
@require(user_can_apply)
def list_my_training_progress(request: HttpRequest):
    """The caller's progress in every module they opened."""
    rows = Progress.objects.filter(employee_id=request.user.employee_id).select_related(
        "module", "version"
    )
    return [_progress(p) for p in rows.order_by("module__position", "module__slug")]


def _attempt(attempt, language: str) -> dict[str, Any]:
    text, _fell_back = selectors.version_text(attempt.version, language)
    questions = []
    for question, chosen in zip(text.questions, attempt.answers, strict=False):
        right = {i for i, c in enumerate(question.choices) if c.correct}
        questions.append(
            {
                "prompt": question.prompt,
                "right": set(chosen) == right,
                "choices": [
                    {
                        "text": c.text,
                        "correct": c.correct,
                        "chosen": i in chosen,
                        "explanation": c.explanation,
                    }
                    for i, c in enumerate(question.choices)
                ],
            }
        )
    return {
        "number": attempt.number,
        "score": attempt.score,
        "passed": attempt.passed,
        "submitted_at": attempt.submitted_at,
        "progress": _progress(attempt.progress),
        "questions": questions,
    }


@router.post(
    "/modules/{slug}/attempts",
    response={201: AttemptOut, **ERRORS},
    summary="Take a module's quiz",
)
@require(user_can_apply)
@idempotency.api_create()
def submit_training_attempt(request: HttpRequest, slug: str, payload: AttemptIn):
    """Record one attempt: the score (percent of the questions fully right), passed or not,
    every choice's explanation. 422 for answers that do not fit the version read (another
    version, an unknown choice, a question unanswered); nothing is saved then."""
    module = selectors.access_module(user=request.user, slug=slug)
    attempt = services.quiz_submit(
        actor=request.user,
        module=module,
        version_id=payload.version_id,
        answers=payload.answers,
        submission=idempotency.submission(request),
    )
    attempt = selectors.access_attempt(user=request.user, module=module, number=attempt.number)
    return Status(201, _attempt(attempt, _language()))


def _reflection(reflection) -> dict[str, Any]:
    return {
        "module": reflection.module.slug,
        "private_text": reflection.private_text,
        "will_try": reflection.will_try,
        "pair_id": reflection.shared_with_id,
        "shared_at": reflection.shared_at,
        "updated_at": reflection.updated_at,
    }


@router.put(
    "/modules/{slug}/reflection",
    response={200: ReflectionOut, **ERRORS},
    summary="Save my reflection on a module",
)
@require(user_can_apply)
def save_training_reflection(request: HttpRequest, slug: str, payload: ReflectionIn):
    """Save the caller's reflection on a module they completed (400 before): the private
    text (theirs only) and "one thing I will try", shared with one of their active pairs
    (`pair_id`) or nobody. 422 for a pair that is not theirs."""
    module = selectors.access_module(user=request.user, slug=slug)
    reflection = services.reflection_save(
        actor=request.user,
        module=module,
        private_text=payload.private_text,
        will_try=payload.will_try,
        pair_id=payload.pair_id,
    )
    return _reflection(reflection)


# --- The kickoff drill (a pair's members only, 404 for anyone else) -------------------------


class DrillItemOut(Schema):
    key: str = Field(description="What to send in `ticks`")
    label: str = Field(description="The item, worded about the partner, in the caller's language")


class DrillOut(Schema):
    pair_id: int
    open: bool = Field(description="False once the pair has ended: no tick can be saved")
    checklist: list[DrillItemOut] = Field(
        description="The checklist each member ticks for the other"
    )
    mine: list[str] | None = Field(description="What the caller ticked for the partner, or null")
    mine_at: dt.datetime | None = Field(description="When the caller last saved their ticks")
    partner_done: bool = Field(description="Whether the partner has saved their ticks")
    partner_ticks: list[str] | None = Field(
        description="What the partner ticked for the caller: only once both have ticked"
    )


class DrillIn(Schema):
    ticks: list[str] = Field(
        default_factory=list,
        description="The keys of the items the partner did (the others: not done)",
        max_length=len(behaviour_selectors.DRILL_KEYS),
    )


def _drill(pair, user) -> dict[str, Any]:
    state = behaviour_selectors.drill_state(pair=pair, user=user)
    return {
        "pair_id": pair.pk,
        "open": pair.status == PairStatus.ACTIVE,
        "checklist": [
            {"key": key, "label": str(label)} for key, label in behaviour_selectors.DRILL_ITEMS
        ],
        "mine": list(state.mine.ticks) if state.mine else None,
        "mine_at": state.mine.updated_at if state.mine else None,
        "partner_done": state.theirs is not None,
        "partner_ticks": list(state.theirs.ticks) if state.done else None,
    }


@router.get(
    "/pairs/{pair_id}/drill",
    response={200: DrillOut, **ERRORS},
    summary="The kickoff's active-listening drill",
)
@require(user_can_apply)
def get_training_drill(request: HttpRequest, pair_id: int):
    """The checklist, what the caller ticked for their partner and, once both have ticked,
    what the partner ticked for the caller. The pair's members only (404 otherwise)."""
    pair = selectors.access_pair(user=request.user, pair_id=pair_id)
    return _drill(pair, request.user)


@router.put(
    "/pairs/{pair_id}/drill",
    response={200: DrillOut, **ERRORS},
    summary="Tick the drill for my partner",
)
@require(user_can_apply)
def put_training_drill(request: HttpRequest, pair_id: int, payload: DrillIn):
    """Save what the caller's partner did in the drill (sending the same ticks again changes
    nothing). 422 for an unknown item, 400 `pair_ended` for an ended pair."""
    pair = selectors.access_pair(user=request.user, pair_id=pair_id)
    behaviour_services.drill_tick(actor=request.user, pair=pair, ticks=payload.ticks)
    return _drill(pair, request.user)
