"""Pages of evaluations.

HR (HR admins and the program's managers; 404 for anyone else): a program's surveys, a
survey's dates and questions, a survey's aggregated results. Members: the answer page of a
survey open to them for one of their pairs (404 for anyone else, HR included).
"""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from bascule.core import idempotency
from bascule.core.confirm import Confirmation, confirmation_page, confirmed
from bascule.core.errors import ConflictError, DomainError, ValidationFailed
from bascule.core.exports import check_format, export_response
from bascule.core.forms import add_errors
from bascule.core.page_cache import cached_page
from bascule.core.permissions import require, user_can_manage_programs
from bascule.core.small_groups import MIN_GROUP_SIZE
from bascule.evaluations import selectors, services
from bascule.evaluations.forms import AnswerForm, QuestionForm, SurveyForm
from bascule.evaluations.models import LIKERT_CHOICES, QuestionKind


def _edit_url(survey) -> str:
    return reverse("evaluations:survey_edit", kwargs={"survey_id": survey.pk})


# --- HR -----------------------------------------------------------------------------------------


def program_surveys(request: HttpRequest, program_id: int) -> HttpResponse:
    """The four surveys of a program with their dates and response counts."""
    program = selectors.access_program_surveys(user=request.user, program_id=program_id)
    context = {
        "program": program,
        "surveys": selectors.program_surveys(program=program),
        "min_respondents": MIN_GROUP_SIZE,
    }
    return render(request, "evaluations/program_surveys.html", context)


def _edit_context(request, survey, form=None, question_form=None):
    return {
        "survey": survey,
        "program": survey.program,
        "form": form or SurveyForm(survey=survey),
        "question_form": question_form or QuestionForm(),
        "questions": list(selectors.survey_questions(survey=survey)),
        "locked": selectors.survey_has_responses(survey),
    }


def survey_edit(request: HttpRequest, survey_id: int) -> HttpResponse:
    """A survey's title, dates and questions; on POST, save the title and dates."""
    survey = selectors.access_survey(user=request.user, survey_id=survey_id)
    form = None
    if request.method == "POST":
        form = SurveyForm(request.POST, survey=survey)
        if form.is_valid():
            values = dict(form.cleaned_data)
            if values.get("closing_days") is None:
                values.pop("closing_days", None)
            try:
                services.survey_update(actor=request.user, survey=survey, values=values)
            except ValidationFailed as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("The survey is saved."))
                return redirect(_edit_url(survey))
    return render(request, "evaluations/survey_edit.html", _edit_context(request, survey, form))


def _questions_url(question: Any, survey_id: int) -> str:
    return reverse("evaluations:survey_edit", kwargs={"survey_id": survey_id}) + "#questions"


@idempotency.form_view(url=_questions_url)
def question_create(request: HttpRequest, survey_id: int) -> HttpResponse:
    """Add a question to a survey (form; refused once the survey has answers)."""
    survey = selectors.access_survey(user=request.user, survey_id=survey_id)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_create(
                actor=request.user,
                survey=survey,
                values=form.cleaned_data,
                submission=idempotency.submission(request),
            )
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The question is added."))
            return redirect(_edit_url(survey) + "#questions")
    context = {"survey": survey, "program": survey.program, "form": form}
    return render(request, "evaluations/question_form.html", context)


def question_edit(request: HttpRequest, survey_id: int, question_id: int) -> HttpResponse:
    """Change a question's wording, kind or required flag (refused once answered)."""
    survey = selectors.access_survey(user=request.user, survey_id=survey_id)
    question = selectors.access_question(survey=survey, question_id=question_id)
    if request.method == "POST":
        form = QuestionForm(request.POST)
        if form.is_valid():
            try:
                services.question_update(
                    actor=request.user, question=question, values=form.cleaned_data
                )
            except DomainError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("The question is saved."))
                return redirect(_edit_url(survey) + "#questions")
    else:
        form = QuestionForm(question=question)
    context = {
        "survey": survey,
        "program": survey.program,
        "form": form,
        "question": question,
    }
    return render(request, "evaluations/question_form.html", context)


def _question_action(request, survey_id: int, question_id: int | None, action, success: str):
    survey = selectors.access_survey(user=request.user, survey_id=survey_id)
    question = (
        selectors.access_question(survey=survey, question_id=question_id)
        if question_id is not None
        else None
    )
    try:
        action(survey, question)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect(_edit_url(survey) + "#questions")


