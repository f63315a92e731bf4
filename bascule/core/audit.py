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
    about = {}
    if target is not None:
        about = {
            "object_type": target._meta.label_lower,
            "object_id": str(target.pk),
            "object_repr": str(target)[:255],
        }
    return AuditEntry.objects.create(
        actor=user,
        actor_label=user.email if user else (actor_label or "system"),
        action=action,
        changes=changes or {},
        **about,
    )
