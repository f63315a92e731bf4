"""Writes of module authoring (HR admins): create a module, save its draft one language at a
time, publish the draft, duplicate a module, retire it and bring it back.

A module's published version is frozen (`published_at` set): learners' progress and
attempts point to it. Editing works on ONE draft version (`published_at` empty), made on the
first save from the published version (number + 1) and reused until it is published. Each
save names the revision it started from (`revision`): a draft saved meanwhile by someone
else is a conflict, and nothing is overwritten. Every change is one audit entry.
"""

import hashlib
import json
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from bascule.core import idempotency
from bascule.core.audit import audit_record
from bascule.core.errors import ConflictError, DomainError, ValidationFailed
from bascule.training import content, exchange
from bascule.training.models import Module, ModuleStatus, ModuleVersion, Requirement

# Put before each text copied from the other language: publishing refuses it while it stays.
TO_TRANSLATE = "[TO TRANSLATE] "
META = ("audience", "minutes", "pass_mark", "position")


def empty_text() -> dict[str, Any]:
    return {
        "title": "",
        "summary": "",
        "objectives": [],
        "sections": [],
        "questions": [],
        "practice": "",
        "behaviour": "",
    }


def revision(version: ModuleVersion) -> str:
    """What a form remembers of the version it was filled from: its number and a digest of
    its content (a save meanwhile changes it)."""
    digest = hashlib.sha256(
        json.dumps(
            [version.content, version.minutes, version.pass_mark], sort_keys=True, default=str
        ).encode()
    ).hexdigest()[:20]
    return f"{version.number}-{digest}"


def draft_of(module: Module) -> ModuleVersion | None:
    return module.versions.filter(published_at__isnull=True).order_by("-number").first()


def current_version(module: Module) -> ModuleVersion | None:
    """What an editor starts from: the draft, else the published version."""
    return draft_of(module) or (
        module.versions.filter(pk=module.published_id).first() if module.published_id else None
    )


def _slug_problems(slug: str, field: str = "slug") -> dict[str, list[str]]:
    problems = []
    if (
        not slug
        or len(slug) > 60
        or not all(c.isascii() and (c.isalnum() or c == "-") for c in slug)
        or slug != slug.lower()
    ):
        problems.append(_("Use lower-case letters, digits and dashes (60 at most)."))
    elif slug in content.RESERVED_SLUGS:
        problems.append(_("This word is part of the training pages' addresses: choose another."))
    elif Module.objects.filter(slug=slug).exists():
        problems.append(_("A module already has this identifier."))
    return {field: problems} if problems else {}


