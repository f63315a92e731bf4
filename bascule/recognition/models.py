"""Recognition: kudos between partners and from the programs' team, and the walls.

A `Kudos` is one thank-you to one person (`recipient`) in a program: a thanks from their
partner (`pair` set, `sender_kind` "partner"), or recognition from HR, a program manager or a
sponsor (to one participant, or to a pair: one row per member, `pair` set). `visibility` is
what the sender asked for; what is shown (`effective_visibility`) is capped by the
recipient: their `RecognitionPreference` (private until they choose otherwise), or their
choice for this one kudos (`on_wall`), never wider than the sender's. HR may hide a kudos
from the walls with a reason (`hidden_*`).

`__str__` gives ids only, never what someone wrote.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bascule.pairing.models import Pair
from bascule.people.models import Employee
from bascule.programs.models import Program
from bascule.skills.models import Skill

MESSAGE_MAX = 500
REASON_MAX = 500


class Visibility(models.TextChoices):
    PRIVATE = "private", _("Only the recipient")
    PROGRAM = "program", _("The program")
    COMPANY = "company", _("The whole company")


# From the narrowest to the widest.
ORDER = (Visibility.PRIVATE, Visibility.PROGRAM, Visibility.COMPANY)


def narrowest(*levels: str) -> str:
    return min(levels, key=ORDER.index)


class SenderKind(models.TextChoices):
    PARTNER = "partner", _("Partner")
    HR = "hr", _("HR")
    MANAGER = "manager", _("Program manager")
    SPONSOR = "sponsor", _("Sponsor")


class Kudos(models.Model):
    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.CASCADE, related_name="kudos"
    )
    pair = models.ForeignKey(
        Pair,
        verbose_name=_("pair"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="kudos",
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sender"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sender_kind = models.CharField(_("sent by"), max_length=16, choices=SenderKind.choices)
    recipient = models.ForeignKey(
        Employee, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="+"
    )
    message = models.TextField(_("message"), max_length=MESSAGE_MAX)
    skill = models.ForeignKey(
        Skill,
        verbose_name=_("skill"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    visibility = models.CharField(
        _("visibility asked by the sender"),
        max_length=16,
        choices=Visibility.choices,
        default=Visibility.PRIVATE,
    )
    on_wall = models.BooleanField(_("shown on the wall by the recipient"), default=False)
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hidden by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hidden_reason = models.TextField(_("reason for hiding"), blank=True)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("kudos")
        verbose_name_plural = _("kudos")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["program", "-created_at"], name="kudos_program_recent"),
            models.Index(fields=["recipient", "-created_at"], name="kudos_recipient_recent"),
        ]

    def __str__(self) -> str:
        return f"Kudos #{self.pk}"

    @property
    def sender_name(self) -> str:
        """The sender's name as the directory spells it (their account's otherwise); empty
        once their account is gone."""
        if self.sender is None:
            return ""
        if self.sender.employee is not None:
            return self.sender.employee.full_name
        return self.sender.get_full_name()

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class RecognitionPreference(models.Model):
    """The widest audience a person accepts for the kudos they receive (private until they
    choose otherwise)."""

    employee = models.OneToOneField(
        Employee,
        verbose_name=_("employee"),
        on_delete=models.CASCADE,
        related_name="recognition_preference",
    )
    cap = models.CharField(
        _("who may see the kudos I receive"),
        max_length=16,
        choices=Visibility.choices,
        default=Visibility.PRIVATE,
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("recognition preference")
        verbose_name_plural = _("recognition preferences")

    def __str__(self) -> str:
        return f"RecognitionPreference #{self.pk}"
