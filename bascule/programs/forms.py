"""Forms of the program pages. They validate and hand clean values to the services."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bascule.core.forms import AccessibleFormMixin
from bascule.people.models import SENIORITY_LEVEL_MAX, SENIORITY_LEVEL_MIN, Department
from bascule.programs import selectors, services
from bascule.programs.countries import country_choices
from bascule.programs.languages import language_choices
from bascule.programs.models import (
    MeetingFormat,
    Program,
    ProgramKind,
    ProgramStatus,
    default_country,
)

LEVEL_CHOICES = [("", _("No limit"))] + [
    (level, str(level)) for level in range(SENIORITY_LEVEL_MIN, SENIORITY_LEVEL_MAX + 1)
]
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ManagerChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        name = obj.get_full_name()
        return f"{name} ({obj.email})" if name else obj.email


class ProgramFields(forms.Form):
    """Every setting of a program. `values()` returns what the services take."""

    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the program is about, in a few sentences, for the participants."),
    )
    objectives = forms.CharField(
        label=_("Objectives"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One objective per line."),
    )
    charter = forms.CharField(
        label=_("Charter"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "What each side commits to: confidentiality, cadence, respect, no evaluation of "
            "the mentor by the mentee's management, the right to stop, the use of data. "
            "Participants accept it when they apply."
        ),
    )
    kind = forms.ChoiceField(
        label=_("Kind of mentoring"),
        choices=ProgramKind.choices,
        help_text=_(
            "Reverse: the younger colleague mentors the experienced one. Reciprocal: both "
            "mentor each other."
        ),
    )
    starts_on = forms.DateField(label=_("Start date"), widget=DATE_WIDGET)
    ends_on = forms.DateField(label=_("End date"), widget=DATE_WIDGET)
    enrollment_closes_on = forms.DateField(
        label=_("Enrollment closes on"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("The last day to apply. It must be on or before the end date."),
    )
    open_enrollment = forms.BooleanField(
        label=_("Open to every eligible employee"),
        required=False,
        help_text=_(
            "Ticked: anyone who fits the rule may apply. Not ticked: only the people you "
            "invite may apply."
        ),
    )
    meeting_every_weeks = forms.IntegerField(
        label=_("Meetings every (weeks)"), min_value=1, max_value=52
    )
    meeting_minutes = forms.IntegerField(
        label=_("Length of a meeting (minutes)"), min_value=10, max_value=480
    )
    checkin_every_weeks = forms.IntegerField(
        label=_("Check-in with HR every (weeks)"),
        min_value=1,
        max_value=52,
        help_text=_("How often participants are asked how their mentoring is going."),
    )
    format = forms.ChoiceField(
        label=_("Format of the meetings"),
        choices=MeetingFormat.choices,
        widget=forms.RadioSelect,
    )
    country = forms.ChoiceField(
        label=_("Country"),
        required=False,
        choices=(),
        help_text=_("Its public holidays are skipped when Bascule suggests meeting times."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages the pairs may speak"),
        required=False,
        choices=(),
        widget=forms.CheckboxSelectMultiple,
    )
    mentor_capacity = forms.IntegerField(
        label=_("Mentees per mentor"),
        min_value=1,
        max_value=10,
        help_text=_("Most programs use 1: one mentor, one mentee."),
    )
    mentor_max_level = forms.TypedChoiceField(
        label=_("Mentors: highest seniority level"),
        choices=LEVEL_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Level 1 is the first job, level 8 the executive committee."),
    )
    mentor_max_experience_years = forms.IntegerField(
        label=_("Mentors: most years of experience"),
        required=False,
        min_value=0,
        max_value=services.MAX_EXPERIENCE_YEARS,
    )
    mentee_min_level = forms.TypedChoiceField(
        label=_("Mentees: lowest seniority level"),
        choices=LEVEL_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
    )
    mentee_min_experience_years = forms.IntegerField(
        label=_("Mentees: fewest years of experience"),
        required=False,
        min_value=0,
        max_value=services.MAX_EXPERIENCE_YEARS,
    )
    min_level_gap = forms.IntegerField(
        label=_("Smallest level gap between mentee and mentor"),
        min_value=0,
        max_value=services.MAX_LEVEL_GAP,
        help_text=_("0: no gap required. 3: a mentee is at least 3 levels above their mentor."),
    )
    mentor_departments = forms.ModelMultipleChoiceField(
        label=_("Mentors come from these departments"),
        queryset=Department.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick none for every department."),
    )
    mentee_departments = forms.ModelMultipleChoiceField(
        label=_("Mentees come from these departments"),
        queryset=Department.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick none for every department."),
    )
    managers = ManagerChoiceField(
        label=_("Program managers"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("They run this program: settings, invitations, applications."),
    )
    template = forms.CharField(required=False, widget=forms.HiddenInput)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    CONTROL_FIELDS = ("template", "version")
    RULE_FIELDS = services.RULE_FIELDS

    def __init__(
        self,
        *args: Any,
        user: Any,
        frozen: tuple[str, ...] = (),
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.fields["languages"].choices = language_choices()
        self.fields["country"].choices = country_choices()
        departments = Department.objects.order_by("name")
        self.fields["mentor_departments"].queryset = departments
        self.fields["mentee_departments"].queryset = departments
        if user.is_hr_admin:
            self.fields["managers"].queryset = selectors.program_manager_candidates()
        else:
            # Only HR admins choose who manages a program.
            del self.fields["managers"]
        for name in frozen:
            if name in self.fields:
                self.fields[name].disabled = True

    # --- Validation ------------------------------------------------------------------------

    def clean_objectives(self) -> list[str]:
        text = self.cleaned_data["objectives"]
        return [line.strip() for line in text.splitlines() if line.strip()]

    def clean_languages(self) -> list[str]:
        return list(self.cleaned_data["languages"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        problems = services.program_errors(self.values(), partial=True)
        for name, messages in problems.items():
            if name in self.fields and name not in self.errors:
                for message in messages:
                    self.add_error(name, message)
        return cleaned

    def values(self) -> dict[str, Any]:
        """Return the settings that validated and may change, as the services take them."""
        data = getattr(self, "cleaned_data", {})
        return {
            name: data[name]
            for name, field in self.fields.items()
            if name in data and name not in self.CONTROL_FIELDS and not field.disabled
        }


class ProgramForm(AccessibleFormMixin, ProgramFields):
    """ProgramFields with accessible markup (the mixin comes first: see people/forms.py)."""


def program_initial(program: Program) -> dict[str, Any]:
    """Return the form's initial values for an existing program."""
    initial: dict[str, Any] = {name: getattr(program, name) for name in services.SCALAR_FIELDS}
    initial["objectives"] = "\n".join(program.objectives or [])
    for name in services.RELATION_FIELDS:
        initial[name] = list(getattr(program, name).values_list("pk", flat=True))
    initial["version"] = program.version
    initial["template"] = program.template
    return initial


def template_initial(fields: dict[str, Any]) -> dict[str, Any]:
    """Return the form's initial values from a template's fields (see templates_catalog)."""
    initial = dict(fields)
    initial["objectives"] = "\n".join(fields.get("objectives", []))
    initial.setdefault("country", default_country())
    return initial


def blank_initial() -> dict[str, Any]:
    """Return the defaults of a program started from a blank form."""
    return {
        "kind": ProgramKind.REVERSE,
        "meeting_every_weeks": 2,
        "meeting_minutes": 45,
        "checkin_every_weeks": 4,
        "format": MeetingFormat.HYBRID,
        "country": default_country(),
        "languages": ["fr"],
        "mentor_capacity": 1,
        "min_level_gap": 0,
        "template": "",
    }


class TransitionForm(forms.Form):
    """The status a program moves to, with the version the button was shown for."""

    to = forms.ChoiceField(choices=ProgramStatus.choices)
    version = forms.IntegerField()
