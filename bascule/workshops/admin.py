"""Workshops and their registrations in the admin (read-mostly: the pages and services do
the work, with their rules and e-mails). Feedback is not registered: it is read in aggregate
only, an administrator included."""

from django.contrib import admin

from bascule.workshops.models import Registration, Workshop


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    fields = ("employee", "status", "queued_at", "attendance")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Workshop)
class WorkshopAdmin(admin.ModelAdmin):
    list_display = ("title", "starts_at", "capacity", "status")
    list_filter = ("status", "audience")
    search_fields = ("title",)
    readonly_fields = ("status", "sequence", "cancelled_at", "created_by")
    inlines = [RegistrationInline]
