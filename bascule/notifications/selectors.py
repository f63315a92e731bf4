"""Reads of the notifications app: the deliveries that failed, for HR admins; a person's
notifications and their unread count; how each person is told of each kind of notification
(the kinds and their rules: kinds.py)."""

from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from bascule.notifications.kinds import EMAIL_ONLY, Kind, effective_channel, kinds_for
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


def channel_of(*, user_id: int | None, kind: str) -> str:
    """How the person is told of notifications of `kind`: their choice, within the rules
    (kinds.effective_channel)."""
    if kind in EMAIL_ONLY or user_id is None:
        return Channel.EMAIL
    chosen = (
        NotificationPreference.objects.filter(user_id=user_id, kind=kind)
        .values_list("channel", flat=True)
        .first()
    )
    return effective_channel(kind, chosen)


@dataclass(frozen=True)
class KindChoice:
    """One kind of notification as a person sees it on their preferences: how they receive
    it now, and what they may choose."""

    kind: Kind
    channel: str  # how they are told of it now, within the rules

    @property
    def name(self) -> str:
        return self.kind.name


def preference_choices(*, user: Any) -> list[KindChoice]:
    """Every kind of notification `user` can receive (by role), with how they receive it:
    one query."""
    kinds = kinds_for(user)
    chosen = dict(
        NotificationPreference.objects.filter(
            user=user, kind__in=[kind.name for kind in kinds]
        ).values_list("kind", "channel")
    )
    return [
        KindChoice(kind=kind, channel=effective_channel(kind.name, chosen.get(kind.name)))
        for kind in kinds
    ]
