"""Evaluations: a program's four surveys, their questions, and the members' answers.

A program has one survey of each kind (baseline, midpoint, end, closing), created from the
built-in bilingual templates (`defaults.py`) and editable by HR. A member answers a survey
once per pair (`Response`, unique). Answers are confidential: HR reads aggregates only, over
5 respondents or more (`core.small_groups.MIN_GROUP_SIZE`); no page, API operation or admin page
shows a `Response`, an `Answer` or a `SkillRating` to anyone but its author (docs/evaluations.md).

`__str__` gives ids and kinds only, never a text a member or HR wrote.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bascule.pairing.models import Pair
from bascule.people.models import Employee, get_language_code
from bascule.programs.models import ParticipantRole, Program
from bascule.skills.models import Skill


class SurveyKind(models.TextChoices):
    BASELINE = "baseline", _("Baseline")
    MIDPOINT = "midpoint", _("Mid-point")
    END = "end", _("End of the program")
    CLOSING = "closing", _("Closing (a pair that ended early)")


class QuestionKind(models.TextChoices):
    LIKERT = "likert", _("Agree or disagree (1 to 5)")
    NPS = "nps", _("Recommend (0 to 10)")
    TEXT = "text", _("Free text")
    SKILLS = "skills", _("Self-assessment of the pair's skills")


# The words of each Likert value, shown next to the radio buttons.
LIKERT_CHOICES = [
    (1, _("Strongly disagree")),
    (2, _("Disagree")),
    (3, _("Neither agree nor disagree")),
    (4, _("Agree")),
    (5, _("Strongly agree")),
]

# The levels of a skill: the same words as the application's levels.
SKILL_LEVEL_CHOICES = [
    (1, _("1 — beginner")),
    (2, _("2 — practitioner")),
    (3, _("3 — advanced")),
    (4, _("4 — expert")),
]


class Survey(models.Model):
    """One survey of a program: its kind, title in both languages and the dates it is open.

    For the closing survey the dates bound when a pair may have ended (early) to be asked;
    each member of such a pair may answer for `closing_days` days after the pair ended.
    """

    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.CASCADE, related_name="surveys"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=SurveyKind.choices)
    title_fr = models.CharField(_("title (French)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    closing_days = models.PositiveSmallIntegerField(
        _("days to answer after a pair ended"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["program", "opens_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["program", "kind"], name="survey_one_per_kind"),
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="survey_dates_in_order"
            ),
        ]

    def __str__(self) -> str:
        return f"Survey #{self.pk} ({self.kind}, program {self.program_id})"

    @property
    def title(self) -> str:
        """The title in the active language (French for French, English otherwise)."""
        return self.title_fr if get_language_code() == "fr" else self.title_en

    @property
    def asks_retrospective(self) -> bool:
        """True when the skills are rated both "at the start" (looking back) and "now"."""
        return self.kind in (SurveyKind.END, SurveyKind.CLOSING)


class Question(models.Model):
    """One question of a survey, worded in French and in English (both required)."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=16, choices=QuestionKind.choices)
    text_fr = models.CharField(_("question (French)"), max_length=500)
    text_en = models.CharField(_("question (English)"), max_length=500)
    required = models.BooleanField(_("an answer is required"), default=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["survey", "position", "id"]

    def __str__(self) -> str:
        return f"Question #{self.pk} ({self.kind}, survey {self.survey_id})"

    @property
    def text(self) -> str:
        """The wording in the active language."""
        return self.text_fr if get_language_code() == "fr" else self.text_en


class Response(models.Model):
    """A member's answers to a survey for one pair: one per survey, member and pair.

    Confidential: read by its author only (and counted in aggregates). Not in the admin.
    """

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="responses"
    )
    respondent = models.ForeignKey(
        Employee, verbose_name=_("respondent"), on_delete=models.PROTECT, related_name="+"
    )
    pair = models.ForeignKey(
        Pair, verbose_name=_("pair"), on_delete=models.CASCADE, related_name="+"
    )
    role = models.CharField(_("role"), max_length=16, choices=ParticipantRole.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted"))

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering = ["survey", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "respondent", "pair"], name="response_once_per_member_pair"
            ),
        ]

    def __str__(self) -> str:
        return f"Response #{self.pk} (survey {self.survey_id})"


class Answer(models.Model):
    """The answer to one Likert, NPS or text question: a number or a text."""

    response = models.ForeignKey(
        Response, verbose_name=_("response"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="answers"
    )
    value = models.SmallIntegerField(_("value"), null=True, blank=True)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["response", "question__position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="answer_once"),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0, value__lte=10),
                name="answer_value_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Answer #{self.pk} (response {self.response_id})"


class SkillRating(models.Model):
    """A member's self-assessment of one skill: the level now and, looking back, at the start
    (end and closing surveys only)."""

    response = models.ForeignKey(
        Response,
        verbose_name=_("response"),
        on_delete=models.CASCADE,
        related_name="skill_ratings",
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="+"
    )
    skill = models.ForeignKey(
        Skill, verbose_name=_("skill"), on_delete=models.PROTECT, related_name="+"
    )
    before = models.PositiveSmallIntegerField(
        _("level at the start"), null=True, blank=True, choices=SKILL_LEVEL_CHOICES
    )
    now = models.PositiveSmallIntegerField(_("level now"), choices=SKILL_LEVEL_CHOICES)

    class Meta:
        verbose_name = _("skill self-assessment")
        verbose_name_plural = _("skill self-assessments")
        ordering = ["response", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question", "skill"], name="skillrating_once"
            ),
            models.CheckConstraint(
                condition=Q(now__gte=1, now__lte=4)
                & (Q(before__isnull=True) | Q(before__gte=1, before__lte=4)),
                name="skillrating_level_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Skill rating #{self.pk} (response {self.response_id})"
