"""Certificates in the admin, read only: the pages and services issue and revoke them, with
their rules, audit entries and e-mails."""

from django.contrib import admin

from bascule.certificates.models import Certificate


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ("holder_name", "program_name", "role", "issued_at", "revoked_at")
    list_filter = ("role",)
    search_fields = ("holder_name", "program_name")
    exclude = ("code",)
    readonly_fields = [f.name for f in Certificate._meta.fields if f.name not in ("id", "code")]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
