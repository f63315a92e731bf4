"""HR admins' pages of module authoring (/training/manage/modules/): a new module, a
module's page (versions, what each language lacks, actions), editing one language of its
draft, previewing it as a learner reads it (nothing recorded), publishing, duplicating,
retiring and bringing back."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from bascule.core import idempotency
from bascule.core.confirm import Confirmation, confirmation_page, confirmed
from bascule.core.errors import ConflictError, DomainError, ValidationFailed
from bascule.core.forms import add_errors
from bascule.core.permissions import require, user_is_hr_admin
from bascule.training import content
from bascule.training.authoring import selectors, services
from bascule.training.authoring.forms import (
    DuplicateForm,
    ModuleCreateForm,
    QuestionFormSet,
    SectionFormSet,
    TextForm,
    initial_of,
    text_of,
)
from bascule.training.forms import QuizForm
from bascule.training.models import ModuleStatus
from bascule.training.selectors import LibraryItem


def _module_url(module, **_kwargs) -> str:
    if module is None:
        return reverse("training_hr:library")
    return reverse("training_authoring:module", kwargs={"slug": module.slug})


def _language(language: str) -> str:
    if language not in content.LANGUAGES:
        raise Http404
    return language


def _ui_language() -> str:
    return (translation.get_language() or "fr")[:2]


@require(user_is_hr_admin)
@idempotency.form_view(url=_module_url)
def module_create(request: HttpRequest) -> HttpResponse:
    """A new module: its identifier, audience, duration, pass mark, title and summary in
    one language; it starts as a draft (version 1)."""
    form = ModuleCreateForm(
        request.POST if request.method == "POST" else None,
        initial={"language": _ui_language(), "minutes": 20, "pass_mark": 70, "audience": "both"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            module = services.module_create(
                actor=request.user,
                values=form.cleaned_data,
                submission=idempotency.submission(request),
            )
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The module is created as a draft: now write its content."))
            return redirect(
                "training_authoring:edit", slug=module.slug, language=form.cleaned_data["language"]
            )
    return render(request, "training/authoring/create.html", {"form": form})


@require(user_is_hr_admin)
def module_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A module as HR manages it: its versions, its draft, what each language lacks."""
    module = selectors.access_authored_module(user=request.user, slug=slug)
    draft = services.draft_of(module)
    current = draft or module.published
    data = current.content if current is not None else {}
    context = {
        "module": module,
        "draft": draft,
        "title": selectors.title_of(data, _ui_language(), module.slug),
        "states": selectors.language_states(data),
        "problems": services.publish_problems(draft) if draft is not None else [],
        "requirements": selectors.requirements_of_module(module),
    }
    return render(request, "training/authoring/module.html", context)


def _text_forms(request, module, language, version, *, base=None):
    """The editor's forms, bound to the POST or filled from `version`'s text (the other
    language's, marked to translate, when this one is missing)."""
    data = version.content if version is not None else {}
    text = data.get(language)
    copied = False
    if not isinstance(text, dict):
        other = next(
            (data[c] for c in content.LANGUAGES if c != language and isinstance(data.get(c), dict)),
            None,
        )
        text = _marked_copy(other) if other else services.empty_text()
        copied = other is not None
    if request.method == "POST":
        return (
            TextForm(request.POST),
            SectionFormSet(request.POST, prefix="section"),
            QuestionFormSet(request.POST, prefix="question"),
            copied,
        )
    initial, sections, questions = initial_of(text)
    initial.update(
        {
            "revision": base or (services.revision(version) if version else ""),
            "audience": module.audience,
            "minutes": data.get("minutes", 20),
            "pass_mark": data.get("pass_mark", 70),
            "position": module.position,
        }
    )
    return (
        TextForm(initial=initial),
        SectionFormSet(initial=sections, prefix="section"),
        QuestionFormSet(initial=questions, prefix="question"),
        copied,
    )


def _marked_copy(text: dict) -> dict:
    """`text` with every written part marked to translate (the right answers kept)."""
    mark = services.TO_TRANSLATE

    def marked(value: str) -> str:
        return f"{mark}{value}" if value else value

    return {
        "title": marked(text.get("title", "")),
        "summary": marked(text.get("summary", "")),
        "objectives": [marked(o) for o in text.get("objectives") or []],
        "behaviour": marked(text.get("behaviour", "")),
        "practice": marked(text.get("practice", "")),
        "sections": [
            {"title": marked(s.get("title", "")), "body": marked(s.get("body", ""))}
            for s in text.get("sections") or []
        ],
        "questions": [
            {
                "prompt": marked(q.get("prompt", "")),
                "multiple": q.get("multiple", False),
                "choices": [
                    {
                        "text": marked(c.get("text", "")),
                        "correct": c.get("correct", False),
                        "explanation": marked(c.get("explanation", "")),
                    }
                    for c in q.get("choices") or []
                ],
            }
            for q in text.get("questions") or []
        ],
    }


