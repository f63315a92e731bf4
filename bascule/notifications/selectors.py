"""Reads of the notifications app: the deliveries that failed, for HR admins."""

from typing import Any

from django.db.models import QuerySet

from bascule.notifications.models import DeliveryStatus, OutboundEmail

FAILED_PAGE_SIZE = 50


def failed_deliveries(*, user: Any) -> QuerySet[OutboundEmail]:
    """The messages that failed after their last attempt, the latest first (HR admins only)."""
    if not user.is_hr_admin:
        return OutboundEmail.objects.none()
    return (
        OutboundEmail.objects.filter(status=DeliveryStatus.FAILED)
        .select_related("recipient")
        .order_by("-attempted_at", "-id")
    )
