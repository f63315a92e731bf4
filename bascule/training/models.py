"""Training: the learning modules, the versions learners take, their progress and quizzes.

A `Module` is a stable identity (its slug, its place in the library, its audience); what a
learner reads is a `ModuleVersion`, frozen once published: a completion points to the
version taken, and editing a published module makes a new draft (the built-in catalog,
`bascule/training/catalog/`, is installed as version 1 of each module by `load_training`).
A version's `content` is the structure of `bascule/training/content.py` (both languages).

`Progress` is one employee's course through one module (where they stopped, when they
finished, their best quiz score); each quiz submission is a `QuizAttempt`. A `Reflection`
is private to its author (like a private note): only its "one thing I will try" may be
shared with the partner of a pair. `Requirement` says which modules a program's mentors or
mentees must take, by when, and whether the pair's kickoff waits for them.

`__str__` gives ids and slugs only, never what a learner wrote.
"""

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bascule.pairing.models import Pair
from bascule.people.models import Employee
from bascule.programs.models import ParticipantRole, Program


class Audience(models.TextChoices):
    MENTOR = "mentor", _("Mentors")
    MENTEE = "mentee", _("Mentees")
    BOTH = "both", _("Mentors and mentees")
    MANAGERS = "managers", _("Program managers")


class ModuleStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    RETIRED = "retired", _("Retired")