@require_POST
def question_delete(request: HttpRequest, survey_id: int, question_id: int) -> HttpResponse:
    """Delete a question, once confirmed (the confirmation step quotes it)."""
    survey = selectors.access_survey(user=request.user, survey_id=survey_id)
    # Once answered, the service refuses with the reason: no confirmation to ask for.
    if not confirmed(request) and not selectors.survey_has_responses(survey):
        question = selectors.access_question(survey=survey, question_id=question_id)
        return confirmation_page(
            request,
            Confirmation(
                title=_("Delete this question?"),
                subject=f"“{question.text}”",
                action=request.path,
                confirm_label=_("Yes, delete the question"),
                back_url=_edit_url(survey) + "#questions",
                back_label=_("Back to the survey"),
                happens=[
                    _("The question is removed from the survey “%(title)s”, in both languages.")
                    % {"title": survey.title}
                ],
                afterwards=[_("This cannot be undone: you would have to write it again.")],
            ),
        )
    return _question_action(
        request,
        survey_id,
        question_id,
        lambda survey, q: services.question_delete(actor=request.user, question=q),
        _("The question is deleted."),
    )


@require_POST
def question_move(request: HttpRequest, survey_id: int, question_id: int) -> HttpResponse:
    offset = -1 if request.POST.get("direction") == "up" else 1
    return _question_action(
        request,
        survey_id,
        question_id,
        lambda survey, q: services.question_move(actor=request.user, question=q, offset=offset),
        _("The question is moved."),
    )


@require_POST
def survey_reset(request: HttpRequest, survey_id: int) -> HttpResponse:
    """Replace every question with the built-in ones, once confirmed."""
    survey = selectors.access_survey(user=request.user, survey_id=survey_id)
    if not confirmed(request) and not selectors.survey_has_responses(survey):
        count = survey.questions.count()
        return confirmation_page(
            request,
            Confirmation(
                title=_("Reset the questions of “%(title)s”?") % {"title": survey.title},
                action=request.path,
                confirm_label=_("Yes, reset the questions"),
                back_url=_edit_url(survey) + "#questions",
                back_label=_("Back to the survey"),
                happens=[
                    ngettext(
                        "Its %(count)s question is deleted, with every change made to it.",
                        "Its %(count)s questions are deleted, with every change made to them.",
                        count,
                    )
                    % {"count": count},
                    _("The built-in questions of this kind of survey take their place."),
                ],
                afterwards=[_("This cannot be undone: the deleted questions cannot come back.")],
            ),
        )
    return _question_action(
        request,
        survey_id,
        None,
        lambda survey, q: services.survey_reset_questions(actor=request.user, survey=survey),
        _("The questions are back to the built-in template."),
    )


@cached_page
def survey_results(request: HttpRequest, survey_id: int) -> HttpResponse:
    """The aggregated answers of a survey: nothing of a group under MIN_GROUP_SIZE."""
    survey = selectors.access_survey(user=request.user, survey_id=survey_id)
    context = {
        "survey": survey,
        "program": survey.program,
        "results": selectors.survey_results(survey=survey),
        "min_respondents": MIN_GROUP_SIZE,
    }
    return render(request, "evaluations/survey_results.html", context)


def _hidden_reason() -> str:
    return _("Not enough answers to show results without identifying anyone (n < %(min)s)") % {
        "min": MIN_GROUP_SIZE
    }


def _number(value: float | None) -> float | str:
    return "" if value is None else round(value, 2)


