"""Writes of the notifications app: sending a failed message again."""

from typing import Any

from django.db import transaction

from bascule.core.audit import audit_record
from bascule.core.notify import queue
from bascule.notifications.models import DeliveryStatus, OutboundEmail


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
