from django.contrib import admin
from django.http import HttpRequest

from bascule.core.admin import AuditedModelAdmin
from bascule.people.models import Department, Employee


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
