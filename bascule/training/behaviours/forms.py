"""The kickoff drill's form: the checklist each member ticks for the other."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bascule.core.forms import AccessibleFormMixin
from bascule.training.behaviours.selectors import DRILL_ITEMS


class DrillForm(AccessibleFormMixin, forms.Form):
    ticks = forms.MultipleChoiceField(
        choices=DRILL_ITEMS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Please tick only the items of the checklist.")},
    )

    def __init__(self, *args: Any, partner_name: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ticks"].label = _("During the drill, %(name)s…") % {"name": partner_name}
        self.fields["ticks"].help_text = _(
            "Tick what %(name)s did. Leave unticked what did not happen: it is a practice, "
            "not a test."
        ) % {"name": partner_name}
