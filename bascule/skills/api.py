"""The skills API, /api/skills/: the taxonomy for everyone, its management for HR admins.

Participants read the list to fill in their application; creating, renaming, merging,
retiring, restoring and importing are for HR admins (403 for anyone else). The handlers
share the services and selectors with the pages; domain errors become 400 / 409.
"""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from bascule.core import idempotency
from bascule.core.api_errors import ERRORS, ErrorOut, ValidationErrorOut
from bascule.core.api_input import BoundedLimitOffsetPagination
from bascule.core.errors import DomainError
from bascule.core.permissions import require, user_is_hr_admin
from bascule.skills import importing, selectors, services
from bascule.skills.models import Skill, SkillCategory
from bascule.skills.schemas import (
    SkillCategoryOut,
    SkillFilter,
    SkillImportOut,
    SkillImportRejectedOut,
    SkillIn,
    SkillMergeIn,
    SkillMergeOut,
    SkillOut,
    SkillUpdateIn,
)

router = Router(tags=["skills"])


def _category(category_id: int | None) -> SkillCategory | None:
    if category_id is None:
        return None
    category = SkillCategory.objects.filter(pk=category_id).first()
    if category is None:
        raise DomainError(_("There is no such skill category."), code="unknown_category")
    return category


def _skill(request: HttpRequest, skill_id: int) -> Skill:
    return selectors.access_skill(user=request.user, skill_id=skill_id)


@router.get(
    "/",
    response={200: list[SkillOut], 401: ErrorOut, 422: ValidationErrorOut},
    summary="List skills",
)
@paginate(BoundedLimitOffsetPagination, max_limit=500)
def list_skills(request: HttpRequest, filters: Query[SkillFilter]) -> QuerySet[Skill]:
    """The taxonomy by category, labels in the caller's language: the skills that may be
    chosen, plus retired or merged ones when asked."""
    return selectors.skill_list(filters=filters.to_filters())


@router.get(
    "/categories",
    response={200: list[SkillCategoryOut], 401: ErrorOut},
    summary="List skill categories",
)
def list_skill_categories(request: HttpRequest) -> QuerySet[SkillCategory]:
    """The categories of the taxonomy, in display order."""
    return selectors.skill_categories()


@router.post("/", response={201: SkillOut, **ERRORS}, summary="Create a skill")
@require(user_is_hr_admin)
@idempotency.api_create()
def create_skill(request: HttpRequest, payload: SkillIn):
    """Add a skill to the taxonomy (HR admins)."""
    skill = services.skill_create(
        actor=request.user,
        label_fr=payload.label_fr,
        label_en=payload.label_en,
        category=_category(payload.category_id),
        description_fr=payload.description_fr,
        description_en=payload.description_en,
        slug=payload.slug,
        submission=idempotency.submission(request),
    )
    return Status(201, skill)


def _import_out(plan: services.SkillImportPlan, *, dry_run: bool) -> dict[str, Any]:
    return {
        "layout": plan.layout,
        "language": plan.language,
        "dry_run": dry_run,
        "total_rows": plan.total_rows,
        "counts": plan.counts,
        "errors": _errors_out(plan.errors),
    }


def _errors_out(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "line": error.get("line", 0),
            "column": error.get("column", ""),
            "value": error.get("value", ""),
            "message": importing.error_message(error),
        }
        for error in errors
    ]


@router.post(
    "/import",
    response={200: SkillImportOut, **ERRORS, 400: SkillImportRejectedOut},
    summary="Import skills from a CSV file",
)
@require(user_is_hr_admin)
@idempotency.api_create()
def import_skills(
    request: HttpRequest,
    file: File[UploadedFile],
    language: Form[str | None] = None,
    category_id: Form[int | None] = None,
    dry_run: Form[bool] = False,
):
    """Import a CSV of skills (HR admins): our layout (slug, category, label_fr, label_en,
    description_fr, description_en) or an ESCO export, whose `language` (fr or en) must be
    given. With `dry_run`, only say what would change. A file with errors imports nothing
    (400, with each error's line)."""
    if language not in (None, "", *importing.LANGUAGES):
        raise DomainError(_("The language must be fr or en."), code="invalid_language")
    category = _category(category_id)
    parsed = services.skill_import_read(content=file.read(), language=language or None)
    plan = services.skill_import_plan(parsed=parsed, category=category)
    if plan.errors:
        return Status(
            400,
            {
                "detail": _("This file has errors. Correct them and upload the file again."),
                "code": "import_has_errors",
                "errors": _errors_out(plan.errors),
            },
        )
    if not dry_run:
        plan = services.skill_import_commit(
            actor=request.user,
            parsed=parsed,
            category=category,
            filename=file.name or "",
            submission=idempotency.submission(request),
        )
    return _import_out(plan, dry_run=dry_run)


@router.put("/{skill_id}", response={200: SkillOut, **ERRORS}, summary="Rename a skill")
@require(user_is_hr_admin)
def update_skill(request: HttpRequest, skill_id: int, payload: SkillUpdateIn):
    """Rename a skill or move it to another category (HR admins). Send the `updated_at`
    you read to be told (409) when someone else changed it meanwhile."""
    skill = _skill(request, skill_id)
    return services.skill_update(
        actor=request.user,
        skill=skill,
        label_fr=payload.label_fr,
        label_en=payload.label_en,
        category=_category(payload.category_id),
        description_fr=payload.description_fr,
        description_en=payload.description_en,
        expected_updated_at=payload.updated_at,
    )


@router.post("/{skill_id}/merge", response={200: SkillMergeOut, **ERRORS}, summary="Merge a skill")
@require(user_is_hr_admin)
def merge_skill(request: HttpRequest, skill_id: int, payload: SkillMergeIn):
    """Merge a skill into another one (HR admins): its applications move to the target,
    keeping the higher level when an application had both."""
    source = _skill(request, skill_id)
    try:
        target = selectors.access_skill(user=request.user, skill_id=payload.target_id)
    except Http404 as exc:
        raise DomainError(
            _("There is no skill with the id %(id)s.") % {"id": payload.target_id},
            code="unknown_target",
        ) from exc
    result = services.skill_merge(actor=request.user, source=source, target=target)
    return {
        "skill": result.skill,
        "applications_moved": result.moved,
        "applications_combined": result.combined,
    }


@router.post("/{skill_id}/retire", response={200: SkillOut, **ERRORS}, summary="Retire a skill")
@require(user_is_hr_admin)
def retire_skill(request: HttpRequest, skill_id: int):
    """Retire a skill (HR admins): it stays on applications but can no longer be chosen."""
    return services.skill_retire(actor=request.user, skill=_skill(request, skill_id))


@router.post("/{skill_id}/restore", response={200: SkillOut, **ERRORS}, summary="Restore a skill")
@require(user_is_hr_admin)
def restore_skill(request: HttpRequest, skill_id: int):
    """Offer a retired skill again (HR admins)."""
    return services.skill_restore(actor=request.user, skill=_skill(request, skill_id))
