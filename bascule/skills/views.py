"""Pages of the skills taxonomy, for HR admins: list, create, rename, merge, retire, import.

An import goes upload → preview → confirm. Between the two steps the parsed rows (not the
file) are kept in the person's session, so the confirmation applies what was previewed,
checked again against the taxonomy as it is then.
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
from bascule.core.confirm import Confirmation, carried_fields, confirmation_page, confirmed
from bascule.core.errors import ConflictError, DomainError
from bascule.core.forms import add_errors
from bascule.core.permissions import require, user_is_hr_admin
from bascule.people.models import get_language_code
from bascule.skills import importing, selectors, services
from bascule.skills.forms import (
    SkillFilterForm,
    SkillForm,
    SkillImportForm,
    SkillMergeForm,
)
from bascule.skills.models import SkillCategory

SESSION_KEY = "skills:skill_import"
PREVIEW_ROWS = 20
ERRORS_SHOWN = 200


@require(user_is_hr_admin)
def skill_list(request: HttpRequest) -> HttpResponse:
    """Return the taxonomy grouped by category, with search and filters."""
    form = SkillFilterForm(request.GET)
    form.is_valid()
    filters = form.filters()
    skills = list(selectors.skill_list(filters=filters))
    context = {
        "form": form,
        "groups": selectors.group_by_category(skills),
        "total": len(skills),
        "filtered": bool(filters.q or filters.category_id),
    }
    return render(request, "skills/skill_list.html", context)


def _skill_values(form: SkillForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "label_fr": data["label_fr"],
        "label_en": data["label_en"],
        "category": data["category"],
        "description_fr": data["description_fr"],
        "description_en": data["description_en"],
    }


def _skill_list_url(target: Any) -> str:
    return reverse("skills:skill_list")


@require(user_is_hr_admin)
@idempotency.form_view(url=_skill_list_url)
def skill_create(request: HttpRequest) -> HttpResponse:
    """Return the form adding a skill; on success, go back to the list."""
    form = SkillForm(request.POST or None, initial={"category": request.GET.get("category")})
    if request.method == "POST" and form.is_valid():
        try:
            skill = services.skill_create(
                actor=request.user,
                submission=idempotency.submission(request),
                **_skill_values(form),
            )
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The skill “%(skill)s” was added.") % {"skill": skill})
            return redirect("skills:skill_list")
    return render(request, "skills/skill_form.html", {"form": form, "skill": None})


@require(user_is_hr_admin)
def skill_edit(request: HttpRequest, skill_id: int) -> HttpResponse:
    """Return the form renaming a skill; a save over someone else's is refused (409)."""
    skill = selectors.access_skill(user=request.user, skill_id=skill_id)
    initial = {
        "label_fr": skill.label_fr,
        "label_en": skill.label_en,
        "category": skill.category_id,
        "description_fr": skill.description_fr,
        "description_en": skill.description_en,
        "updated_at": skill.updated_at.isoformat(),
    }
    status = 200
    current = None
    if request.method == "POST":
        form = SkillForm(request.POST)
        if form.is_valid():
            try:
                services.skill_update(
                    actor=request.user,
                    skill=skill,
                    expected_updated_at=form.cleaned_data["updated_at"],
                    **_skill_values(form),
                )
            except ConflictError as exc:
                # Keep what they typed; the version becomes the current one, so that saving
                # again after reading the other person's changes is a deliberate choice.
                data = request.POST.copy()
                data["updated_at"] = skill.updated_at.isoformat()
                form = SkillForm(data)
                form.is_valid()
                add_errors(form, exc)
                current = skill
                status = 409
            except DomainError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("The skill was saved."))
                return redirect("skills:skill_list")
    else:
        form = SkillForm(initial=initial)
    context = {"form": form, "skill": skill, "current": current}
    return render(request, "skills/skill_form.html", context, status=status)


@require(user_is_hr_admin)
def skill_merge(request: HttpRequest, skill_id: int) -> HttpResponse:
    """Return the page merging a skill into another one, after choosing the other one."""
    skill = selectors.access_skill(user=request.user, skill_id=skill_id)
    form = SkillMergeForm(request.POST or None, skill=skill)
    if request.method == "POST" and form.is_valid() and not confirmed(request):
        return confirmation_page(
            request, _merge_confirmation(request, skill, form.cleaned_data["target"])
        )
    if request.method == "POST" and form.is_valid():
        target = form.cleaned_data["target"]
        try:
            result = services.skill_merge(actor=request.user, source=skill, target=target)
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "“%(source)s” was merged into “%(target)s”. "
                    "%(count)s applications now have “%(target)s”."
                )
                % {
                    "source": skill.label,
                    "target": target.label,
                    "count": result.moved + result.combined,
                },
            )
            return redirect("skills:skill_list")
    context = {
        "form": form,
        "skill": skill,
        "usage": selectors.skill_usage(skill=skill),
    }
    return render(request, "skills/skill_merge.html", context)


