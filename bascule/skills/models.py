"""The skills taxonomy: bilingual skills grouped in categories.

Its tables were created by the people app and keep their names (`people_skill`,
`people_skillcategory`): the models moved without moving any data.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bascule.people.models import get_language_code


class SkillCategory(models.Model):
    """A group of skills in the taxonomy, e.g. "AI and data" or "Leadership"."""

    slug = models.SlugField(_("code"), max_length=64, unique=True)
    name_fr = models.CharField(_("name (French)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        db_table = "people_skillcategory"  # created by the people app, kept when moved here
        verbose_name = _("skill category")
        verbose_name_plural = _("skill categories")
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language (French for French, English otherwise)."""
        return self.name_fr if get_language_code() == "fr" else self.name_en


class SkillQuerySet(models.QuerySet):
    def usable(self) -> "SkillQuerySet":
        """Skills that may be picked in a profile: neither retired nor merged."""
        return self.filter(retired_at__isnull=True, merged_into__isnull=True)


class Skill(models.Model):
    """One skill of the bilingual taxonomy. Never deleted: retired or merged instead.

    A merged skill points at the skill that replaced it (`merged_into`); the profiles that
    used it were moved to that skill when the merge happened.
    """

    slug = models.SlugField(_("code"), max_length=100, unique=True)
    category = models.ForeignKey(
        SkillCategory,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="skills",
    )
    label_fr = models.CharField(_("label (French)"), max_length=200)
    label_en = models.CharField(_("label (English)"), max_length=200)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    # Where an imported skill comes from, e.g. an ESCO concept URI.
    source_uri = models.CharField(_("source URI"), max_length=255, blank=True)
    built_in = models.BooleanField(_("built in"), default=False)
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = SkillQuerySet.as_manager()

    class Meta:
        db_table = "people_skill"  # created by the people app, kept when moved here
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["category__position", "label_en", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(merged_into=models.F("id")), name="skill_not_merged_into_itself"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The label in the active language (French for French, English otherwise)."""
        return self.label_fr if get_language_code() == "fr" else self.label_en

    @property
    def description(self) -> str:
        return self.description_fr if get_language_code() == "fr" else self.description_en

    @property
    def is_usable(self) -> bool:
        return self.retired_at is None and self.merged_into_id is None
