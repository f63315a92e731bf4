"""The two forms of reminders: a user's choices, a program's required kinds. One checkbox
per registered kind, named after its code."""

from typing import Any

from django import forms

from bascule.core.forms import AccessibleFormMixin
from bascule.reminders.kinds import ReminderKind
from bascule.reminders.selectors import KindChoice


class PreferencesForm(AccessibleFormMixin, forms.Form):
    """A checkbox per kind; the kinds a program requires are shown checked and disabled."""

    def __init__(self, *args: Any, choices: list[KindChoice], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.choices = choices
        for choice in choices:
            self.fields[choice.code] = forms.BooleanField(
                label=choice.kind.label,
                help_text=choice.kind.description,
                required=False,
                initial=choice.effective,
                disabled=choice.required,
            )

    def rows(self) -> list[tuple[KindChoice, forms.BoundField]]:
        return [(choice, self[choice.code]) for choice in self.choices]

    def enabled(self) -> dict[str, bool]:
        """Return {code: on/off} for the kinds the user may choose (not the required ones)."""
        return {
            choice.code: bool(self.cleaned_data.get(choice.code))
            for choice in self.choices
            if not choice.required
        }


class PolicyForm(AccessibleFormMixin, forms.Form):
    """A checkbox per kind: checked = the program requires it."""

    def __init__(self, *args: Any, kinds: list[ReminderKind], required: set[str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.kinds = kinds
        for kind in kinds:
            self.fields[kind.code] = forms.BooleanField(
                label=kind.label,
                help_text=kind.description,
                required=False,
                initial=kind.code in required,
            )

    def rows(self) -> list[tuple[ReminderKind, forms.BoundField]]:
        return [(kind, self[kind.code]) for kind in self.kinds]

    def required_codes(self) -> list[str]:
        return [kind.code for kind in self.kinds if self.cleaned_data.get(kind.code)]
