"""The meetings of a pair, and each participant's private calendar feed.

Times are stored in UTC (`starts_at`) together with the time zone the meeting was planned in
(`time_zone`, the organiser's by default): the calendar invitation gives the local time with
that zone, so a weekly 10:00 stays 10:00 across daylight saving changes. See docs/meetings.md.
"""

import datetime as dt
import uuid
import zoneinfo

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bascule.pairing.models import Pair

MIN_MINUTES = 10
MAX_MINUTES = 240


def new_uid() -> str:
    return f"{uuid.uuid4()}@bascule"


class Zoned:
    """Times of something planned in a time zone (a meeting, a workshop): its `starts_at`
    (UTC), `duration_minutes` and `time_zone`."""

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + dt.timedelta(minutes=self.duration_minutes)

    @property
    def zoneinfo(self) -> zoneinfo.ZoneInfo:
        try:
            return zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo("Europe/Paris")

    @property
    def local_start(self) -> dt.datetime:
        return self.starts_at.astimezone(self.zoneinfo)


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")


class MeetingOutcome(models.TextChoices):
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")
    NO_SHOW = "no_show", _("No-show")


class Meeting(Zoned, models.Model):
    """One meeting of a pair. `sequence` is the iCalendar SEQUENCE (one more on each
    reschedule and on cancellation); `version` guards against two concurrent changes."""

    pair = models.ForeignKey(
        Pair, verbose_name=_("pair"), on_delete=models.CASCADE, related_name="meetings"
    )
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organiser"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    starts_at = models.DateTimeField(_("starts"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        validators=[MinValueValidator(MIN_MINUTES), MaxValueValidator(MAX_MINUTES)],
    )
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/Paris")
    location = models.CharField(_("place"), max_length=200, blank=True)
    video_url = models.URLField(_("video link"), max_length=500, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    uid = models.CharField(_("calendar UID"), max_length=80, unique=True, default=new_uid)
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0)
    version = models.PositiveIntegerField(_("version"), default=1)
    cancel_message = models.TextField(_("cancellation message"), blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=MeetingOutcome.choices, blank=True
    )
    outcome_log = models.TextField(_("log"), blank=True)
    outcome_recorded_at = models.DateTimeField(_("outcome recorded"), null=True, blank=True)
    outcome_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("outcome recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["pair", "starts_at"], name="meeting_pair_idx"),
            # The last outcomes of a pair's meetings (pair health reads them for every pair).
            models.Index(
                fields=["pair", "starts_at"],
                condition=~Q(outcome=""),
                name="meeting_outcome_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pair} — {self.starts_at:%Y-%m-%d %H:%M} UTC"

    @property
    def is_scheduled(self) -> bool:
        return self.status == MeetingStatus.SCHEDULED


class CalendarFeed(models.Model):
    """A participant's private subscription URL. Only a SHA-256 hash of the token is kept:
    the URL is shown once, when it is created; revoking deletes the row."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="calendar_feed",
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.user)
