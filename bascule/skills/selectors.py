"""Reads of the skills taxonomy: the list HR manages, the choices participants pick from."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext

from bascule.people.models import get_language_code
from bascule.people.selectors import Fold, fold_text
from bascule.skills.models import Skill, SkillCategory

# A merge always points at a skill in use (merges into a merged skill are refused and older
# merges are redirected), so one step is the norm; the cap guards against a loop that a
# direct database edit could introduce.
MAX_MERGE_HOPS = 20


@dataclass(frozen=True)
class SkillFilters:
    """The validated filters of the skills page and the skills API."""

    q: str = ""
    category_id: int | None = None
    include_retired: bool = False
    include_merged: bool = False


def _label_field() -> str:
    return "label_fr" if get_language_code() == "fr" else "label_en"


def skill_list(*, filters: SkillFilters = SkillFilters()) -> QuerySet[Skill]:
    """Return the skills matching `filters`, by category then label in the active language.

    Each skill comes with its category, the skill it was merged into and `usage`: how many
    application skills use it. `q` matches every word in either label, ignoring accents.
    """
    qs = Skill.objects.select_related("category", "merged_into").annotate(
        usage=Count("application_skills")
    )
    if not filters.include_retired:
        qs = qs.filter(retired_at__isnull=True)
    if not filters.include_merged:
        qs = qs.filter(merged_into__isnull=True)
    if filters.category_id is not None:
        qs = qs.filter(category_id=filters.category_id)
    words = fold_text(filters.q).split()
    if words:
        qs = qs.alias(label_fr_folded=Fold("label_fr"), label_en_folded=Fold("label_en"))
        for word in words:
            qs = qs.filter(Q(label_fr_folded__contains=word) | Q(label_en_folded__contains=word))
    return qs.alias(label_folded=Fold(_label_field())).order_by(
        "category__position", "category__slug", "label_folded", "id"
    )


def skill_categories() -> QuerySet[SkillCategory]:
    """Return the categories in their display order, each with `skill_count` (in use)."""
    return SkillCategory.objects.annotate(
        skill_count=Count(
            "skills", filter=Q(skills__retired_at__isnull=True, skills__merged_into__isnull=True)
        )
    ).order_by("position", "slug")


@dataclass
class SkillGroup:
    """A category and its skills, for a page that lists the taxonomy by category."""

    category: SkillCategory | None
    skills: list[Skill]


def group_by_category(skills: list[Skill]) -> list[SkillGroup]:
    """Return `skills` (already sorted by category) grouped by category, in order."""
    groups: list[SkillGroup] = []
    for skill in skills:
        if not groups or (groups[-1].category and groups[-1].category.pk) != skill.category_id:
            groups.append(SkillGroup(category=skill.category, skills=[]))
        groups[-1].skills.append(skill)
    return groups


def skill_choices() -> list[tuple[str, list[tuple[int, str]]]]:
    """Return the skills that may be picked, grouped by category, for a select's choices.

    Labels are in the active language: [(category name, [(skill id, label), ...]), ...].
    """
    skills = list(skill_list())
    return [
        (
            group.category.name if group.category else gettext("Other skills"),
            [(skill.pk, skill.label) for skill in group.skills],
        )
        for group in group_by_category(skills)
    ]


def skill_resolve(skill_id: int) -> Skill | None:
    """Return the skill in use today for `skill_id`, following merges.

    None when there is no such skill, or when the skill it leads to is retired.
    """
    skill = Skill.objects.select_related("category").filter(pk=skill_id).first()
    hops = 0
    while skill is not None and skill.merged_into_id is not None and hops < MAX_MERGE_HOPS:
        skill = Skill.objects.select_related("category").filter(pk=skill.merged_into_id).first()
        hops += 1
    if skill is None or not skill.is_usable:
        return None
    return skill


def access_skill(*, user: Any, skill_id: int) -> Skill:
    """Return the skill for HR admins, who manage the taxonomy; anything else is a 404."""
    if not (user.is_authenticated and user.is_hr_admin):
        raise Http404
    skill = Skill.objects.select_related("category", "merged_into").filter(pk=skill_id).first()
    if skill is None:
        raise Http404
    return skill


def skill_usage(*, skill: Skill) -> int:
    """Return how many application skills use `skill`."""
    return skill.application_skills.count()


def merge_targets(*, skill: Skill) -> QuerySet[Skill]:
    """Return the skills `skill` may be merged into: in use, and not itself."""
    return skill_list().exclude(pk=skill.pk)
