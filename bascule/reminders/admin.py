"""Read-only view of the reminders sent, for whoever runs Bascule. A claim left "being sent"
by an interrupted run can be deleted here: the next run sends that reminder again."""

from django.contrib import admin

from bascule.reminders.models import SentReminder


@admin.register(SentReminder)
class SentReminderAdmin(admin.ModelAdmin):
    list_display = ("kind", "key", "recipient", "status", "claimed_at", "sent_at")
    list_filter = ("kind", "status")
    search_fields = ("key", "recipient__email")
    readonly_fields = ("kind", "key", "recipient", "status", "claimed_at", "sent_at")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
