import datetime as dt
import json
from typing import Any

from django import forms
from django.contrib import admin
from django.db import models
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from bascule.core.audit import audit_record
from bascule.core.models import AuditEntry

# Never copied into the audit log, even as "changed".
SECRET_FIELDS = {"password", "password1", "password2", "usable_password", "token_hash"}


def readable(field: forms.Field | None, value: Any) -> Any:
    """Return `value` as JSON-friendly text an auditor can read (names rather than ids)."""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, list | tuple | models.QuerySet):
        return [readable(field, item) for item in value]
    if isinstance(field, forms.ModelChoiceField) and value not in (None, ""):
        # The form's initial value of a foreign key is its id: show what it pointed to.
        return str(field.queryset.filter(pk=value).first() or value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def form_changes(form: forms.ModelForm, *, change: bool) -> dict[str, Any]:
    """Return the fields `form` changed: {"old": …, "new": …} on a change, the value on an add."""
    changes: dict[str, Any] = {}
    for name in form.changed_data:
        if name in SECRET_FIELDS:
            continue
        field = form.fields.get(name)
        new = readable(field, form.cleaned_data.get(name))
        if change:
            old = readable(field, form.initial.get(name))
            # Some fields (JSON) report a change when only the text's spacing differs.
            if old != new:
                changes[name] = {"old": old, "new": new}
        else:
            changes[name] = new
    return changes


class AuditedModelAdmin(admin.ModelAdmin):
    """A model admin whose additions, changes and deletions are written to the audit log.

    The admin wraps each save in a transaction, so the entry exists if and only if the change
    does.
    """

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        changes = form_changes(form, change=change)
        super().save_model(request, obj, form, change)
        if changes or not change:
            audit_record(
                actor=request.user,
                action="admin.change" if change else "admin.add",
                target=obj,
                changes=changes,
            )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        audit_record(actor=request.user, action="admin.delete", target=obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet) -> None:
        for obj in queryset:
            audit_record(actor=request.user, action="admin.delete", target=obj)
        super().delete_queryset(request, queryset)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit log, read-only: nobody may add, change or delete an entry, not even here."""

    list_display = ("created_at", "actor_label", "action", "object_type", "object_repr")
    list_filter = ("action", "object_type", ("created_at", admin.DateFieldListFilter))
    search_fields = ("actor_label", "action", "object_repr", "object_id")
    date_hierarchy = "created_at"
    list_select_related = ()
    fields = (
        "created_at",
        "actor_label",
        "action",
        "object_type",
        "object_id",
        "object_repr",
        "details",
    )
    readonly_fields = fields
    actions = None

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("details"))
    def details(self, obj: AuditEntry) -> str:
        text = json.dumps(obj.changes, ensure_ascii=False, indent=2, sort_keys=True)
        return format_html("<pre>{}</pre>", text)
