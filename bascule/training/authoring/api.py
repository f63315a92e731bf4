"""HR admins' authoring API, /api/training/authoring/ (tag "training"): create a module, read
and replace its draft (content.py's structure, JSON), publish it, duplicate, retire and bring
back a module. The same services as the pages (bascule/training/authoring/services.py)."""

from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from bascule.core import idempotency
from bascule.core.api_errors import ERRORS
from bascule.core.permissions import require, user_is_hr_admin
from bascule.training.authoring import selectors, services

router = Router(tags=["training"])


class ModuleCreateIn(Schema):
    slug: str = Field(description="Lower-case letters, digits and dashes", max_length=60)
    language: str = Field(description="fr or en: the language of the title and summary")
    title: str = Field(max_length=300)
    summary: str = Field(max_length=1000)
    audience: str = Field("both", description="mentor, mentee, both or managers", max_length=16)
    minutes: int = Field(20, description="1 to 240")
    pass_mark: int = Field(70, description="0 to 100")


class DraftOut(Schema):
    slug: str
    status: str = Field(description="The module's status: draft, published or retired")
    number: int = Field(description="The version's number")
    is_draft: bool = Field(description="False: no draft yet, this is the published version")
    revision: str = Field(description="Send it back with a change: a newer one is a conflict")
    content: dict[str, Any] = Field(description="content.py's structure (docs/training.md)")
    problems: list[str] = Field(description="What prevents publishing (empty: ready)")


class DraftIn(Schema):
    revision: str = Field(description="The revision the change starts from", max_length=64)
    content: dict[str, Any] = Field(description="content.py's structure: fr and/or en")


class PublishIn(Schema):
    revision: str = Field(description="The draft's revision, as read", max_length=64)


class DuplicateIn(Schema):
    slug: str = Field(description="The copy's identifier", max_length=60)


class ModuleOut(Schema):
    slug: str
    status: str
    published_version: int | None


def _draft_json(module) -> dict[str, Any]:
    version = services.current_version(module)
    draft = version is not None and version.published_at is None
    return {
        "slug": module.slug,
        "status": module.status,
        "number": version.number if version else 0,
        "is_draft": draft,
        "revision": services.revision(version) if version else "",
        "content": version.content if version else {},
        "problems": services.publish_problems(version) if draft else [],
    }


def _module_json(module) -> dict[str, Any]:
    module.refresh_from_db()
    return {
        "slug": module.slug,
        "status": module.status,
        "published_version": module.published.number if module.published_id else None,
    }


@router.post(
    "/modules", response={201: DraftOut, **ERRORS}, summary="Create a training module (draft)"
)
@require(user_is_hr_admin)
@idempotency.api_create()
def create_training_module(request: HttpRequest, payload: ModuleCreateIn):
    """A new module with a draft version 1 (422 for bad values, an identifier taken)."""
    module = services.module_create(
        actor=request.user,
        values=payload.model_dump(),
        submission=idempotency.submission(request),
    )
    return Status(201, _draft_json(module))


@router.get(
    "/modules/{slug}/draft",
    response={200: DraftOut, **ERRORS},
    summary="A training module's draft",
)
@require(user_is_hr_admin)
def get_training_draft(request: HttpRequest, slug: str):
    """The module's draft, else its published version (`is_draft` false)."""
    module = selectors.access_authored_module(user=request.user, slug=slug)
    return _draft_json(module)


@router.put(
    "/modules/{slug}/draft",
    response={200: DraftOut, **ERRORS},
    summary="Replace a training module's draft",
)
@require(user_is_hr_admin)
def put_training_draft(request: HttpRequest, slug: str, payload: DraftIn):
    """Save the languages given into the draft (made from the published version when there
    is none). 422 with content.py's problems, 409 edit_conflict when the draft changed
    since `revision` (the current one is in `details`)."""
    module = selectors.access_authored_module(user=request.user, slug=slug)
    services.draft_replace(
        actor=request.user, module=module, data=payload.content, base=payload.revision
    )
    return _draft_json(module)


@router.post(
    "/modules/{slug}/publish",
    response={200: ModuleOut, **ERRORS},
    summary="Publish a training module's draft",
)
@require(user_is_hr_admin)
def publish_training_module(request: HttpRequest, slug: str, payload: PublishIn):
    """Freeze the draft and make it what new learners read (422 with the problems left,
    409 no_draft or edit_conflict)."""
    module = selectors.access_authored_module(user=request.user, slug=slug)
    services.publish(actor=request.user, module=module, base=payload.revision)
    return _module_json(module)


@router.post(
    "/modules/{slug}/duplicate",
    response={201: DraftOut, **ERRORS},
    summary="Duplicate a training module",
)
@require(user_is_hr_admin)
@idempotency.api_create()
def duplicate_training_module(request: HttpRequest, slug: str, payload: DuplicateIn):
    module = selectors.access_authored_module(user=request.user, slug=slug)
    copy = services.duplicate(
        actor=request.user,
        module=module,
        slug=payload.slug,
        submission=idempotency.submission(request),
    )
    return Status(201, _draft_json(copy))


@router.post(
    "/modules/{slug}/retire",
    response={200: ModuleOut, **ERRORS},
    summary="Retire a training module",
)
@require(user_is_hr_admin)
def retire_training_module(request: HttpRequest, slug: str):
    """Out of the library for new starts (400 module_required while a program requires it,
    the programs in `details`)."""
    module = selectors.access_authored_module(user=request.user, slug=slug)
    services.retire(actor=request.user, module=module)
    return _module_json(module)


@router.post(
    "/modules/{slug}/unretire",
    response={200: ModuleOut, **ERRORS},
    summary="Bring a retired training module back",
)
@require(user_is_hr_admin)
def unretire_training_module(request: HttpRequest, slug: str):
    module = selectors.access_authored_module(user=request.user, slug=slug)
    services.unretire(actor=request.user, module=module)
    return _module_json(module)
