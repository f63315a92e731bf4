"""Workshops: live training sessions with registration, a waitlist and attendance.

A `Workshop` is a session at a time (`starts_at`, stored in UTC, with the time zone it was
planned in), in a place and/or by video, for a number of seats (`capacity`). Who may
register: the audience (mentors, mentees or both) of the programs listed (any program when
none is). A workshop may count for training modules: being marked present completes them.

A `Registration` is one person's place: registered (a seat), waitlisted (in the order they
asked: `queued_at`) or cancelled; one row per person and workshop, reused when they register
again. Its calendar event has its own UID; its SEQUENCE is the workshop's plus the
registration's, both only ever growing (docs/workshops.md). `Feedback` is given once, after
attending, and read in aggregate only (from five answers).

`__str__` gives ids only, never what someone wrote.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bascule.meetings.models import Zoned
from bascule.people.models import Employee
from bascule.programs.models import Program
from bascule.training.models import Module

MIN_MINUTES = 15
MAX_MINUTES = 8 * 60
MAX_CAPACITY = 1000


def new_uid() -> str:
    return f"{uuid.uuid4()}@bascule"


class WorkshopAudience(models.TextChoices):
    MENTOR = "mentor", _("Mentors")
    MENTEE = "mentee", _("Mentees")
    BOTH = "both", _("Mentors and mentees")


class WorkshopStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")


class Workshop(Zoned, models.Model):
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    audience = models.CharField(
        _("audience"),
        max_length=16,
        choices=WorkshopAudience.choices,
        default=WorkshopAudience.BOTH,
    )
    starts_at = models.DateTimeField(_("starts"))
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/Paris")
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        validators=[MinValueValidator(MIN_MINUTES), MaxValueValidator(MAX_MINUTES)],
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    video_url = models.URLField(_("video link"), max_length=500, blank=True)
    capacity = models.PositiveIntegerField(
        _("seats"), validators=[MinValueValidator(1), MaxValueValidator(MAX_CAPACITY)]
    )
    facilitator = models.ForeignKey(
        Employee,
        verbose_name=_("facilitator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    programs = models.ManyToManyField(
        Program, verbose_name=_("programs"), blank=True, related_name="workshops"
    )
    modules = models.ManyToManyField(
        Module, verbose_name=_("modules"), blank=True, related_name="workshops"
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=WorkshopStatus.choices,
        default=WorkshopStatus.SCHEDULED,
    )
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["status", "starts_at"], name="workshop_upcoming")]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="workshop_capacity_min"),
        ]

    def __str__(self) -> str:
        return f"Workshop #{self.pk}"

    @property
    def is_cancelled(self) -> bool:
        return self.status == WorkshopStatus.CANCELLED


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    WAITLISTED = "waitlisted", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class Attendance(models.TextChoices):
    PRESENT = "present", _("Present")
    ABSENT = "absent", _("Absent")
    EXCUSED = "excused", _("Excused")


class Registration(models.Model):
    workshop = models.ForeignKey(
        Workshop,
        verbose_name=_("workshop"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    employee = models.ForeignKey(
        Employee, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(_("status"), max_length=16, choices=RegistrationStatus.choices)
    queued_at = models.DateTimeField(_("asked on"))
    attendance = models.CharField(
        _("attendance"), max_length=16, choices=Attendance.choices, blank=True
    )
    attendance_marked_at = models.DateTimeField(_("attendance marked"), null=True, blank=True)
    uid = models.CharField(_("calendar UID"), max_length=80, unique=True, default=new_uid)
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["workshop", "queued_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "employee"], name="workshop_registration_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["workshop", "status", "queued_at"], name="registration_queue"),
        ]

    def __str__(self) -> str:
        return f"Registration #{self.pk} (workshop {self.workshop_id})"

    @property
    def calendar_sequence(self) -> int:
        """The event's SEQUENCE: grows with every change of the workshop or of this place."""
        return self.workshop.sequence + self.sequence


class Feedback(models.Model):
    workshop = models.ForeignKey(
        Workshop, verbose_name=_("workshop"), on_delete=models.CASCADE, related_name="feedback"
    )
    employee = models.ForeignKey(
        Employee, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="+"
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("given"), auto_now_add=True)

    class Meta:
        verbose_name = _("workshop feedback")
        verbose_name_plural = _("workshop feedback")
        constraints = [
            models.UniqueConstraint(fields=["workshop", "employee"], name="workshop_feedback_once"),
            models.CheckConstraint(
                condition=Q(rating__gte=1) & Q(rating__lte=5), name="workshop_feedback_rating"
            ),
        ]

    def __str__(self) -> str:
        return f"Feedback #{self.pk} (workshop {self.workshop_id})"
