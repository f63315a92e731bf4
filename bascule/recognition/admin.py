from django.contrib import admin

from bascule.recognition.models import Kudos, RecognitionPreference


@admin.register(Kudos)
class KudosAdmin(admin.ModelAdmin):
    # The message is personal data of both people: not shown here.
    list_display = ("id", "program", "sender_kind", "visibility", "on_wall", "created_at")
    list_filter = ("sender_kind", "visibility")
    fields = ("program", "sender_kind", "visibility", "on_wall", "hidden_at", "created_at")
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(RecognitionPreference)
class RecognitionPreferenceAdmin(admin.ModelAdmin):
    list_display = ("id", "cap", "updated_at")
    fields = ("cap", "updated_at")
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False
