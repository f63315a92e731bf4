"""Meetings in Django's admin, read-only: they change through the pages and the API, whose
services send the invitations and audit every change. Feeds show no token."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from bascule.meetings.models import CalendarFeed, Meeting


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ("pair", "starts_at", "time_zone", "duration_minutes", "status", "outcome")
    list_filter = ("status", "outcome")
    exclude = ("agenda", "outcome_log", "cancel_message")


@admin.register(CalendarFeed)
class CalendarFeedAdmin(ReadOnlyAdmin):
    list_display = ("user", "created_at", "last_used_at")
    exclude = ("token_hash",)
