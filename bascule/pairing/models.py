"""Matching runs, their proposals, HR's locks and exclusions, and the published pairs.

A run records what the engine proposed for a program at one moment, with the parameters it
used and its certificate. HR locks proposals (kept by the next run), excludes pairs (never
proposed again) or pairs two people by hand; publishing a run turns its proposals into
`Pair`s, the mentoring relationships the rest of the program builds on.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bascule.people.models import Employee
from bascule.programs.models import Application, Program


class RunStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    PUBLISHED = "published", _("Published")


class MatchRun(models.Model):
    """One run of the matching engine on a program's approved applications."""

    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.CASCADE, related_name="match_runs"
    )
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("run by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    started_at = models.DateTimeField(_("started"))
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)
    # Weights and constraints used, and the approved applications (id, version) it read.
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    mentors_count = models.PositiveIntegerField(_("mentors"), default=0)
    mentees_count = models.PositiveIntegerField(_("mentees"), default=0)
    capacity = models.PositiveIntegerField(_("places with mentors"), default=0)
    matched = models.PositiveIntegerField(_("matched mentees"), default=0)
    unmatched = models.PositiveIntegerField(_("mentees without a mentor"), default=0)
    total_score = models.FloatField(_("total score"), default=0)
    upper_bound = models.FloatField(_("best possible total score (bound)"), default=0)
    gap_percent = models.FloatField(_("gap to the bound (%)"), default=0)
    max_matched_proven = models.BooleanField(_("most mentees possible (proven)"), default=False)
    # Everyone left without a partner: {"application_id", "side", "reasons"}.
    unmatched_people = models.JSONField(_("people left without a partner"), default=list)
    # True once HR changed the proposals by hand (manual pair, exclusion) after the run.
    edited = models.BooleanField(_("changed by hand"), default=False)
    status = models.CharField(
        _("status"), max_length=16, choices=RunStatus.choices, default=RunStatus.PROPOSED
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("matching run")
        verbose_name_plural = _("matching runs")
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["program", "-started_at"], name="matchrun_program_idx")]

    def __str__(self) -> str:
        return f"{self.program} — {self.started_at:%Y-%m-%d %H:%M}"


class Proposal(models.Model):
    """A pair the run proposes: a mentee and their mentor, with the score and its reasons."""

    run = models.ForeignKey(
        MatchRun, verbose_name=_("run"), on_delete=models.CASCADE, related_name="proposals"
    )
    mentee_application = models.ForeignKey(
        Application, verbose_name=_("mentee"), on_delete=models.CASCADE, related_name="+"
    )
    mentor_application = models.ForeignKey(
        Application, verbose_name=_("mentor"), on_delete=models.CASCADE, related_name="+"
    )
    score = models.FloatField(_("score"), default=0)
    # Score components by name, each in [0, 1].
    breakdown = models.JSONField(_("breakdown"), default=dict, blank=True)
    # The engine's reasons ({"code": …, …}), rendered in the reader's language.
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    locked = models.BooleanField(_("locked"), default=False)
    manual = models.BooleanField(_("paired by hand"), default=False)
    # The constraints a manual pair breaks: {"code": …, …}.
    warnings = models.JSONField(_("warnings"), default=list, blank=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "mentee_application"], name="proposal_one_per_mentee"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentee_application_id} ← {self.mentor_application_id} ({self.score:.3f})"


class RuleKind(models.TextChoices):
    LOCK = "lock", _("Locked")
    EXCLUDE = "exclude", _("Excluded")


class PairRule(models.Model):
    """HR's decision on one pair of a program: keep it in every run, or never propose it."""

    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.CASCADE, related_name="pair_rules"
    )
    mentee_application = models.ForeignKey(
        Application, verbose_name=_("mentee"), on_delete=models.CASCADE, related_name="+"
    )
    mentor_application = models.ForeignKey(
        Application, verbose_name=_("mentor"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=RuleKind.choices)
    # A lock HR made by hand (it may break a constraint; the warnings say which).
    manual = models.BooleanField(_("paired by hand"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("pair rule")
        verbose_name_plural = _("pair rules")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "mentee_application"],
                condition=Q(kind="lock"),
                name="pairrule_one_lock_per_mentee",
            ),
            models.UniqueConstraint(
                fields=["program", "mentee_application", "mentor_application"],
                condition=Q(kind="exclude"),
                name="pairrule_exclude_once",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_kind_display()}: {self.mentee_application_id}/{self.mentor_application_id}"
        )


class PairStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    ENDED = "ended", _("Ended")


class PairEndCause(models.TextChoices):
    HR = "hr", _("Ended by HR")
    WITHDRAWAL = "withdrawal", _("A member withdrew")


class PairOrigin(models.TextChoices):
    PUBLISHED = "published", _("Published run")
    REMATCH = "rematch", _("Rematch")


class Pair(models.Model):
    """A published mentoring relationship: one mentor and one mentee in a program."""

    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.CASCADE, related_name="pairs"
    )
    mentor = models.ForeignKey(
        Employee, verbose_name=_("mentor"), on_delete=models.PROTECT, related_name="+"
    )
    mentor_application = models.ForeignKey(
        Application, verbose_name=_("mentor's application"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    mentee = models.ForeignKey(
        Employee, verbose_name=_("mentee"), on_delete=models.PROTECT, related_name="+"
    )
    mentee_application = models.ForeignKey(
        Application, verbose_name=_("mentee's application"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    score = models.FloatField(_("score"), default=0)
    breakdown = models.JSONField(_("breakdown"), default=dict, blank=True)
    reasons = models.JSONField(_("explanation"), default=list, blank=True)
    source_run = models.ForeignKey(
        MatchRun,
        verbose_name=_("matching run"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pairs",
    )
    status = models.CharField(
        _("status"), max_length=8, choices=PairStatus.choices, default=PairStatus.ACTIVE
    )
    published_at = models.DateTimeField(_("published"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    origin = models.CharField(
        _("origin"), max_length=16, choices=PairOrigin.choices, default=PairOrigin.PUBLISHED
    )
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ended by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    end_cause = models.CharField(
        _("why it ended"), max_length=16, choices=PairEndCause.choices, blank=True
    )
    # HR's reason, or the withdrawal's (shown to HR only).
    end_reason = models.TextField(_("reason for ending"), blank=True)
    # A pause (HR, docs/journey.md "Pair health"): the pair stays active, but reminders stop
    # and its health reads "paused" until HR resumes it.
    paused_at = models.DateTimeField(_("paused"), null=True, blank=True)
    paused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("paused by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    pause_reason = models.TextField(_("reason for the pause"), blank=True)

    class Meta:
        verbose_name = _("pair")
        verbose_name_plural = _("pairs")
        ordering = ["program", "mentee__last_name", "id"]
        constraints = [
            # A mentee has one mentor at a time in a program.
            models.UniqueConstraint(
                fields=["program", "mentee"],
                condition=Q(status="active"),
                name="pair_one_active_per_mentee",
            ),
        ]
        indexes = [
            models.Index(fields=["mentor", "status"], name="pair_mentor_idx"),
            models.Index(fields=["mentee", "status"], name="pair_mentee_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} → {self.mentee} ({self.program})"


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the mentor")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class MentorRequest(models.Model):
    """Self-match: a mentee asks a mentor; the mentor accepts (the pair is locked for the
    next runs) or declines, each with a message."""

    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.CASCADE, related_name="+"
    )
    mentee_application = models.ForeignKey(
        Application, verbose_name=_("mentee"), on_delete=models.CASCADE, related_name="+"
    )
    mentor_application = models.ForeignKey(
        Application, verbose_name=_("mentor"), on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    message = models.TextField(_("mentee's message"), blank=True)
    answer = models.TextField(_("mentor's answer"), blank=True)
    score = models.FloatField(_("score"), default=0)
    reasons = models.JSONField(_("explanation"), default=list, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("mentor request")
        verbose_name_plural = _("mentor requests")
        ordering = ["-created_at", "-id"]
        constraints = [
            # A mentee waits for one answer at a time.
            models.UniqueConstraint(
                fields=["program", "mentee_application"],
                condition=Q(status="pending"),
                name="mentorrequest_one_pending_per_mentee",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentee_application_id} → {self.mentor_application_id} ({self.status})"
