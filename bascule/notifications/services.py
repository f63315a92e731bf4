"""Writes of the notifications app: sending a failed message again; recording a notification
in the app, marking notifications read; each person's choice of how they are told of each
kind."""

from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bascule.accounts.models import User
from bascule.core.audit import audit_record
from bascule.core.errors import ValidationFailed
from bascule.core.notify import queue
from bascule.notifications.kinds import EMAIL_ONLY, Kind, kinds_for
from bascule.notifications.models import (
    Channel,
    DeliveryStatus,
    Notification,
    NotificationPreference,
    OutboundEmail,
)
from bascule.notifications.selectors import unread_count_key
from bascule.reminders import services as reminders


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


# --- Each person's choices ----------------------------------------------------------------------


def _refusal(kind: Kind | None, name: str, channel: str) -> str | None:
    """Why `channel` cannot be chosen for the kind `name` (None: it can)."""
    if kind is None:
        return _("You receive no notification of this kind (%(kind)s).") % {"kind": name}
    if channel not in Channel.values:
        return _("“%(channel)s” is not a choice: choose one of %(choices)s.") % {
            "channel": channel,
            "choices": ", ".join(kind.allowed),
        }
    if channel in kind.allowed:
        return None
    # The messages do not repeat the kind: the error summary and the API's field name it.
    if kind.email_only:
        return _("It always goes by e-mail: %(reason)s") % {"reason": kind.reason}
    return _(
        "Required by your organisation: %(reason)s Choose how you receive it; it cannot be "
        "turned off."
    ) % {"reason": kind.reason}


@transaction.atomic
def preferences_save(
    *, actor: Any, channels: dict[str, str], reminders_enabled: dict[str, bool] | None = None
) -> dict[str, str]:
    """Save how `actor` is told of each kind: {kind: channel}; kinds left out keep theirs.
    With `reminders_enabled` ({reminder kind: on/off}), save their reminders in the same
    transaction (bascule.reminders.services.preferences_save).

    A kind the actor does not receive, a channel that does not exist, turning off a kind HR
    requires or moving a one-time link to the app: ValidationFailed, the messages under
    `channels.<kind>`, and nothing saved. Returns the kinds changed ({kind: new channel}), one
    NotificationPreference row each and one audit entry when anything changed: the same
    choices sent twice change nothing the second time.
    """
    offered = {kind.name: kind for kind in kinds_for(actor)}
    errors: dict[str, list[str]] = {}
    for name, channel in channels.items():
        refusal = _refusal(offered.get(name), str(name), str(channel))
        if refusal:
            errors[f"channels.{name}"] = [refusal]
    if errors:
        raise ValidationFailed(errors)
    # One person's saves are serialised on their row: two at once cannot both create a choice.
    User.objects.select_for_update().filter(pk=actor.pk).first()
    stored = dict(NotificationPreference.objects.filter(user=actor).values_list("kind", "channel"))
    changed: dict[str, str] = {}
    for name, channel in sorted(channels.items()):
        if offered[name].email_only or stored.get(name, Channel.BOTH) == channel:
            continue  # nothing to choose, or nothing chosen anew
        if name in stored:
            NotificationPreference.objects.filter(user=actor, kind=name).update(
                channel=channel, updated_at=timezone.now()
            )
        else:
            NotificationPreference.objects.create(user=actor, kind=name, channel=channel)
        changed[name] = channel
    if changed:
        audit_record(
            actor=actor,
            action="notifications.preferences_changed",
            target=actor,
            changes={"channels": changed},
        )
    if reminders_enabled is not None:
        reminders.preferences_save(actor=actor, enabled=reminders_enabled)
    return changed
