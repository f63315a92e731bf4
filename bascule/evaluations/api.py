"""The evaluations API, /api/evaluations/.

Members: the surveys open to me, a survey's questions (and my own response), my answers
(422 with translated messages by field, 409 when already answered, 404 for a survey that is
not for me). HR (HR admins, the program's managers; 404 for anyone else): a program's surveys,
changing a survey, its aggregates (nothing for a group under MIN_GROUP_SIZE, given as
`min_respondents`). No operation returns a response to anyone but its author.
"""

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from ninja import Router, Status

from bascule.core import idempotency
from bascule.core.api_errors import ERRORS
from bascule.evaluations import selectors, services
from bascule.evaluations.models import LIKERT_CHOICES, SKILL_LEVEL_CHOICES, QuestionKind, Survey
from bascule.evaluations.schemas import (
    MemberSurveyOut,
    OpenSurveyOut,
    ResponseIn,
    ResultsOut,
    SurveyIn,
    SurveyOut,
)

router = Router(tags=["evaluations"])


def _open(item: selectors.MemberSurvey) -> dict[str, Any]:
    return {
        "survey_id": item.survey.pk,
        "pair_id": item.pair.pk,
        "kind": item.survey.kind,
        "title": item.survey.title,
        "program": item.pair.program.name,
        "partner": item.partner.full_name,
        "role": item.role,
        "opens_on": item.opens_on,
        "closes_on": item.closes_on,
    }


def _choices(kind: str) -> list[dict[str, Any]]:
    if kind == QuestionKind.LIKERT:
        return [{"value": v, "label": str(label)} for v, label in LIKERT_CHOICES]
    if kind == QuestionKind.NPS:
        return [{"value": v, "label": str(v)} for v in range(11)]
    if kind == QuestionKind.SKILLS:
        return [{"value": v, "label": str(label)} for v, label in SKILL_LEVEL_CHOICES]
    return []


def _member_survey(item: selectors.MemberSurvey, user: Any) -> dict[str, Any]:
    questions = list(selectors.survey_questions(survey=item.survey))
    skills = []
    if any(q.kind == QuestionKind.SKILLS for q in questions):
        skills = selectors.skills_to_rate(pair=item.pair, employee_id=user.employee_id)
    mine = None
    if item.response is not None:
        mine = {
            "id": item.response.pk,
            "submitted_at": item.response.submitted_at,
            "answers": [
                {"question_id": a.question_id, "value": a.value, "text": a.text}
                for a in item.response.answers.all()
            ],
            "ratings": [
                {
                    "question_id": r.question_id,
                    "skill_id": r.skill_id,
                    "before": r.before,
                    "now": r.now,
                }
                for r in item.response.skill_ratings.all()
            ],
        }
    return {
        **_open(item),
        "open": item.is_open,
        "answered": item.answered,
        "retrospective": item.survey.asks_retrospective,
        "questions": [
            {
                "id": q.pk,
                "position": q.position,
                "kind": q.kind,
                "text": q.text,
                "required": q.required,
                "choices": _choices(q.kind),
                "skills": (
                    [{"id": s.pk, "label": s.label} for s in skills]
                    if q.kind == QuestionKind.SKILLS
                    else []
                ),
            }
            for q in questions
        ],
        "mine": mine,
    }


@router.get("/mine", response={200: list[OpenSurveyOut], **ERRORS}, summary="My open surveys")
def list_my_open_surveys(request: HttpRequest):
    """The surveys open today to the caller and not answered yet, one per survey and pair."""
    return [_open(item) for item in selectors.open_surveys_for(request.user)]


@router.get(
    "/surveys/{survey_id}/pairs/{pair_id}",
    response={200: MemberSurveyOut, **ERRORS},
    summary="A survey's questions, for one of my pairs",
)
def get_my_survey(request: HttpRequest, survey_id: int, pair_id: int):
    """The survey's questions in the caller's language, with the skills to rate, whether it
    is open, and the caller's own response if given. 404 unless the caller is a member of the
    pair and the survey has opened for it."""
    item = selectors.access_member_survey(user=request.user, survey_id=survey_id, pair_id=pair_id)
    return _member_survey(item, request.user)


@router.post(
    "/surveys/{survey_id}/pairs/{pair_id}/response",
    response={201: MemberSurveyOut, **ERRORS},
    summary="Answer a survey",
)
@idempotency.api_create()
def submit_my_response(request: HttpRequest, survey_id: int, pair_id: int, payload: ResponseIn):
    """Record the caller's answers, once (409 if already answered). 422 with messages per
    field when answers do not fit, 400 when the survey has closed."""
    item = selectors.access_member_survey(user=request.user, survey_id=survey_id, pair_id=pair_id)
    answers: dict[int, Any] = {}
    for answer in payload.answers:
        answers[answer.question_id] = answer.text if answer.text is not None else answer.value
    ratings = {(r.question_id, r.skill_id): (r.before, r.now) for r in payload.ratings}
    services.response_submit(
        actor=request.user,
        survey=item.survey,
        pair=item.pair,
        answers=answers,
        ratings=ratings,
        submission=idempotency.submission(request),
    )
    item = selectors.access_member_survey(user=request.user, survey_id=survey_id, pair_id=pair_id)
    return Status(201, _member_survey(item, request.user))


