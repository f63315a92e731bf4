from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bascule.core.forms import AccessibleFormMixin
from bascule.privacy.base import Person
from bascule.privacy.services import confirmation_matches


class ErasureForm(AccessibleFormMixin, forms.Form):
    """The typed confirmation of an erasure: the person's name, as shown."""

    confirmation = forms.CharField(
        label=gettext_lazy("Name of the person to erase"),
        max_length=300,
        error_messages={"required": gettext_lazy("Type the name to confirm the erasure.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args: Any, person: Person, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.person = person
        self.fields["confirmation"].help_text = _(
            "Type “%(name)s” to confirm. Capitals and accents do not matter."
        ) % {"name": person.confirmation_text}

    def clean_confirmation(self) -> str:
        typed = self.cleaned_data.get("confirmation", "")
        if not confirmation_matches(self.person, typed):
            raise forms.ValidationError(
                _("This is not the name shown: nothing was erased. Type “%(name)s”.")
                % {"name": self.person.confirmation_text}
            )
        return typed
