"""The mentoring journey of a pair: kickoff, goals both ways, shared and private notes.

Everything here belongs to the pair's two members (see docs/journey.md):

- `KickoffConfirmation`: one per member, when they confirmed the program's charter and their
  own agreements (how often, how, confidentiality). A pair is *started* once both confirmed;
  the `Pair` model is not changed for it.
- `Goal` and `Milestone`: the mentee's learning goals and the mentor's growth goals, editable
  by either member, guarded by a version number against concurrent edits.
- `SharedNote`: read by both members. `PrivateNote`: read by its author only — a separate
  model (not a flag) so that no query for shared notes can ever return a private one.
- `CheckIn`: one member's pulse for one period of the program's check-in cadence (one per
  member and period), read in full by that member only.

`__str__` never includes a text written by a member: it ends up in the audit log
(`object_repr`) and in the admin's confirmation pages.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bascule.pairing.models import Pair
from bascule.people.models import Employee
from bascule.skills.models import Skill


class MeetingFrequency(models.TextChoices):
    WEEKLY = "weekly", _("Every week")
    FORTNIGHTLY = "fortnightly", _("Every two weeks")
    THREE_WEEKS = "three_weeks", _("Every three weeks")
    MONTHLY = "monthly", _("Once a month")


class MeetingChannel(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    VIDEO = "video", _("Video call")
    PHONE = "phone", _("Phone")
    MIXED = "mixed", _("A mix of these")


class KickoffConfirmation(models.Model):
    """One member's confirmation of the charter and of their agreements for the pair."""

    pair = models.ForeignKey(
        Pair, verbose_name=_("pair"), on_delete=models.CASCADE, related_name="kickoffs"
    )
    member = models.ForeignKey(
        Employee, verbose_name=_("member"), on_delete=models.PROTECT, related_name="+"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    charter_accepted = models.BooleanField(_("charter accepted"), default=False)
    meeting_frequency = models.CharField(
        _("how often we meet"), max_length=16, choices=MeetingFrequency.choices
    )
    channel = models.CharField(_("how we meet"), max_length=16, choices=MeetingChannel.choices)
    confidentiality = models.BooleanField(_("confidentiality agreed"), default=False)
    confirmed_at = models.DateTimeField(_("confirmed"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("kickoff confirmation")
        verbose_name_plural = _("kickoff confirmations")
        ordering = ["confirmed_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["pair", "member"], name="kickoff_once_per_member"),
        ]

    def __str__(self) -> str:
        return f"Kickoff #{self.pk} (pair {self.pair_id})"


class GoalDirection(models.TextChoices):
    LEARNING = "learning", _("The mentee's learning goal")
    GROWTH = "growth", _("The mentor's growth goal")


class GoalStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    ACHIEVED = "achieved", _("Achieved")
    DROPPED = "dropped", _("Dropped")


class Goal(models.Model):
    """A goal of the pair: what one of the two wants to learn or grow, and how to tell.

    `version` grows on every change: saving a form opened before someone else's change is
    refused, so that the two members never silently overwrite each other.
    """

    pair = models.ForeignKey(
        Pair, verbose_name=_("pair"), on_delete=models.CASCADE, related_name="goals"
    )
    direction = models.CharField(_("whose goal"), max_length=16, choices=GoalDirection.choices)
    title = models.CharField(_("goal"), max_length=200)
    success_criteria = models.TextField(_("what success looks like"))
    target_date = models.DateField(_("target date"))
    status = models.CharField(
        _("status"), max_length=16, choices=GoalStatus.choices, default=GoalStatus.NOT_STARTED
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    skills = models.ManyToManyField(
        Skill, verbose_name=_("skills"), blank=True, related_name="journey_goals"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["pair", "direction", "target_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100), name="goal_progress_0_100"
            ),
        ]

    def __str__(self) -> str:
        return f"Goal #{self.pk} (pair {self.pair_id})"


class Milestone(models.Model):
    """A step towards a goal, ticked when done."""

    goal = models.ForeignKey(
        Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("milestone"), max_length=200)
    due_on = models.DateField(_("due date"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["goal", "position", "id"]

    def __str__(self) -> str:
        return f"Milestone #{self.pk} (goal {self.goal_id})"


class SharedNote(models.Model):
    """A note both members of the pair read."""

    pair = models.ForeignKey(
        Pair, verbose_name=_("pair"), on_delete=models.CASCADE, related_name="shared_notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = models.TextField(_("note"))
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    # Set when its author changes it; `version` guards against two saves from stale forms.
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("shared note")
        verbose_name_plural = _("shared notes")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Shared note #{self.pk} (pair {self.pair_id})"


class PrivateNote(models.Model):
    """A note only its author reads: not the partner, not HR, not an administrator.

    Never registered in the admin, never in the API, never in the audit log's details.
    """

    pair = models.ForeignKey(
        Pair, verbose_name=_("pair"), on_delete=models.CASCADE, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    body = models.TextField(_("note"))
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("private note")
        verbose_name_plural = _("private notes")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["pair", "author"], name="privatenote_author_idx")]

    def __str__(self) -> str:
        return f"Private note #{self.pk}"


class Pulse(models.IntegerChoices):
    """How it is going, from 1 to 5, with words for each value."""

    VERY_BAD = 1, _("1 — Not well at all")
    BAD = 2, _("2 — Not so well")
    OK = 3, _("3 — All right")
    GOOD = 4, _("4 — Well")
    VERY_GOOD = 5, _("5 — Very well")


class CheckIn(models.Model):
    """One member's check-in for one period of the pair (the program's check-in cadence,
    counted from the pair's publication). Read in full by its member only; HR reads who
    answered, the message addressed to HR and the pair's mean pulse (docs/journey.md)."""

    pair = models.ForeignKey(
        Pair, verbose_name=_("pair"), on_delete=models.CASCADE, related_name="checkins"
    )
    member = models.ForeignKey(
        Employee, verbose_name=_("member"), on_delete=models.PROTECT, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    period = models.PositiveSmallIntegerField(_("period"), validators=[MinValueValidator(1)])
    pulse = models.PositiveSmallIntegerField(_("how it is going"), choices=Pulse.choices)
    blocking = models.TextField(_("anything blocking"), blank=True)
    message_to_hr = models.TextField(_("message to HR"), blank=True)
    # The progress given for each goal, {goal id: percent}, as answered (the goals keep theirs).
    goal_progress = models.JSONField(_("progress of the goals"), default=dict, blank=True)
    created_at = models.DateTimeField(_("answered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["-period", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pair", "member", "period"], name="checkin_once_per_member_period"
            ),
            models.CheckConstraint(
                condition=Q(pulse__gte=1) & Q(pulse__lte=5), name="checkin_pulse_1_to_5"
            ),
            models.CheckConstraint(condition=Q(period__gte=1), name="checkin_period_from_1"),
        ]
        # A pair's latest periods (pair health reads them for thousands of pairs at once).
        indexes = [models.Index(fields=["pair", "period"], name="checkin_pair_period_idx")]

    def __str__(self) -> str:
        return f"Check-in #{self.pk} (pair {self.pair_id}, period {self.period})"
