from django.contrib import admin
from django.http import HttpRequest

from bascule.core.admin import AuditedModelAdmin
from bascule.people.models import Department, Employee, Skill, SkillCategory


@admin.register(Department)
class DepartmentAdmin(AuditedModelAdmin):
    list_display = ("name",)
    search_fields = ("name",)


@admin.register(Employee)
class EmployeeAdmin(AuditedModelAdmin):
    """Employees are never deleted (leavers keep their row with a leave date).

    The self-declared generation is left out: it is for anonymous statistics only.
    """

    list_display = (
        "last_name",
        "first_name",
        "employee_id",
        "email",
        "department",
        "job_title",
        "seniority_level",
        "left_on",
    )
    list_filter = ("department", "seniority_level", ("left_on", admin.EmptyFieldListFilter))
    search_fields = ("employee_id", "first_name", "last_name", "email", "job_title")
    list_select_related = ("department",)
    raw_id_fields = ("manager",)
    fields = (
        "employee_id",
        ("first_name", "last_name"),
        "email",
        "department",
        "job_title",
        ("seniority_level", "experience_years"),
        "hire_date",
        "manager",
        "location",
        "time_zone",
        "languages",
        "left_on",
    )

    def has_delete_permission(self, request: HttpRequest, obj: Employee | None = None) -> bool:
        return False


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