def _merge_confirmation(request: HttpRequest, skill: Any, target: Any) -> Confirmation:
    """Return the confirmation step of a merge: how many applications change."""
    usage = selectors.skill_usage(skill=skill)
    names = {"source": skill.label, "target": target.label, "count": usage}
    return Confirmation(
        title=_("Merge “%(source)s” into “%(target)s”?") % names,
        action=reverse("skills:skill_merge", kwargs={"skill_id": skill.pk}),
        confirm_label=_("Yes, merge the skills"),
        back_url=reverse("skills:skill_merge", kwargs={"skill_id": skill.pk}),
        back_label=_("Back to the choice of skill"),
        happens=[
            ngettext(
                "%(count)s application that names “%(source)s” names “%(target)s” instead "
                "(keeping the higher level when it named both).",
                "%(count)s applications that name “%(source)s” name “%(target)s” instead "
                "(keeping the higher level when they named both).",
                usage,
            )
            % names,
            _(
                "“%(source)s” disappears from the list of skills; old links and imports that "
                "name it lead to “%(target)s”."
            )
            % names,
        ],
        afterwards=[_("This cannot be undone: a merge cannot be split again.")],
        hidden=carried_fields(request.POST, names=["target"]),
    )


@require(user_is_hr_admin)
@require_POST
def skill_retire(request: HttpRequest, skill_id: int) -> HttpResponse:
    """Retire a skill, then go back to the list."""
    skill = selectors.access_skill(user=request.user, skill_id=skill_id)
    try:
        services.skill_retire(actor=request.user, skill=skill)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _(
                "“%(skill)s” is retired: it stays on existing applications "
                "but can no longer be chosen."
            )
            % {"skill": skill.label},
        )
    return redirect("skills:skill_list")


@require(user_is_hr_admin)
@require_POST
def skill_restore(request: HttpRequest, skill_id: int) -> HttpResponse:
    """Offer a retired skill again, then go back to the list."""
    skill = selectors.access_skill(user=request.user, skill_id=skill_id)
    try:
        services.skill_restore(actor=request.user, skill=skill)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("“%(skill)s” can be chosen again.") % {"skill": skill.label})
    return redirect("skills:skill_list")


# --- Import ----------------------------------------------------------------------------------


@require(user_is_hr_admin)
def skill_import(request: HttpRequest) -> HttpResponse:
    """Return the upload page; a readable file goes on to the preview."""
    if request.method == "POST":
        form = SkillImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            category = form.cleaned_data["category"]
            try:
                parsed = services.skill_import_read(
                    content=upload.read(), language=form.cleaned_data["language"]
                )
            except DomainError as exc:
                add_errors(form, exc, field="file")
            else:
                request.session[SESSION_KEY] = {
                    "filename": (upload.name or "")[:255],
                    "category_id": category.pk if category else None,
                    "layout": parsed.layout,
                    "language": parsed.language,
                    "total_rows": parsed.total_rows,
                    "rows": parsed.rows,
                    "errors": parsed.errors[: services.MAX_STORED_ERRORS],
                }
                return redirect("skills:skill_import_preview")
    else:
        form = SkillImportForm(initial={"language": get_language_code()})
    return render(request, "skills/skill_import.html", {"form": form})


def _stored_import(request: HttpRequest) -> tuple[dict, Any, SkillCategory | None] | None:
    stored = request.session.get(SESSION_KEY)
    if not stored:
        return None
    parsed = importing.ParsedFile(
        layout=stored["layout"],
        language=stored["language"],
        rows=stored["rows"],
        errors=stored["errors"],
        total_rows=stored["total_rows"],
    )
    category = None
    if stored["category_id"]:
        category = SkillCategory.objects.filter(pk=stored["category_id"]).first()
    return stored, parsed, category


@require(user_is_hr_admin)
@idempotency.form_view(url=_skill_list_url)
def skill_import_preview(request: HttpRequest) -> HttpResponse:
    """Return what the uploaded file would change; POST applies it."""
    found = _stored_import(request)
    if found is None:
        messages.info(request, _("Upload a file first."))
        return redirect("skills:skill_import")
    stored, parsed, category = found
    if request.method == "POST":
        try:
            plan = services.skill_import_commit(
                actor=request.user,
                parsed=parsed,
                category=category,
                filename=stored["filename"],
                submission=idempotency.submission(request),
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            del request.session[SESSION_KEY]
            messages.success(
                request,
                _(
                    "The skills were imported: %(new)s new, %(updated)s updated, "
                    "%(unchanged)s unchanged."
                )
                % plan.counts,
            )
            return redirect("skills:skill_list")
    plan = services.skill_import_plan(parsed=parsed, category=category)
    errors = [
        {**error, "message": importing.error_message(error)} for error in plan.errors[:ERRORS_SHOWN]
    ]
    context = {
        "filename": stored["filename"],
        "plan": plan,
        "is_esco": plan.layout == importing.LAYOUT_ESCO,
        "category": category,
        "errors": errors,
        "errors_truncated": plan.counts["errors"] > len(errors),
        "samples": plan.samples[:PREVIEW_ROWS],
        "can_commit": not plan.errors and (plan.counts["new"] or plan.counts["updated"]),
    }
    return render(request, "skills/skill_import_preview.html", context)
