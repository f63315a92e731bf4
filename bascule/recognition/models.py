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


# --- Badges (docs/recognition.md, "Badges") -------------------------------------------------


class BadgeShape(models.TextChoices):
    CIRCLE = "circle", _("Circle")
    SHIELD = "shield", _("Shield")
    HEXAGON = "hexagon", _("Hexagon")
    STAR = "star", _("Star")


class BadgeColour(models.TextChoices):
    # Dark enough for white text (contrast above 4.5:1).
    BLUE = "blue", _("Blue")
    GREEN = "green", _("Green")
    PURPLE = "purple", _("Purple")
    RED = "red", _("Red")
    TEAL = "teal", _("Teal")
    BROWN = "brown", _("Brown")


class Badge(models.Model):
    """A badge: a built-in one (awarded automatically from the events that prove it, see
    recognition/badges/rules.py) or a custom one HR awards by hand. Its image is drawn by
    recognition/badges/art.py from its shape, colour and `glyph`."""

    slug = models.SlugField(_("identifier"), max_length=60, unique=True)
    builtin = models.BooleanField(_("shipped with Bascule"), default=False)
    name_fr = models.CharField(_("name (French)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=80)
    description_fr = models.CharField(_("description (French)"), max_length=300, blank=True)
    description_en = models.CharField(_("description (English)"), max_length=300, blank=True)
    criteria_fr = models.CharField(_("how it is earned (French)"), max_length=400, blank=True)
    criteria_en = models.CharField(_("how it is earned (English)"), max_length=400, blank=True)
    shape = models.CharField(
        _("shape"), max_length=16, choices=BadgeShape.choices, default=BadgeShape.CIRCLE
    )
    colour = models.CharField(
        _("colour"), max_length=16, choices=BadgeColour.choices, default=BadgeColour.BLUE
    )
    glyph = models.CharField(_("letters on the badge"), max_length=3, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("badge")
        verbose_name_plural = _("badges")
        ordering = ["-builtin", "pk"]

    def __str__(self) -> str:
        return self.slug

    def _in(self, field: str, language: str | None) -> str:
        french = (language or "fr").startswith("fr")
        return getattr(self, f"{field}_fr" if french else f"{field}_en") or getattr(
            self, f"{field}_en" if french else f"{field}_fr"
        )

    def name_in(self, language: str | None) -> str:
        return self._in("name", language)

    def description_in(self, language: str | None) -> str:
        return self._in("description", language)

    def criteria_in(self, language: str | None) -> str:
        return self._in("criteria", language)


class BadgeAward(models.Model):
    """One badge held by one person, for one program (or none: a custom badge given for the
    person's whole participation). Never twice: one row per badge, person and program, even
    revoked (a revoked badge is not awarded again automatically)."""

    badge = models.ForeignKey(
        Badge, verbose_name=_("badge"), on_delete=models.PROTECT, related_name="awards"
    )
    employee = models.ForeignKey(
        Employee, verbose_name=_("holder"), on_delete=models.CASCADE, related_name="+"
    )
    program = models.ForeignKey(
        Program,
        verbose_name=_("program"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="badge_awards",
    )
    pair = models.ForeignKey(
        Pair,
        verbose_name=_("pair"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    awarded_at = models.DateTimeField(_("awarded"), auto_now_add=True)
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("awarded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("reason"), blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_reason = models.TextField(_("reason for revoking"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("badge awarded")
        verbose_name_plural = _("badges awarded")
        ordering = ["-awarded_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["badge", "employee", "program"],
                condition=models.Q(program__isnull=False),
                name="badge_award_once_per_program",
            ),
            models.UniqueConstraint(
                fields=["badge", "employee"],
                condition=models.Q(program__isnull=True),
                name="badge_award_once_without_program",
            ),
        ]
        indexes = [models.Index(fields=["employee", "-awarded_at"], name="badge_award_holder")]

    def __str__(self) -> str:
        return f"BadgeAward #{self.pk}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
