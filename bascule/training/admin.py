"""Training in Django's admin: modules and versions read-only in their content (the catalog
and its command own them). Progress and reflections are not shown: a reflection is its
author's only."""

from django.contrib import admin

from bascule.training.models import Module, ModuleVersion


class VersionInline(admin.TabularInline):
    model = ModuleVersion
    fields = ("number", "minutes", "pass_mark", "published_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Module)
class ModuleAdmin(admin.ModelAdmin):
    list_display = ("slug", "position", "audience", "status", "builtin")
    list_filter = ("status", "audience", "builtin")
    readonly_fields = ("slug", "builtin", "published", "created_at", "updated_at")
    inlines = [VersionInline]
