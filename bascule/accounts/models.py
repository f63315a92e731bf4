import zoneinfo

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    HR_ADMIN = "hr_admin", _("HR admin")
    PROGRAM_MANAGER = "program_manager", _("Program manager")
    PARTICIPANT = "participant", _("Participant")
    SPONSOR = "sponsor", _("Executive sponsor")


class Language(models.TextChoices):
    FRENCH = "fr", _("French")
    ENGLISH = "en", _("English")


class EmailUserManager(UserManager):
    """Create users identified by e-mail; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)  # new row
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        extra_fields.setdefault("role", Role.HR_ADMIN)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person who can log in. Linked to at most one employee of the directory."""

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    role = models.CharField(
        _("role"), max_length=32, choices=Role.choices, default=Role.PARTICIPANT
    )
    language = models.CharField(
        _("language"), max_length=8, choices=Language.choices, default=Language.FRENCH
    )
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/Paris")
    employee = models.OneToOneField(
        "people.Employee",
        verbose_name=_("employee"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="user",
    )
    # A program manager sees and manages the people of these departments only.
    managed_departments = models.ManyToManyField(
        "people.Department",
        verbose_name=_("managed departments"),
        blank=True,
        related_name="program_managers",
    )

    # Set when the person's personal data was erased on request (docs/privacy.md): the
    # account stays, deactivated and anonymous, so that what it did keeps adding up.
    erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = EmailUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def get_full_name(self) -> str:
        full_name = super().get_full_name()
        # Read without loading it when a query left it out: an erasure empties the names too.
        if not full_name and self.__dict__.get("erased_at") is not None:
            return gettext("Erased person")
        return full_name

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None

    @property
    def is_hr_admin(self) -> bool:
        return self.is_active and (self.role == Role.HR_ADMIN or self.is_superuser)

    @property
    def is_program_manager(self) -> bool:
        return self.is_active and self.role == Role.PROGRAM_MANAGER

    @property
    def is_sponsor(self) -> bool:
        return self.is_active and self.role == Role.SPONSOR

    @property
    def is_participant(self) -> bool:
        return self.is_active and self.role == Role.PARTICIPANT

    @property
    def can_manage_people(self) -> bool:
        """Return True for the roles that may browse the employee directory."""
        return self.is_hr_admin or self.is_program_manager

    @property
    def zoneinfo(self) -> zoneinfo.ZoneInfo:
        try:
            return zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo("Europe/Paris")


class RevokedReason(models.TextChoices):
    BY_OWNER = "owner", _("Revoked by its owner")
    PASSWORD_CHANGED = "password_changed", _("The password changed")
    DEACTIVATED = "deactivated", _("The account was deactivated")


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 hash is stored; the token is shown once.

    A token stops working for good when its owner revokes it, changes their password or is
    deactivated; `revoked_reason` says which, for the tokens page.
    """

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    token_hash = models.CharField(max_length=64, unique=True)
    # The first characters, so a user can tell their tokens apart.
    prefix = models.CharField(_("prefix"), max_length=8)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_reason = models.CharField(
        _("why revoked"), max_length=32, choices=RevokedReason.choices, blank=True
    )
    # When the audit log last recorded a use: at most one entry per token per period.
    use_recorded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
