"""Programs in Django's admin: programs editable (audited), invitations and applications
read-mostly (they change through the enrollment pages and services, which audit them)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from bascule.core.admin import AuditedModelAdmin
from bascule.programs.models import Application, ApplicationSkill, Invitation, Program


@admin.register(Program)
class ProgramAdmin(AuditedModelAdmin):
    list_display = ("name", "status", "kind", "starts_on", "ends_on", "open_enrollment")
    list_filter = ("status", "kind", "format", "open_enrollment")
    search_fields = ("name", "description")
    date_hierarchy = "starts_on"
    filter_horizontal = ("managers", "mentor_departments", "mentee_departments")
    readonly_fields = ("status", "status_changed_at", "version", "created_by", "created_at")
    fieldsets = (
        (None, {"fields": ("name", "kind", "status", "template", "description", "objectives")}),
        (None, {"fields": ("charter",)}),
        (
            None,
            {
                "fields": (
                    ("starts_on", "ends_on", "enrollment_closes_on"),
                    "open_enrollment",
                    ("meeting_every_weeks", "meeting_minutes", "checkin_every_weeks"),
                    "format",
                    "languages",
                    "mentor_capacity",
                )
            },
        ),
        (
            None,
            {
                "fields": (
                    ("mentor_max_level", "mentor_max_experience_years"),
                    ("mentee_min_level", "mentee_min_experience_years"),
                    "min_level_gap",
                    "mentor_departments",
                    "mentee_departments",
                )
            },
        ),
        (
            None,
            {"fields": ("managers", "created_by", "created_at", "status_changed_at", "version")},
        ),
    )

    def save_model(self, request: HttpRequest, obj: Program, form: Any, change: bool) -> None:
        # Keep the optimistic lock meaningful: an admin save is a change like any other.
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown for support; changed only through the services, never here."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ("employee", "program", "suggested_role", "created_at", "sent_at", "opened_at")
    list_filter = ("program", "suggested_role")
    search_fields = ("employee__first_name", "employee__last_name", "employee__email")
    list_select_related = ("employee", "program")
    exclude = ("token",)


class ApplicationSkillInline(admin.TabularInline):
    model = ApplicationSkill
    extra = 0
    can_delete = False
    readonly_fields = ("skill", "direction", "level")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ("employee", "program", "role", "status", "created_at", "decided_at")
    list_filter = ("program", "role", "status")
    search_fields = ("employee__first_name", "employee__last_name", "employee__email")
    list_select_related = ("employee", "program")
    inlines = (ApplicationSkillInline,)