class Module(models.Model):
    """A learning module of the library; learners read its `published` version."""

    slug = models.SlugField(_("identifier"), max_length=60, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    audience = models.CharField(
        _("audience"), max_length=16, choices=Audience.choices, default=Audience.BOTH
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ModuleStatus.choices, default=ModuleStatus.DRAFT
    )
    builtin = models.BooleanField(_("shipped with Bascule"), default=False)
    published = models.ForeignKey(
        "ModuleVersion",
        verbose_name=_("published version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return f"Module #{self.pk} ({self.slug})"


class ModuleVersion(models.Model):
    """One version of a module's content; frozen once `published_at` is set."""

    module = models.ForeignKey(
        Module, verbose_name=_("module"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("version"))
    minutes = models.PositiveSmallIntegerField(_("estimated minutes"))
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=70, validators=[MaxValueValidator(100)]
    )
    content = models.JSONField(_("content"))  # content.as_data(): both languages
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("module version")
        verbose_name_plural = _("module versions")
        ordering = ["module", "number"]
        constraints = [
            models.UniqueConstraint(fields=["module", "number"], name="module_version_unique"),
            models.CheckConstraint(condition=Q(pass_mark__lte=100), name="pass_mark_percent"),
        ]

    def __str__(self) -> str:
        return f"ModuleVersion #{self.pk} (module {self.module_id} v{self.number})"


class Progress(models.Model):
    """One employee's course through one module: where they are, whether they finished."""

    employee = models.ForeignKey(
        Employee, verbose_name=_("learner"), on_delete=models.CASCADE, related_name="+"
    )
    module = models.ForeignKey(
        Module, verbose_name=_("module"), on_delete=models.CASCADE, related_name="progress"
    )
    version = models.ForeignKey(
        ModuleVersion, verbose_name=_("version taken"), on_delete=models.PROTECT, related_name="+"
    )
    last_section = models.PositiveSmallIntegerField(_("last section read"), default=0)
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    best_score = models.PositiveSmallIntegerField(_("best score (%)"), null=True, blank=True)
    passed = models.BooleanField(_("passed"), default=False)
    attempts = models.PositiveSmallIntegerField(_("quiz attempts"), default=0)
    seconds_spent = models.PositiveIntegerField(_("time spent (seconds)"), default=0)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("progress")
        verbose_name_plural = _("progress")
        constraints = [
            models.UniqueConstraint(fields=["employee", "module"], name="progress_unique"),
        ]
        indexes = [models.Index(fields=["module", "completed_at"], name="progress_module_done")]

    def __str__(self) -> str:
        return f"Progress #{self.pk} (employee {self.employee_id}, module {self.module_id})"


class QuizAttempt(models.Model):
    """One submission of a module's quiz: the choices ticked per question and the score."""

    progress = models.ForeignKey(
        Progress, verbose_name=_("progress"), on_delete=models.CASCADE, related_name="quiz"
    )
    version = models.ForeignKey(
        ModuleVersion, verbose_name=_("version"), on_delete=models.PROTECT, related_name="+"
    )
    number = models.PositiveSmallIntegerField(_("attempt"))
    answers = models.JSONField(_("answers"))  # [[choice index, …] per question]
    score = models.PositiveSmallIntegerField(_("score (%)"))
    passed = models.BooleanField(_("passed"))
    submission_key = models.CharField(_("submission key"), max_length=64, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)

    class Meta:
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        ordering = ["progress", "number"]
        constraints = [
            models.UniqueConstraint(fields=["progress", "number"], name="quiz_attempt_number"),
            models.UniqueConstraint(
                fields=["progress", "submission_key"],
                condition=~Q(submission_key=""),
                name="quiz_attempt_submission_once",
            ),
        ]
        # A version's latest attempts (the questions most often failed, HR's report).
        indexes = [models.Index(fields=["version", "-id"], name="quizattempt_version_recent")]

    def __str__(self) -> str:
        return f"QuizAttempt #{self.pk} (progress {self.progress_id}, #{self.number})"


class Reflection(models.Model):
    """After a module: a private reflection (its author only) and "one thing I will try",
    which the author may share with the partner of one of their pairs."""

    author = models.ForeignKey(
        Employee, verbose_name=_("author"), on_delete=models.CASCADE, related_name="+"
    )
    module = models.ForeignKey(
        Module, verbose_name=_("module"), on_delete=models.CASCADE, related_name="+"
    )
    private_text = models.TextField(_("reflection (only you can read it)"), blank=True)
    will_try = models.CharField(_("one thing I will try"), max_length=500, blank=True)
    shared_with = models.ForeignKey(
        Pair,
        verbose_name=_("shared with the pair"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    shared_at = models.DateTimeField(_("shared"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("reflection")
        verbose_name_plural = _("reflections")
        constraints = [
            models.UniqueConstraint(fields=["author", "module"], name="reflection_unique"),
        ]

    def __str__(self) -> str:
        return f"Reflection #{self.pk} (module {self.module_id})"


class DueAnchor(models.TextChoices):
    PROGRAM_START = "program_start", _("the program's start")
    KICKOFF = "kickoff", _("the pair's start (its matching)")


class Requirement(models.Model):
    """A module a program's mentors or mentees must take, by a date relative to an anchor;
    `gates_kickoff` keeps the pair's kickoff waiting until it is done."""

    program = models.ForeignKey(
        Program,
        verbose_name=_("program"),
        on_delete=models.CASCADE,
        related_name="training_requirements",
    )
    module = models.ForeignKey(
        Module, verbose_name=_("module"), on_delete=models.PROTECT, related_name="requirements"
    )
    role = models.CharField(_("role"), max_length=16, choices=ParticipantRole.choices)
    due_days = models.PositiveSmallIntegerField(
        _("days to complete it"), default=14, validators=[MaxValueValidator(365)]
    )
    anchor = models.CharField(
        _("counted from"), max_length=16, choices=DueAnchor.choices, default=DueAnchor.PROGRAM_START
    )
    gates_kickoff = models.BooleanField(_("required before the kickoff"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("training requirement")
        verbose_name_plural = _("training requirements")
        ordering = ["program", "role", "module__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "module", "role"], name="requirement_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"Requirement #{self.pk} (program {self.program_id}, {self.role})"


class BehaviourAnswer(models.Model):
    """One member's answer, in one check-in period of a pair, to "did my partner practise
    the behaviour of this module?" (a module both members completed). Not a private note,
    but never shown one by one to HR: HR reads the shares over at least MIN_GROUP_SIZE
    respondents (docs/training.md)."""

    class Answer(models.TextChoices):
        YES = "yes", _("Yes")
        PARTLY = "partly", _("Partly")
        NO = "no", _("No")
        DID_NOT_COME_UP = "did_not_come_up", _("Did not come up")

    pair = models.ForeignKey(
        Pair, verbose_name=_("pair"), on_delete=models.CASCADE, related_name="+"
    )
    member = models.ForeignKey(
        Employee, verbose_name=_("answered by"), on_delete=models.CASCADE, related_name="+"
    )
    module = models.ForeignKey(
        Module, verbose_name=_("module"), on_delete=models.CASCADE, related_name="+"
    )
    period = models.PositiveSmallIntegerField(_("check-in period"))
    answer = models.CharField(_("answer"), max_length=16, choices=Answer.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("behaviour answer")
        verbose_name_plural = _("behaviour answers")
        ordering = ["pair", "-period", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pair", "member", "module", "period"], name="behaviour_answer_unique"
            ),
        ]
        indexes = [models.Index(fields=["module", "pair"], name="behaviour_module_pair")]

    def __str__(self) -> str:
        return f"BehaviourAnswer #{self.pk} (pair {self.pair_id}, period {self.period})"


class DrillCheck(models.Model):
    """The kickoff's active-listening drill, ticked by one member (`rater`) for the other:
    the checklist items the partner did. Read by the pair's two members only."""

    pair = models.ForeignKey(
        Pair, verbose_name=_("pair"), on_delete=models.CASCADE, related_name="+"
    )
    rater = models.ForeignKey(
        Employee, verbose_name=_("ticked by"), on_delete=models.CASCADE, related_name="+"
    )
    ticks = models.JSONField(_("items ticked"), default=list, blank=True)  # item keys
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("drill check")
        verbose_name_plural = _("drill checks")
        ordering = ["pair", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["pair", "rater"], name="drill_check_once_per_rater"),
        ]

    def __str__(self) -> str:
        return f"DrillCheck #{self.pk} (pair {self.pair_id})"
