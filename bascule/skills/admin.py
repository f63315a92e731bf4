from django.contrib import admin
from django.http import HttpRequest

from bascule.core.admin import AuditedModelAdmin
from bascule.skills.models import Skill, SkillCategory


@admin.register(SkillCategory)
class SkillCategoryAdmin(AuditedModelAdmin):
    list_display = ("slug", "name_fr", "name_en", "position")
    search_fields = ("slug", "name_fr", "name_en")
    ordering = ("position", "slug")


@admin.register(Skill)
class SkillAdmin(AuditedModelAdmin):
    """Skills are never deleted: HR retires or merges them on the skills page instead,
    which also moves the applications of a merged skill."""

    list_display = ("label_en", "label_fr", "slug", "category", "built_in", "retired_at")
    list_filter = ("category", "built_in", ("retired_at", admin.EmptyFieldListFilter))
    search_fields = ("slug", "label_fr", "label_en", "source_uri")
    list_select_related = ("category",)
    raw_id_fields = ("merged_into",)
    readonly_fields = ("merged_into", "built_in", "retired_at", "created_at", "updated_at")
    fields = (
        "slug",
        "category",
        ("label_fr", "label_en"),
        ("description_fr", "description_en"),
        "source_uri",
        "built_in",
        "retired_at",
        "merged_into",
        ("created_at", "updated_at"),
    )

    def has_delete_permission(self, request: HttpRequest, obj: Skill | None = None) -> bool:
        return False
