"""Forms of evaluations: HR's survey and question forms, and a member's answer form.

Their messages come from the services (one wording per rule): fields are lenient here and
the service says what is wrong, next to the field, keeping what was typed.
"""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bascule.core.forms import AccessibleFormMixin
from bascule.evaluations.models import (
    LIKERT_CHOICES,
    SKILL_LEVEL_CHOICES,
    Question,
    QuestionKind,
    Survey,
    SurveyKind,
)
from bascule.evaluations.services import TEXT_MAX, answer_field, rating_field


class SurveyForm(AccessibleFormMixin, forms.Form):
    """The title and dates of a survey. Dates are typed as text (YYYY-MM-DD, or picked in
    the browser's date field) and checked by the service, so 31 February is kept as typed."""

    title_fr = forms.CharField(label=_("Title in French"), required=False, max_length=400)
    title_en = forms.CharField(label=_("Title in English"), required=False, max_length=400)
    opens_on = forms.CharField(
        label=_("Opens on"),
        required=False,
        help_text=_("For example 2027-03-15."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    closes_on = forms.CharField(
        label=_("Closes on"),
        required=False,
        help_text=_("The last day answers are accepted."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    closing_days = forms.IntegerField(
        label=_("Days to answer after a pair ended"),
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 1}),
        error_messages={"invalid": _("Please enter a number of days from 1 to 365.")},
    )

    def __init__(self, *args: Any, survey: Survey | None = None, **kwargs: Any):
        if survey is not None and "initial" not in kwargs and not args:
            kwargs["initial"] = {
                "title_fr": survey.title_fr,
                "title_en": survey.title_en,
                "opens_on": survey.opens_on.isoformat(),
                "closes_on": survey.closes_on.isoformat(),
                "closing_days": survey.closing_days,
            }
        super().__init__(*args, **kwargs)
        if survey is not None and survey.kind != SurveyKind.CLOSING:
            del self.fields["closing_days"]


class QuestionForm(AccessibleFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind of question"), choices=QuestionKind.choices)
    text_fr = forms.CharField(
        label=_("Question in French"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    text_en = forms.CharField(
        label=_("Question in English"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    required = forms.BooleanField(label=_("An answer is required"), required=False, initial=True)

    def __init__(self, *args: Any, question: Question | None = None, **kwargs: Any):
        if question is not None and "initial" not in kwargs and not args:
            kwargs["initial"] = {
                "kind": question.kind,
                "text_fr": question.text_fr,
                "text_en": question.text_en,
                "required": question.required,
            }
        super().__init__(*args, **kwargs)


NPS_CHOICES = [(value, str(value)) for value in range(11)]


class AnswerForm(AccessibleFormMixin, forms.Form):
    """One field per question (radio buttons with words for a 1-5 scale, 0-10 for the
    recommendation, a text area), and for the skills question two radio groups per skill."""

    def __init__(
        self, *args: Any, questions: list[Question], skills: list[Any], retrospective: bool, **kw
    ):
        super().__init__(*args, **kw)
        self.questions = list(questions)
        self.skills = list(skills)
        self.retrospective = retrospective
        invalid = {"invalid_choice": _("Please choose one of the answers offered.")}
        for question in self.questions:
            name = answer_field(question)
            if question.kind == QuestionKind.LIKERT:
                self.fields[name] = forms.TypedChoiceField(
                    label=question.text,
                    choices=LIKERT_CHOICES,
                    coerce=int,
                    required=False,
                    widget=forms.RadioSelect,
                    error_messages=invalid,
                )
            elif question.kind == QuestionKind.NPS:
                self.fields[name] = forms.TypedChoiceField(
                    label=question.text,
                    choices=NPS_CHOICES,
                    coerce=int,
                    required=False,
                    widget=forms.RadioSelect,
                    help_text=_("0 means “not at all likely”, 10 means “extremely likely”."),
                    error_messages=invalid,
                )
            elif question.kind == QuestionKind.TEXT:
                self.fields[name] = forms.CharField(
                    label=question.text,
                    required=False,
                    max_length=TEXT_MAX,
                    widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
                )
            else:
                for skill in self.skills:
                    whens = ("before", "now") if retrospective else ("now",)
                    for when in whens:
                        self.fields[rating_field(question, skill.pk, when)] = (
                            forms.TypedChoiceField(
                                label=(
                                    _("%(skill)s, at the start of the mentoring")
                                    if when == "before"
                                    else _("%(skill)s, today")
                                )
                                % {"skill": skill.label},
                                choices=SKILL_LEVEL_CHOICES,
                                coerce=int,
                                required=False,
                                widget=forms.RadioSelect,
                                error_messages=invalid,
                            )
                        )
        # The flag the template reads to mark optional questions.
        for question in self.questions:
            for name in self.names_of(question):
                self.fields[name].question_required = question.required

    def names_of(self, question: Question) -> list[str]:
        if question.kind != QuestionKind.SKILLS:
            return [answer_field(question)]
        whens = ("before", "now") if self.retrospective else ("now",)
        return [rating_field(question, s.pk, when) for s in self.skills for when in whens]

    def items(self) -> list[dict[str, Any]]:
        """Return the questions in order with their bound fields, for the template."""
        items = []
        for question in self.questions:
            if question.kind == QuestionKind.SKILLS:
                rows = []
                for skill in self.skills:
                    fields = []
                    if self.retrospective:
                        fields.append(
                            {
                                "field": self[rating_field(question, skill.pk, "before")],
                                "legend": _("At the start of the mentoring"),
                            }
                        )
                    fields.append(
                        {
                            "field": self[rating_field(question, skill.pk, "now")],
                            "legend": _("Today"),
                        }
                    )
                    rows.append({"skill": skill, "fields": fields})
                items.append({"question": question, "skills": rows})
            else:
                items.append({"question": question, "field": self[answer_field(question)]})
        return items

    def answers(self) -> dict[int, Any]:
        data = {}
        for question in self.questions:
            if question.kind == QuestionKind.SKILLS:
                continue
            value = self.cleaned_data.get(answer_field(question))
            data[question.pk] = None if value == "" else value
        return data

    def ratings(self) -> dict[tuple[int, int], tuple[Any, Any]]:
        data = {}
        for question in self.questions:
            if question.kind != QuestionKind.SKILLS:
                continue
            for skill in self.skills:
                before = self.cleaned_data.get(rating_field(question, skill.pk, "before"))
                now = self.cleaned_data.get(rating_field(question, skill.pk, "now"))
                data[(question.pk, skill.pk)] = (
                    None if before == "" else before,
                    None if now == "" else now,
                )
        return data
