"""Reads of the notifications app: the deliveries that failed, for HR admins; a person's
notifications and their unread count."""

from typing import Any

from django.core.cache import cache
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from bascule.notifications.models import (
    Channel,
    DeliveryStatus,
    Notification,
    NotificationPreference,
    OutboundEmail,
)

FAILED_PAGE_SIZE = 50
NOTIFICATIONS_PAGE_SIZE = 20
# How long a person's unread count is kept (recording or reading a notification forgets it).
UNREAD_COUNT_SECONDS = 30


def failed_deliveries(*, user: Any) -> QuerySet[OutboundEmail]:
    """The messages that failed after their last attempt, the latest first (HR admins only)."""
    if not user.is_hr_admin:
        return OutboundEmail.objects.none()
    return (
        OutboundEmail.objects.filter(status=DeliveryStatus.FAILED)
        .select_related("recipient")
        .order_by("-attempted_at", "-id")
    )


def notifications_of(*, user: Any) -> QuerySet[Notification]:
    """The user's notifications, the newest first."""
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def access_notification(*, user: Any, notification_id: int) -> Notification:
    """The user's notification `notification_id`; 404 for anyone else's."""
    return get_object_or_404(Notification, pk=notification_id, recipient=user)


def unread_count_key(user_id: int) -> str:
    return f"notifications:unread:{user_id}"


def unread_count(*, user: Any) -> int:
    """How many of the user's notifications are unread: one COUNT, kept for a moment."""
    key = unread_count_key(user.pk)
    count = cache.get(key)
    if count is None:
        count = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
        cache.set(key, count, UNREAD_COUNT_SECONDS)
    return count


# E-mails that always go by e-mail, never shown in the app: their links carry a one-time token.
EMAIL_ONLY = frozenset({"password_reset", "program_invitation"})
# What HR requires a participant to hear of (their place in a program, their pair, their
# meetings): these can be moved to the app or to e-mail, not turned off (`none` is `in_app`).
REQUIRED_KINDS = frozenset(
    {
        "application_decision",
        "pair_announcement",
        "pair_ended",
        "pair_paused",
        "pair_resumed",
        "meeting_invitation",
    }
)


def channel_of(*, user_id: int | None, kind: str) -> str:
    """How the person is told of notifications of `kind`: their choice, within the rules."""
    if kind in EMAIL_ONLY or user_id is None:
        return Channel.EMAIL
    chosen = (
        NotificationPreference.objects.filter(user_id=user_id, kind=kind)
        .values_list("channel", flat=True)
        .first()
    ) or Channel.BOTH
    if chosen == Channel.NONE and kind in REQUIRED_KINDS:
        return Channel.IN_APP
    return chosen
