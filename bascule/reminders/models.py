"""Reminders: who was sent which reminder (the claim that makes sending idempotent), each
person's choices, and what a program requires. See docs/reminders.md.

- `SentReminder`: one row per (kind, recipient, key), unique. The command inserts it *before*
  sending (the claim); a second run, or a second copy running at the same moment, cannot
  insert it again, so a reminder is sent at most once.
- `ReminderPreference`: a user's choice for one kind (on/off); no row: the kind's default.
- `ProgramReminderPolicy`: the kinds a program requires (HR admins, the program's managers):
  its members get them whatever their preferences.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bascule.programs.models import Program


class SentStatus(models.TextChoices):
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")


class SentReminder(models.Model):
    """A reminder claimed (status "sending") then sent (status "sent") to one recipient."""

    kind = models.CharField(_("kind"), max_length=64)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    key = models.CharField(_("key"), max_length=200)
    status = models.CharField(
        _("status"), max_length=16, choices=SentStatus.choices, default=SentStatus.SENDING
    )
    claimed_at = models.DateTimeField(_("claimed"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("sent reminder")
        verbose_name_plural = _("sent reminders")
        ordering = ["-claimed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "recipient", "key"], name="sentreminder_once_per_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key} → user {self.recipient_id} ({self.status})"


class ReminderPreference(models.Model):
    """One user's choice for one kind of reminder."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="reminder_preferences",
    )
    kind = models.CharField(_("kind"), max_length=64)
    enabled = models.BooleanField(_("on"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("reminder preference")
        verbose_name_plural = _("reminder preferences")
        ordering = ["user", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="reminderpref_once_per_kind"),
        ]

    def __str__(self) -> str:
        return f"user {self.user_id}: {self.kind} {'on' if self.enabled else 'off'}"


class ProgramReminderPolicy(models.Model):
    """The kinds of reminder a program requires: its pairs' members always get them."""

    program = models.OneToOneField(
        Program,
        verbose_name=_("program"),
        on_delete=models.CASCADE,
        related_name="reminder_policy",
    )
    # Codes of registered kinds (bascule.reminders.kinds); unknown codes are ignored on read.
    required_kinds = models.JSONField(_("required reminders"), default=list, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("program reminder policy")
        verbose_name_plural = _("program reminder policies")

    def __str__(self) -> str:
        return f"Reminder policy of program {self.program_id}"
