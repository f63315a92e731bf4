"""Pages of the training app, learner's side (any participant: employees, the sponsor
excepted): my training, a module and its sections, its quiz and results, a reflection, and
the "things I will try" shared with one of my pairs (its members only; 404 for anyone else).
"""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from bascule.core import idempotency
from bascule.core.errors import DomainError
from bascule.core.forms import add_errors
from bascule.core.permissions import require, user_can_apply
from bascule.training import selectors, services
from bascule.training.forms import QuizForm, ReflectionForm


def _language() -> str:
    return (get_language() or "fr")[:2]


def _module_url(module) -> str:
    return reverse("training:module", kwargs={"slug": module.slug})


@require(user_can_apply)
def my_training(request: HttpRequest) -> HttpResponse:
    """What is required of me and by when, what I started, finished, and the rest."""
    mine = selectors.my_training(user=request.user, language=_language())
    context = {"mine": mine, "today": timezone.localdate()}
    return render(request, "training/my_training.html", context)


@require(user_can_apply)
def module(request: HttpRequest, slug: str) -> HttpResponse:
    """A module's title, duration, objectives and table of contents."""
    the_module = selectors.access_module(user=request.user, slug=slug)
    item = selectors.learner_item(user=request.user, module=the_module, language=_language())
    context = {
        "item": item,
        "text": item.text,
        "reflection": selectors.own_reflection(user=request.user, module=the_module),
    }
    return render(request, "training/module.html", context)


def _section_context(item, number: int) -> dict:
    sections = item.text.sections
    if not 1 <= number <= len(sections):
        raise Http404
    return {
        "item": item,
        "text": item.text,
        "section": sections[number - 1],
        "number": number,
        "count": len(sections),
        "previous": number - 1 if number > 1 else None,
        "next": number + 1 if number < len(sections) else None,
    }


@require(user_can_apply)
def section(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """One section; its button records it read (and the time spent) and goes on."""
    the_module = selectors.access_module(user=request.user, slug=slug)
    item = selectors.learner_item(user=request.user, module=the_module, language=_language())
    context = _section_context(item, number)
    if request.method == "POST":
        try:
            progress = services.section_read(actor=request.user, module=the_module, number=number)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect(request.path)
        if context["next"] is not None:
            return redirect("training:section", slug=slug, number=context["next"])
        if progress.completed_at is not None:
            messages.success(request, _("Well done: you have completed this module."))
            return redirect(_module_url(the_module))
        if item.text.questions:
            return redirect("training:quiz", slug=slug)
        return redirect(_module_url(the_module))
    return render(request, "training/section.html", context)


def _attempt_url(attempt, slug: str) -> str:
    if attempt is None:
        return reverse("training:quiz", kwargs={"slug": slug})
    return reverse("training:attempt", kwargs={"slug": slug, "number": attempt.number})


@require(user_can_apply)
@idempotency.form_view(url=_attempt_url)
def quiz(request: HttpRequest, slug: str) -> HttpResponse:
    """The quiz: one fieldset per question; sending it records one attempt."""
    the_module = selectors.access_module(user=request.user, slug=slug)
    item = selectors.learner_item(user=request.user, module=the_module, language=_language())
    if not item.text.questions:
        raise Http404
    form = QuizForm(
        request.POST if request.method == "POST" else None,
        questions=item.text.questions,
        initial={"version": item.version.pk},
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                attempt = services.quiz_submit(
                    actor=request.user,
                    module=the_module,
                    version_id=form.cleaned_data["version"],
                    answers=form.answers(),
                    submission=idempotency.submission(request),
                )
            except DomainError as exc:
                add_errors(form, exc)
            else:
                return redirect(_attempt_url(attempt, slug))
        elif "version" in form.errors:
            form.errors.pop("version")
            form.add_error(
                None,
                _("These answers do not fit this quiz: please answer the questions shown."),
            )
    context = {"item": item, "text": item.text, "form": form}
    return render(request, "training/quiz.html", context, status=200)


@require(user_can_apply)
def attempt(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """One of my attempts: per question, what I chose, right or wrong, every explanation."""
    the_module = selectors.access_module(user=request.user, slug=slug)
    the_attempt = selectors.access_attempt(user=request.user, module=the_module, number=number)
    item = selectors.learner_item(user=request.user, module=the_module, language=_language())
    text, fell_back = selectors.version_text(the_attempt.version, _language())
    rows = []
    for index, question in enumerate(text.questions):
        chosen = set(the_attempt.answers[index]) if index < len(the_attempt.answers) else set()
        right = {i for i, c in enumerate(question.choices) if c.correct}
        rows.append(
            {
                "number": index + 1,
                "question": question,
                "right": chosen == right,
                "choices": [
                    {"choice": c, "chosen": i in chosen, "index": i}
                    for i, c in enumerate(question.choices)
                ],
            }
        )
    context = {
        "item": item,
        "text": text,
        "fell_back": fell_back,
        "attempt": the_attempt,
        "rows": rows,
        "pass_mark": the_attempt.version.pass_mark,
    }
    return render(request, "training/attempt.html", context)


@require(user_can_apply)
def reflection(request: HttpRequest, slug: str) -> HttpResponse:
    """After completing a module: my private reflection and one thing I will try (shared
    with the partner of one of my pairs, or nobody)."""
    the_module = selectors.access_module(user=request.user, slug=slug)
    item = selectors.learner_item(user=request.user, module=the_module, language=_language())
    if not item.done:
        messages.info(request, _("Finish the module first: the reflection comes after it."))
        return redirect(_module_url(the_module))
    pairs = list(selectors.active_pairs_of(request.user.employee))
    mine = selectors.own_reflection(user=request.user, module=the_module)
    initial = {}
    if mine is not None:
        initial = {
            "private_text": mine.private_text,
            "will_try": mine.will_try,
            "pair": str(mine.shared_with_id or ""),
        }
    form = ReflectionForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        pairs=pairs,
        employee_id=request.user.employee_id,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.reflection_save(
                actor=request.user,
                module=the_module,
                private_text=form.cleaned_data["private_text"],
                will_try=form.cleaned_data["will_try"],
                pair_id=form.pair_id(),
            )
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Your reflection is saved."))
            return redirect(_module_url(the_module))
    context = {"item": item, "text": item.text, "form": form, "pairs": pairs}
    return render(request, "training/reflection.html", context)


@require(user_can_apply)
def pair_tries(request: HttpRequest, pair_id: int) -> HttpResponse:
    """The "things I will try" the members of one of my pairs shared with it."""
    pair = selectors.access_pair(user=request.user, pair_id=pair_id)
    partner = pair.mentee if pair.mentor_id == request.user.employee_id else pair.mentor
    context = {
        "pair": pair,
        "partner": partner,
        "tries": selectors.shared_tries(pair=pair, language=_language()),
    }
    return render(request, "training/pair_tries.html", context)
