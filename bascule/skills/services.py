"""Writes to the skills taxonomy: create, rename, merge, retire, restore, import.

Skills are never deleted. A retired skill stays on the applications that have it but can no
longer be picked; a merged skill hands its applications over to the skill it was merged
into and points at it (`merged_into`), so that old links still lead somewhere.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from bascule.core import idempotency
from bascule.core.audit import audit_record
from bascule.core.errors import ConflictError, DomainError
from bascule.people.selectors import fold_text
from bascule.skills import importing
from bascule.skills.models import Skill, SkillCategory
from bascule.skills.signals import skill_merged

IMPORTED_CATEGORY_SLUG = "imported"
BATCH_SIZE = 500
SAMPLE_SIZE = 20
MAX_STORED_ERRORS = 1000
EDITABLE_FIELDS = ("category", "label_fr", "label_en", "description_fr", "description_en")


# --- Create and rename -----------------------------------------------------------------------


def _clean_texts(
    *, label_fr: str, label_en: str, description_fr: str, description_en: str
) -> dict[str, str]:
    values = {
        "label_fr": " ".join(label_fr.split()),
        "label_en": " ".join(label_en.split()),
        "description_fr": description_fr.strip(),
        "description_en": description_en.strip(),
    }
    if not values["label_fr"] or not values["label_en"]:
        raise DomainError(_("A skill needs a label in French and in English."), code="required")
    for name in ("label_fr", "label_en"):
        if len(values[name]) > importing.LABEL_MAX_LENGTH:
            raise DomainError(
                _("A label may have at most %(max)s characters.")
                % {"max": importing.LABEL_MAX_LENGTH},
                code="too_long",
            )
    return values


def _unique_slug(base: str) -> str:
    base = (slugify(base) or "skill")[: importing.SLUG_MAX_LENGTH - 4]
    slug, number = base, 2
    while Skill.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def skill_create(
    *,
    actor: Any,
    label_fr: str,
    label_en: str,
    category: SkillCategory | None,
    description_fr: str = "",
    description_en: str = "",
    slug: str = "",
    submission: idempotency.Submission | None = None,
) -> Skill:
    """Return a new skill. Its code is `slug`, or made from the English label when empty.

    Raise DomainError when a label is missing or too long, or the code is already taken;
    AlreadySubmitted when the same `submission` was sent before.
    """
    values = _clean_texts(
        label_fr=label_fr,
        label_en=label_en,
        description_fr=description_fr,
        description_en=description_en,
    )
    claim = idempotency.claim(actor=actor, scope="people.skill_create", submission=submission)
    slug = slug.strip().lower()
    if slug:
        if not importing.SLUG_PATTERN.match(slug):
            raise DomainError(str(importing.MESSAGES["invalid_slug"]), code="invalid_slug")
        if Skill.objects.filter(slug=slug).exists():
            raise DomainError(
                _("The code “%(slug)s” is already used by another skill.") % {"slug": slug},
                code="slug_taken",
            )
    else:
        slug = _unique_slug(values["label_en"])
    try:
        with transaction.atomic():
            skill = Skill.objects.create(slug=slug, category=category, **values)
    except IntegrityError as exc:
        raise ConflictError(
            _("The code “%(slug)s” is already used by another skill.") % {"slug": slug},
            code="slug_taken",
        ) from exc
    claim.done(skill)
    audit_record(
        actor=actor,
        action="people.skill_created",
        target=skill,
        changes={"slug": slug, "category": category.slug if category else None, **values},
    )
    return skill


def _to_ms(moment: dt.datetime) -> dt.datetime:
    """Return `moment` to the millisecond: the API's JSON writes times with milliseconds."""
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def _lock(skill: Skill) -> Skill:
    return Skill.objects.select_for_update().get(pk=skill.pk)


@transaction.atomic
def skill_update(
    *,
    actor: Any,
    skill: Skill,
    label_fr: str,
    label_en: str,
    category: SkillCategory | None,
    description_fr: str = "",
    description_en: str = "",
    expected_updated_at: dt.datetime | None = None,
) -> Skill:
    """Return the skill renamed or moved to another category.

    `expected_updated_at` is the skill's `updated_at` when the person started editing; if
    someone saved it since, ConflictError is raised and nothing changes. Without it, the
    last save wins.
    """
    current = _lock(skill)
    if expected_updated_at is not None and timezone.is_naive(expected_updated_at):
        expected_updated_at = timezone.make_aware(expected_updated_at, dt.UTC)
    if expected_updated_at is not None and _to_ms(current.updated_at) != _to_ms(
        expected_updated_at
    ):
        raise ConflictError(
            _(
                "Someone else changed this skill while you were editing it. "
                "Check their changes below, then save again."
            ),
            code="stale",
        )
    values = _clean_texts(
        label_fr=label_fr,
        label_en=label_en,
        description_fr=description_fr,
        description_en=description_en,
    )
    values["category"] = category
    changes = {}
    for name, value in values.items():
        old = getattr(current, name)
        if old != value:
            if name == "category":
                changes[name] = [old.slug if old else None, value.slug if value else None]
            else:
                changes[name] = [old, value]
            setattr(current, name, value)
    if changes:
        current.save(update_fields=[*changes, "updated_at"])
        audit_record(actor=actor, action="people.skill_updated", target=current, changes=changes)
    return current