def _meta_problems(values: dict[str, Any]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if values.get("audience") not in content.AUDIENCES:
        errors["audience"] = [_("Choose the audience.")]
    for name, low, high in (("minutes", 1, 240), ("pass_mark", 0, 100), ("position", 0, 999)):
        value = values.get(name)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            errors[name] = [
                _("A whole number from %(low)s to %(high)s is required.")
                % {"low": low, "high": high}
            ]
    return errors


def _clean_line(value: Any, field: str, errors: dict, *, limit: int = 300) -> str:
    value = value if isinstance(value, str) else ""
    if "\x00" in value:
        errors.setdefault(field, []).append(_("This text holds a forbidden character."))
    elif len(value) > limit:
        errors.setdefault(field, []).append(
            _("At most %(limit)s characters, please.") % {"limit": limit}
        )
    return value.strip()


# --- Create ------------------------------------------------------------------------------------


def module_create(
    *,
    actor: Any,
    values: dict[str, Any],
    submission: idempotency.Submission | None = None,
) -> Module:
    """A new module, not built-in, with a draft version 1: `values` holds slug, audience,
    minutes, pass_mark, language ("fr" or "en"), title and summary in that language."""
    slug = (values.get("slug") or "").strip()
    values = {**values, "position": values.get("position", 0)}
    errors = {**_slug_problems(slug), **_meta_problems(values)}
    language = values.get("language")
    if language not in content.LANGUAGES:
        errors["language"] = [_("Choose French or English.")]
    title = _clean_line(values.get("title"), "title", errors)
    summary = _clean_line(values.get("summary"), "summary", errors, limit=1000)
    if not title:
        errors.setdefault("title", []).append(_("Give the module a title."))
    if not summary:
        errors.setdefault("summary", []).append(_("Say in a sentence or two what it is about."))
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        claim = idempotency.claim(
            actor=actor, scope="training.module_create", submission=submission
        )
        if Module.objects.filter(slug=slug).exists():
            raise ValidationFailed({"slug": [_("A module already has this identifier.")]})
        position = (Module.objects.aggregate(last=Max("position"))["last"] or 0) + 1
        module = Module.objects.create(
            slug=slug,
            position=min(position, 999),
            audience=values["audience"],
            status=ModuleStatus.DRAFT,
            builtin=False,
        )
        text = {**empty_text(), "title": title, "summary": summary}
        data = {
            "slug": slug,
            "position": module.position,
            "audience": module.audience,
            "minutes": values["minutes"],
            "pass_mark": values["pass_mark"],
            language: text,
        }
        ModuleVersion.objects.create(
            module=module,
            number=1,
            minutes=values["minutes"],
            pass_mark=values["pass_mark"],
            content=data,
        )
        audit_record(
            actor=actor,
            action="training.module_created",
            target=module,
            changes={"version": 1, "language": language},
        )
        claim.done(module)
    return module


# --- Edit --------------------------------------------------------------------------------------


def _text_problems(module: Module, meta: dict, language: str, text: dict) -> list[str]:
    """content.py's rules on one language's text, and exchange.py's on its Markdown."""
    data = {"slug": module.slug, **meta, language: text}
    problems: list[str] = []
    try:
        parsed = content.parse(data)
    except content.ContentError as error:
        problems += error.problems
    else:
        problems += exchange._unsafe(parsed)
    return problems


def _locked(module: Module) -> Module:
    return Module.objects.select_for_update().get(pk=module.pk)


def _check_revision(module: Module, base: str) -> ModuleVersion | None:
    """The version the editor started from, unchanged since `base`; ConflictError else."""
    current = current_version(module)
    if current is not None and revision(current) != base:
        raise ConflictError(
            _(
                "Someone saved this module while you were editing it. Your text is still in "
                "the form: check it against the latest version, then save again to keep yours."
            ),
            code="edit_conflict",
            details={"revision": revision(current)},
        )
    return current


def draft_save(
    *, actor: Any, module: Module, language: str, text: dict, meta: dict, base: str
) -> ModuleVersion:
    """Save `text` (one language, content.py's shape) and `meta` (audience, minutes,
    pass_mark, position) into the module's draft, made from the published version when
    there is none. ValidationFailed lists content.py's and the Markdown's problems; a
    draft saved meanwhile (`base` outdated) is a ConflictError. The other language may
    still differ (its questions, say): publishing checks both."""
    if language not in content.LANGUAGES:
        raise DomainError(_("Choose French or English."), code="bad_language")
    errors = _meta_problems(meta)
    if errors:
        raise ValidationFailed(errors)
    meta = {name: meta[name] for name in META}
    problems = _text_problems(module, meta, language, text)
    if problems:
        raise ValidationFailed({"__all__": problems}, message=" ".join(problems))
    parsed = content.parse({"slug": module.slug, **meta, language: text})
    clean = json.loads(json.dumps(content.as_data(parsed)[language]))
    with transaction.atomic():
        module = _locked(module)
        if module.status == ModuleStatus.RETIRED:
            raise DomainError(
                _("This module is retired: bring it back before editing it."), code="retired"
            )
        current = _check_revision(module, base)
        draft = current if current is not None and current.published_at is None else None
        created = draft is None
        if draft is None:
            last = module.versions.aggregate(last=Max("number"))["last"] or 0
            draft = ModuleVersion(
                module=module,
                number=last + 1,
                content=dict(current.content) if current else {"slug": module.slug},
            )
        data = dict(draft.content)
        data.update(meta)
        data["slug"] = module.slug
        data[language] = clean
        draft.content = data
        draft.minutes = meta["minutes"]
        draft.pass_mark = meta["pass_mark"]
        if created:
            draft.save()  # new row
        else:
            draft.save(update_fields=["content", "minutes", "pass_mark"])
        fields = [name for name in ("audience", "position") if getattr(module, name) != meta[name]]
        for name in fields:
            setattr(module, name, meta[name])
        module.save(update_fields=[*fields, "updated_at"])
        audit_record(
            actor=actor,
            action="training.module_edited",
            target=module,
            changes={"version": draft.number, "language": language, "new_draft": created},
        )
    return draft


def draft_replace(*, actor: Any, module: Module, data: dict, base: str) -> ModuleVersion:
    """Save a whole draft (the API: content.py's structure, both languages or one)."""
    if not isinstance(data, dict):
        raise ValidationFailed({"content": [_("The file does not describe a module.")]})
    meta = {name: data.get(name, 0 if name == "position" else None) for name in META}
    languages = [language for language in content.LANGUAGES if language in data]
    if not languages:
        raise ValidationFailed({"content": [_("The module has no text in French or in English.")]})
    draft = None
    for language in languages:
        draft = draft_save(
            actor=actor, module=module, language=language, text=data[language], meta=meta, base=base
        )
        base = revision(draft)
    return draft


# --- Publish -----------------------------------------------------------------------------------


def marked(value: Any) -> bool:
    if isinstance(value, str):
        return TO_TRANSLATE.strip() in value
    if isinstance(value, dict):
        return any(marked(v) for v in value.values())
    if isinstance(value, list):
        return any(marked(v) for v in value)
    return False


def publish_problems(draft: ModuleVersion) -> list[str]:
    """Why `draft` cannot be published yet (translated), or nothing."""
    try:
        parsed = content.parse(draft.content)
    except content.ContentError as error:
        return error.problems
    problems = exchange._unsafe(parsed)
    for language in parsed.texts:
        if marked(draft.content.get(language)):
            problems.append(
                _("Language “%(language)s”: some text is still marked to translate.")
                % {"language": language}
            )
    return problems


def publish(*, actor: Any, module: Module, base: str) -> ModuleVersion:
    """Publish the module's draft: frozen from now on, what new learners read. Learners who
    started or finished the previous version keep it."""
    with transaction.atomic():
        module = _locked(module)
        draft = draft_of(module)
        if draft is None:
            raise ConflictError(_("There is no draft to publish."), code="no_draft")
        if revision(draft) != base:
            raise ConflictError(
                _("The draft changed since you opened this page: check it, then publish again."),
                code="edit_conflict",
                details={"revision": revision(draft)},
            )
        problems = publish_problems(draft)
        if problems:
            raise ValidationFailed({"__all__": problems}, message=" ".join(problems))
        draft.published_at = timezone.now()
        draft.save(update_fields=["published_at"])
        module.published = draft
        fields = ["published"]
        if module.status == ModuleStatus.DRAFT:
            module.status = ModuleStatus.PUBLISHED
            fields.append("status")
        module.save(update_fields=[*fields, "updated_at"])
        audit_record(
            actor=actor,
            action="training.module_published",
            target=module,
            changes={"version": draft.number},
        )
    return draft


# --- Duplicate ---------------------------------------------------------------------------------


def duplicate(
    *,
    actor: Any,
    module: Module,
    slug: str,
    submission: idempotency.Submission | None = None,
) -> Module:
    """A copy of `module` (its published version, else its draft) under `slug`: a new draft
    module, version 1, not built-in."""
    slug = (slug or "").strip()
    errors = _slug_problems(slug)
    if errors:
        raise ValidationFailed(errors)
    source = (
        module.versions.filter(pk=module.published_id).first() if module.published_id else None
    ) or draft_of(module)
    if source is None:
        raise DomainError(_("This module has no content to copy."), code="empty")
    with transaction.atomic():
        claim = idempotency.claim(
            actor=actor, scope="training.module_duplicate", submission=submission
        )
        if Module.objects.filter(slug=slug).exists():
            raise ValidationFailed({"slug": [_("A module already has this identifier.")]})
        position = min((Module.objects.aggregate(last=Max("position"))["last"] or 0) + 1, 999)
        copy = Module.objects.create(
            slug=slug,
            position=position,
            audience=module.audience,
            status=ModuleStatus.DRAFT,
            builtin=False,
        )
        data = {**source.content, "slug": slug, "position": position}
        ModuleVersion.objects.create(
            module=copy,
            number=1,
            minutes=source.minutes,
            pass_mark=source.pass_mark,
            content=data,
        )
        audit_record(
            actor=actor,
            action="training.module_duplicated",
            target=copy,
            changes={"source": module.slug},
        )
        claim.done(copy)
    return copy


# --- Retire ------------------------------------------------------------------------------------


def retire(*, actor: Any, module: Module) -> Module:
    """Take `module` out of the library for new starts: learners who started or finished it
    keep their progress and may finish it. Refused while a program requires it (remove
    those requirements first)."""
    with transaction.atomic():
        module = _locked(module)
        if module.status == ModuleStatus.RETIRED:
            raise ConflictError(_("This module is already retired."), code="already_retired")
        programs = sorted(
            set(Requirement.objects.filter(module=module).values_list("program__name", flat=True))
        )
        if programs:
            raise DomainError(
                _(
                    "Programs require this module: remove it from their requirements first "
                    "(%(programs)s)."
                )
                % {"programs": ", ".join(programs)},
                code="module_required",
                details={"programs": programs},
            )
        module.status = ModuleStatus.RETIRED
        module.save(update_fields=["status", "updated_at"])
        audit_record(actor=actor, action="training.module_retired", target=module, changes={})
    return module


def unretire(*, actor: Any, module: Module) -> Module:
    """Bring a retired module back: published again if it has a published version."""
    with transaction.atomic():
        module = _locked(module)
        if module.status != ModuleStatus.RETIRED:
            raise ConflictError(_("This module is not retired."), code="not_retired")
        module.status = (
            ModuleStatus.PUBLISHED if module.published_id is not None else ModuleStatus.DRAFT
        )
        module.save(update_fields=["status", "updated_at"])
        audit_record(actor=actor, action="training.module_unretired", target=module, changes={})
    return module