def results_sheets(results: selectors.SurveyResults) -> list:
    """The results page's figures as two tables, questions then skills: only what the page
    shows; a question or a group under MIN_GROUP_SIZE respondents reads as hidden, with why."""
    hidden, shown = _("Hidden"), _("Shown")
    question_headers = [
        _("Question"),
        _("Kind"),
        _("Shown"),
        _("Respondents"),
        _("Mean (1 to 5)"),
        _("Distribution"),
        _("Net promoter score"),
        _("Promoters"),
        _("Passives"),
        _("Detractors"),
        _("Mentors"),
        _("Mentees"),
        _("Note"),
    ]
    question_rows = []
    for result in results.questions:
        question, stat = result.question, result.overall
        row = [question.text, question.get_kind_display()]
        if question.kind == QuestionKind.TEXT:
            note = _("Written answers are read on the results page.")
            question_rows.append(
                [*row, shown if stat.shown else hidden, "", *[""] * 8]
                + [note if stat.shown else _hidden_reason()]
            )
            continue
        if not stat.shown:
            question_rows.append([*row, hidden, "", *[""] * 8, _hidden_reason()])
            continue
        likert = question.kind == QuestionKind.LIKERT
        if result.subgroups_shown:
            mentors = _number(result.mentors.mean if likert else result.mentors.nps)
            mentees = _number(result.mentees.mean if likert else result.mentees.nps)
            note = ""
        else:
            mentors = mentees = ""
            note = _("Mentors and mentees separately:") + " " + _hidden_reason()
        question_rows.append(
            [
                *row,
                shown,
                stat.respondents,
                _number(stat.mean) if likert else "",
                "; ".join(f"{b.value}: {b.count}" for b in stat.distribution) if likert else "",
                "" if likert else stat.nps,
                "" if likert else stat.promoters,
                "" if likert else stat.passives,
                "" if likert else stat.detractors,
                mentors,
                mentees,
                note,
            ]
        )
    skill_headers = [
        _("Skill"),
        _("Respondents"),
        _("Everyone, at the start"),
        _("Everyone, now"),
        _("Mentors, at the start"),
        _("Mentors, now"),
        _("Mentees, at the start"),
        _("Mentees, now"),
        _("Note"),
    ]
    skill_rows = []
    for item in results.skills_shown:
        subgroups = item.subgroups_shown
        skill_rows.append(
            [
                item.skill.label,
                item.overall.respondents,
                _number(item.overall.mean_before),
                _number(item.overall.mean),
                _number(item.mentors.mean_before) if subgroups else "",
                _number(item.mentors.mean) if subgroups else "",
                _number(item.mentees.mean_before) if subgroups else "",
                _number(item.mentees.mean) if subgroups else "",
                "" if subgroups else _("Mentors and mentees separately:") + " " + _hidden_reason(),
            ]
        )
    if results.skills_hidden:
        skill_rows.append(
            [
                ngettext(
                    "%(count)s skill rated by fewer than %(min)s people is not shown, so that "
                    "nobody can be identified.",
                    "%(count)s skills rated by fewer than %(min)s people are not shown, so that "
                    "nobody can be identified.",
                    results.skills_hidden,
                )
                % {"count": results.skills_hidden, "min": MIN_GROUP_SIZE},
                *[""] * 8,
            ]
        )
    return [
        (_("Questions"), question_headers, question_rows),
        (_("Skills"), skill_headers, skill_rows),
    ]


@require(user_can_manage_programs)
def survey_results_export(request: HttpRequest, survey_id: int, fmt: str) -> HttpResponse:
    """The results page's aggregates as CSV or XLSX (the same rule of MIN_GROUP_SIZE)."""
    check_format(fmt)
    survey = selectors.access_survey(user=request.user, survey_id=survey_id)
    sheets = results_sheets(selectors.survey_results(survey=survey))
    return export_response(fmt, f"survey-results-{survey.pk}", sheets)


# --- Members ------------------------------------------------------------------------------------


def _answer_url(response: Any, survey_id: int, pair_id: int) -> str:
    return reverse("evaluations:answer", kwargs={"survey_id": survey_id, "pair_id": pair_id})


@idempotency.form_view(url=_answer_url)
def answer(request: HttpRequest, survey_id: int, pair_id: int) -> HttpResponse:
    """A member's answer page: the form while the survey is open and unanswered; their own
    answers, read-only, once sent; a clear message once closed."""
    item = selectors.access_member_survey(user=request.user, survey_id=survey_id, pair_id=pair_id)
    questions = list(selectors.survey_questions(survey=item.survey))
    has_skills = any(q.kind == QuestionKind.SKILLS for q in questions)
    skills = (
        selectors.skills_to_rate(pair=item.pair, employee_id=request.user.employee_id)
        if has_skills
        else []
    )
    form = AnswerForm(
        request.POST if request.method == "POST" else None,
        questions=questions,
        skills=skills,
        retrospective=item.survey.asks_retrospective,
    )
    if request.method == "POST" and item.can_answer and form.is_valid():
        try:
            services.response_submit(
                actor=request.user,
                survey=item.survey,
                pair=item.pair,
                answers=form.answers(),
                ratings=form.ratings(),
                submission=idempotency.submission(request),
            )
        except ConflictError as exc:
            messages.info(request, exc.message)
            return redirect(request.path)
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Thank you: your answers are saved."))
            return redirect(request.path)
    context = {
        "item": item,
        "survey": item.survey,
        "form": form,
        "answered_values": _own_answers(item, questions) if item.answered else [],
    }
    return render(request, "evaluations/answer.html", context)


def _own_answers(item, questions) -> list[dict]:
    """The member's own answers, to show them read-only (their author only)."""
    answers = {a.question_id: a for a in item.response.answers.all()}
    ratings = list(item.response.skill_ratings.all())
    shown = []
    for question in questions:
        if question.kind == QuestionKind.SKILLS:
            rows = [r for r in ratings if r.question_id == question.pk]
            shown.append({"question": question, "ratings": rows})
            continue
        answer = answers.get(question.pk)
        if answer is None:
            value = ""
        elif question.kind == QuestionKind.TEXT:
            value = answer.text
        elif question.kind == QuestionKind.LIKERT:
            value = str(dict(LIKERT_CHOICES).get(answer.value, answer.value))
        else:
            value = str(answer.value)
        shown.append({"question": question, "value": value})
    return shown
