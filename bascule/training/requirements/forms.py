"""The form of a program's training requirement (add and change)."""

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from bascule.core.forms import AccessibleFormMixin
from bascule.programs.models import ParticipantRole
from bascule.training.models import DueAnchor
from bascule.training.requirements.selectors import module_title, requirable_modules
from bascule.training.requirements.services import MAX_DUE_DAYS


def _days_error() -> str:
    return gettext("Please give a number of days between 0 and %(max)s.") % {"max": MAX_DUE_DAYS}


DAYS_ERROR = lazy(_days_error, str)()


class ModuleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return module_title(obj)


class RequirementForm(AccessibleFormMixin, forms.Form):
    module = ModuleChoiceField(
        label=_("Module"),
        queryset=requirable_modules(),
        error_messages={
            "required": _("Please choose a published module."),
            "invalid_choice": _("Please choose a published module."),
        },
    )
    role = forms.ChoiceField(
        label=_("Who must take it"),
        choices=ParticipantRole.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose mentors or mentees.")},
    )
    due_days = forms.IntegerField(
        label=_("Days to complete it"),
        min_value=0,
        max_value=MAX_DUE_DAYS,
        initial=14,
        error_messages=dict.fromkeys(("required", "invalid", "min_value", "max_value"), DAYS_ERROR),
    )
    anchor = forms.ChoiceField(
        label=_("Counted from"),
        choices=DueAnchor.choices,
        initial=DueAnchor.PROGRAM_START,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose from when the days are counted.")},
    )
    gates_kickoff = forms.BooleanField(
        label=_("Required before the kickoff"),
        help_text=_("The pair's members cannot confirm the charter until they have completed it."),
        required=False,
    )

    def __init__(self, *args, requirement=None, **kwargs):
        if requirement is not None:
            kwargs.setdefault(
                "initial",
                {
                    "due_days": requirement.due_days,
                    "anchor": requirement.anchor,
                    "gates_kickoff": requirement.gates_kickoff,
                },
            )
        super().__init__(*args, **kwargs)
        if requirement is not None:
            # The module and the role of a requirement stay: remove it and add another.
            del self.fields["module"]
            del self.fields["role"]


class ModulesImportForm(AccessibleFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Modules file"),
        help_text=_("A JSON file exported from the training library of a Bascule installation."),
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
    )
