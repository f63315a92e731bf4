"""Programs, invitations and applications: everything up to the moment matching starts.

Age is never stored nor used: who may be a mentor or a mentee is decided on career stage
(seniority level, years of experience) and optionally on departments (the reverse rule).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bascule.people.models import (
    SENIORITY_LEVEL_MAX,
    SENIORITY_LEVEL_MIN,
    Department,
    Employee,
)
from bascule.skills.models import Skill

LEVEL_VALIDATORS = [
    MinValueValidator(SENIORITY_LEVEL_MIN),
    MaxValueValidator(SENIORITY_LEVEL_MAX),
]


class ProgramKind(models.TextChoices):
    REVERSE = "reverse", _("Reverse mentoring")
    RECIPROCAL = "reciprocal", _("Reciprocal mentoring")


class ProgramStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ENROLLING = "enrolling", _("Enrolling")
    MATCHING = "matching", _("Matching")
    RUNNING = "running", _("Running")
    CLOSED = "closed", _("Closed")


# The only transitions allowed: status -> statuses it may move to.
PROGRAM_TRANSITIONS: dict[str, tuple[str, ...]] = {
    ProgramStatus.DRAFT: (ProgramStatus.ENROLLING,),
    ProgramStatus.ENROLLING: (ProgramStatus.MATCHING, ProgramStatus.DRAFT),
    ProgramStatus.MATCHING: (ProgramStatus.RUNNING, ProgramStatus.ENROLLING),
    ProgramStatus.RUNNING: (ProgramStatus.CLOSED,),
    ProgramStatus.CLOSED: (),
}


class MeetingFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    VIRTUAL = "virtual", _("Virtual")
    HYBRID = "hybrid", _("Hybrid")


def default_country() -> str:
    """Return the country of a new program: settings.DEFAULT_COUNTRY."""
    return settings.DEFAULT_COUNTRY


class Program(models.Model):
    """A mentoring program: goals, charter, cadence, and the reverse rule of who mentors whom.

    `version` grows on every change, so that two people editing the same program at once
    cannot overwrite each other's work unknowingly (the second save is refused).
    """

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    # The objectives HR writes, one string each.
    objectives = models.JSONField(_("objectives"), default=list, blank=True)
    charter = models.TextField(_("charter"), blank=True)
    kind = models.CharField(
        _("kind"), max_length=16, choices=ProgramKind.choices, default=ProgramKind.REVERSE
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ProgramStatus.choices, default=ProgramStatus.DRAFT
    )
    # The template the program was created from, if any (a key of programs.templates).
    template = models.CharField(_("template"), max_length=64, blank=True)
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"))
    enrollment_closes_on = models.DateField(_("enrollment closes on"), null=True, blank=True)
    # Open: eligible employees apply from their home page. Otherwise invitees only.
    open_enrollment = models.BooleanField(_("open to every eligible employee"), default=False)
    meeting_every_weeks = models.PositiveSmallIntegerField(
        _("meet every (weeks)"), default=2, validators=[MinValueValidator(1)]
    )
    meeting_minutes = models.PositiveSmallIntegerField(
        _("meeting length (minutes)"), default=45, validators=[MinValueValidator(10)]
    )
    checkin_every_weeks = models.PositiveSmallIntegerField(
        _("check-in every (weeks)"), default=4, validators=[MinValueValidator(1)]
    )
    format = models.CharField(
        _("format"), max_length=16, choices=MeetingFormat.choices, default=MeetingFormat.HYBRID
    )
    # ISO 3166 code of the country whose public holidays the suggested meeting times skip;
    # empty: none skipped (docs/meetings.md).
    country = models.CharField(_("country"), max_length=2, blank=True, default=default_country)
    # ISO 639-1 codes the pairs may speak, e.g. ["fr", "en"].
    languages = models.JSONField(_("languages"), default=list, blank=True)
    mentor_capacity = models.PositiveSmallIntegerField(
        _("mentees per mentor"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    # The reverse rule, on career stage only. Empty means "no limit".
    mentor_max_level = models.PositiveSmallIntegerField(
        _("mentors: highest seniority level"), null=True, blank=True, validators=LEVEL_VALIDATORS
    )
    mentor_max_experience_years = models.PositiveSmallIntegerField(
        _("mentors: most years of experience"), null=True, blank=True
    )
    mentee_min_level = models.PositiveSmallIntegerField(
        _("mentees: lowest seniority level"), null=True, blank=True, validators=LEVEL_VALIDATORS
    )
    mentee_min_experience_years = models.PositiveSmallIntegerField(
        _("mentees: fewest years of experience"), null=True, blank=True
    )
    min_level_gap = models.PositiveSmallIntegerField(
        _("minimum seniority gap between mentee and mentor"), default=0
    )
    mentor_departments = models.ManyToManyField(
        Department,
        verbose_name=_("mentors' departments"),
        blank=True,
        related_name="+",
        help_text=_("Leave empty for every department."),
    )
    mentee_departments = models.ManyToManyField(
        Department,
        verbose_name=_("mentees' departments"),
        blank=True,
        related_name="+",
        help_text=_("Leave empty for every department."),
    )
    # Matching settings (see bascule/pairing and docs/pairing.md). Weights by score
    # component; an empty dict, or a component left out, takes the engine's default for the
    # program's kind.
    matching_weights = models.JSONField(_("matching weights"), default=dict, blank=True)
    # How many levels of managers above each person count as their reporting line; empty:
    # the whole chain. A mentor never mentors someone in their reporting line.
    reporting_line_depth = models.PositiveSmallIntegerField(
        _("reporting line depth"), null=True, blank=True, default=2
    )
    forbid_same_manager = models.BooleanField(
        _("never pair two people with the same manager"), default=False
    )
    prefer_different_department = models.BooleanField(
        _("prefer pairs from different departments"), default=True
    )
    allow_previous_pairs = models.BooleanField(
        _("allow pairs who met in an earlier program"), default=False
    )
    # Self-match: while matching, each mentee chooses among their best mentors and asks one,
    # who accepts or declines; HR can still override on the workbench.
    self_match = models.BooleanField(_("mentees choose their mentor"), default=False)
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("program managers"),
        blank=True,
        related_name="managed_programs",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        ordering = ["-starts_on", "name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="program_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["status"], name="program_status_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_reciprocal(self) -> bool:
        return self.kind == ProgramKind.RECIPROCAL

    def allowed_transitions(self) -> tuple[str, ...]:
        return PROGRAM_TRANSITIONS[self.status]

    @property
    def profiles_editable(self) -> bool:
        """Participants may edit their application until matching starts."""
        return self.status in (ProgramStatus.DRAFT, ProgramStatus.ENROLLING)


class ParticipantRole(models.TextChoices):
    MENTOR = "mentor", _("Mentor")
    MENTEE = "mentee", _("Mentee")


class Invitation(models.Model):
    """An employee invited to apply to a program, with the personal link they received."""

    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.CASCADE, related_name="invitations"
    )
    employee = models.ForeignKey(
        Employee, verbose_name=_("employee"), on_delete=models.CASCADE, related_name="invitations"
    )
    # The role HR has in mind, if any; the invitee may still apply for the other one.
    suggested_role = models.CharField(
        _("suggested role"), max_length=16, choices=ParticipantRole.choices, blank=True
    )
    token = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("invited"), auto_now_add=True)
    sent_at = models.DateTimeField(_("e-mail sent"), null=True, blank=True)
    opened_at = models.DateTimeField(_("link opened"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "employee"], name="invitation_one_per_employee"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee} → {self.program}"


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting review")
    APPROVED = "approved", _("Approved")
    WAITLISTED = "waitlisted", _("Waitlisted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Application(models.Model):
    """An employee's application to a program, with their profile for matching.

    One per employee and program. `version` guards against concurrent edits.
    """

    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.CASCADE, related_name="applications"
    )
    employee = models.ForeignKey(
        Employee,
        verbose_name=_("employee"),
        on_delete=models.CASCADE,
        related_name="applications",
    )
    role = models.CharField(_("role"), max_length=16, choices=ParticipantRole.choices)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
    )
    # Free text next to the taxonomy: skills that are not (yet) in it.
    skills_to_share_text = models.TextField(_("other skills I can share"), blank=True)
    skills_to_develop_text = models.TextField(_("other skills I want to develop"), blank=True)
    # Short free-form tags, e.g. ["cycling", "photography"].
    interests = models.JSONField(_("interests"), default=list, blank=True)
    hopes = models.TextField(_("what I hope to get from the program"), blank=True)
    # Weekday time slots, e.g. ["mon-am", "tue-pm"] (see programs.availability).
    availability = models.JSONField(_("availability"), default=list, blank=True)
    preferred_format = models.CharField(
        _("preferred format"), max_length=16, choices=MeetingFormat.choices, blank=True
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    charter_accepted_at = models.DateTimeField(_("charter accepted"), null=True, blank=True)
    privacy_notice_accepted_at = models.DateTimeField(
        _("data notice acknowledged"), null=True, blank=True
    )
    decision_reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawing"), blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    created_at = models.DateTimeField(_("applied"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "employee"], name="application_one_per_employee"
            ),
        ]
        indexes = [
            models.Index(fields=["program", "status", "role"], name="application_funnel_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.employee} ({self.get_role_display()}, {self.program})"


class SkillDirection(models.TextChoices):
    SHARE = "share", _("I can share")
    DEVELOP = "develop", _("I want to develop")


class ApplicationSkill(models.Model):
    """One taxonomy skill in an application, in one direction, with a level from 1 to 4."""

    LEVEL_CHOICES = [
        (1, _("1 — beginner")),
        (2, _("2 — practitioner")),
        (3, _("3 — advanced")),
        (4, _("4 — expert")),
    ]

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="skills"
    )
    skill = models.ForeignKey(
        Skill, verbose_name=_("skill"), on_delete=models.PROTECT, related_name="application_skills"
    )
    direction = models.CharField(_("direction"), max_length=8, choices=SkillDirection.choices)
    level = models.PositiveSmallIntegerField(
        _("level"), choices=LEVEL_CHOICES, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )

    class Meta:
        verbose_name = _("application skill")
        verbose_name_plural = _("application skills")
        ordering = ["direction", "-level", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "skill", "direction"], name="application_skill_once"
            ),
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=4), name="application_skill_level_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.skill} ({self.get_direction_display()}, {self.level})"
