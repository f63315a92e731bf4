"""Program completion certificates.

`CertificateSettings`: one per program, set by HR: the criteria per role (charter confirmed,
a number of meetings held, the end evaluation answered, the required training done, the pair
not ended early), the wording in French and English, the signatory, the company's name and
logo (a PNG or JPEG checked by its header, kept in the database: no file storage needed).

`Certificate`: one per holder, program and role (unique: issuing again is a no-op). Its facts
are frozen when it is issued (the holder's name, the program's name and dates, the meetings
held and their minutes, the skills shared and developed, the wording and signatory), so the
PDF, rendered on each download, is the same every time. Its `code` is random (100 bits) and
is the only way to find it from outside (/verify/<code>). A revoked certificate keeps its row
with the date, the reason and who revoked it.

`HolderPreference`: whether the holder lets others verify their certificates (no row: yes).

`IssueRun`: one bulk issue of a program's certificates, run as a background job; its counts
are the progress its page shows.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from bascule.pairing.models import Pair
from bascule.people.models import Employee
from bascule.programs.models import ParticipantRole, Program

MAX_MEETINGS = 200
CODE_LENGTH = 20


class CertificateSettings(models.Model):
    program = models.OneToOneField(
        Program,
        verbose_name=_("program"),
        on_delete=models.CASCADE,
        related_name="certificate_settings",
    )
    mentor_charter_confirmed = models.BooleanField(_("charter confirmed"), default=True)
    mentor_min_meetings = models.PositiveSmallIntegerField(
        _("meetings held, at least"), default=3, validators=[MaxValueValidator(MAX_MEETINGS)]
    )
    mentor_end_evaluation = models.BooleanField(_("end evaluation answered"), default=False)
    mentor_training_done = models.BooleanField(_("required training completed"), default=False)
    mentor_not_ended_early = models.BooleanField(_("pair not ended early"), default=True)
    mentee_charter_confirmed = models.BooleanField(_("charter confirmed"), default=True)
    mentee_min_meetings = models.PositiveSmallIntegerField(
        _("meetings held, at least"), default=3, validators=[MaxValueValidator(MAX_MEETINGS)]
    )
    mentee_end_evaluation = models.BooleanField(_("end evaluation answered"), default=False)
    mentee_training_done = models.BooleanField(_("required training completed"), default=False)
    mentee_not_ended_early = models.BooleanField(_("pair not ended early"), default=True)
    issue_at_close = models.BooleanField(
        _("issue the certificates when the program closes"), default=True
    )
    wording_fr = models.TextField(_("wording (French)"), blank=True)
    wording_en = models.TextField(_("wording (English)"), blank=True)
    signatory_name = models.CharField(_("signatory's name"), max_length=200, blank=True)
    signatory_title = models.CharField(_("signatory's title"), max_length=200, blank=True)
    company_name = models.CharField(_("company name"), max_length=200, blank=True)
    logo = models.BinaryField(_("logo"), blank=True, default=b"")
    logo_type = models.CharField(_("logo type"), max_length=16, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("certificate settings")
        verbose_name_plural = _("certificate settings")

    def __str__(self) -> str:
        return f"CertificateSettings #{self.pk} (program {self.program_id})"

    def criteria(self, role: str) -> dict:
        return {
            name: getattr(self, f"{role}_{name}")
            for name in (
                "charter_confirmed",
                "min_meetings",
                "end_evaluation",
                "training_done",
                "not_ended_early",
            )
        }


class Certificate(models.Model):
    holder = models.ForeignKey(
        Employee, verbose_name=_("holder"), on_delete=models.CASCADE, related_name="+"
    )
    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.CASCADE, related_name="certificates"
    )
    pair = models.ForeignKey(
        Pair,
        verbose_name=_("pair"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    role = models.CharField(_("role"), max_length=16, choices=ParticipantRole.choices)
    language = models.CharField(_("language"), max_length=8, default="fr")
    code = models.CharField(_("verification code"), max_length=32, unique=True)
    holder_name = models.CharField(_("name"), max_length=300)
    program_name = models.CharField(_("program"), max_length=200)
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"))
    meetings_held = models.PositiveIntegerField(_("meetings held"), default=0)
    minutes_held = models.PositiveIntegerField(_("minutes of meetings"), default=0)
    skills_shared = models.JSONField(_("skills shared"), default=list, blank=True)
    skills_developed = models.JSONField(_("skills developed"), default=list, blank=True)
    wording = models.JSONField(_("wording"), default=dict, blank=True)
    signatory_name = models.CharField(_("signatory's name"), max_length=200, blank=True)
    signatory_title = models.CharField(_("signatory's title"), max_length=200, blank=True)
    company_name = models.CharField(_("company name"), max_length=200, blank=True)
    issued_at = models.DateTimeField(_("issued"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_reason = models.TextField(_("reason for revoking"), blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["holder", "program", "role"], name="certificate_once_per_role"
            ),
        ]
        indexes = [models.Index(fields=["program", "holder_name"], name="certificate_program")]

    def __str__(self) -> str:
        return f"Certificate #{self.pk} (program {self.program_id})"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def display_code(self) -> str:
        from bascule.certificates.codes import grouped

        return grouped(self.code)

    @property
    def hours(self) -> float:
        return round(self.minutes_held / 60, 1)


class HolderPreference(models.Model):
    employee = models.OneToOneField(
        Employee, verbose_name=_("holder"), on_delete=models.CASCADE, related_name="+"
    )
    verification_allowed = models.BooleanField(_("others may verify my certificates"), default=True)
    # Partners' endorsements of the holder's credentials are shown to those who verify them
    # only when the holder says so.
    endorsements_shown = models.BooleanField(
        _("show my partners' endorsements to those who verify"), default=False
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("certificate preference")
        verbose_name_plural = _("certificate preferences")

    def __str__(self) -> str:
        return f"HolderPreference #{self.pk}"


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting for its turn")
    RUNNING = "running", _("Issuing")
    DONE = "done", _("Finished")
    FAILED = "failed", _("Failed")


class IssueRun(models.Model):
    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    total = models.PositiveIntegerField(_("people to look at"), default=0)
    done = models.PositiveIntegerField(_("people looked at"), default=0)
    issued = models.PositiveIntegerField(_("certificates issued"), default=0)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("queued"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("certificate issue run")
        verbose_name_plural = _("certificate issue runs")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"IssueRun #{self.pk} (program {self.program_id})"

    @property
    def in_progress(self) -> bool:
        return self.status in (RunStatus.QUEUED, RunStatus.RUNNING)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0
