"""Forms of module authoring: a new module, one language of a draft (its text, a formset of
sections and one of questions), a duplicate's identifier."""

from typing import Any

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from bascule.core.forms import AccessibleFormMixin
from bascule.training import content
from bascule.training.models import Audience

MAX_CHOICES = content.MAX_CHOICES
LANGUAGE_CHOICES = [("fr", _("French")), ("en", _("English"))]


def _number(label, low, high, **options) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=low,
        max_value=high,
        error_messages={
            "required": _("Please give a whole number."),
            "invalid": _("Please give a whole number."),
            "min_value": _("Please give a number from %(low)s to %(high)s.")
            % {"low": low, "high": high},
            "max_value": _("Please give a number from %(low)s to %(high)s.")
            % {"low": low, "high": high},
        },
        **options,
    )


class MetaFields(forms.Form):
    audience = forms.ChoiceField(
        label=_("Audience"),
        choices=Audience.choices,
        error_messages={"required": _("Choose the audience.")},
    )
    minutes = _number(_("Estimated duration (minutes)"), 1, 240)
    pass_mark = _number(
        _("Pass mark (%)"), 0, 100, help_text=_("The share of questions to answer right.")
    )


class ModuleCreateForm(AccessibleFormMixin, MetaFields):
    slug = forms.CharField(
        label=_("Identifier"),
        max_length=60,
        help_text=_(
            "Part of the module's address: lower-case letters, digits and dashes, "
            "e.g. “welcoming-newcomers”. It cannot be changed later."
        ),
        error_messages={"required": _("Please give the module an identifier.")},
    )
    language = forms.ChoiceField(
        label=_("Language you write in first"),
        choices=LANGUAGE_CHOICES,
        widget=forms.RadioSelect,
        initial="fr",
    )
    title = forms.CharField(
        label=_("Title"), max_length=300, error_messages={"required": _("Give the module a title.")}
    )
    summary = forms.CharField(
        label=_("Summary"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One or two sentences learners read in the library."),
        error_messages={"required": _("Say in a sentence or two what it is about.")},
    )
    field_order = ["slug", "language", "title", "summary", "audience", "minutes", "pass_mark"]


class TextForm(AccessibleFormMixin, MetaFields):
    """One language of a draft, with the module's details (the same in both languages)."""

    revision = forms.CharField(widget=forms.HiddenInput)
    position = _number(
        _("Place in the library"), 0, 999, help_text=_("Modules are listed from the lowest.")
    )
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    objectives = forms.CharField(
        label=_("Objectives"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line: what learners will be able to do."),
    )
    behaviour = forms.CharField(
        label=_("Behaviour the partner may notice"),
        max_length=1000,
        required=False,
        help_text=_("One sentence about the partner, e.g. “My partner summarised what I said”."),
    )
    practice = forms.CharField(
        label=_("Exercise with the partner"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Markdown: numbered steps, **bold**, lists, links."),
    )
    field_order = [
        "revision",
        "title",
        "summary",
        "objectives",
        "behaviour",
        "practice",
        "audience",
        "minutes",
        "pass_mark",
        "position",
    ]


class SectionForm(AccessibleFormMixin, forms.Form):
    title = forms.CharField(label=_("Section title"), max_length=300, required=False)
    body = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "Markdown: a blank line between paragraphs, **bold**, *italics*, lists with “- ”, "
            "a callout with “> **Tip:** …”. No HTML, no images from other sites."
        ),
    )


class QuestionForm(AccessibleFormMixin, forms.Form):
    prompt = forms.CharField(
        label=_("Question"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    multiple = forms.BooleanField(
        label=_("Several right answers (tick all that apply)"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for n in range(1, MAX_CHOICES + 1):
            self.fields[f"choice_{n}"] = forms.CharField(
                label=_("Answer %(n)s") % {"n": n}, max_length=1000, required=False
            )
            self.fields[f"correct_{n}"] = forms.BooleanField(
                label=_("Answer %(n)s is right") % {"n": n}, required=False
            )
            self.fields[f"explanation_{n}"] = forms.CharField(
                label=_("Explanation of answer %(n)s") % {"n": n},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        # The base mixin styled the fields declared on the class; style the added ones too.
        for name, field in self.fields.items():
            if name.startswith(("choice_", "explanation_")):
                field.widget.attrs.setdefault("class", "form-control")

    def choice_rows(self) -> list[dict]:
        return [
            {
                "n": n,
                "text": self[f"choice_{n}"],
                "correct": self[f"correct_{n}"],
                "explanation": self[f"explanation_{n}"],
            }
            for n in range(1, MAX_CHOICES + 1)
        ]


SectionFormSet = formset_factory(SectionForm, extra=1, can_order=True, can_delete=True, max_num=40)
QuestionFormSet = formset_factory(
    QuestionForm, extra=1, can_order=True, can_delete=True, max_num=20
)


def _filled(form: forms.Form, names: list[str]) -> bool:
    return any(form.cleaned_data.get(name) for name in names)


def _ordered(formset) -> list[forms.Form]:
    """The rows kept, in the order asked (rows without an order stay where they were)."""
    kept = [
        (
            form.cleaned_data.get("ORDER") if form.cleaned_data.get("ORDER") is not None else n,
            n,
            form,
        )
        for n, form in enumerate(formset.forms, start=1)
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]
    return [form for _order, _n, form in sorted(kept, key=lambda row: (row[0], row[1]))]


def text_of(form: TextForm, sections, questions) -> dict[str, Any]:
    """The language's text in content.py's shape, from the valid forms."""
    data = form.cleaned_data
    text = {
        "title": data["title"],
        "summary": data["summary"],
        "objectives": [line.strip() for line in data["objectives"].splitlines() if line.strip()],
        "behaviour": data["behaviour"],
        "practice": data["practice"],
        "sections": [
            {"title": f.cleaned_data["title"], "body": f.cleaned_data["body"]}
            for f in _ordered(sections)
            if _filled(f, ["title", "body"])
        ],
        "questions": [],
    }
    for f in _ordered(questions):
        names = ["prompt"] + [f"choice_{n}" for n in range(1, MAX_CHOICES + 1)]
        if not _filled(f, names):
            continue
        choices = [
            {
                "text": f.cleaned_data[f"choice_{n}"],
                "correct": f.cleaned_data[f"correct_{n}"],
                "explanation": f.cleaned_data[f"explanation_{n}"],
            }
            for n in range(1, MAX_CHOICES + 1)
            if f.cleaned_data[f"choice_{n}"] or f.cleaned_data[f"explanation_{n}"]
        ]
        text["questions"].append(
            {
                "prompt": f.cleaned_data["prompt"],
                "multiple": f.cleaned_data["multiple"],
                "choices": choices,
            }
        )
    return text


def initial_of(text: dict[str, Any]) -> tuple[dict, list[dict], list[dict]]:
    """The forms' initial values from a stored text."""
    form = {
        "title": text.get("title", ""),
        "summary": text.get("summary", ""),
        "objectives": "\n".join(text.get("objectives") or []),
        "behaviour": text.get("behaviour", ""),
        "practice": text.get("practice", ""),
    }
    sections = [
        {"title": s.get("title", ""), "body": s.get("body", ""), "ORDER": n}
        for n, s in enumerate(text.get("sections") or [], start=1)
    ]
    questions = []
    for n, q in enumerate(text.get("questions") or [], start=1):
        row = {"prompt": q.get("prompt", ""), "multiple": q.get("multiple", False), "ORDER": n}
        for i, c in enumerate((q.get("choices") or [])[:MAX_CHOICES], start=1):
            row[f"choice_{i}"] = c.get("text", "")
            row[f"correct_{i}"] = c.get("correct", False)
            row[f"explanation_{i}"] = c.get("explanation", "")
        questions.append(row)
    return form, sections, questions


class DuplicateForm(AccessibleFormMixin, forms.Form):
    slug = forms.CharField(
        label=_("Identifier of the copy"),
        max_length=60,
        help_text=_("Lower-case letters, digits and dashes, e.g. “active-listening-sales”."),
        error_messages={"required": _("Please give the copy an identifier.")},
    )