@require(user_is_hr_admin)
def module_edit(request: HttpRequest, slug: str, language: str) -> HttpResponse:
    """One language of the module's draft (made from the published version on the first
    save): text, sections, questions, and the module's details."""
    language = _language(language)
    module = selectors.access_authored_module(user=request.user, slug=slug)
    if module.status == ModuleStatus.RETIRED:
        messages.info(request, _("This module is retired: bring it back before editing it."))
        return redirect(_module_url(module))
    version = services.current_version(module)
    form, sections, questions, copied = _text_forms(request, module, language, version)
    status = 200
    if request.method == "POST":
        valid = all([form.is_valid(), sections.is_valid(), questions.is_valid()])
        if valid:
            meta = {name: form.cleaned_data[name] for name in services.META}
            try:
                services.draft_save(
                    actor=request.user,
                    module=module,
                    language=language,
                    text=text_of(form, sections, questions),
                    meta=meta,
                    base=form.cleaned_data["revision"],
                )
            except ConflictError as exc:
                # Nothing lost: the text stays in the form, the next save overwrites.
                add_errors(form, exc)
                data = form.data.copy()
                data["revision"] = exc.details.get("revision", "")
                form.data = data
                status = 409
            except ValidationFailed as exc:
                add_errors(form, exc)
            except DomainError as exc:
                add_errors(form, exc)
            else:
                messages.success(
                    request, _("The draft is saved. Learners still read the published version.")
                )
                if "preview" in request.POST:
                    return redirect("training_authoring:preview", slug=slug, language=language)
                return redirect("training_authoring:edit", slug=slug, language=language)
    context = {
        "module": module,
        "language": language,
        "language_name": dict(content_languages())[language],
        "other": next(c for c in content.LANGUAGES if c != language),
        "form": form,
        "sections": sections,
        "questions": questions,
        "copied": copied,
        "draft": version if version is not None and version.published_at is None else None,
        "title": selectors.title_of(version.content if version else {}, language, module.slug),
    }
    return render(request, "training/authoring/edit.html", context, status=status)


def content_languages() -> list[tuple[str, str]]:
    return [("fr", _("French")), ("en", _("English"))]


# --- Preview ----------------------------------------------------------------------------------


def _preview_item(request, slug: str, language: str):
    """The draft (else the published version) as a learner reading `language` sees it."""
    module = selectors.access_authored_module(user=request.user, slug=slug)
    version = services.current_version(module)
    if version is None:
        raise Http404
    try:
        parsed = content.parse(version.content)
    except content.ContentError as error:
        messages.error(
            request,
            _("The draft cannot be previewed yet: %(problems)s")
            % {"problems": " ".join(error.problems)},
        )
        return module, None
    text, fell_back = parsed.text(language)
    shown = next((c for c, t in parsed.texts.items() if t is text), language)
    item = LibraryItem(module, text, fell_back, version, None, shown)
    return module, item


def _preview_context(module, item, language: str) -> dict:
    return {
        "item": item,
        "text": item.text,
        "preview": {
            "base": reverse(
                "training_authoring:preview", kwargs={"slug": module.slug, "language": language}
            ),
            "module_url": _module_url(module),
            "published": item.version.published_at is not None,
        },
    }


@require(user_is_hr_admin)
def preview(request: HttpRequest, slug: str, language: str) -> HttpResponse:
    """The module's page as a learner reading `language` sees it; nothing is recorded."""
    language = _language(language)
    module, item = _preview_item(request, slug, language)
    if item is None:
        return redirect(_module_url(module))
    with translation.override(language):
        return render(request, "training/module.html", _preview_context(module, item, language))


@require(user_is_hr_admin)
def preview_section(request: HttpRequest, slug: str, language: str, number: int) -> HttpResponse:
    language = _language(language)
    module, item = _preview_item(request, slug, language)
    if item is None:
        return redirect(_module_url(module))
    sections = item.text.sections
    if not 1 <= number <= len(sections):
        raise Http404
    context = {
        **_preview_context(module, item, language),
        "section": sections[number - 1],
        "number": number,
        "count": len(sections),
        "previous": number - 1 if number > 1 else None,
        "next": number + 1 if number < len(sections) else None,
    }
    with translation.override(language):
        return render(request, "training/section.html", context)


@require(user_is_hr_admin)
def preview_quiz(request: HttpRequest, slug: str, language: str) -> HttpResponse:
    language = _language(language)
    module, item = _preview_item(request, slug, language)
    if item is None:
        return redirect(_module_url(module))
    if not item.text.questions:
        raise Http404
    with translation.override(language):
        form = QuizForm(None, questions=item.text.questions, initial={"version": item.version.pk})
        context = {**_preview_context(module, item, language), "form": form}
        return render(request, "training/quiz.html", context)


# --- Publish, duplicate, retire ---------------------------------------------------------------


