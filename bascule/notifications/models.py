"""Deliveries: one row per message a background job sends to one recipient.

The row's `key` is derived from the job and the recipient (bascule/notifications/tasks.py),
unique: a job retried after an SMTP failure, or run twice, finds the messages already sent and
does not send them again. HR admins read the failed ones and send them again
(bascule/notifications/views.py).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class OutboundEmail(models.Model):
    """One e-mail of a job to one recipient: queued, then sent or, after the last attempt,
    failed (with the mail server's answer)."""

    name = models.CharField(_("e-mail"), max_length=64)
    job = models.CharField(_("job"), max_length=32, db_index=True)
    # The job's arguments (ids and plain values), to send the e-mail again.
    arguments = models.JSONField(_("arguments"), default=dict)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    key = models.CharField(_("key"), max_length=64, unique=True)
    status = models.CharField(
        _("status"), max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("reason"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    attempted_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("e-mail delivery")
        verbose_name_plural = _("e-mail deliveries")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "-attempted_at"], name="outbound_by_status")]

    def __str__(self) -> str:
        return f"{self.name} #{self.pk}"


class Notification(models.Model):
    """A notification shown in the app (the notification centre, `/notifications/`): one per
    message a job hands over to a recipient, with the e-mail's subject as its title and a link
    to what it is about. Its `dedupe_key` is the message's `OutboundEmail.key`
    (tasks.message_key): a job run twice records it once."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=64)
    title = models.CharField(_("title"), max_length=200)
    url = models.CharField(_("link"), max_length=500, blank=True)
    dedupe_key = models.CharField(_("key"), max_length=64)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"], name="notification_once_per_recipient"
            ),
        ]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return f"{self.kind} → user {self.recipient_id}"


class Channel(models.TextChoices):
    """How a person is told of one kind of notification."""

    BOTH = "both", _("In the app and by e-mail")
    IN_APP = "in_app", _("In the app only")
    EMAIL = "email", _("By e-mail only")
    NONE = "none", _("Not at all")


class NotificationPreference(models.Model):
    """One person's channel for one kind of notification (an e-mail's name); without a row,
    both."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(_("kind"), max_length=64)
    channel = models.CharField(
        _("channel"), max_length=16, choices=Channel.choices, default=Channel.BOTH
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        ordering = ["user", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notificationpref_once_per_kind"),
        ]

    def __str__(self) -> str:
        return f"user {self.user_id}: {self.kind} {self.channel}"
