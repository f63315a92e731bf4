"""Forms of the matching workbench: settings, filter, manual pair, comparison of two runs."""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bascule.core.forms import AccessibleFormMixin, LongSelect
from bascule.pairing import explain, inputs
from bascule.pairing.services import MAX_WEIGHT
from bascule.programs.models import ParticipantRole, Program
from bascule_matching import COMPONENTS


class MatchingSettingsForm(AccessibleFormMixin, forms.Form):
    """The weight of each score component and the program's matching constraints."""

    reporting_line_depth = forms.IntegerField(
        label=_("Reporting line: levels of managers to avoid"),
        required=False,
        min_value=0,
        max_value=20,
        help_text=_(
            "Nobody mentors someone this many levels above or below them in their reporting "
            "line. Leave empty for the whole chain."
        ),
    )
    forbid_same_manager = forms.BooleanField(
        label=_("Never pair two people with the same manager"), required=False
    )
    prefer_different_department = forms.BooleanField(
        label=_("Prefer pairs from different departments"), required=False
    )
    allow_previous_pairs = forms.BooleanField(
        label=_("Allow pairs who met in an earlier program"), required=False
    )
    self_match = forms.BooleanField(
        label=_("Mentees choose their mentor"),
        required=False,
        help_text=_(
            "While matching, each mentee sees their five best mentors and asks one, who "
            "accepts or declines. Accepted requests are locked pairs: you can still change them."
        ),
    )

    def __init__(self, *args: Any, program: Program, **kwargs: Any):
        weights = inputs.program_weights(program)
        initial = {
            **{f"weight_{name}": Decimal(str(round(value, 2))) for name, value in weights.items()},
            "reporting_line_depth": program.reporting_line_depth,
            "forbid_same_manager": program.forbid_same_manager,
            "prefer_different_department": program.prefer_different_department,
            "allow_previous_pairs": program.allow_previous_pairs,
            "self_match": program.self_match,
        }
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        weight_fields = {}
        for name in COMPONENTS:
            weight_fields[f"weight_{name}"] = forms.DecimalField(
                label=explain.component_label(name),
                min_value=0,
                max_value=MAX_WEIGHT,
                max_digits=6,
                decimal_places=2,
                help_text=explain.COMPONENT_HELP[name](),
                widget=forms.NumberInput(attrs={"step": "0.01", "class": "form-control"}),
            )
        # Weights first, then the constraints.
        self.fields = {**weight_fields, **self.fields}
        for name in weight_fields:
            field = self.fields[name]
            field.widget.attrs["aria-describedby"] = f"{self[name].id_for_label}-help"

    def weight_fields(self) -> list[Any]:
        return [self[f"weight_{name}"] for name in COMPONENTS]

    def constraint_fields(self) -> list[Any]:
        return [
            self[name]
            for name in (
                "reporting_line_depth",
                "forbid_same_manager",
                "prefer_different_department",
                "allow_previous_pairs",
                "self_match",
            )
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        values = [cleaned.get(f"weight_{name}") for name in COMPONENTS]
        if all(v is not None for v in values) and sum(values) <= 0:
            raise forms.ValidationError(_("At least one weight must be above zero."))
        return cleaned

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "weights": {name: float(data[f"weight_{name}"]) for name in COMPONENTS},
            "reporting_line_depth": data.get("reporting_line_depth"),
            "forbid_same_manager": bool(data.get("forbid_same_manager")),
            "prefer_different_department": bool(data.get("prefer_different_department")),
            "allow_previous_pairs": bool(data.get("allow_previous_pairs")),
            "self_match": bool(data.get("self_match")),
        }


class ProposalFilterForm(AccessibleFormMixin, forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    department = forms.TypedChoiceField(
        label=_("Department"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, departments: list[tuple[int, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", _("All departments")), *departments]


class ManualPairForm(AccessibleFormMixin, forms.Form):
    mentee = forms.TypedChoiceField(label=_("Mentee"), coerce=int, widget=LongSelect)
    mentor = forms.TypedChoiceField(label=_("Mentor"), coerce=int, widget=LongSelect)

    def __init__(self, *args: Any, program: Program, **kwargs: Any):
        from bascule.pairing.selectors import approved_applications

        super().__init__(*args, **kwargs)
        choices: dict[str, list[tuple[Any, str]]] = {
            role: [("", _("Choose…"))] for role in ParticipantRole.values
        }
        # Both sides in one query.
        for pk, role, first, last, department in approved_applications(program=program).values_list(
            "pk",
            "role",
            "employee__first_name",
            "employee__last_name",
            "employee__department__name",
        ):
            label = f"{first} {last}".strip() + (f" — {department}" if department else "")
            choices[role].append((pk, label))
        self.fields["mentee"].choices = choices[ParticipantRole.MENTEE]
        self.fields["mentor"].choices = choices[ParticipantRole.MENTOR]


class CompareForm(AccessibleFormMixin, forms.Form):
    a = forms.TypedChoiceField(label=_("Run A"), coerce=int)
    b = forms.TypedChoiceField(label=_("Run B"), coerce=int)

    def __init__(self, *args: Any, runs: list[tuple[int, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["a"].choices = runs
        self.fields["b"].choices = runs


class SwapForm(AccessibleFormMixin, forms.Form):
    """Two proposals of the latest run whose mentors are swapped."""

    first = forms.TypedChoiceField(label=_("First pair"), coerce=int, widget=LongSelect)
    second = forms.TypedChoiceField(label=_("Second pair"), coerce=int, widget=LongSelect)

    def __init__(self, *args: Any, proposals: list[tuple[int, str, str]], **kwargs: Any):
        """`proposals`: (proposal id, mentee's name, mentor's name) of each pair offered."""
        super().__init__(*args, **kwargs)
        choices = [("", _("Choose…"))] + [
            (pk, _("%(mentee)s, mentored by %(mentor)s") % {"mentee": mentee, "mentor": mentor})
            for pk, mentee, mentor in proposals
        ]
        self.fields["first"].choices = choices
        self.fields["second"].choices = choices

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        first, second = cleaned.get("first"), cleaned.get("second")
        if first is not None and first == second:
            raise forms.ValidationError(_("Choose two different pairs."))
        return cleaned


class PairEndForm(AccessibleFormMixin, forms.Form):
    """HR's reason for ending an active pair (both members receive it by e-mail)."""

    reason = forms.CharField(
        label=_("Why the pair ends"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Both members receive this reason by e-mail."),
    )


class RematchForm(forms.Form):
    """The partner HR chooses among the candidates shown."""

    partner = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class MentorRequestForm(AccessibleFormMixin, forms.Form):
    """Self-match: the mentor a mentee asks, with a message."""

    mentor = forms.TypedChoiceField(
        label=_("The mentor you ask"), coerce=int, widget=forms.RadioSelect
    )
    message = forms.CharField(
        label=_("Your message"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A few words on what you hope to learn. The mentor reads it."),
    )

    def __init__(self, *args: Any, mentors: list[tuple[int, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["mentor"].choices = mentors


class MentorAnswerForm(AccessibleFormMixin, forms.Form):
    """Self-match: the mentor's answer (the decision comes from the button pressed)."""

    decision = forms.ChoiceField(
        choices=[("accepted", _("Accept")), ("declined", _("Decline"))],
        widget=forms.HiddenInput,
    )
    message = forms.CharField(
        label=_("Your answer"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The mentee receives it by e-mail."),
    )
