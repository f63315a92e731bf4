"""Reads of the audit log. Only HR admins may read it."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models import QuerySet
from django.utils.text import capfirst

from bascule.core.models import AuditEntry

AUDIT_PAGE_SIZE = 50


@dataclass(frozen=True)
class AuditFilters:
    """The validated filters of the audit log page."""

    actor: str = ""
    action: str = ""
    object_type: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def audit_entries_visible_to(*, user: Any) -> QuerySet[AuditEntry]:
    """Return the audit entries `user` may read: all of them for HR admins, none otherwise."""
    if user.is_authenticated and user.is_hr_admin:
        return AuditEntry.objects.all()
    return AuditEntry.objects.none()


def audit_log_search(*, user: Any, filters: AuditFilters, tz: dt.tzinfo) -> QuerySet[AuditEntry]:
    """Return the entries matching `filters`, newest first.

    Dates are whole days in `tz`, the reader's time zone: "from 3 March" starts at midnight
    where they are, and "to 5 March" includes all of that day.
    """
    qs = audit_entries_visible_to(user=user)
    if filters.actor:
        qs = qs.filter(actor_label__icontains=filters.actor)
    if filters.action:
        qs = qs.filter(action=filters.action)
    if filters.object_type:
        qs = qs.filter(object_type=filters.object_type)
    if filters.date_from:
        qs = qs.filter(created_at__gte=dt.datetime.combine(filters.date_from, dt.time(), tz))
    if filters.date_to:
        next_day = filters.date_to + dt.timedelta(days=1)
        qs = qs.filter(created_at__lt=dt.datetime.combine(next_day, dt.time(), tz))
    return qs.select_related("actor").order_by("-created_at", "-id")


def audit_actions(*, user: Any) -> list[str]:
    """Return the distinct actions recorded in the audit log, sorted."""
    return list(
        audit_entries_visible_to(user=user)
        .order_by("action")
        .values_list("action", flat=True)
        .distinct()
    )


def audit_object_types(*, user: Any) -> list[tuple[str, str]]:
    """Return the distinct object types of the audit log as (value, readable name) pairs."""
    values = (
        audit_entries_visible_to(user=user)
        .exclude(object_type="")
        .order_by("object_type")
        .values_list("object_type", flat=True)
        .distinct()
    )
    return [(value, object_type_name(value)) for value in values]


def object_type_name(object_type: str) -> str:
    """Return the readable name of a model label such as "people.employee"."""
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return object_type
    return capfirst(model._meta.verbose_name)