# --- HR -----------------------------------------------------------------------------------------


def _survey(survey: Survey) -> dict[str, Any]:
    return {
        "id": survey.pk,
        "program_id": survey.program_id,
        "kind": survey.kind,
        "title_fr": survey.title_fr,
        "title_en": survey.title_en,
        "opens_on": survey.opens_on,
        "closes_on": survey.closes_on,
        "closing_days": survey.closing_days,
        "respondents": survey.responses.values("respondent").distinct().count(),
        "questions_locked": selectors.survey_has_responses(survey),
        "questions": [
            {
                "id": q.pk,
                "position": q.position,
                "kind": q.kind,
                "text_fr": q.text_fr,
                "text_en": q.text_en,
                "required": q.required,
            }
            for q in selectors.survey_questions(survey=survey)
        ],
    }


@router.get(
    "/programs/{program_id}/surveys",
    response={200: list[SurveyOut], **ERRORS},
    summary="A program's surveys",
)
def list_program_surveys(request: HttpRequest, program_id: int):
    """The program's four surveys (created from the defaults if needed), with their questions
    and response counts. HR admins and the program's managers; 404 for anyone else."""
    program = selectors.access_program_surveys(user=request.user, program_id=program_id)
    return [_survey(s) for s in selectors.program_surveys(program=program)]


@router.put(
    "/surveys/{survey_id}",
    response={200: SurveyOut, **ERRORS},
    summary="Change a survey",
)
def update_survey(request: HttpRequest, survey_id: int, payload: SurveyIn):
    """Change the title, dates and, until the survey has answers, its questions (the list
    replaces them all; 409 once answered). Bad dates: 422 with messages per field."""
    survey = selectors.access_survey(user=request.user, survey_id=survey_id)
    values = payload.model_dump(exclude_unset=True)
    questions = values.pop("questions", None)
    # All or nothing: questions refused (409) or invalid (422) leave the dates unchanged too.
    with transaction.atomic():
        if any(v is not None for v in values.values()):
            survey = services.survey_update(
                actor=request.user,
                survey=survey,
                values={k: v for k, v in values.items() if v is not None},
            )
        if questions is not None:
            survey = services.survey_replace_questions(
                actor=request.user, survey=survey, questions=questions
            )
    survey.refresh_from_db()
    return _survey(survey)


def _stat(stat: selectors.GroupStat) -> dict[str, Any]:
    if not stat.shown:
        # Not even the size of a group too small to show.
        return {"respondents": None, "shown": False}
    return {
        "respondents": stat.respondents,
        "shown": True,
        "mean": stat.mean,
        "mean_before": stat.mean_before,
        "distribution": [b.__dict__ for b in stat.distribution],
        "nps": stat.nps,
        "promoters": stat.promoters if stat.nps is not None else None,
        "passives": stat.passives if stat.nps is not None else None,
        "detractors": stat.detractors if stat.nps is not None else None,
    }


@router.get(
    "/surveys/{survey_id}/results",
    response={200: ResultsOut, **ERRORS},
    summary="A survey's aggregated results",
)
def get_survey_results(request: HttpRequest, survey_id: int):
    """Aggregates only: nothing for a group (everyone, mentors, mentees) of fewer than
    `min_respondents` distinct people; free texts unattributed. HR admins and the program's
    managers; 404 for anyone else."""
    survey = selectors.access_survey(user=request.user, survey_id=survey_id)
    results = selectors.survey_results(survey=survey)
    return {
        "survey_id": survey.pk,
        "respondents": results.respondents,
        "mentors": results.mentors,
        "mentees": results.mentees,
        "min_respondents": results.min_respondents,
        "shown": results.shown,
        "questions": [
            {
                "question_id": r.question.pk,
                "kind": r.question.kind,
                "text": r.question.text,
                "overall": _stat(r.overall),
                "mentors": _stat(r.mentors),
                "mentees": _stat(r.mentees),
                "texts": r.texts,
            }
            for r in results.questions
        ],
        "skills": [
            {
                "skill_id": r.skill.pk,
                "label": r.skill.label,
                "overall": _stat(r.overall),
                "mentors": _stat(r.mentors),
                "mentees": _stat(r.mentees),
            }
            for r in results.skills
        ],
    }
