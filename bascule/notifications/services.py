"""Writes of the notifications app: sending a failed message again; recording a notification
in the app, marking notifications read."""

from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from bascule.core.audit import audit_record
from bascule.core.notify import queue
from bascule.notifications.models import DeliveryStatus, Notification, OutboundEmail
from bascule.notifications.selectors import EMAIL_ONLY, unread_count_key


def delivery_retry(*, actor: Any, delivery_id: int) -> bool:
    """Queue the failed message `delivery_id` again (its job runs again and sends only it and
    the job's other messages still waiting); return False when it had not failed (already
    queued again or sent: a second click changes nothing)."""
    with transaction.atomic():
        delivery = (
            OutboundEmail.objects.select_for_update()
            .filter(pk=delivery_id, status=DeliveryStatus.FAILED)
            .select_related("recipient")
            .first()
        )
        if delivery is None:
            return False
        delivery.status = DeliveryStatus.QUEUED
        delivery.save(update_fields=["status"])
        audit_record(
            actor=actor,
            action="notifications.retried",
            changes={"email": delivery.name, "recipients": [delivery.recipient.email]},
        )
        queue(name=delivery.name, arguments=delivery.arguments, job=delivery.job)
    return True


def site_path(link: str) -> str:
    """`link` without the site's address (links in the app stay on the site they are read on)."""
    site = settings.SITE_URL.rstrip("/")
    return link[len(site) :] or "/" if link.startswith(site) else link


def notification_record(*, recipient: Any, kind: str, title: str, link: str, key: str) -> None:
    """Record the notification of message `key` (tasks.message_key) of e-mail `kind` to
    `recipient`, once: a job run again finds it recorded."""
    if kind in EMAIL_ONLY or getattr(recipient, "pk", None) is None:
        return
    _row, created = Notification.objects.get_or_create(
        recipient_id=recipient.pk,
        dedupe_key=key,
        defaults={"kind": kind, "title": title[:200], "url": site_path(link)[:500]},
    )
    if created:
        cache.delete(unread_count_key(recipient.pk))


def notification_open(*, user: Any, notification: Notification) -> None:
    """Mark `notification` (the user's own) read, once."""
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        cache.delete(unread_count_key(user.pk))


def notifications_read_all(*, user: Any) -> int:
    """Mark every unread notification of `user` read; return how many."""
    count = Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    cache.delete(unread_count_key(user.pk))
    return count
