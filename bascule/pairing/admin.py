"""Matching in Django's admin, read-only: runs, rules and pairs change through the workbench
and its services, which audit every change."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from bascule.pairing.models import MatchRun, Pair, PairRule


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(MatchRun)
class MatchRunAdmin(ReadOnlyAdmin):
    list_display = ("program", "started_at", "run_by", "matched", "unmatched", "status")
    list_filter = ("status",)


@admin.register(PairRule)
class PairRuleAdmin(ReadOnlyAdmin):
    list_display = ("program", "mentee_application", "mentor_application", "kind", "created_at")
    list_filter = ("kind",)


@admin.register(Pair)
class PairAdmin(ReadOnlyAdmin):
    list_display = ("program", "mentor", "mentee", "score", "status", "origin", "published_at")
    list_filter = ("status", "origin", "end_cause")