# --- Merge, retire, restore ------------------------------------------------------------------


@dataclass
class MergeResult:
    skill: Skill
    moved: int
    combined: int


@transaction.atomic
def skill_merge(*, actor: Any, source: Skill, target: Skill) -> MergeResult:
    """Merge `source` into `target`: it points at `target`, and `skill_merged` is sent so
    that what uses it moves to `target` (the programs app moves its applications' skills
    and counts them: `moved`, `combined`). Skills merged into `source` earlier now point at
    `target` too. Refused (DomainError): a skill into itself, a skill already merged, a
    target that was merged or retired.
    """
    if source.pk == target.pk:
        raise DomainError(_("A skill cannot be merged into itself."), code="merge_self")
    # Lock both in a fixed order, so that two opposite merges cannot cross.
    locked = {
        s.pk: s
        for s in Skill.objects.select_for_update()
        .filter(pk__in=[source.pk, target.pk])
        .order_by("pk")
    }
    source, target = locked[source.pk], locked[target.pk]
    if source.merged_into_id is not None:
        raise DomainError(
            _("“%(skill)s” has already been merged into another skill.") % {"skill": source.label},
            code="already_merged",
        )
    if target.merged_into_id is not None:
        replacement = Skill.objects.get(pk=target.merged_into_id)
        raise DomainError(
            _(
                "“%(target)s” was itself merged into “%(replacement)s”. "
                "Merge into “%(replacement)s” instead."
            )
            % {"target": target.label, "replacement": replacement.label},
            code="target_merged",
        )
    if target.retired_at is not None:
        raise DomainError(
            _("“%(target)s” is retired. Restore it first, or choose another skill.")
            % {"target": target.label},
            code="target_retired",
        )

    counts: dict[str, int] = {}
    for _receiver, response in skill_merged.send(
        sender=Skill, actor=actor, source=source, target=target
    ):
        counts.update(response or {})
    # Earlier merges into the source now lead straight to the target: no chains.
    Skill.objects.filter(merged_into=source).update(merged_into=target, updated_at=timezone.now())
    source.merged_into = target
    source.save(update_fields=["merged_into", "updated_at"])
    audit_record(
        actor=actor,
        action="people.skill_merged",
        target=source,
        changes={"merged_into": target.slug, **counts},
    )
    return MergeResult(
        skill=source,
        moved=counts.get("applications_moved", 0),
        combined=counts.get("applications_combined", 0),
    )


@transaction.atomic
def skill_retire(*, actor: Any, skill: Skill) -> Skill:
    """Return the skill retired: kept on the applications that have it, no longer offered."""
    current = _lock(skill)
    if current.merged_into_id is not None:
        raise DomainError(
            _("This skill was merged into another one; there is nothing to retire."),
            code="already_merged",
        )
    if current.retired_at is not None:
        raise ConflictError(_("This skill is already retired."), code="already_retired")
    current.retired_at = timezone.now()
    current.save(update_fields=["retired_at", "updated_at"])
    audit_record(actor=actor, action="people.skill_retired", target=current)
    return current


@transaction.atomic
def skill_restore(*, actor: Any, skill: Skill) -> Skill:
    """Return the retired skill offered again."""
    current = _lock(skill)
    if current.merged_into_id is not None:
        raise DomainError(
            _("This skill was merged into another one and cannot be restored."),
            code="already_merged",
        )
    if current.retired_at is None:
        raise ConflictError(_("This skill is not retired."), code="not_retired")
    current.retired_at = None
    current.save(update_fields=["retired_at", "updated_at"])
    audit_record(actor=actor, action="people.skill_restored", target=current)
    return current


# --- Import ----------------------------------------------------------------------------------


@dataclass
class SkillImportPlan:
    """What importing a file would do. `errors` block the import."""

    layout: str
    language: str | None
    total_rows: int
    counts: dict[str, int]
    errors: list[dict[str, Any]]
    samples: list[dict[str, Any]] = field(default_factory=list)
    creates: list[dict[str, Any]] = field(default_factory=list)
    # (skill primary key, {field: new value})
    updates: list[tuple[int, dict[str, Any]]] = field(default_factory=list)


def skill_import_read(*, content: bytes, language: str | None = None) -> importing.ParsedFile:
    """Return the parsed file; raise DomainError when the file as a whole cannot be used."""
    try:
        return importing.parse_skills_file(content, language=language)
    except importing.SkillFileError as exc:
        raise DomainError(exc.message, code=exc.code) from exc


def _category_lookup() -> dict[str, int]:
    lookup: dict[str, int] = {}
    for pk, slug, name_fr, name_en in SkillCategory.objects.values_list(
        "pk", "slug", "name_fr", "name_en"
    ):
        for key in (slug, name_fr, name_en):
            lookup.setdefault(fold_text(key.strip()), pk)
    return lookup


