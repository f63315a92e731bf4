from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One state-changing operation: who did what, to which object, when.

    Rows are append-only: the model refuses updates and deletes, and the admin is read-only.
    """

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept as text so the entry stays readable if the account is later erased.
    actor_label = models.CharField(_("who (as recorded)"), max_length=254, blank=True)
    action = models.CharField(_("action"), max_length=64)
    object_type = models.CharField(_("object type"), max_length=64, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=255, blank=True)
    changes = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The audit page filters by action and object type, newest first.
            models.Index(fields=["action", "-created_at"], name="audit_action_idx"),
            models.Index(fields=["object_type", "object_id"], name="audit_object_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("Audit entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("Audit entries are append-only")


class OutboxMessage(models.Model):
    """An e-mail kept instead of sent, by the demo's outbox (bascule.core.outbox): for trying
    Bascule without a mail server. Never used unless DEMO_OUTBOX is on."""

    sent_at = models.DateTimeField(_("sent"), default=timezone.now, db_index=True)
    from_email = models.CharField(_("from"), max_length=254)
    to = models.JSONField(_("to"), default=list)
    cc = models.JSONField(_("cc"), default=list, blank=True)
    subject = models.TextField(_("subject"))
    # The message as it would have gone on the wire: its bodies and attachments are read back
    # from it.
    raw = models.BinaryField(_("message"))

    class Meta:
        verbose_name = _("e-mail in the outbox")
        verbose_name_plural = _("outbox")
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return self.subject


class OutboxRecipient(models.Model):
    """One address an outbox message was for (to, cc or bcc): who may read it."""

    message = models.ForeignKey(OutboxMessage, on_delete=models.CASCADE, related_name="recipients")
    address = models.EmailField(_("address"), db_index=True)

    class Meta:
        verbose_name = _("outbox recipient")
        verbose_name_plural = _("outbox recipients")
        constraints = [
            models.UniqueConstraint(fields=["message", "address"], name="outbox_recipient_once")
        ]

    def __str__(self) -> str:
        return self.address


class IdempotencyKey(models.Model):
    """A create carried out for one submission: a form's hidden key or an API client's
    Idempotency-Key header, scoped to the user who sent it (bascule.core.idempotency).

    The row is written inside the create's own transaction, so it exists if and only if the
    create does; the unique constraint makes a second, concurrent submission wait for the
    first and then replay its result. Rows are deleted after a day (`purge_idempotency_keys`).
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    key = models.CharField(_("key"), max_length=255)
    scope = models.CharField(_("operation"), max_length=64)
    # A hash of what was asked (path and payload): the same key with another request is refused.
    fingerprint = models.CharField(_("request fingerprint"), max_length=64)
    object_type = models.CharField(_("object type"), max_length=64, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    # The API's first answer, sent again as it was to a retry (empty for pages and secrets).
    response_status = models.PositiveSmallIntegerField(_("response status"), null=True)
    response_body = models.TextField(_("response"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")
        constraints = [
            models.UniqueConstraint(fields=["actor", "key"], name="idempotency_key_once_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.key}"