@require(user_is_hr_admin)
def publish(request: HttpRequest, slug: str) -> HttpResponse:
    """Publish the draft, once confirmed: learners with progress keep their version."""
    module = selectors.access_authored_module(user=request.user, slug=slug)
    draft = services.draft_of(module)
    if draft is None:
        messages.info(request, _("There is no draft to publish."))
        return redirect(_module_url(module))
    problems = services.publish_problems(draft)
    impact = selectors.progress_on(module.published)
    happens = [
        _("Version %(number)s becomes what new learners read.") % {"number": draft.number},
    ]
    if module.published_id is not None:
        happens.append(
            ngettext(
                "%(count)s learner has started or finished version %(version)s: they keep it.",
                "%(count)s learners have started or finished version %(version)s: they keep it.",
                impact.total,
            )
            % {"count": impact.total, "version": module.published.number}
        )
    base = request.POST.get("revision") or services.revision(draft)
    if not confirmed(request) or problems:
        return confirmation_page(
            request,
            Confirmation(
                title=_("Publish this module?"),
                subject=selectors.title_of(draft.content, _ui_language(), module.slug),
                action=request.path,
                confirm_label=_("Yes, publish version %(number)s") % {"number": draft.number},
                back_url=_module_url(module),
                back_label=_("Back to the module"),
                happens=happens,
                afterwards=[_("A published version cannot be changed: editing makes a new draft.")],
                blocked=problems,
                hidden=[("revision", base)],
                danger=False,
            ),
        )
    try:
        services.publish(actor=request.user, module=module, base=base)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Version %(number)s is published.") % {"number": draft.number})
    return redirect(_module_url(module))


@require(user_is_hr_admin)
@idempotency.form_view(url=_module_url)
def duplicate(request: HttpRequest, slug: str) -> HttpResponse:
    """Copy the module under a new identifier, as a draft."""
    module = selectors.access_authored_module(user=request.user, slug=slug)
    form = DuplicateForm(
        request.POST if request.method == "POST" else None, initial={"slug": f"{slug}-copy"[:60]}
    )
    if request.method == "POST" and form.is_valid():
        try:
            copy = services.duplicate(
                actor=request.user,
                module=module,
                slug=form.cleaned_data["slug"],
                submission=idempotency.submission(request),
            )
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The copy is a draft: change it, then publish it."))
            return redirect(_module_url(copy))
    title = selectors.title_of(
        (module.published.content if module.published else {}), _ui_language(), module.slug
    )
    context = {"module": module, "form": form, "title": title}
    return render(request, "training/authoring/duplicate.html", context)


@require(user_is_hr_admin)
def retire(request: HttpRequest, slug: str) -> HttpResponse:
    """Retire the module, once confirmed; refused while a program requires it."""
    module = selectors.access_authored_module(user=request.user, slug=slug)
    if module.status == ModuleStatus.RETIRED:
        messages.info(request, _("This module is already retired."))
        return redirect(_module_url(module))
    requirements = selectors.requirements_of_module(module)
    if not confirmed(request) or requirements:
        impact = selectors.progress_on_module(module)
        title = selectors.title_of(
            (module.published.content if module.published else {}), _ui_language(), module.slug
        )
        blocked = []
        if requirements:
            blocked.append(
                ngettext(
                    "%(count)s program requirement uses this module: remove it from the "
                    "program's requirements first.",
                    "%(count)s program requirements use this module: remove them from the "
                    "programs' requirements first.",
                    len(requirements),
                )
                % {"count": len(requirements)}
            )
            blocked += [f"{r.program.name} · {r.get_role_display()}" for r in requirements]
        return confirmation_page(
            request,
            Confirmation(
                title=_("Retire this module?"),
                subject=title,
                action=request.path,
                confirm_label=_("Yes, retire the module"),
                back_url=_module_url(module),
                back_label=_("Back to the module"),
                happens=[
                    _("It leaves the library: nobody can start it any more."),
                    ngettext(
                        "%(count)s learner is in progress: they may still finish it.",
                        "%(count)s learners are in progress: they may still finish it.",
                        impact.in_progress,
                    )
                    % {"count": impact.in_progress},
                    ngettext(
                        "%(count)s learner finished it: their completion stays.",
                        "%(count)s learners finished it: their completions stay.",
                        impact.done,
                    )
                    % {"count": impact.done},
                ],
                afterwards=[_("You can bring it back later from its page.")],
                blocked=blocked,
            ),
        )
    try:
        services.retire(actor=request.user, module=module)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The module is retired."))
    return redirect(_module_url(module))


@require(user_is_hr_admin)
@require_POST
def unretire(request: HttpRequest, slug: str) -> HttpResponse:
    """Bring a retired module back into the library."""
    module = selectors.access_authored_module(user=request.user, slug=slug)
    try:
        services.unretire(actor=request.user, module=module)
    except DomainError as exc:
        messages.info(request, exc.message)
    else:
        messages.success(request, _("The module is back in the library."))
    return redirect(_module_url(module))