def skill_import_plan(
    *, parsed: importing.ParsedFile, category: SkillCategory | None = None
) -> SkillImportPlan:
    """Return what importing `parsed` would do to the taxonomy as it is now; writes nothing.

    Skills are matched by their source address (ESCO), then by code. New skills go to the
    row's category, else `category`, else the "imported" category.
    """
    existing = list(
        Skill.objects.values("pk", "slug", "source_uri", "category_id", *importing.SKILL_FIELDS)
    )
    by_slug = {row["slug"]: row for row in existing}
    by_uri = {row["source_uri"]: row for row in existing if row["source_uri"]}
    categories = _category_lookup()
    errors = list(parsed.errors)
    creates: list[dict[str, Any]] = []
    updates: list[tuple[int, dict[str, Any]]] = []
    samples: list[dict[str, Any]] = []
    unchanged = 0
    for row in parsed.rows:
        category_id = None
        if row["category"]:
            category_id = categories.get(fold_text(row["category"]))
            if category_id is None:
                errors.append(
                    {
                        "line": row["line"],
                        "column": "category",
                        "value": row["category"],
                        "code": "unknown_category",
                        "params": {"category": row["category"]},
                    }
                )
                continue
        current = (by_uri.get(row["source_uri"]) if row["source_uri"] else None) or by_slug.get(
            row["slug"]
        )
        if current is None:
            creates.append({**row, "category_id": category_id})
            if len(samples) < SAMPLE_SIZE:
                samples.append({"line": row["line"], "status": "new", **row["values"]})
            continue
        changes = {
            name: row["values"][name]
            for name in row["update"]
            if current[name] != row["values"][name]
        }
        if category_id is not None and current["category_id"] != category_id:
            changes["category_id"] = category_id
        if row["source_uri"] and current["source_uri"] != row["source_uri"]:
            changes["source_uri"] = row["source_uri"]
        if changes:
            updates.append((current["pk"], changes))
            if len(samples) < SAMPLE_SIZE:
                samples.append(
                    {
                        "line": row["line"],
                        "status": "updated",
                        **{name: current[name] for name in importing.SKILL_FIELDS},
                        **{k: v for k, v in changes.items() if k in importing.SKILL_FIELDS},
                    }
                )
        else:
            unchanged += 1
    errors.sort(key=lambda error: error["line"])
    return SkillImportPlan(
        layout=parsed.layout,
        language=parsed.language,
        total_rows=parsed.total_rows,
        counts={
            "new": len(creates),
            "updated": len(updates),
            "unchanged": unchanged,
            "errors": len(errors),
        },
        errors=errors[:MAX_STORED_ERRORS],
        samples=samples,
        creates=creates,
        updates=updates,
    )


def _imported_category() -> SkillCategory:
    category, _created = SkillCategory.objects.get_or_create(
        slug=IMPORTED_CATEGORY_SLUG,
        defaults={
            "name_fr": "Compétences importées",
            "name_en": "Imported skills",
            "position": 999,
        },
    )
    return category


@transaction.atomic
def skill_import_commit(
    *,
    actor: Any,
    parsed: importing.ParsedFile,
    category: SkillCategory | None = None,
    filename: str = "",
    submission: idempotency.Submission | None = None,
) -> SkillImportPlan:
    """Apply a parsed file to the taxonomy, all or nothing, and return what was done.

    The plan is made again inside the transaction, against the taxonomy as it is now.
    Refused (DomainError) while the file has errors; the same `submission` sent again
    raises AlreadySubmitted.
    """
    claim = idempotency.claim(actor=actor, scope="people.skill_import", submission=submission)
    plan = skill_import_plan(parsed=parsed, category=category)
    if plan.errors:
        raise DomainError(
            _("This file has errors. Correct them and upload the file again."),
            code="import_has_errors",
        )
    if plan.creates:
        default_category = category or _imported_category()
        taken = set(Skill.objects.values_list("slug", flat=True))
        new_skills = []
        for row in plan.creates:
            slug = row["slug"]
            if slug in taken:  # an ESCO code already used by a skill of another source
                slug = _unique_slug(slug)
            taken.add(slug)
            new_skills.append(
                Skill(
                    slug=slug,
                    source_uri=row["source_uri"],
                    category_id=row["category_id"] or default_category.pk,
                    **row["values"],
                )
            )
        Skill.objects.bulk_create(new_skills, batch_size=BATCH_SIZE)
    if plan.updates:
        now = timezone.now()
        skills = Skill.objects.in_bulk([pk for pk, _changes in plan.updates])
        changed_fields: set[str] = {"updated_at"}
        for pk, changes in plan.updates:
            skill = skills[pk]
            for name, value in changes.items():
                setattr(skill, name, value)
                changed_fields.add(name)
            skill.updated_at = now
        Skill.objects.bulk_update(
            list(skills.values()), sorted(changed_fields), batch_size=BATCH_SIZE
        )
    audit_record(
        actor=actor,
        action="people.skills_imported",
        changes={
            "filename": filename[:255],
            "layout": plan.layout,
            "language": plan.language,
            "rows": plan.total_rows,
            "counts": plan.counts,
        },
    )
    claim.done(None)
    return plan
