from django.contrib import admin, messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bascule.core.admin import AuditedModelAdmin
from bascule.people.models import Department, Employee


@admin.register(Department)
class DepartmentAdmin(AuditedModelAdmin):
    list_display = ("name",)
    search_fields = ("name",)


@admin.register(Employee)
class EmployeeAdmin(AuditedModelAdmin):
    """Employees are never deleted (leavers keep their row with a leave date); on request,
    their personal data is erased instead (bascule/privacy), which keeps an anonymous row.

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
        "personal_data",
    )
    readonly_fields = ("personal_data",)

    @admin.display(description=gettext_lazy("personal data"))
    def personal_data(self, obj: Employee) -> str:
        if obj.pk is None:
            return "—"
        if obj.erased_at is not None:
            return _("Erased")
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("privacy:employee_data", args=[obj.pk]),
            _("See"),
            reverse("privacy:employee_erase", args=[obj.pk]),
            _("Erase"),
        )

    def has_delete_permission(self, request: HttpRequest, obj: Employee | None = None) -> bool:
        return False

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict | None = None
    ) -> HttpResponse:
        """Deleting would break the pairs and counts built on the row: the erasure page says
        what goes and what stays, and asks for a typed confirmation."""
        try:
            employee_id = int(object_id)
        except ValueError:
            raise Http404 from None
        messages.info(
            request,
            _(
                "Employees are not deleted: their personal data is erased instead, which keeps "
                "the programs' figures right. This page says what is erased and what is kept."
            ),
        )
        return redirect("privacy:employee_erase", employee_id=employee_id)
