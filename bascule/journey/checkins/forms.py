"""The check-in form: one column, radio buttons for how it is going, a number per goal.
Its messages come from the check-in service (one wording per rule)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bascule.core.forms import AccessibleFormMixin
from bascule.journey.checkins.extensions import QuestionGroup
from bascule.journey.checkins.services import TEXT_MAX
from bascule.journey.models import CheckIn, Goal, Pulse


class CheckInForm(AccessibleFormMixin, forms.Form):
    period = forms.IntegerField(widget=forms.HiddenInput, required=False)
    pulse = forms.TypedChoiceField(
        label=_("How is it going?"),
        choices=Pulse.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please say how it is going, from 1 to 5.")},
    )
    blocking = forms.CharField(
        label=_("Is anything blocking you?"),
        help_text=_("Only you will read this."),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    message_to_hr = forms.CharField(
        label=_("A message to HR"),
        help_text=_("HR will read this message, with your name."),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(
        self,
        *args: Any,
        goals: list[Goal] = (),
        mine: CheckIn | None = None,
        groups: list[QuestionGroup] = (),
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.goals = list(goals)
        self.groups = list(groups)
        for group in self.groups:
            for question in group.questions:
                self.fields[f"q_{question.key}"] = forms.ChoiceField(
                    label=question.label,
                    choices=question.choices,
                    required=False,
                    initial=group.answers.get(question.key, ""),
                    widget=forms.RadioSelect,
                    error_messages={
                        "invalid_choice": _("Please choose one of the answers offered."),
                    },
                )
        for goal in self.goals:
            self.fields[f"goal_{goal.pk}"] = forms.IntegerField(
                label=_("Progress of “%(goal)s” (%%)") % {"goal": goal.title},
                min_value=0,
                max_value=100,
                initial=goal.progress,
                widget=forms.NumberInput(
                    attrs={
                        "inputmode": "numeric",
                        "step": 1,
                        "class": "form-control form-control-lg",
                    }
                ),
                error_messages={
                    "required": _("Progress is a whole number between 0 and 100."),
                    "invalid": _("Progress is a whole number between 0 and 100."),
                    "min_value": _("Progress is a percentage: a whole number between 0 and 100."),
                    "max_value": _("Progress is a percentage: a whole number between 0 and 100."),
                },
            )
            self.fields[f"version_{goal.pk}"] = forms.IntegerField(
                widget=forms.HiddenInput, required=False, initial=goal.version
            )

    def goal_fields(self) -> list[forms.BoundField]:
        return [self[f"goal_{goal.pk}"] for goal in self.goals]

    def question_fieldsets(self) -> list[tuple[QuestionGroup, list[forms.BoundField]]]:
        """Each extension's questions: (its group, its fields)."""
        return [
            (group, [self[f"q_{question.key}"] for question in group.questions])
            for group in self.groups
        ]

    def answers(self) -> dict[str, str]:
        """Return {question key: answer ("" when left unanswered)} from the cleaned data."""
        return {
            question.key: self.cleaned_data.get(f"q_{question.key}") or ""
            for group in self.groups
            for question in group.questions
        }

    def version_fields(self) -> list[forms.BoundField]:
        return [self[f"version_{goal.pk}"] for goal in self.goals]

    def progress(self) -> dict[int, tuple[int, int | None]]:
        """Return {goal id: (percent, version)} from the cleaned data."""
        return {
            goal.pk: (
                self.cleaned_data[f"goal_{goal.pk}"],
                self.cleaned_data.get(f"version_{goal.pk}"),
            )
            for goal in self.goals
        }
