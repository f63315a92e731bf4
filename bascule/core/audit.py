"""The one way to write the audit log."""

from typing import Any

from django.db import models

from bascule.core.models import AuditEntry


def audit_record(
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    changes: dict[str, Any] | None = None,
    actor_label: str | None = None,
) -> AuditEntry:
    """Return a new audit entry recording that `actor` did `action` to `target`.

    `actor` is a user or None for system work (commands run by cron); `actor_label` names
    who acted when it was nobody logged in (e.g. "anonymous" for a failed login). Call it
    inside the service's transaction so the entry exists if and only if the change does.
    """
    user = actor if getattr(actor, "is_authenticated", False) else None
    entry = AuditEntry(
        actor=user,
        actor_label=user.email if user else (actor_label or "system"),
        action=action,
        changes=changes or {},
    )
    if target is not None:
        entry.object_type = target._meta.label_lower
        entry.object_id = str(target.pk)
        entry.object_repr = str(target)[:255]
    entry.save()
    return entry
