"""Forms of the training app: a quiz (one fieldset per question) and a reflection."""

from django import forms
from django.utils.translation import gettext_lazy as _

from bascule.core.forms import AccessibleFormMixin
from bascule.training import content

MAX_VERSION_ID = 2**31 - 1


class QuizForm(AccessibleFormMixin, forms.Form):
    """One field per question (`question_<n>`, 1-based): radio buttons, or checkboxes when
    several choices are right; the values are the choices' indexes (0-based)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=MAX_VERSION_ID)

    def __init__(self, *args, questions: tuple[content.Question, ...], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        errors = {
            "required": _("Please answer this question."),
            "invalid_choice": _("This answer is not one of the choices offered: choose again."),
            "invalid_list": _("This answer is not one of the choices offered: choose again."),
        }
        for number, question in enumerate(questions, start=1):
            choices = [(str(i), choice.text) for i, choice in enumerate(question.choices)]
            if question.multiple:
                field = forms.MultipleChoiceField(
                    label=question.prompt,
                    choices=choices,
                    widget=forms.CheckboxSelectMultiple,
                    help_text=_("Tick every right answer."),
                    error_messages=errors,
                )
            else:
                field = forms.ChoiceField(
                    label=question.prompt,
                    choices=choices,
                    widget=forms.RadioSelect,
                    error_messages=errors,
                )
            self.fields[f"question_{number}"] = field

    def entries(self):
        return [
            {"number": n, "question": q, "field": self[f"question_{n}"]}
            for n, q in enumerate(self.questions, start=1)
        ]

    def answers(self) -> list[list[int]]:
        answers = []
        for number, question in enumerate(self.questions, start=1):
            value = self.cleaned_data[f"question_{number}"]
            values = value if question.multiple else [value]
            answers.append(sorted({int(v) for v in values}))
        return answers


class ReflectionForm(AccessibleFormMixin, forms.Form):
    private_text = forms.CharField(
        label=_("My reflection"),
        help_text=_("Private: only you can read it. Not your partner, not HR."),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=10_000,
    )
    will_try = forms.CharField(
        label=_("One thing I will try"),
        help_text=_("A short sentence you may share with your partner."),
        required=False,
        max_length=500,
    )
    pair = forms.ChoiceField(
        label=_("Share “one thing I will try” with"),
        widget=forms.RadioSelect,
        required=False,
    )

    def __init__(self, *args, pairs, employee_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("Nobody: keep it to myself"))]
        for pair in pairs:
            partner = pair.mentee if pair.mentor_id == employee_id else pair.mentor
            choices.append(
                (
                    str(pair.pk),
                    _("%(partner)s (%(program)s)")
                    % {"partner": partner.full_name, "program": pair.program.name},
                )
            )
        self.fields["pair"].choices = choices

    def pair_id(self) -> int | None:
        value = self.cleaned_data.get("pair")
        return int(value) if value else None
